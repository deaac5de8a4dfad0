"""Every write of safety: alerts, and an organisation's safety arrangements.

Split by sub-domain; import from here: `from rangkul.safety import services`.
"""

from rangkul.safety.services.alerts import (
    acknowledge_alert,
    alert_for_text,
    check_text,
    evidence_of,
    has_unresolved_alert,
    link_request_alerts,
    open_alert_record,
    raise_alert,
    resolve_alert,
)
from rangkul.safety.services.config import (
    add_phrase,
    add_shift,
    copy_previous_week,
    deactivate_phrase,
    remove_shift,
    save_crisis_resource,
    update_settings,
)
from rangkul.safety.services.handoff import (
    identify_friend,
    mark_detection,
    remove_responder_phone,
    save_responder_phone,
    tick_step,
)

__all__ = [
    "acknowledge_alert",
    "add_phrase",
    "add_shift",
    "alert_for_text",
    "check_text",
    "copy_previous_week",
    "deactivate_phrase",
    "evidence_of",
    "has_unresolved_alert",
    "link_request_alerts",
    "identify_friend",
    "mark_detection",
    "open_alert_record",
    "raise_alert",
    "remove_responder_phone",
    "remove_shift",
    "resolve_alert",
    "save_crisis_resource",
    "save_responder_phone",
    "tick_step",
    "update_settings",
]
