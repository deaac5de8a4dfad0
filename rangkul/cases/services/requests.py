"""Asking for help, teacher referrals, safe routing, offers and triage assignment."""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.models import User
from rangkul.accounts.permissions import has_capability, has_role, roles_in
from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import Capability, Role
from rangkul.audit import services as audit
from rangkul.cases import peer_matching, permissions, queries
from rangkul.cases.models import (
    REQUEST_MOVE_REFUSED,
    REQUEST_TRANSITIONS,
    Case,
    Domain,
    GenderPreference,
    HelperChoice,
    RequestDecline,
    RequestStatus,
    Source,
    SupportRequest,
    Tier,
    Topic,
    Urgency,
    transition,
)
from rangkul.cases.queries import get_request_for
from rangkul.cases.services.cases import open_case
from rangkul.lib import crypto, ratelimit
from rangkul.lib.text import clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.peers.matching import assign
from rangkul.peers.models import Language
from rangkul.people.models import Person
from rangkul.safety import services as safety
from rangkul.safety.models import AlertSource

_PSEUDONYM_WORDS = [
    "Kenari",
    "Merpati",
    "Elang",
    "Melati",
    "Anggrek",
    "Cempaka",
    "Rajawali",
    "Kutilang",
    "Mawar",
    "Kenanga",
    "Nuri",
    "Camar",
    "Teratai",
    "Flamboyan",
    "Jalak",
    "Seroja",
]


def move_request(support_request: SupportRequest, to: str) -> str:
    """The one way a request's status changes (the caller saves): by the table."""
    return transition(support_request, to, REQUEST_TRANSITIONS, RequestStatus, REQUEST_MOVE_REFUSED)


def _lock(support_request: SupportRequest) -> None:
    """Take the row lock and reload the caller's instance."""
    SupportRequest.objects.select_for_update().filter(pk=support_request.pk).first()
    support_request.refresh_from_db()


def _pseudonym() -> str:
    word = secrets.choice(_PSEUDONYM_WORDS)
    return f"Teman {word} {secrets.randbelow(90) + 10}"


def _own_person(user: Any, organisation: Any) -> Person:
    """The asker's record in this organisation; created on first request if the school
    has not linked one yet, so asking for help never fails on paperwork."""
    person = queries.own_person(organisation.id, user.pk)
    if person is None:
        person = Person.objects.create(
            organisation=organisation, user=user, full_name=user.get_full_name() or user.username
        )
    return person


def _validate_choices(**values: tuple[str, list[str]]) -> None:
    errors = {
        field: _("Choose one of the options.")
        for field, (value, allowed) in values.items()
        if value not in allowed
    }
    if errors:
        raise ValidationError(errors)


def _clean_text(text: str, field: str) -> str:
    return clean_text(
        text, field=field, limit=2000, empty=_("Write a few words about what is happening.")
    )


DUPLICATE_WINDOW = timedelta(hours=1)


def _recent_duplicate(*, created_by: Any, person: Any, text: str) -> SupportRequest | None:
    """A still-waiting request with the same text by the same person in the last hour."""
    return queries.waiting_with_text(
        created_by.pk,
        crypto.digests(text),
        since=timezone.now() - DUPLICATE_WINDOW,
        person=None if person is None else person.pk,
    )


@transaction.atomic
def submit_request(
    *,
    by: Any,
    organisation: Any,
    domain: str,
    text: str,
    urgency: str,
    helper_choice: str = HelperChoice.EITHER,
    helper_gender: str = GenderPreference.ANY,
    show_name_to_peer: bool = False,
    topic: str = Topic.GENERAL,
    avoid: list[Any] | None = None,
    language: str = Language.INDONESIAN,
    avoid_same_class: bool = False,
    client_token: str = "",
) -> SupportRequest:
    """A student asks for help. The text is safety-checked before it is saved; anything
    risky goes to counselor triage only, and a crisis raises an alert at once."""
    if not permissions.can_ask_for_help(by, organisation.id):
        raise PermissionDenied(_("Only students can ask for help here."))
    client_token = (client_token or "")[:64]
    if client_token:
        existing = SupportRequest.objects.filter(created_by=by, client_token=client_token).first()
        if existing is not None:
            return existing  # a second tap on a slow phone
    _validate_choices(
        domain=(domain, Domain.values),
        urgency=(urgency, Urgency.values),
        helper_choice=(helper_choice, HelperChoice.values),
        helper_gender=(helper_gender, GenderPreference.values),
        topic=(topic, Topic.values),
        language=(language, Language.values),
    )
    text = _clean_text(text, "text")
    # Never limited: the same text sent again while the first is still waiting is folded
    # into it (nobody is notified twice), and the student sees the same confirmation with
    # the crisis resources.
    same = _recent_duplicate(created_by=by, person=None, text=text)
    if same is not None:
        return same
    avoid_ids = [u.pk for u in (avoid or []) if u.pk != by.pk]
    if any(not roles_in(u, organisation.id) for u in avoid or []):
        # Only people of this organisation can be named; someone of another one is refused,
        # never linked to the request.
        raise ValidationError({"avoid": _("Choose only people of your school or organisation.")})
    result = safety.check_text(text, organisation=organisation)
    person = _own_person(by, organisation)
    try:
        with transaction.atomic():
            support_request = SupportRequest.objects.create(
                organisation=organisation,
                person=person,
                created_by=by,
                source=Source.STUDENT,
                domain=domain,
                topic=topic,
                text=text,
                urgency=urgency,
                helper_choice=helper_choice,
                helper_gender=helper_gender,
                show_name_to_peer=show_name_to_peer,
                language=language,
                avoid_same_class=bool(avoid_same_class),
                pseudonym=_pseudonym(),
                safety_level=result.level.value,
                safety_categories=list(result.categories),
                # Exactly the decision POST /api/v1/safety/check answers for this text.
                peer_eligible=result.peer_eligible,
                status=RequestStatus.TRIAGE,
                client_token=client_token,
            )
    except IntegrityError:
        # The same token raced in from a second tap: the first one won.
        return SupportRequest.objects.get(created_by=by, client_token=client_token)
    # A new request has no case yet: known, so nobody reads it back to find out.
    SupportRequest.case.related.set_cached_value(support_request, None)  # type: ignore[attr-defined]
    if avoid_ids:
        support_request.avoid_helpers.set(avoid_ids)
    # The submission's events (submitted, then offered or triaged, and an alert's) are
    # written in one INSERT at the end, in this transaction.
    with audit.batched():
        audit.record(
            by,
            "request.submitted",
            support_request,
            data={
                "safety": result.level.value,
                "peer_eligible": result.peer_eligible,
                "urgency": urgency,
                "topic": topic,
            },
        )
        safety.alert_for_text(
            result,
            organisation=organisation,
            source=AlertSource.REQUEST,
            person=person,
            support_request=support_request,
            by=by,
        )
        _route(support_request, actor=by)
    return support_request


def _route(support_request: SupportRequest, *, actor: Any) -> None:
    """Offer the request to a peer when that is safe and wanted; otherwise triage. Matching
    runs over every unassigned request of the organisation at once (see
    `peers.matching.assign`), so a new or declined request may also let a waiting one find
    its peer; offers waiting for an answer and accepted requests never move."""
    if peer_matching.wants_a_peer(support_request):
        offered = _match_organisation(support_request, actor=actor)
        if support_request.pk in offered:
            return
    _to_triage(support_request, actor=actor)


def _match_organisation(focus: SupportRequest, *, actor: Any) -> set[Any]:
    organisation = focus.organisation
    if focus.offered_to_id is not None:
        # A declined or expired offer no longer counts towards that helper's load.
        focus.offered_to = None
        focus.save(update_fields=["offered_to"])
    waiting = [
        r
        for r in peer_matching.waiting_for_a_peer(organisation.id)
        .exclude(pk=focus.pk)
        .select_related("person", "organisation")
        # Waiting requests another help request is matching right now are skipped, not
        # waited for: that transaction offers them (or leaves them in triage) itself, and
        # the next request or the counselor's triage sees them after it commits. Help
        # requests of one organisation no longer queue behind each other's matching.
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("created_at")
        if peer_matching.wants_a_peer(r)
    ]
    batch = [focus, *waiting]
    now = timezone.localtime(timezone.now(), organisation.zone)
    data, peers, ctx = peer_matching.matching_input(organisation, batch, now)
    result = assign(data, peers, ctx)
    helpers = {u.pk: u for u in User.objects.filter(pk__in=[a.user_id for a in result.assignments])}
    by_pk = {r.pk: r for r in batch}
    for a in result.assignments:
        _offer(by_pk[a.request_key], helpers[a.user_id], a.why, actor=actor)
    if focus.pk in result.unassigned:
        focus.match_reason = {"method": "optimal", "no_peer": result.unassigned[focus.pk]}
        focus.save(update_fields=["match_reason"])
    return {a.request_key for a in result.assignments}


def _offer(
    support_request: SupportRequest, helper: Any, reason: dict[str, Any], *, actor: Any
) -> None:
    move_request(support_request, RequestStatus.OFFERED)
    support_request.offered_to = helper
    support_request.offered_at = timezone.now()
    support_request.match_reason = reason
    support_request.save(update_fields=["status", "offered_to", "offered_at", "match_reason"])
    audit.record(
        actor,
        "request.offered",
        support_request,
        data={"helper": str(helper.public_id), **reason},
    )
    notify(
        [helper],
        kind=Kind.REQUEST_OFFERED,
        organisation=support_request.organisation,
        link=reverse("offers"),
    )


def _to_triage(support_request: SupportRequest, *, actor: Any) -> None:
    unoffered_in_triage = (
        support_request.status == RequestStatus.TRIAGE
        and support_request.offered_to_id is None
        and support_request.offered_at is None
    )
    # A new request starts in triage with no offer: nothing to write for it.
    if not unoffered_in_triage:
        if support_request.status != RequestStatus.TRIAGE:
            move_request(support_request, RequestStatus.TRIAGE)
        support_request.offered_to = None
        support_request.offered_at = None
        support_request.save(update_fields=["status", "offered_to", "offered_at"])
    audit.record(actor, "request.triaged", support_request)
    notify(
        users_with_capability(support_request.organisation_id, Capability.WORK_CASES),
        kind=Kind.REQUEST_IN_TRIAGE,
        organisation=support_request.organisation,
        link=reverse("triage"),
    )


@transaction.atomic
def refer_student(
    *,
    by: Any,
    person: Person,
    reason: str,
    domain: str = Domain.PERSONAL,
    urgency: str = Urgency.MEDIUM,
) -> SupportRequest:
    """A teacher refers a student to BK (alih tangan kasus). It goes to counselor triage;
    the teacher afterwards sees only that it was received and is being handled."""
    if not permissions.can_refer(by, person.organisation_id):
        raise PermissionDenied(_("You may not refer students here."))
    _validate_choices(domain=(domain, Domain.values), urgency=(urgency, Urgency.values))
    reason = _clean_text(reason, "reason")
    result = safety.check_text(reason, organisation=person.organisation)
    same = _recent_duplicate(created_by=by, person=person, text=reason)
    if same is not None:
        return same  # the same referral again (a double tap, a retry): one is enough
    if result.level.value == "none":
        # A referral that raises a concern always goes through; ordinary ones are limited,
        # so that a flood cannot notify every counselor again and again.
        ratelimit.hit("referral", person=by.pk)
    support_request = SupportRequest.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        created_by=by,
        source=Source.TEACHER,
        domain=domain,
        text=reason,
        urgency=urgency,
        helper_choice=HelperChoice.COUNSELOR,
        pseudonym=_pseudonym(),
        safety_level=result.level.value,
        safety_categories=list(result.categories),
        status=RequestStatus.TRIAGE,
    )
    audit.record(by, "request.referred", support_request, data={"person": str(person.pk)})
    safety.alert_for_text(
        result,
        organisation=person.organisation,
        source=AlertSource.TEACHER_REFERRAL,
        person=person,
        support_request=support_request,
        by=by,
    )
    _to_triage(support_request, actor=by)
    return support_request


def open_request_record(*, by: Any, pk: object) -> SupportRequest:
    support_request = get_request_for(by, pk)
    audit.record(by, "request.viewed", support_request)
    return support_request


@transaction.atomic
def accept_offer(*, by: Any, support_request: SupportRequest) -> Case:
    """The helper the request was offered to accepts: a case opens at the matching tier."""
    _lock(support_request)
    if not permissions.can_preview_offer(by, support_request):
        raise PermissionDenied(_("This request is not offered to you (any more)."))
    as_peer = not has_capability(by, support_request.organisation_id, Capability.WORK_CASES)
    if as_peer and support_request.goes_to_counselor_only:
        # Defence in depth: routing never offers these to peers.
        raise PermissionDenied(_("This request needs a counselor."))
    tier = Tier.PEER if as_peer else Tier.COUNSELING
    case = open_case(
        by=by,
        person=support_request.person,
        tier=tier,
        domain=support_request.domain,
        lead=by,
        support_request=support_request,
    )
    now = timezone.now()
    move_request(support_request, RequestStatus.ACCEPTED)
    support_request.accepted_at = now
    support_request.save(update_fields=["status", "accepted_at"])
    audit.record(by, "request.accepted", support_request, data={"case": str(case.pk), "tier": tier})
    if support_request.person.user_id:
        notify(
            [support_request.person.user],
            kind=Kind.REQUEST_UPDATE,
            organisation=support_request.organisation,
            link=reverse("my_requests"),
        )
    return case


@transaction.atomic
def decline_offer(*, by: Any, support_request: SupportRequest) -> SupportRequest:
    """Declines return the request to matching; after two it waits for a counselor."""
    _lock(support_request)
    if not permissions.can_preview_offer(by, support_request):
        raise PermissionDenied(_("This request is not offered to you (any more)."))
    RequestDecline.objects.create(request=support_request, user=by)
    support_request.decline_count += 1
    support_request.save(update_fields=["decline_count"])
    audit.record(
        by,
        "request.declined",
        support_request,
        data={"declines": support_request.decline_count},
    )
    _route(support_request, actor=by)
    return support_request


@transaction.atomic
def assign_request(*, by: Any, support_request: SupportRequest, to: Any) -> SupportRequest | Case:
    """From triage: to oneself (a case opens), to another counselor or to an eligible
    peer supporter (offered to them)."""
    _lock(support_request)
    if not permissions.can_assign_request(by, support_request):
        raise PermissionDenied(_("You may not assign this request."))
    if support_request.status not in (RequestStatus.TRIAGE, RequestStatus.OFFERED):
        raise ValidationError(_("This request has already been taken."))
    org = support_request.organisation_id
    if to.pk == by.pk:
        move_request(support_request, RequestStatus.OFFERED)
        support_request.offered_to = by
        support_request.save(update_fields=["status", "offered_to"])
        return accept_offer(by=by, support_request=support_request)
    if has_capability(to, org, Capability.WORK_CASES):
        _offer(support_request, to, {"method": "assigned", "by": str(by.public_id)}, actor=by)
        return support_request
    if has_role(to, org, Role.PEER_SUPPORTER):
        if support_request.counselor_may_clear_for_peer:
            # The counselor read it and judged it an everyday topic (decision 0044).
            support_request.peer_cleared_by = by
            support_request.save(update_fields=["peer_cleared_by"])
            audit.record(by, "request.cleared_for_peer", support_request)
        if support_request.goes_to_counselor_only:
            raise ValidationError(
                _(
                    "This request must stay with counselors: it mentions risk, is very urgent "
                    "or is about violence, abuse or self-harm."
                )
            )
        now = timezone.localtime(timezone.now(), support_request.organisation.zone)
        if to.pk not in peer_matching.eligible_peers(support_request, now):
            raise ValidationError(
                _(
                    "This peer supporter cannot take it now (load, availability, gender "
                    "preference or the student's wishes)."
                )
            )
        _offer(support_request, to, {"method": "assigned", "by": str(by.public_id)}, actor=by)
        return support_request
    raise ValidationError(_("Choose a counselor or a peer supporter of this organisation."))


@transaction.atomic
def withdraw_request(*, by: Any, support_request: SupportRequest) -> SupportRequest:
    """The student withdraws their own request (owner, not subject: a teacher's referral
    about them is not theirs to withdraw), while nobody has accepted it."""
    _lock(support_request)
    if not permissions.is_own_request(by, support_request):
        raise PermissionDenied(_("Only the student who asked can withdraw the request."))
    if support_request.status == RequestStatus.ACCEPTED:
        raise ValidationError(_("A helper has already accepted; talk to them in the case."))
    move_request(support_request, RequestStatus.WITHDRAWN)
    support_request.offered_to = None
    support_request.save(update_fields=["status", "offered_to"])
    audit.record(by, "request.withdrawn", support_request)
    return support_request


@transaction.atomic
def reroute_stale_offers(*, now: Any = None) -> int:
    """Treat unanswered or orphaned offers as declines and route the request again."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.OFFER_TIMEOUT_MINUTES)
    count = 0
    offers = SupportRequest.objects.filter(status=RequestStatus.OFFERED).select_related(
        "offered_to", "person", "organisation"
    )
    for support_request in offers.select_for_update(of=("self",)):
        helper = support_request.offered_to
        expired = support_request.offered_at is not None and support_request.offered_at <= cutoff
        orphaned = helper is None or not permissions.can_preview_offer(helper, support_request)
        if not (expired or orphaned):
            continue
        if helper is not None:
            RequestDecline.objects.create(request=support_request, user=helper)
        support_request.decline_count += 1
        support_request.save(update_fields=["decline_count"])
        audit.record(
            None,
            "request.offer_expired",
            support_request,
            data={"expired": expired, "orphaned": orphaned},
        )
        _route(support_request, actor=None)
        count += 1
    return count
