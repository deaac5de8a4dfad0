"""The one cleaner for free text a person types (Django only, no domain imports).

Every service that stores free text passes it through `clean_text` (or `check_text` and
`check_texts` where a form collects several errors): surrounding space is stripped; a NUL
character is refused (PostgreSQL cannot store it, and no keyboard types it); a text made
only of spaces and invisible characters (zero-width spaces and joiners, word joiners,
byte-order marks, soft hyphens) is no text at all; and a text past its limit is refused.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters that take no room on the screen: a text of only these says nothing.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"
)


def _is_blank(text: str) -> bool:
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


def check_text(
    value: str | None, *, limit: int, required: bool = True, empty: str = ""
) -> tuple[str, str | None]:
    """The cleaned text and the problem with it (None when there is none). `empty` is the
    message for a required text left empty."""
    text = (value or "").strip()
    if "\x00" in text:
        return text, _("This text contains a character that cannot be stored (NUL).")
    if text and _is_blank(text):
        return "", _("This text holds only invisible characters. Write a few words.")
    if required and not text:
        return text, empty or _("This field is required.")
    if len(text) > limit:
        return text, _("This text is too long.")
    return text, None


def clean_text(
    value: str | None, *, field: str, limit: int, required: bool = True, empty: str = ""
) -> str:
    """The cleaned text, or a ValidationError on `field`."""
    text, problem = check_text(value, limit=limit, required=required, empty=empty)
    if problem:
        raise ValidationError({field: problem})
    return text


def check_texts(
    fields: Iterable[tuple[str, str | None, int, bool]],
) -> tuple[dict[str, str], dict[str, str]]:
    """Several texts at once, as a service checks a form: for each (field, value, limit,
    required), the cleaned text by field, and the problem by field where there is one."""
    texts: dict[str, str] = {}
    problems: dict[str, str] = {}
    for field, value, limit, required in fields:
        texts[field], problem = check_text(value, limit=limit, required=required)
        if problem:
            problems[field] = problem
    return texts, problems
