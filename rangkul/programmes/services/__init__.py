"""Every write of the programme cycle and the information service."""

from rangkul.programmes.services.articles import (
    count_read,
    review_article,
    save_article,
    submit_article,
    withdraw_article,
)
from rangkul.programmes.services.delivery import deliver_item, link_activity, unlink_delivery
from rangkul.programmes.services.items import ItemData, delete_item, save_item, save_service_plan
from rangkul.programmes.services.needs_survey import run_needs_survey
from rangkul.programmes.services.programmes import draft_programme, save_settings, settings_of
from rangkul.programmes.services.report import save_report_narrative
from rangkul.programmes.services.revisions import approve_programme, revise_programme

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
