"""Every write about people: record views, guardians, consent."""

from rangkul.people.services.consent import (
    open_consent_form,
    record_consent,
    remind_exception_reviews,
    review_exception,
    withdraw_consent,
)
from rangkul.people.services.guardians import (
    add_guardian,
    issue_invitation_letter,
    remove_guardian,
    update_guardian,
)
from rangkul.people.services.records import open_access_log, open_person_record

__all__ = [
    "add_guardian",
    "issue_invitation_letter",
    "open_access_log",
    "open_consent_form",
    "open_person_record",
    "record_consent",
    "remind_exception_reviews",
    "remove_guardian",
    "review_exception",
    "update_guardian",
    "withdraw_consent",
]
