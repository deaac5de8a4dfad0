"""Every write of activities, appointments and groups.

Split by sub-domain; import from here: `from rangkul.activities import services`.
"""

from rangkul.activities.services.activities import (
    ActivityData,
    cancel_activity,
    complete_activity,
    log_activity,
    open_activity_record,
    record_attendance,
    transition,
)
from rangkul.activities.services.appointments import (
    book_slot,
    delete_slot,
    publish_slots,
    schedule_appointment,
    send_due_reminders,
)
from rangkul.activities.services.groups import create_group, update_group
from rangkul.activities.services.pulses import answer_pulse, open_pulse
from rangkul.activities.services.supervision import (
    SupervisionData,
    record_supervision,
    supervisable_peers,
)
from rangkul.activities.services.systemic import record_outcomes

__all__ = [
    "ActivityData",
    "SupervisionData",
    "answer_pulse",
    "book_slot",
    "cancel_activity",
    "complete_activity",
    "create_group",
    "delete_slot",
    "log_activity",
    "open_activity_record",
    "open_pulse",
    "publish_slots",
    "record_attendance",
    "record_supervision",
    "record_outcomes",
    "schedule_appointment",
    "send_due_reminders",
    "supervisable_peers",
    "transition",
    "update_group",
]
