"""Open Referral HSDS 3.0 JSON and a flat CSV for the directory.

Export: one HSDS `service` object per entry (the "full" service shape of the HSDS API, with
its `organization`, `phones`, `schedules`, `service_areas`, `languages`, `cost_options` and
`attributes`). Rangkul's own codes (kind, services, age groups, cost, capacity) travel as
`attributes` whose taxonomy term belongs to a `rangkul:` taxonomy; regions as service areas
with `extent_type` "kemendagri". Import reads the same shape back (a list of services, or an
API page with `contents`) and turns each one into plain values for `clean_provider`.
"""

import csv
import io
import json
from typing import Any

from rangkul.referrals.models import AGE_RANGES, Provider

TAXONOMY = "rangkul"
# attribute taxonomy term -> model field holding codes
_LIST_ATTRIBUTES = {"service": "services", "age_group": "age_groups", "cost": "costs"}
CSV_COLUMNS = (
    "id",
    *(
        "name",
        "kind",
        "services",
        "age_groups",
        "regions",
        "languages",
        "costs",
        "hours",
        "phone",
        "email",
        "website",
        "address",
        "capacity_per_month",
        "channel",
        "description",
    ),
)


class FileError(ValueError):
    """The file as a whole cannot be read (not JSON, not CSV, wrong shape)."""


def _attribute(kind: str, value: str) -> dict[str, Any]:
    return {
        "taxonomy_term": {
            "code": f"{kind}:{value}",
            "name": value,
            "taxonomy": f"{TAXONOMY}:{kind}",
        },
        "value": value,
    }


def to_hsds(provider: Provider) -> dict[str, Any]:
    ages = [AGE_RANGES[g] for g in provider.codes(provider.age_groups) if g in AGE_RANGES]
    attributes = [_attribute("kind", provider.kind), _attribute("channel", provider.channel)]
    for kind, field in _LIST_ATTRIBUTES.items():
        attributes += [_attribute(kind, code) for code in provider.codes(getattr(provider, field))]
    if provider.capacity_per_month is not None:
        attributes.append(_attribute("capacity_per_month", str(provider.capacity_per_month)))
    service: dict[str, Any] = {
        "id": str(provider.pk),
        "name": provider.name,
        "description": provider.description,
        "url": provider.website,
        "email": provider.email,
        "status": "active" if provider.is_active else "inactive",
        "minimum_age": min((a[0] for a in ages), default=None),
        "maximum_age": max((a[1] for a in ages), default=None),
        "organization": {
            "id": str(provider.pk),
            "name": provider.name,
            "description": provider.description,
            "email": provider.email,
            "website": provider.website,
        },
        "phones": [{"number": provider.phone}] if provider.phone else [],
        "schedules": [{"description": provider.hours}] if provider.hours else [],
        "service_areas": [
            {"name": code, "extent": code, "extent_type": "kemendagri"}
            for code in provider.region_list
        ],
        "languages": [{"code": code} for code in provider.language_list],
        "cost_options": [{"option": code} for code in provider.codes(provider.costs)],
        "service_at_locations": (
            [{"location": {"addresses": [{"address_1": provider.address, "country": "ID"}]}}]
            if provider.address
            else []
        ),
        "attributes": attributes,
    }
    return service


def export_json(providers: Any) -> str:
    return json.dumps([to_hsds(p) for p in providers], ensure_ascii=False, indent=2)


def from_hsds(service: Any) -> dict[str, Any]:
    """Plain values from one HSDS service object (unknown keys are ignored)."""
    if not isinstance(service, dict):
        raise FileError("not an object")
    codes: dict[str, list[str]] = {}
    for attribute in service.get("attributes") or []:
        term = (attribute or {}).get("taxonomy_term") or {}
        taxonomy = str(term.get("taxonomy") or "")
        if taxonomy.startswith(f"{TAXONOMY}:"):
            codes.setdefault(taxonomy.split(":", 1)[1], []).append(
                str(attribute.get("value") or term.get("name") or "")
            )
    address = ""
    for sal in service.get("service_at_locations") or []:
        for addr in ((sal or {}).get("location") or {}).get("addresses") or []:
            address = address or str((addr or {}).get("address_1") or "")
    return {
        "id": service.get("id"),
        "name": service.get("name"),
        "description": service.get("description"),
        "kind": (codes.get("kind") or [""])[0],
        "services": codes.get("service", []),
        "age_groups": codes.get("age_group", []),
        "costs": codes.get("cost", [])
        or [str((c or {}).get("option") or "") for c in service.get("cost_options") or []],
        "capacity_per_month": (codes.get("capacity_per_month") or [""])[0],
        "regions": [
            str((a or {}).get("extent") or (a or {}).get("name") or "")
            for a in service.get("service_areas") or []
        ],
        "languages": [
            str((lang or {}).get("code") or "") for lang in service.get("languages") or []
        ],
        "phone": ((service.get("phones") or [{}])[0] or {}).get("number", ""),
        "hours": ((service.get("schedules") or [{}])[0] or {}).get("description", ""),
        "email": service.get("email"),
        "website": service.get("url"),
        "address": address,
        "is_active": service.get("status", "active") == "active",
    }


def read_json(data: bytes) -> list[dict[str, Any]]:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileError(str(exc)) from exc
    if isinstance(parsed, dict) and isinstance(parsed.get("contents"), list):
        parsed = parsed["contents"]
    if not isinstance(parsed, list):
        raise FileError("expected a list of services")
    return [from_hsds(item) for item in parsed]


def export_csv(providers: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for p in providers:
        writer.writerow(
            [
                str(p.pk),
                p.name,
                p.kind,
                ";".join(p.codes(p.services)),
                ";".join(p.codes(p.age_groups)),
                ";".join(p.region_list),
                ";".join(p.language_list),
                ";".join(p.codes(p.costs)),
                p.hours,
                p.phone,
                p.email,
                p.website,
                p.address,
                "" if p.capacity_per_month is None else p.capacity_per_month,
                p.channel,
                p.description,
            ]
        )
    return out.getvalue()


def read_csv(data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(str(exc)) from exc
    # Spreadsheets set to Indonesian save CSV with semicolons between columns.
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise FileError("missing header")
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS})
    return rows
