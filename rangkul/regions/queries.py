"""Reads of the region table. The table is public reference data: nothing here is audited."""

from rangkul.regions.models import Region, level_of


def children(parent: str | None) -> list[tuple[str, str]]:
    """(code, name) of the regions directly under `parent` (provinces when None)."""
    qs = Region.objects.filter(parent_id=parent) if parent else Region.objects.filter(level=1)
    return list(qs.order_by("name").values_list("code", "name"))


def chain(code: str) -> list[str]:
    """The code and its ancestors, province first: 32.73.01 -> [32, 32.73, 32.73.01]."""
    parts = code.split(".") if code else []
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def names(codes: list[str]) -> dict[str, str]:
    """Names of the given codes and of their ancestors, in one query."""
    wanted = {c for code in codes if code for c in chain(code)}
    return dict(Region.objects.filter(pk__in=wanted).values_list("code", "name"))


def full_name(code: str, known: dict[str, str] | None = None) -> str:
    """'Sukamaju, Cibeunying Kidul, Kota Bandung, Jawa Barat' (nearest first)."""
    known = known if known is not None else names([code])
    return ", ".join(known.get(c, c) for c in reversed(chain(code)))


def options_for(code: str) -> list[list[tuple[str, str]]]:
    """The options of each picker level for a chosen code (four lists; deeper levels
    that cannot be chosen yet are empty)."""
    levels: list[list[tuple[str, str]]] = [children(None)]
    for ancestor in chain(code)[:3]:
        levels.append(children(ancestor))
    while len(levels) < 4:
        levels.append([])
    return levels


__all__ = ["chain", "children", "full_name", "level_of", "names", "options_for"]
