"""Supervision of peer supporters: an Activity of kind `supervision` with its record.

The supervising counselor (the facilitator) records which peer supporters were there,
which of their debriefs were talked through (the cases by reference only) and the actions
agreed. A session that took place counts its peers as supervised and closes those
debriefs in the peer programme; one scheduled ahead does so when it is marked done.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.activities import permissions
from rangkul.activities.models import Activity, Kind, Mode, Supervision
from rangkul.activities.services.activities import ActivityData, log_activity, supervision_held
from rangkul.activities.services.common import Errors, clean_text, pks_of
from rangkul.audit import services as audit
from rangkul.cases.models import Case
from rangkul.peers.models import DebriefPrompt, PeerProfile, PeerStatus

# Everyone who has started in the programme and has not left it can be supervised.
SUPERVISABLE = [s for s in PeerStatus.values if s not in (PeerStatus.CANDIDATE, PeerStatus.ALUMNI)]


@dataclass
class SupervisionData:
    starts_at: datetime
    duration_minutes: int = 60
    mode: str = Mode.IN_PERSON
    place: str = ""
    # PeerProfile ids of the peers present.
    peers: list[Any] = field(default_factory=list)
    # DebriefPrompt ids talked through (each names a case by reference).
    debriefs: list[Any] = field(default_factory=list)
    actions: str = ""


def supervisable_peers(organisation_id: Any) -> list[PeerProfile]:
    return list(
        PeerProfile.objects.filter(organisation_id=organisation_id, status__in=SUPERVISABLE)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


@transaction.atomic
def record_supervision(*, by: Any, organisation: Any, data: SupervisionData) -> Activity:
    """Log a supervision session with its peers, debriefs discussed and actions."""
    if not permissions.can_record_supervision(by, organisation.id):
        raise PermissionDenied(_("You may not record supervision here."))
    errors = Errors()
    ids, well_formed = pks_of(data.peers)
    peers = [p for p in supervisable_peers(organisation.id) if p.pk in ids]
    if not well_formed or len(peers) != len(ids):
        errors.add("peers", _("Choose peer supporters of this organisation."))
    elif not peers:
        errors.add("peers", _("Choose at least one peer supporter who was there."))
    debrief_ids, debriefs_ok = pks_of(data.debriefs)
    debriefs = list(
        DebriefPrompt.objects.filter(
            pk__in=debrief_ids, organisation=organisation, discussed_at__isnull=True
        )
    )
    if not debriefs_ok or len(debriefs) != len(debrief_ids):
        errors.add("debriefs", _("Choose debriefs that are still waiting."))
    elif any(d.profile_id not in {p.pk for p in peers} for d in debriefs):
        errors.add("debriefs", _("A debrief can only be held with its peer supporter present."))
    actions = clean_text(errors, "actions", data.actions, limit=2000)
    if not actions and "actions" not in errors.by_field:
        errors.add("actions", _("Write the actions agreed."))
    errors.raise_if_any()

    names = ", ".join(p.user.display_name() for p in peers)
    activity = log_activity(
        by=by,
        organisation=organisation,
        data=ActivityData(
            kind=Kind.SUPERVISION,
            starts_at=data.starts_at,
            duration_minutes=data.duration_minutes,
            mode=data.mode,
            place=data.place,
            attendees=names[:300],
        ),
    )
    record = Supervision.objects.create(activity=activity, actions=actions)
    record.peers.set(peers)
    record.cases.set(
        Case.objects.filter(organisation=organisation, pk__in=[d.case_id for d in debriefs])
    )
    audit.record(
        by,
        "activity.supervision_recorded",
        activity,
        data={"peers": len(peers), "debriefs": len(debriefs)},
    )
    supervision_held(by, activity)
    return activity


def open_debriefs(organisation_id: Any) -> list[DebriefPrompt]:
    """Debriefs still to be held in the organisation (for the supervision form)."""
    return list(
        DebriefPrompt.objects.filter(organisation_id=organisation_id, discussed_at__isnull=True)
        .select_related("profile__user")
        .order_by("raised_at")
    )
