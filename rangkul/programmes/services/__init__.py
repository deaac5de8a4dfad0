"""Every write of the programme cycle and the information service."""

from rangkul.programmes.services.articles import (
    count_read,
    review_article,
    save_article,
    submit_article,
    withdraw_article,
)
from rangkul.programmes.services.programmes import (
    ItemData,
    approve_programme,
    delete_item,
    deliver_item,
    draft_programme,
    link_activity,
    revise_programme,
    run_needs_survey,
    save_item,
    save_report_narrative,
    save_service_plan,
    save_settings,
    settings_of,
    unlink_delivery,
)

__all__ = [
    "ItemData",
    "approve_programme",
    "count_read",
    "delete_item",
    "deliver_item",
    "draft_programme",
    "link_activity",
    "review_article",
    "revise_programme",
    "run_needs_survey",
    "save_article",
    "save_item",
    "save_report_narrative",
    "save_service_plan",
    "save_settings",
    "settings_of",
    "submit_article",
    "unlink_delivery",
    "withdraw_article",
]
