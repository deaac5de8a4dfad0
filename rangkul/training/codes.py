"""Certificate verification codes: 80 random bits written as 16 characters of Crockford's
base 32 in four groups (ABCD-EFGH-JKMN-PQRS), which a person can read aloud and type
from paper. Letters that look like digits (I, L, O) and U are not used; typing them is
forgiven by reading them as 1, 1 and 0."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 characters × 5 bits = 80 bits
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_READ_AS)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code
