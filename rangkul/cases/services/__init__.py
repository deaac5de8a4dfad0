"""Every write of the pathway: requests, cases, messages and notes.

Split by sub-domain; import from here: `from rangkul.cases import services`.
"""

from rangkul.cases.services.cases import (
    add_note,
    change_status,
    change_tier,
    close_case,
    hand_over,
    open_case,
    open_case_record,
    record_case_view,
    record_referral_tier,
    reopen_case,
    set_lead,
    set_team,
    update_case,
)
from rangkul.cases.services.messages import open_thread, send_message
from rangkul.cases.services.requests import (
    accept_offer,
    assign_request,
    decline_offer,
    open_request_record,
    refer_student,
    submit_request,
    withdraw_request,
)

__all__ = [
    "accept_offer",
    "add_note",
    "assign_request",
    "change_status",
    "change_tier",
    "close_case",
    "decline_offer",
    "hand_over",
    "open_case",
    "open_case_record",
    "record_case_view",
    "open_request_record",
    "record_referral_tier",
    "open_thread",
    "refer_student",
    "reopen_case",
    "send_message",
    "set_lead",
    "set_team",
    "submit_request",
    "update_case",
    "withdraw_request",
]
