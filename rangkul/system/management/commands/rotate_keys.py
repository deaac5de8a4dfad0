"""Re-encrypt every encrypted column with the newest key of FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), restart,
run this command, then remove the old keys. `--new-key` prints a fresh key and changes
nothing.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from rangkul.lib import crypto

CHUNK = 500


def encrypted_fields(model: Any) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, crypto.EncryptedTextField | crypto.EncryptedJSONField)
    ]


def rotate_model(model: Any, fields: list[str]) -> int:
    """Read every row (any key decrypts) and write it back (the newest key encrypts); a
    keyed hash beside a field (`<field>_digest`) is made again under the newest key."""
    concrete = {f.name for f in model._meta.concrete_fields}
    digests = {name: f"{name}_digest" for name in fields if f"{name}_digest" in concrete}
    done = 0
    pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        with transaction.atomic():
            rows = model._base_manager.select_for_update().filter(pk__in=chunk)
            for row in rows.values("pk", *fields):
                values = {name: row[name] for name in fields}
                for name, digest_field in digests.items():
                    values[digest_field] = crypto.digest(row[name] or "")
                model._base_manager.filter(pk=row["pk"]).update(**values)
                done += 1
    return done


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the newest key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new key and change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(crypto.new_key())
            return
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields:
                n = rotate_model(model, fields)
                names = ", ".join(fields)
                self.stdout.write(f"{model._meta.label}: {n} rows re-encrypted ({names})")
