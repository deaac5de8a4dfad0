"""Every write of the screenings app, split by sub-domain; import from here:
`from rangkul.screenings import services`."""

from rangkul.screenings.services.campaigns import (
    close_campaign,
    create_campaign,
    forget_expired_drafts,
    open_case_from_follow_up,
)
from rangkul.screenings.services.instruments import (
    check_definition,
    configure_instrument,
    parse_definition,
    revert_wording,
    save_custom_instrument,
    save_wording,
    set_custom_instrument_active,
)
from rangkul.screenings.services.responses import (
    Saved,
    asked_items,
    export_response_fhir,
    open_person_results,
    open_response,
    save_answers,
    submit_answers,
)

__all__ = [
    "Saved",
    "asked_items",
    "check_definition",
    "close_campaign",
    "configure_instrument",
    "create_campaign",
    "export_response_fhir",
    "forget_expired_drafts",
    "open_case_from_follow_up",
    "open_person_results",
    "open_response",
    "parse_definition",
    "revert_wording",
    "save_answers",
    "save_custom_instrument",
    "save_wording",
    "set_custom_instrument_active",
    "submit_answers",
]
