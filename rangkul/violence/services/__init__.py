"""Every write of the violence app, split by sub-domain; import from here:
`from rangkul.violence import services`."""

from rangkul.violence.services.matters import (
    add_measure,
    assign_handlers,
    complete_step,
    open_matter_record,
    record_outcome,
    remind_and_escalate,
)
from rangkul.violence.services.offers import answer_support_offer, offer_support
from rangkul.violence.services.reports import add_information, read_receipt, submit_report
from rangkul.violence.services.team import add_team_member, remove_team_member

__all__ = [
    "add_information",
    "add_measure",
    "add_team_member",
    "answer_support_offer",
    "assign_handlers",
    "complete_step",
    "offer_support",
    "open_matter_record",
    "read_receipt",
    "record_outcome",
    "remind_and_escalate",
    "remove_team_member",
    "submit_report",
]
