"""Every write of the peer programme: profiles and their lifecycle, nominations, selection
and expiry reminders."""

import re
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts import services as accounts
from rangkul.accounts.models import Membership, Organisation
from rangkul.accounts.permissions import has_role
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.peers import hooks, permissions
from rangkul.peers.models import (
    RUBRIC,
    DebriefPrompt,
    Decision,
    Language,
    Nomination,
    NominationStatus,
    PeerProfile,
    PeerStatus,
    PeerStatusChange,
    ProgrammePolicy,
    SelectionRecord,
    case_reference,
    check_transition,
)
from rangkul.people.models import Gender

# Request topic areas a peer can be trained for (the values of `cases.models.Domain`, which
# this app sits below; a test keeps the two lists equal).
TOPIC_CODES = ("personal", "social", "learning", "career")

# Fields the peer edits on their own profile; the programme lead edits these and the rest.
PEER_FIELDS = frozenset({"availability", "languages", "max_open_cases"})
LEAD_FIELDS = PEER_FIELDS | {"gender", "topics"}

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for this change.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    return reason


def _record_move(profile: PeerProfile, old: str, actor: Any, reason: str) -> None:
    PeerStatusChange.objects.create(
        profile=profile, from_status=old, to_status=profile.status, actor=actor, reason=reason
    )


# --- Profiles -------------------------------------------------------------------------------


def create_profile_for_role(membership: Membership, *, by: Any) -> None:
    """Registered with `accounts.hooks`: granting the peer supporter role creates the
    profile (a candidate), or brings a former peer back as a candidate."""
    profile, created = PeerProfile.objects.get_or_create(
        organisation_id=membership.organisation_id,
        user_id=membership.user_id,
        defaults={"languages": [membership.user.preferred_language or Language.INDONESIAN]},
    )
    if created:
        _record_move(profile, "", by, _("Peer supporter role granted"))
        audit.record(by, "peer.profile_created", profile)
    elif profile.status == PeerStatus.ALUMNI:
        profile.status = PeerStatus.CANDIDATE
        profile.save(update_fields=["status", "updated_at"])
        _record_move(profile, PeerStatus.ALUMNI, by, _("Peer supporter role granted again"))
        audit.record(by, "peer.status_changed", profile, data={"to": PeerStatus.CANDIDATE})


def retire_profile_for_role(membership: Membership, *, by: Any) -> None:
    """Registered with `accounts.hooks`: removing the role makes the peer an alumnus."""
    profile = PeerProfile.objects.filter(
        organisation_id=membership.organisation_id, user_id=membership.user_id
    ).first()
    if profile is None or profile.status == PeerStatus.ALUMNI:
        return
    old = profile.status
    profile.status = PeerStatus.ALUMNI
    profile.save(update_fields=["status", "updated_at"])
    _record_move(profile, old, by, _("Peer supporter role removed"))
    audit.record(by, "peer.status_changed", profile, data={"from": old, "to": profile.status})


@transaction.atomic
def transition(
    *,
    by: Any,
    profile: PeerProfile,
    to: str,
    reason: str,
    certified_until: date | None = None,
) -> PeerProfile:
    """Move a peer through the programme along `PEER_TRANSITIONS`, with a reason. Moving
    to "certified" takes the certificate's expiry date when one is given."""
    if not permissions.can_change_status(by, profile):
        raise PermissionDenied(_("You may not change this peer supporter's status."))
    reason = _reason(reason)
    profile = (
        PeerProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)
    )
    today = profile.organisation.today()
    if certified_until is not None:
        if to != PeerStatus.CERTIFIED:
            raise ValidationError(
                {"certified_until": _("An expiry date is recorded only when certifying.")}
            )
        if certified_until <= today:
            raise ValidationError({"certified_until": _("The expiry date must be in the future.")})
        profile.certified_until = certified_until
    check_transition(profile, to, today=today)
    old = profile.status
    profile.status = to
    profile.save(update_fields=["status", "certified_until", "updated_at"])
    _record_move(profile, old, by, reason)
    audit.record(
        by,
        "peer.status_changed",
        profile,
        data={
            "from": old,
            "to": to,
            "certified_until": profile.certified_until.isoformat()
            if profile.certified_until
            else None,
        },
    )
    hooks.status_changed(profile, old, to, by=by)
    return profile


def _clean_availability(value: Any) -> list[dict[str, Any]]:
    error = ValidationError(
        {"availability": _("Each window needs a weekday and a start before its end (HH:MM).")}
    )
    if not isinstance(value, list) or len(value) > 21:
        raise error
    windows = []
    for item in value:
        if not isinstance(item, dict):
            raise error
        weekday, start, end = item.get("weekday"), item.get("start"), item.get("end")
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise error
        if not (isinstance(start, str) and isinstance(end, str)):
            raise error
        if not (_TIME.match(start) and _TIME.match(end)) or start >= end:
            raise error
        windows.append({"weekday": weekday, "start": start, "end": end})
    return sorted(windows, key=lambda w: (w["weekday"], w["start"]))


def _clean_codes(field: str, value: Any, allowed: tuple[str, ...] | list[str]) -> list[str]:
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError({field: _("Choose only from the list.")})
    return list(dict.fromkeys(value))


def _clean_profile_fields(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "availability":
            cleaned[name] = _clean_availability(value)
        elif name == "languages":
            cleaned[name] = _clean_codes(name, value, Language.values)
            if not cleaned[name]:
                raise ValidationError({name: _("Choose at least one language.")})
        elif name == "topics":
            cleaned[name] = _clean_codes(name, value, TOPIC_CODES)
        elif name == "gender":
            if value not in Gender.values:
                raise ValidationError({name: _("Choose only from the list.")})
            cleaned[name] = value
        elif name == "max_open_cases":
            if not isinstance(value, int) or not 1 <= value <= 10:
                raise ValidationError({name: _("Choose a number from 1 to 10.")})
            cleaned[name] = value
    return cleaned


@transaction.atomic
def update_profile(*, by: Any, profile: PeerProfile, **changes: Any) -> PeerProfile:
    """The peer edits availability, languages and capacity; the lead edits those and the
    trained topics and gender."""
    if not permissions.can_edit_profile(by, profile):
        raise PermissionDenied(_("You may not edit this profile."))
    lead = permissions.can_run_programme(by, profile.organisation_id)
    allowed = LEAD_FIELDS if lead else PEER_FIELDS
    unknown = set(changes) - allowed
    if unknown:
        raise PermissionDenied(
            _("You may not change these fields: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = _clean_profile_fields(changes)
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.save(update_fields=[*cleaned, "updated_at"])
    audit.record(by, "peer.profile_updated", profile, data={"fields": sorted(cleaned)})
    return profile


@transaction.atomic
def update_policy(
    *,
    by: Any,
    organisation: Organisation,
    allow_adult_with_child: bool,
    reminder_days: int,
    supervision_weeks: int | None = None,
) -> ProgrammePolicy:
    if not permissions.can_run_programme(by, organisation.id):
        raise PermissionDenied(_("You may not change the programme's rules."))
    if not 1 <= reminder_days <= 180:
        raise ValidationError({"reminder_days": _("Choose a number from 1 to 180.")})
    if supervision_weeks is not None and not 1 <= supervision_weeks <= 26:
        raise ValidationError({"supervision_weeks": _("Choose a number from 1 to 26.")})
    policy, _created = ProgrammePolicy.objects.get_or_create(organisation=organisation)
    policy.allow_adult_with_child = allow_adult_with_child
    policy.reminder_days = reminder_days
    if supervision_weeks is not None:
        policy.supervision_weeks = supervision_weeks
    policy.save()
    audit.record(
        by,
        "peer.policy_updated",
        organisation,
        organisation=organisation,
        data={
            "allow_adult_with_child": allow_adult_with_child,
            "reminder_days": reminder_days,
            "supervision_weeks": policy.supervision_weeks,
        },
    )
    return policy


# --- Nominations and selection --------------------------------------------------------------


@transaction.atomic
def nominate(*, by: Any, organisation: Organisation, nominee: Any, why: str) -> Nomination:
    """A teacher, counselor or peer proposes a student of the organisation."""
    if not permissions.can_nominate(by, organisation.id):
        raise PermissionDenied(_("You may not nominate peer supporters here."))
    if nominee.pk == by.pk:
        raise ValidationError({"nominee": _("Nobody can nominate themselves.")})
    if not has_role(nominee, organisation.id, Role.STUDENT):
        raise ValidationError(
            {"nominee": _("Only students of this organisation can be nominated.")}
        )
    why = (why or "").strip()
    if not why:
        raise ValidationError({"why": _("Say in a few words why this student.")})
    if len(why) > 500:
        raise ValidationError({"why": _("Keep it under 500 characters.")})
    if Nomination.objects.filter(
        organisation=organisation, nominee=nominee, status=NominationStatus.OPEN
    ).exists():
        raise ValidationError({"nominee": _("This student is already waiting for selection.")})
    nomination = Nomination.objects.create(
        organisation=organisation, nominee=nominee, nominated_by=by, why=why
    )
    audit.record(by, "peer.nominated", nomination, data={"nominee": str(nominee.public_id)})
    return nomination


@transaction.atomic
def decide_selection(
    *, by: Any, nomination: Nomination, scores: dict[str, int], decision: str
) -> SelectionRecord:
    """Score the nominee on the rubric and decide. A selected nominee gets the peer
    supporter role (which creates their profile) and moves to "selected"."""
    if not permissions.can_decide_selection(by, nomination):
        raise PermissionDenied(_("You may not decide this selection."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.OPEN:
        raise ValidationError(_("This nomination has already been decided."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose only from the list.")})
    for name in RUBRIC:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({name: _("Score each criterion from 1 to 5.")})
    record = SelectionRecord.objects.create(
        nomination=nomination,
        decision=decision,
        decided_by=by,
        **{name: scores[name] for name in RUBRIC},
    )
    nomination.status = (
        NominationStatus.SELECTED
        if decision == Decision.SELECTED
        else NominationStatus.NOT_SELECTED
    )
    nomination.save(update_fields=["status"])
    if decision == Decision.SELECTED:
        _appoint(by=by, nomination=nomination)
    audit.record(
        by,
        "peer.selection_decided",
        nomination,
        data={"decision": decision, "total": record.total},
    )
    return record


def _appoint(*, by: Any, nomination: Nomination) -> None:
    organisation = nomination.organisation
    if not has_role(nomination.nominee, organisation.id, Role.PEER_SUPPORTER):
        accounts.grant_role(
            by=by, user=nomination.nominee, organisation=organisation, role=Role.PEER_SUPPORTER
        )
    profile = PeerProfile.objects.get(organisation=organisation, user=nomination.nominee)
    if profile.status == PeerStatus.ALUMNI:
        transition(by=by, profile=profile, to=PeerStatus.CANDIDATE, reason=_("Nominated again"))
        profile.refresh_from_db()
    if profile.status == PeerStatus.CANDIDATE:
        transition(by=by, profile=profile, to=PeerStatus.SELECTED, reason=_("Selected"))


# --- Expiry reminders -----------------------------------------------------------------------


def send_expiry_reminders(*, today: date | None = None) -> int:
    """Remind each peer and the coordinators, once per expiry date, that a certificate
    expires within the organisation's reminder period. "Today" is each organisation's own
    day (a school in Jayapura is two hours ahead of the server) unless `today` is given."""
    around = today or timezone.localdate()
    count = 0
    # A day either side of the server's: every organisation's today lies inside.
    due = PeerProfile.objects.filter(
        status__in=[PeerStatus.CERTIFIED, PeerStatus.ACTIVE, PeerStatus.PAUSED],
        certified_until__gte=around - timedelta(days=1),
        certified_until__lte=around + timedelta(days=181),
    ).select_related("organisation", "user")
    for profile in due:
        policy = ProgrammePolicy.objects.filter(organisation_id=profile.organisation_id).first()
        days = policy.reminder_days if policy else ProgrammePolicy().reminder_days
        local_today = today or profile.organisation.today()
        expires = profile.certified_until
        if expires is None or not local_today <= expires <= local_today + timedelta(days=days):
            continue
        if profile.expiry_reminded_for == profile.certified_until:
            continue
        with transaction.atomic():
            locked = PeerProfile.objects.select_for_update().get(pk=profile.pk)
            if locked.expiry_reminded_for == locked.certified_until:
                continue
            locked.expiry_reminded_for = locked.certified_until
            locked.save(update_fields=["expiry_reminded_for"])
            coordinators = list(members_with_roles(profile.organisation_id, [Role.COORDINATOR]))
            notify(
                [profile.user],
                kind=Kind.PEER_CERTIFICATE_EXPIRING,
                organisation=profile.organisation,
                link=reverse("peer_me"),
            )
            notify(
                [u for u in coordinators if u.pk != profile.user_id],
                kind=Kind.PEER_CERTIFICATE_EXPIRING,
                organisation=profile.organisation,
                link=reverse("peer_profile", args=[profile.pk]),
            )
            audit.record(
                None,
                "peer.expiry_reminded",
                locked,
                data={"certified_until": str(locked.certified_until)},
            )
        count += 1
    return count


# --- Supervision ----------------------------------------------------------------------------


def supervisors_of(profile: PeerProfile) -> list[Any]:
    """Who supervises a peer: the counselor the lead chose, while they still counsel in
    the organisation; otherwise the organisation's coordinators."""
    if profile.supervisor_id is not None:
        chosen = members_with_roles(
            profile.organisation_id, [Role.COUNSELOR, Role.COORDINATOR]
        ).filter(pk=profile.supervisor_id)
        found = list(chosen)
        if found:
            return found
    return list(members_with_roles(profile.organisation_id, [Role.COORDINATOR]))


@transaction.atomic
def set_supervisor(*, by: Any, profile: PeerProfile, supervisor: Any) -> PeerProfile:
    """The lead chooses the counselor who supervises a peer (None: the coordinators)."""
    if not permissions.can_change_status(by, profile):
        raise PermissionDenied(_("You may not change this peer supporter's supervisor."))
    if supervisor is not None and not (
        has_role(supervisor, profile.organisation_id, Role.COUNSELOR)
        or has_role(supervisor, profile.organisation_id, Role.COORDINATOR)
    ):
        raise ValidationError(
            {"supervisor": _("Choose a counselor or coordinator of this organisation.")}
        )
    profile.supervisor = supervisor
    profile.save(update_fields=["supervisor", "updated_at"])
    audit.record(
        by,
        "peer.supervisor_set",
        profile,
        data={"supervisor": str(supervisor.public_id) if supervisor else None},
    )
    return profile


def open_debriefs(
    *, by: Any, organisation_id: Any, case_id: Any, peer_user_ids: list[Any]
) -> list[DebriefPrompt]:
    """A case the peers supported was escalated to counselors: each peer's supervisor is
    asked to debrief them. Called by `cases` inside its transaction; a peer who already
    has an open prompt for the case gets no second one."""
    profiles = PeerProfile.objects.filter(
        organisation_id=organisation_id, user_id__in=peer_user_ids
    ).select_related("organisation")
    opened = []
    for profile in profiles:
        if DebriefPrompt.objects.filter(
            profile=profile, case_id=case_id, discussed_at__isnull=True
        ).exists():
            continue
        prompt = DebriefPrompt.objects.create(
            organisation_id=organisation_id,
            profile=profile,
            case_id=case_id,
            reference=case_reference(case_id),
        )
        audit.record(by, "peer.debrief_opened", prompt, data={"case": str(case_id)})
        notify(
            supervisors_of(profile),
            kind=Kind.PEER_CASE_FLAGGED,
            organisation=profile.organisation,
            link=reverse("peer_supervision"),
        )
        opened.append(prompt)
    return opened


def record_supervised(
    *,
    by: Any,
    profiles: list[PeerProfile],
    day: date,
    activity_id: Any,
    case_ids: list[Any],
) -> int:
    """A supervision session took place: its peers count as supervised on that day, and
    the debriefs of the cases it discussed are closed. Called by the supervision service
    of `activities` inside its transaction; returns how many debriefs were closed."""
    ids = [p.pk for p in profiles]
    for profile in PeerProfile.objects.select_for_update().filter(pk__in=ids):
        if profile.last_supervised_on is None or profile.last_supervised_on < day:
            profile.last_supervised_on = day
            profile.save(update_fields=["last_supervised_on"])
    closed = DebriefPrompt.objects.filter(
        profile_id__in=ids, case_id__in=case_ids, discussed_at__isnull=True
    ).update(discussed_at=timezone.now(), discussed_in=activity_id)
    if profiles:
        audit.record(
            by,
            "peer.supervised",
            profiles[0].organisation,
            organisation=profiles[0].organisation,
            data={"activity": str(activity_id), "peers": len(ids), "debriefs_closed": closed},
        )
    return closed
