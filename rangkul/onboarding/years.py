"""Academic years ("2026/2027", starting in July) and class names that carry their grade
("X IPA 1", "XI-2", "7A"). Pure functions."""

import re
from datetime import date

ROMAN = {
    1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI",
    7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI", 12: "XII", 13: "XIII",
}  # fmt: skip
FROM_ROMAN = {v: k for k, v in ROMAN.items()}
_GRADE_PREFIX = re.compile(
    r"^(XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I|\d{1,2})(?=$|[\s\-_./A-Z])"
)
_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


def year_of(day: date) -> str:
    """The academic year a day falls in; Indonesian school years begin in July."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}/{start + 1}"


def next_year(year: str) -> str:
    match = _YEAR.match(year)
    if not match:
        raise ValueError(year)
    start = int(match.group(1)) + 1
    return f"{start}/{start + 1}"


def grade_in_name(name: str) -> int | None:
    """The grade a class name starts with: "XI IPA 2" -> 11, "7A" -> 7, "Melati" -> None."""
    match = _GRADE_PREFIX.match(name.strip().upper())
    if not match:
        return None
    token = match.group(1)
    grade = int(token) if token.isdigit() else FROM_ROMAN[token]
    return grade if 1 <= grade <= 13 else None


def promoted_name(name: str, grade: int) -> str:
    """The class name one grade up, in the same style: "X-1" -> "XI-1", "7A" -> "8A"."""
    stripped = name.strip()
    match = _GRADE_PREFIX.match(stripped.upper())
    if not match:
        return stripped
    token = match.group(1)
    new = str(grade + 1) if token.isdigit() else ROMAN.get(grade + 1, str(grade + 1))
    return new + stripped[len(token) :]
