"""Encryption at rest of the free text people confide (requests, messages, notes, answers).

Keys come from the environment (`FIELD_ENCRYPTION_KEYS`, Fernet keys separated by commas,
newest first): the newest encrypts, every key decrypts, so a key is rotated by putting a
new one in front and running `manage.py rotate_keys`. Fernet is AES-128-CBC with an
HMAC-SHA256 tag (`cryptography`), so a changed row fails to decrypt instead of reading as
something else.

Equality on an encrypted column is impossible (each encryption is different), so a field
that must be compared keeps a keyed hash beside it (`digest`, HMAC-SHA256 with a key derived
from each encryption key; `digests` gives the value under every key, for lookups made
before a rotation has re-hashed the rows).
"""

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with its version byte and the high bytes of a timestamp: these
# six characters (base64 of 0x80 0x00 0x00 0x00 ...). A JSON document never does.
TOKEN_PREFIX = "gAAAAA"


class DecryptionError(Exception):
    """A stored value that none of the configured keys opens (a key was removed too soon)."""


def parse_keys(raw: list[str]) -> list[bytes]:
    """Validate the configured keys; a clear error at start-up instead of at the first save."""
    keys = []
    for n, key in enumerate(raw, start=1):
        try:
            Fernet(key.encode())
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {n} is not a Fernet key (32 url-safe base64 bytes; "
                "make one with `manage.py rotate_keys --new-key`)."
            ) from exc
        keys.append(key.encode())
    return keys


def new_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def _keys() -> tuple[bytes, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return keys


def encrypt(text: str) -> str:
    return _fernet(_keys()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from exc


def is_current(token: str) -> bool:
    """Whether a stored token was made with the newest key (nothing for rotation to do)."""
    newest = Fernet(_keys()[0])
    try:
        newest.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


@lru_cache(maxsize=8)
def _digest_key(key: bytes) -> bytes:
    return hmac.new(key, b"rangkul-field-digest", hashlib.sha256).digest()


def digest(text: str) -> str:
    """A keyed hash of a text under the newest key: equal texts, equal digests."""
    return hmac.new(_digest_key(_keys()[0]), text.encode(), hashlib.sha256).hexdigest()


def digests(text: str) -> list[str]:
    """The text's digest under every configured key (newest first)."""
    return [hmac.new(_digest_key(k), text.encode(), hashlib.sha256).hexdigest() for k in _keys()]


class EncryptedTextField(models.TextField):
    """A text column that holds only a Fernet token; Python sees the plain text.

    It cannot be filtered or searched on (lookups other than `isnull` would compare
    ciphertexts); keep a `digest` column beside it for equality."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(f"An encrypted field cannot be filtered with {lookup_name!r}.")
        return super().get_lookup(lookup_name)


class EncryptedJSONField(models.TextField):
    """A JSON value kept encrypted in a text column. A row written before encryption (plain
    JSON text) still reads, and the next save or `rotate_keys` encrypts it."""

    # For django-stubs: the attribute holds any JSON value, not a string.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value.startswith(TOKEN_PREFIX):
            value = decrypt(value)
        return json.loads(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(f"An encrypted field cannot be filtered with {lookup_name!r}.")
        return super().get_lookup(lookup_name)
