"""The home page is made of tiles. Each app offers tile functions per role in its own
`tiles.py` as `TILES: dict[role, list[TileFn]]`; `rangkul/home` assembles them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tile:
    key: str
    title: Any
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    link: str = ""
    # Tiles that must not be missed (open alerts) come first, whatever the role order.
    urgent: bool = False


TileFn = Callable[[Any, Any], Tile | None]
