"""Region codes that other apps accept: the shape first, then the table."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rangkul.regions.models import Region

CODE_SHAPE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def validate_region_code(value: str) -> None:
    """A known Kemendagri code (any level). One indexed lookup by primary key."""
    if not CODE_SHAPE.match(value or ""):
        raise ValidationError(
            _("A Kemendagri region code looks like 32, 32.73, 32.73.01 or 32.73.01.1001."),
            code="region_shape",
        )
    if not Region.objects.filter(pk=value).exists():
        raise ValidationError(
            _("%(code)s is not in the Kemendagri region table.") % {"code": value},
            code="region_unknown",
        )


def unknown_codes(codes: list[str]) -> list[str]:
    """The codes of a list that are not in the table, with one query for the whole list."""
    wanted = {c for c in codes if c}
    known = set(Region.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    return sorted(wanted - known)
