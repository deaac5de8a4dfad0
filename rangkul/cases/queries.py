"""Every read of requests, cases, messages and notes, already scoped to the reader."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from rangkul.activities.queries import activities_for_case
from rangkul.cases import permissions
from rangkul.cases.models import (
    OPEN_STATUSES,
    Case,
    Message,
    Note,
    RequestStatus,
    SupportRequest,
    Tier,
    TierChange,
    Urgency,
)
from rangkul.lib.scoping import get_in_scope, parse_uuid
from rangkul.safety.queries import visible_alerts

# --- Requests -------------------------------------------------------------------------------


def visible_requests(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[SupportRequest]:
    qs = SupportRequest.objects.filter(permissions.request_filter(user)).distinct()
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("person", "person__cohort", "offered_to")


def get_request_for(user: Any, pk: object) -> SupportRequest:
    return get_in_scope(visible_requests(user), pk)


def _urgency_rank() -> When_:
    return When_(
        When(urgency=Urgency.VERY_HIGH, then=Value(3)),
        When(urgency=Urgency.HIGH, then=Value(2)),
        When(urgency=Urgency.MEDIUM, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _safety_rank() -> When_:
    return When_(
        When(safety_level="urgent", then=Value(2)),
        When(safety_level="concern", then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def triage_queue(user: Any, organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    """Requests waiting for a counselor: most urgent first (safety, then stated urgency),
    then oldest first."""
    return (
        visible_requests(user, organisation_id)
        .filter(status=RequestStatus.TRIAGE)
        .annotate(safety_rank=_safety_rank(), urgency_rank=_urgency_rank())
        .order_by("-safety_rank", "-urgency_rank", "created_at")
    )


def offers_for(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[SupportRequest]:
    """Requests offered to this helper, before acceptance (previewed without text)."""
    qs = SupportRequest.objects.filter(permissions.offer_filter(user))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("offered_at")


def get_offer_for(user: Any, pk: object) -> SupportRequest:
    return get_in_scope(offers_for(user), pk)


def my_requests(user: Any, organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(person__user_id=user.pk, organisation_id=organisation_id)
        .select_related("case")
        .order_by("-created_at")
    )


def my_referrals(user: Any, organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    """A teacher's referrals: only their status is ever shown."""
    return (
        SupportRequest.objects.filter(permissions.referral_filter(user))
        .filter(organisation_id=organisation_id, source="teacher")
        .select_related("person", "person__cohort")
        .order_by("-created_at")
    )


# --- Cases ----------------------------------------------------------------------------------


def visible_cases(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Case]:
    # A subquery keeps the filter's joins (team membership) from duplicating rows.
    ids = Case.objects.filter(permissions.case_filter(user)).values("pk")
    qs = Case.objects.filter(pk__in=ids).select_related("person", "person__cohort", "lead")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


def get_case_for(user: Any, pk: object, action: str = "view") -> Case:
    case = get_in_scope(
        visible_cases(user).select_related("organisation", "person__user", "request"), pk
    )
    if action == "manage" and not permissions.can_manage_case(user, case):
        raise Http404
    return case


def caseload(
    user: Any,
    organisation_id: uuid.UUID,
    *,
    tier: str = "",
    status: str = "",
    risk: str = "",
    domain: str = "",
    mine: bool = True,
) -> QuerySet[Case]:
    """The cases a worker sees in their list, filterable; 'mine' = led or on the team."""
    qs = visible_cases(user, organisation_id).exclude(person__user_id=user.pk)
    if mine:
        qs = qs.filter(
            Q(lead_id=user.pk) | Q(pk__in=Case.objects.filter(team__id=user.pk).values("pk"))
        )
    if tier:
        qs = qs.filter(tier=tier)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if risk:
        qs = qs.filter(risk_level=risk)
    if domain:
        qs = qs.filter(domain=domain)
    return qs.order_by("-opened_at")


def counselor_queue(user: Any, organisation_id: uuid.UUID) -> QuerySet[Case]:
    """Cases without a lead above the peer tier: e.g. handed over by a peer supporter."""
    return (
        visible_cases(user, organisation_id)
        .filter(lead__isnull=True, status__in=OPEN_STATUSES)
        .exclude(tier=Tier.PEER)
        .order_by("opened_at")
    )


def cases_of_person(user: Any, person: Any) -> QuerySet[Case]:
    return visible_cases(user).filter(person=person).order_by("-opened_at")


def open_case_count(user: Any, organisation_id: uuid.UUID) -> int:
    return (
        visible_cases(user, organisation_id)
        .filter(status__in=OPEN_STATUSES, lead_id=user.pk)
        .count()
    )


# --- Messages and notes --------------------------------------------------------------------


def thread(user: Any, case: Case, *, after: datetime | None = None) -> QuerySet[Message]:
    qs = (
        Message.objects.filter(case=case)
        .filter(permissions.message_filter(user, case))
        .select_related("sender")
    )
    if after is not None:
        qs = qs.filter(created_at__gt=after)
    return qs.order_by("created_at")


def notes_of(user: Any, case: Case) -> QuerySet[Note]:
    return (
        Note.objects.filter(case=case)
        .filter(permissions.note_filter(user, case))
        .select_related("author")
        .order_by("created_at")
    )


# --- Timeline -------------------------------------------------------------------------------


@dataclass
class Entry:
    at: datetime
    kind: str
    obj: Any
    restricted: bool = False


def timeline(user: Any, case: Case) -> list[Entry]:
    """Everything that happened in a case, oldest first, as this user may see it."""
    entries: list[Entry] = []
    request = case.request if case.request_id else None
    if request is not None and permissions.can_view_request(user, request):
        entries.append(Entry(request.created_at, "request", request))
    entries += [Entry(m.created_at, "message", m) for m in thread(user, case)]
    entries += [Entry(t.at, "tier_change", t) for t in case.tier_changes.select_related("by")]
    for note in notes_of(user, case):
        entries.append(
            Entry(
                note.created_at, "note", note, restricted=not permissions.can_read_note(user, note)
            )
        )
    entries += [Entry(a.starts_at, "activity", a) for a in activities_for_case(user, case)]
    entries += [Entry(a.raised_at, "alert", a) for a in visible_alerts(user).filter(case=case)]
    return sorted(entries, key=lambda e: e.at)


def parse_optional_uuid(value: str) -> uuid.UUID | None:
    try:
        return parse_uuid(value) if value else None
    except Http404:
        return None


def was_handed_over(case: Case) -> bool:
    """Whether the case moved from a peer supporter to the counselors (what the student
    is told: a counselor is joining)."""
    return (
        case.tier != Tier.PEER and case.tier_changes.filter(kind=TierChange.Kind.HANDOVER).exists()
    )
