"""Every write of the privacy app: each checks permission, writes in one transaction and
ends with an audit event."""

from rangkul.privacy.services.erasure import erase_person, rows_about
from rangkul.privacy.services.export import build_export, export_person, review_export
from rangkul.privacy.services.glass import open_restricted_note
from rangkul.privacy.services.holds import holds_on, place_hold, release_hold
from rangkul.privacy.services.records import (
    correct_person,
    withdraw_consent,
    withdrawal_effects,
)
from rangkul.privacy.services.retention import (
    apply_all,
    apply_retention,
    policy_for,
    update_policy,
)

__all__ = [
    "apply_all",
    "apply_retention",
    "build_export",
    "correct_person",
    "erase_person",
    "export_person",
    "holds_on",
    "open_restricted_note",
    "place_hold",
    "policy_for",
    "release_hold",
    "review_export",
    "rows_about",
    "update_policy",
    "withdraw_consent",
    "withdrawal_effects",
]
