"""The case timeline: everything that happened in a case, as one reader may see it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rangkul.activities.queries import read_case_activities
from rangkul.cases import permissions
from rangkul.cases.models import Case, Message
from rangkul.cases.queries import read_notes, read_tier_changes
from rangkul.referrals.queries import read_case_updates
from rangkul.safety.queries import visible_alerts
from rangkul.violence.queries import linked_matters


@dataclass
class Entry:
    at: datetime
    kind: str
    obj: Any
    restricted: bool = False
    # A restricted note this reader may open only with a reason (break-the-glass).
    break_glass: bool = False
    # A tier change's reason, when this reader may see it.
    show_reason: bool = True


def timeline(
    user: Any, case: Case, *, messages: Sequence[Message] = (), role: str | None = None
) -> list[Entry]:
    """Everything that happened in a case, oldest first, as this user may see it. The
    conversation is paged (`queries.read_thread_page`): its entries are the `messages`
    the page shows, already read and audited by the caller. `role` is the reader's part
    in the case when the caller has decided it already."""
    entries: list[Entry] = []
    support_request = case.request if case.request_id else None
    if support_request is not None and permissions.can_view_request(user, support_request):
        entries.append(Entry(support_request.created_at, "request", support_request))
    entries += [Entry(m.created_at, "message", m) for m in messages]
    if role is None:
        role = permissions.case_role(user, case)
    entries += [
        Entry(
            t.at,
            "tier_change",
            t,
            show_reason=permissions.can_see_tier_reason(user, t, role),
        )
        for t in read_tier_changes(case)
    ]
    for note in read_notes(user, case):
        entries.append(
            Entry(
                note.created_at,
                "note",
                note,
                restricted=not permissions.can_read_note(user, note),
                break_glass=permissions.can_break_glass(user, note),
            )
        )
    entries += [Entry(a.starts_at, "activity", a) for a in read_case_activities(user, case)]
    entries += [Entry(a.raised_at, "alert", a) for a in visible_alerts(user).filter(case=case)]
    # Steps of referrals out, with the provider's feedback: staff on the case only.
    entries += [Entry(u.at, "referral", u) for u in read_case_updates(user, case)]
    # A violence matter that led to this case, only for readers who may see both.
    entries += [Entry(m.opened_at, "violence_matter", m) for m in linked_matters(user, case)]
    return sorted(entries, key=lambda e: e.at)
