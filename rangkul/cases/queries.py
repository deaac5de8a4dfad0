"""Every read of requests, cases, messages and notes, already scoped to the reader."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page as DjangoPage
from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from rangkul.audit import services as audit
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
from rangkul.lib.api import Listing, PreparedListing, page_of
from rangkul.lib.keyset import keyset_page
from rangkul.lib.prepared import Prepared, PreparedRows
from rangkul.lib.scoping import get_in_scope, parse_uuid
from rangkul.people.models import Person

# --- Requests -------------------------------------------------------------------------------


def visible_requests(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[SupportRequest]:
    # The filter has no joins (see `permissions.request_filter`): no row can be duplicated.
    qs = SupportRequest.objects.filter(permissions.request_filter(user))
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


def request_listing(user: Any, organisation: Any, *, status: str = "") -> Listing:
    """The requests list of the API: full texts, so the page shown is audited."""
    qs = visible_requests(user, organisation.id).select_related("case").order_by("-created_at")
    if status:
        qs = qs.filter(status=status)
    return Listing(qs, _requests_shown(user, organisation))


def _requests_shown(user: Any, organisation: Any) -> Any:
    """The one audit of a list of requests shown, by page or API."""
    return lambda shown: audit.record_list(user, "request.listed", shown, organisation=organisation)


TRIAGE_PAGE = 25


def read_triage(user: Any, organisation: Any, page: Any = 1) -> tuple[DjangoPage, list[Case]]:
    """The triage page: one page of the requests waiting for a counselor (most urgent
    first) and the cases handed over without a lead, each list audited like the API's.
    The page reads only what it shows, as plain rows (`TRIAGE_ROW_FIELDS`): the texts are
    not read (nor decrypted).
    Both reads are prepared (lib/prepared.py): compiled once per process and shape of the
    user's scope, the page and the count by parameters."""
    values = {
        "user_id": user.pk,
        "organisation_id": organisation.id,
        **permissions.case_scope(user),
    }
    queue = PreparedRows(_TRIAGE_PAGE_ROWS, values)
    shown = page_of(PreparedListing(queue, _requests_shown(user, organisation)), page, TRIAGE_PAGE)
    handed = _HANDED_OVER.run(**values)
    _cases_shown(user, organisation)(handed)
    return shown, handed


def _triage_page_rows(
    user_id: int,
    organisation_id: uuid.UUID,
    oversee: list[uuid.UUID],
    working: list[uuid.UUID],
    on_team_in: list[uuid.UUID],
) -> QuerySet[SupportRequest]:
    """The triage page's queue: `triage_queue` with only the columns the page shows, as
    plain rows (`TRIAGE_ROW_FIELDS`): the page builds no model instance for them."""
    scope = permissions.request_filter_of(
        user_id, oversee=oversee, working=working, on_team_in=on_team_in
    )
    queue = _in_triage(SupportRequest.objects.filter(scope, organisation_id=organisation_id))
    return queue.values(*TRIAGE_ROW_FIELDS)


TRIAGE_ROW_FIELDS = (
    "pk", "source", "safety_level", "urgency", "domain", "created_at", "person__full_name",
)  # fmt: skip


def _handed_over(
    user_id: int,
    organisation_id: uuid.UUID,
    oversee: list[uuid.UUID],
    working: list[uuid.UUID],
    on_team_in: list[uuid.UUID],
) -> QuerySet[Case]:
    """`counselor_queue` from plain values."""
    scope = permissions.case_filter_of(
        user_id, oversee=oversee, working=working, on_team_in=on_team_in
    )
    return _in_counselor_queue(_cases_in(scope, organisation_id))


_SCOPE: dict[str, type | list[type]] = {
    "oversee": [uuid.UUID],
    "working": [uuid.UUID],
    "on_team_in": [uuid.UUID],
}
_TRIAGE_PAGE_ROWS = Prepared(_triage_page_rows, user_id=int, organisation_id=uuid.UUID, **_SCOPE)
_HANDED_OVER = Prepared(_handed_over, user_id=int, organisation_id=uuid.UUID, **_SCOPE)


def triage_queue(user: Any, organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    """Requests waiting for a counselor: most urgent first (safety, then stated urgency),
    then oldest first."""
    return _in_triage(visible_requests(user, organisation_id))


def _in_triage(requests: QuerySet[SupportRequest]) -> QuerySet[SupportRequest]:
    return (
        requests.filter(status=RequestStatus.TRIAGE)
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
    """The student's own requests (owner): never a teacher's referral about them."""
    return (
        SupportRequest.objects.filter(permissions.own_request_q(user))
        .filter(organisation_id=organisation_id)
        .select_related("case")
        .order_by("-created_at")
    )


def with_referral_status(referrals: Any) -> list[SupportRequest]:
    """The referrals, each carrying `referral_status`: what a teacher reads about it."""
    rows = list(referrals)
    for row in rows:
        row.referral_status = permissions.referral_status(row)  # type: ignore[attr-defined]
    return rows


def my_referrals(user: Any, organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    """A teacher's referrals (owner): only their status is ever shown."""
    return (
        SupportRequest.objects.filter(permissions.referral_filter(user))
        .filter(organisation_id=organisation_id)
        .select_related("person", "person__cohort")
        .order_by("-created_at")
    )


# --- Cases ----------------------------------------------------------------------------------


def visible_cases(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Case]:
    return _cases_in(permissions.case_filter(user), organisation_id)


def _cases_in(scope: Q, organisation_id: uuid.UUID | None) -> QuerySet[Case]:
    # The filter has no joins (see `permissions.case_filter`): no row can be duplicated.
    qs = Case.objects.filter(scope).select_related("person", "person__cohort", "lead")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


def case_listing(
    user: Any,
    organisation: Any,
    *,
    tier: str = "",
    status: str = "",
    risk: str = "",
    domain: str = "",
) -> PreparedListing:
    """The cases list of the API, filtered; the page shown is audited. Rows are plain
    values (the columns the list answers with, the lead's public id by a join): no model
    instances, no person or request read, nothing decrypted for a page of 100.

    The list is prepared (lib/prepared.py): its SQL is compiled once per process for each
    set of filters used and each length of the scope's lists, and a page by offset and the
    count only swap in this request's values. Ties on the opening time are broken by the
    primary key, as `lib.api.take_page` orders a page."""
    filters = (("tier", tier), ("status", status), ("risk_level", risk), ("domain", domain))
    chosen = {field: str(value) for field, value in filters if value}
    prepared = _CASE_ROWS.get(tuple(chosen))
    if prepared is None:
        prepared = _CASE_ROWS.setdefault(
            tuple(chosen),
            Prepared(_case_rows, user_id=int, organisation_id=uuid.UUID, oversee=[uuid.UUID],
                     working=[uuid.UUID], on_team_in=[uuid.UUID], **dict.fromkeys(chosen, str)),
        )  # fmt: skip
    values = {
        "user_id": user.pk,
        "organisation_id": organisation.id,
        **permissions.case_scope(user),
        **chosen,
    }

    def walk() -> QuerySet[Any]:
        # A cursor walks on the opening time alone (lib.keyset breaks its ties by the key).
        return _case_rows(**values).order_by("-opened_at")

    return PreparedListing(
        PreparedRows(prepared, values, walk=walk), _cases_shown(user, organisation)
    )


def _case_rows(
    user_id: int,
    organisation_id: uuid.UUID,
    oversee: list[uuid.UUID],
    working: list[uuid.UUID],
    on_team_in: list[uuid.UUID],
    **chosen: str,
) -> QuerySet[Any]:
    """The rows of `case_listing`: `visible_cases` of the organisation, the filters
    chosen, newest first."""
    scope = permissions.case_filter_of(
        user_id, oversee=oversee, working=working, on_team_in=on_team_in
    )
    qs = Case.objects.filter(scope, organisation_id=organisation_id).filter(**chosen)
    return qs.order_by("-opened_at", "-pk").values(*CASE_ROW_FIELDS)


# One prepared list per set of filters chosen (at most 16).
_CASE_ROWS: dict[tuple[str, ...], Prepared[Any]] = {}


# The columns of a row of the cases list (`case_listing`).
CASE_ROW_FIELDS = (
    "pk",
    "person_id",
    "tier",
    "status",
    "domain",
    "risk_level",
    "lead__public_id",
    "opened_at",
    "closed_at",
    "outcome",
    "request_id",
)


def caseload_listing(user: Any, organisation: Any, *, mine: bool = True, **filters: str) -> Listing:
    """The caseload page; audited like the API's list."""
    qs = caseload(user, organisation.id, mine=mine, **filters).select_related("request")
    return Listing(qs, _cases_shown(user, organisation))


def _cases_shown(user: Any, organisation: Any) -> Any:
    """The one audit of a list of cases shown, by page or API."""
    return lambda shown: audit.record_list(user, "case.listed", shown, organisation=organisation)


def get_case_for(user: Any, pk: object, action: str = "view") -> Case:
    """A case in the user's scope (`visible_cases`), or 404. Read by a prepared query
    (compiled once per process and shape of the user's scope, lib/prepared.py): the case
    page and its conversation's polling read it on every request."""
    rows = _CASE_IN_SCOPE.run(pk=parse_uuid(pk), user_id=user.pk, **permissions.case_scope(user))
    if not rows:
        raise Http404
    case = rows[0]
    if action == "manage" and not permissions.can_manage_case(user, case):
        raise Http404
    return case


def _case_in_scope(
    pk: uuid.UUID,
    user_id: int,
    oversee: list[uuid.UUID],
    working: list[uuid.UUID],
    on_team_in: list[uuid.UUID],
) -> QuerySet[Case]:
    scope = permissions.case_filter_of(
        user_id, oversee=oversee, working=working, on_team_in=on_team_in
    )
    cases = _cases_in(scope, None).select_related("organisation", "person__user", "request")
    return cases.filter(pk=pk).order_by()


_CASE_IN_SCOPE = Prepared(_case_in_scope, pk=uuid.UUID, user_id=int, **_SCOPE)


def get_case_to_write_in(user: Any, pk: object) -> Case:
    """The case a message is written in: the scope of `get_case_for`, decided by the
    rule's predicate on the one row (`permissions.can_view_case`) instead of its filter.
    A primary-key read compiles and plans far less than the scope's four-way OR, on the
    busiest write of a case. Out of scope is a 404, as there. The read is prepared
    (compiled once per process, rangkul/lib/prepared.py)."""
    rows = _CASE_BY_KEY.run(pk=parse_uuid(pk))
    if not rows or not permissions.can_view_case(user, rows[0]):
        raise Http404
    return rows[0]


def _case_by_key(pk: uuid.UUID) -> QuerySet[Case]:
    return Case.objects.filter(pk=pk).select_related(
        "organisation", "person__user", "request", "lead"
    )


_CASE_BY_KEY = Prepared(_case_by_key, pk=uuid.UUID)


# --- The reads of every help request, compiled once per process (lib/prepared.py) -------


def _person_of(organisation_id: uuid.UUID, user_id: int) -> QuerySet[Person]:
    return Person.objects.filter(organisation_id=organisation_id, user_id=user_id).order_by("pk")[
        :1
    ]


_OWN_PERSON = Prepared(_person_of, organisation_id=uuid.UUID, user_id=int)


def own_person(organisation_id: uuid.UUID, user_id: int) -> Person | None:
    """The record of a user as a person of the organisation (the asker), if there is one."""
    found = _OWN_PERSON.run(organisation_id=organisation_id, user_id=user_id)
    return found[0] if found else None


def _waiting_with_text(
    created_by: int, digests: list[str], since: datetime, person: uuid.UUID | None = None
) -> QuerySet[SupportRequest]:
    found = SupportRequest.objects.filter(
        created_by_id=created_by,
        # The text is encrypted: equal texts are found by their keyed hash.
        text_digest__in=digests,
        status__in=[RequestStatus.TRIAGE, RequestStatus.OFFERED],
        created_at__gte=since,
    )
    if person is not None:
        found = found.filter(person_id=person)
    return found.order_by("-created_at")[:1]


_WAITING_WITH_TEXT = Prepared(_waiting_with_text, created_by=int, digests=[str], since=datetime)
_WAITING_WITH_TEXT_OF = Prepared(
    _waiting_with_text, created_by=int, digests=[str], since=datetime, person=uuid.UUID
)


def waiting_with_text(
    created_by: int, digests: list[str], *, since: datetime, person: uuid.UUID | None = None
) -> SupportRequest | None:
    """The newest request still waiting (triage or offered) that `created_by` wrote since
    `since` with a text of these keyed hashes, of this person when one is given."""
    values: dict[str, Any] = {"created_by": created_by, "digests": digests, "since": since}
    if person is None:
        found = _WAITING_WITH_TEXT.run(**values)
    else:
        found = _WAITING_WITH_TEXT_OF.run(**values, person=person)
    return found[0] if found else None


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
    return _in_counselor_queue(visible_cases(user, organisation_id))


def _in_counselor_queue(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(permissions.counselor_queue_q(), status__in=OPEN_STATUSES).order_by(
        "opened_at"
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
    """The messages of the case this reader may read, oldest first. The case itself is not
    joined: whoever shows the rows gives them the case already read (`thread_listing`)."""
    qs = (
        Message.objects.filter(case=case)
        .filter(permissions.message_filter(user, case))
        .select_related("sender")
    )
    if after is not None:
        qs = qs.filter(created_at__gt=after)
    return qs.order_by("created_at")


def _messages_shown(user: Any, case: Case, *, opening: bool) -> Any:
    """The one audit of messages shown. Opening the thread is a read even when it is empty;
    polling for new messages and loading older ones are recorded only when something is
    shown. Each row gets the case already read (its readers' checks need it)."""

    def shown(rows: list[Message]) -> None:
        for message in rows:
            message.case = case
        if rows or opening:
            audit.record(
                user,
                "messages.viewed",
                case,
                data={"count": len(rows), "ids": [str(m.pk) for m in rows]},
            )

    return shown


def thread_listing(user: Any, case: Case, *, after: datetime | None = None) -> Listing:
    """The conversation this reader may read, with its one audit: the messages shown, with
    the organisation and the count."""
    shown = _messages_shown(user, case, opening=after is None)
    return Listing(thread(user, case, after=after), shown)


# The case page shows the newest messages of the thread; older ones load a page at a time.
THREAD_PAGE = 50


@dataclass
class ThreadPage:
    """Messages of a case as shown on its page: oldest first, and the cursor that loads
    the ones before them (None when there are none)."""

    messages: list[Message]
    older: str | None


def read_thread_page(user: Any, case: Case, *, cursor: str = "") -> ThreadPage:
    """The newest `THREAD_PAGE` messages this reader may read, or the page before `cursor`
    (the page's "older messages"), audited. A keyset walk on (created_at, id) through
    `lib.keyset.keyset_page`, so no message is shown twice or skipped."""
    rows, older = keyset_page(
        thread(user, case).order_by("-created_at"), limit=THREAD_PAGE, cursor=cursor
    )
    rows.reverse()
    _messages_shown(user, case, opening=not cursor)(rows)
    return ThreadPage(rows, older)


def read_tier_changes(case: Case) -> list[TierChange]:
    """The tier changes of a case the caller may already see, oldest first, each with who
    made it. Prepared: the case page reads them on every view."""
    return _TIER_CHANGES.run(case_id=case.pk)


def _tier_changes(case_id: uuid.UUID) -> QuerySet[TierChange]:
    return TierChange.objects.filter(case_id=case_id).select_related("by")


_TIER_CHANGES = Prepared(_tier_changes, case_id=uuid.UUID)


def read_notes(user: Any, case: Case) -> list[Note]:
    """The notes of a case as this reader may see them (restricted ones only as existing),
    with the one audit of the notes whose text is shown."""
    notes = list(notes_of(user, case))
    for note in notes:
        note.case = case  # already read: the permission checks below need it, once
    notes_shown(user, case, [n for n in notes if permissions.can_read_note(user, n)])
    return notes


def notes_shown(user: Any, case: Case, readable: list[Note]) -> None:
    """The one audit of notes whose text is shown (on the case page or an activity's)."""
    if readable:
        audit.record(
            user,
            "note.viewed",
            case,
            data={"notes": [str(n.pk) for n in readable], "count": len(readable)},
        )


def notes_of(user: Any, case: Case) -> QuerySet[Note]:
    return (
        Note.objects.filter(case=case)
        .filter(permissions.note_filter(user, case))
        .select_related("author")
        .order_by("created_at")
    )


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
