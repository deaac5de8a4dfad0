"""Checking a directory entry, whether typed in a form or read from a file.

`clean_provider` takes plain values (lists as lists) and returns the model values and the
errors by field, in the reader's language; forms, imports and the API all use it."""

import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from rangkul.referrals.models import AgeGroup, Cost, Provider, ProviderKind, ServiceKind
from rangkul.regions.validators import CODE_SHAPE, unknown_codes

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{2,20}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
FIELDS = (
    "name",
    "kind",
    "description",
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
)


def _text(value: Any, limit: int) -> tuple[str, bool]:
    text = " ".join(str(value or "").split())
    return text, len(text) <= limit


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[;,]", value)
    out: list[str] = []
    for item in value or []:
        code = str(item).strip()
        if code and code not in out:
            out.append(code)
    return out


def clean_provider(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, limit in (("name", 200), ("hours", 200), ("address", 300)):
        values[field], ok = _text(raw.get(field), limit)
        if not ok:
            errors[field] = _("This text is too long.")
    if not values["name"]:
        errors["name"] = _("Write the provider's name.")
    description = str(raw.get("description") or "").strip()
    values["description"] = description
    if len(description) > 3000:
        errors["description"] = _("This text is too long.")

    kind = str(raw.get("kind") or "").strip()
    if kind not in ProviderKind.values:
        errors["kind"] = _("Unknown kind of provider: %(value)s") % {"value": kind or "—"}
    values["kind"] = kind

    for field, choices, required_message in (
        ("services", ServiceKind, _("Choose at least one service.")),
        ("age_groups", AgeGroup, _("Choose at least one age group.")),
        ("costs", Cost, _("Choose at least one kind of cost.")),
    ):
        codes = _codes(raw.get(field))
        unknown = [c for c in codes if c not in choices.values]
        if unknown:
            errors[field] = _("Unknown codes: %(codes)s") % {"codes": ", ".join(unknown)}
        elif not codes:
            errors[field] = str(required_message)
        values[field] = Provider.join(codes)

    regions = _codes(raw.get("regions"))
    bad = [code for code in regions if not CODE_SHAPE.match(code)]
    if bad:
        errors["regions"] = _(
            "Not a Kemendagri region code: %(codes)s (e.g. 32, 32.73, 32.73.01)"
        ) % {"codes": ", ".join(bad)}
    elif unknown := unknown_codes(regions):
        errors["regions"] = _("Not in the Kemendagri region table: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    values["regions"] = Provider.join(regions)

    languages = [c.lower() for c in _codes(raw.get("languages"))] or ["id"]
    bad = [c for c in languages if not _LANGUAGE.match(c)]
    if bad:
        errors["languages"] = _("Use language codes such as id, jv, su, en: %(codes)s") % {
            "codes": ", ".join(bad)
        }
    values["languages"] = Provider.join(languages)

    phone, _ok = _text(raw.get("phone"), 30)
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("Write the phone number with digits, e.g. 0812 3456 7890.")
    values["phone"] = phone
    email = str(raw.get("email") or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = _("Not a valid e-mail address.")
    values["email"] = email
    website = str(raw.get("website") or "").strip()
    if website:
        try:
            URLValidator(schemes=["https", "http"])(website)
        except ValidationError:
            errors["website"] = _("Not a valid web address.")
    values["website"] = website

    capacity = raw.get("capacity_per_month")
    if capacity in (None, ""):
        values["capacity_per_month"] = None
    else:
        try:
            number = int(str(capacity).strip())
            if number < 0 or number > 100000:
                raise ValueError
            values["capacity_per_month"] = number
        except ValueError:
            errors["capacity_per_month"] = _("Write the capacity as a whole number.")
    return values, errors


def parse_id(value: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
