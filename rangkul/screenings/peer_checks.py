"""Questionnaires the peer programme asks of its peer supporters.

- The wellbeing check-in (`instruments/programme/peer_wellbeing.yaml`): every two weeks
  (a scheduled job) each active peer is asked a short questionnaire. A worrying answer is a
  critical item, so the response raises an urgent alert through the ordinary ladder like any
  student's; this module then tells the peer's supervisor. Results are read through the
  screenings pages (staff who work cases; never peers), the lead sees completion.
- The competency self-assessment (`instruments/programme/peer_competency.yaml`): asked when a
  peer enters training ("before"), when they are certified the first time ("after") and at
  each renewal. `peers.services.transition` calls `on_status_changed` through `peers.hooks`.

Both are stored in each organisation as one of its own questionnaires (a CustomInstrument
made from the file the first time it is needed), so the coordinator may replace one with
a new version, or switch it off, like any other questionnaire of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.urls import reverse

from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib import suppression
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.peers import queries as peer_queries
from rangkul.peers import services as peer_services
from rangkul.peers.models import PeerProfile, PeerStatus, PeerStatusChange
from rangkul.people.models import Person
from rangkul.screenings.engine import load_file
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    CustomInstrument,
    PeerCheck,
    PeerCheckKind,
    PeerCheckPhase,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
    Target,
)

PROGRAMME_DIR = Path(__file__).resolve().parent / "instruments" / "programme"
WELLBEING, COMPETENCY = "peer_wellbeing", "peer_competency"
CODES = {PeerCheckKind.WELLBEING: WELLBEING, PeerCheckKind.COMPETENCY: COMPETENCY}
DOMAINS = ("empathy", "listening", "confidence", "referral")

# How often active peers are asked how they are, and how long each check-in stays open.
WELLBEING_EVERY_DAYS = 14
OPEN_DAYS = 7
# Statuses in which a peer is asked the wellbeing check-in.
CHECKED_STATUSES = (PeerStatus.CERTIFIED, PeerStatus.ACTIVE)

TITLES: dict[tuple[str, str], str] = {
    (PeerCheckKind.WELLBEING, PeerCheckPhase.PERIODIC): "Cek kabar konselor sebaya",
    (PeerCheckKind.COMPETENCY, PeerCheckPhase.BEFORE): "Penilaian diri kompetensi: awal pelatihan",
    (PeerCheckKind.COMPETENCY, PeerCheckPhase.AFTER): "Penilaian diri kompetensi: akhir pelatihan",
    (PeerCheckKind.COMPETENCY, PeerCheckPhase.RENEWAL): "Penilaian diri kompetensi: perpanjangan",
}


def _definition(code: str) -> dict[str, Any]:
    with (PROGRAMME_DIR / f"{code}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def instrument_row(organisation_id: Any, code: str, *, by: Any) -> CustomInstrument | None:
    """The organisation's current version of a programme questionnaire, made from the
    shipped file the first time; None when the coordinator switched it off."""
    rows = CustomInstrument.objects.filter(organisation_id=organisation_id, code=code)
    current = rows.filter(is_active=True).order_by("-created_at").first()
    if current is not None or rows.exists():
        return current
    instrument = load_file(PROGRAMME_DIR / f"{code}.yaml")
    row = CustomInstrument.objects.create(
        organisation_id=organisation_id,
        code=instrument.code,
        version=instrument.version,
        name=instrument.name.get("id") or instrument.code,
        definition=_definition(code),
        created_by=by,
    )
    audit.record(
        by,
        "screening.questionnaire_saved",
        row,
        data={"code": row.code, "version": row.version, "programme": True},
    )
    return row


def _campaign(
    organisation: Any, row: CustomInstrument, title: str, today: date, *, by: Any
) -> ScreeningCampaign:
    return ScreeningCampaign.objects.create(
        organisation=organisation,
        title=title,
        instrument_code=row.code,
        instrument_version=row.version,
        custom_instrument=row,
        band_scheme="programme",
        target=Target.PEOPLE,
        opens_on=today,
        closes_on=today + timedelta(days=OPEN_DAYS),
        created_by=by,
    )


def _person_of(profile: PeerProfile) -> Person | None:
    return Person.objects.filter(
        organisation_id=profile.organisation_id, user_id=profile.user_id
    ).first()


def _ask(
    campaign: ScreeningCampaign, profile: PeerProfile, kind: str, phase: str
) -> PeerCheck | None:
    person = _person_of(profile)
    if person is None:
        return None
    assignment = Assignment.objects.create(
        organisation_id=campaign.organisation_id, campaign=campaign, person=person
    )
    return PeerCheck.objects.create(
        organisation_id=campaign.organisation_id,
        profile=profile,
        kind=kind,
        phase=phase,
        assignment=assignment,
    )


# --- The wellbeing check-in -----------------------------------------------------------------


def open_wellbeing_checkins(*, today: date | None = None) -> int:
    """Ask each active peer who was not asked in the last two weeks; returns how many were
    asked. Run daily by the scheduler; an organisation without a coordinator is skipped
    (the check-in is the coordinator's questionnaire)."""
    asked = 0
    profiles = PeerProfile.objects.filter(status__in=CHECKED_STATUSES).select_related(
        "organisation", "user"
    )
    by_org: dict[Any, list[PeerProfile]] = {}
    for profile in profiles:
        by_org.setdefault(profile.organisation_id, []).append(profile)
    for org_profiles in by_org.values():
        organisation = org_profiles[0].organisation
        day = today or organisation.today()
        since = day - timedelta(days=WELLBEING_EVERY_DAYS - 1)
        recent = set(
            PeerCheck.objects.filter(
                organisation=organisation,
                kind=PeerCheckKind.WELLBEING,
                assignment__campaign__opens_on__gte=since,
            ).values_list("profile_id", flat=True)
        )
        due = [p for p in org_profiles if p.pk not in recent and p.is_matchable_on(day)]
        if not due:
            continue
        lead = members_with_roles(organisation.id, [Role.COORDINATOR]).first()
        if lead is None:
            continue
        with transaction.atomic():
            row = instrument_row(organisation.id, WELLBEING, by=lead)
            if row is None:
                continue
            key = (PeerCheckKind.WELLBEING, PeerCheckPhase.PERIODIC)
            campaign = _campaign(organisation, row, TITLES[key], day, by=lead)
            checks = [c for p in due if (c := _ask(campaign, p, *key)) is not None]
            audit.record(
                None,
                "screening.peer_checkins_opened",
                campaign,
                organisation=organisation,
                data={"peers": len(checks)},
            )
            notify(
                [c.profile.user for c in checks],
                kind=Kind.PEER_CHECK_WAITING,
                organisation=organisation,
                link=reverse("my_questionnaires"),
            )
        asked += len(checks)
    return asked


def tell_supervisor(response: ScreeningResponse) -> None:
    """A wellbeing check-in raised an alert: the peer's supervisor is told, on top of the
    alert's own ladder. Runs in the response's transaction."""
    # Only the check-in's own questionnaire: other alerted submissions cost no query here.
    if response.assignment_id is None or response.instrument_code != WELLBEING:
        return
    check = (
        PeerCheck.objects.filter(assignment_id=response.assignment_id, kind=PeerCheckKind.WELLBEING)
        .select_related("profile__organisation")
        .first()
    )
    if check is None:
        return
    supervisors = peer_services.supervisors_of(check.profile)
    notify(
        supervisors,
        kind=Kind.PEER_WELLBEING_FLAGGED,
        organisation=check.profile.organisation,
        link=reverse("screening_response", args=[response.pk]),
    )
    audit.record(
        None,
        "screening.peer_supervisor_told",
        response,
        organisation=check.profile.organisation,
        data={"supervisors": len(supervisors)},
    )


# --- The competency self-assessment ---------------------------------------------------------


def _phase_of(profile: PeerProfile, old: str, new: str) -> str | None:
    if new == PeerStatus.IN_TRAINING:
        return PeerCheckPhase.BEFORE
    if new != PeerStatus.CERTIFIED:
        return None
    earlier = PeerStatusChange.objects.filter(
        profile=profile, to_status=PeerStatus.CERTIFIED
    ).count()
    # The move being made is already in the history: one row means the first time.
    return PeerCheckPhase.AFTER if earlier <= 1 else PeerCheckPhase.RENEWAL


def on_status_changed(profile: PeerProfile, old: str, new: str, *, by: Any) -> None:
    """Registered with `peers.hooks`: ask the competency self-assessment before training,
    after it and at each renewal, in the transition's transaction."""
    phase = _phase_of(profile, old, new)
    if phase is None:
        return
    row = instrument_row(profile.organisation_id, COMPETENCY, by=by)
    if row is None:
        return
    organisation = profile.organisation
    key = (PeerCheckKind.COMPETENCY, phase)
    campaign = _campaign(organisation, row, TITLES[key], organisation.today(), by=by)
    check = _ask(campaign, profile, *key)
    if check is None:
        return
    audit.record(by, "screening.peer_self_assessment_asked", check, data={"phase": phase})
    notify(
        [profile.user],
        kind=Kind.PEER_CHECK_WAITING,
        organisation=organisation,
        link=reverse("my_questionnaires"),
    )


# --- Reading: completion, supervisors' results, cohorts -------------------------------------


@dataclass
class CheckRow:
    check: PeerCheck
    response: ScreeningResponse | None

    @property
    def done(self) -> bool:
        return self.check.assignment.status == AssignmentStatus.COMPLETED


def wellbeing_completion(organisation_id: Any, since: date) -> tuple[int, int]:
    """(asked, completed) wellbeing check-ins opened since a day: what the lead sees."""
    rows = PeerCheck.objects.filter(
        organisation_id=organisation_id,
        kind=PeerCheckKind.WELLBEING,
        assignment__campaign__opens_on__gte=since,
    ).values_list("assignment__status", flat=True)
    statuses = list(rows)
    return len(statuses), sum(1 for s in statuses if s == AssignmentStatus.COMPLETED)


def wellbeing_for_supervisor(user: Any, organisation_id: Any, since: date) -> list[CheckRow]:
    """The wellbeing check-ins of the peers this user supervises, with their results."""
    mine = [p.pk for p in peer_queries.supervised_by(user, organisation_id)]
    checks = list(
        PeerCheck.objects.filter(
            organisation_id=organisation_id,
            kind=PeerCheckKind.WELLBEING,
            profile_id__in=mine,
            assignment__campaign__opens_on__gte=since,
        ).select_related("profile__user", "assignment__campaign")
    )
    responses = {
        r.assignment_id: r
        for r in ScreeningResponse.objects.filter(
            assignment_id__in=[c.assignment_id for c in checks],
            status=ResponseStatus.SUBMITTED,
        )
    }
    return [CheckRow(c, responses.get(c.assignment_id)) for c in checks]


@dataclass
class CohortRow:
    """One cohort of peers (the year they started training) and the mean score per
    domain before training and after it, each shown only with enough peers behind it."""

    cohort: int
    before_n: int
    after_n: int
    before: dict[str, float | None]
    after: dict[str, float | None]
    change: float | None


def _subscale_means(responses: list[dict[str, Any]]) -> dict[str, float | None]:
    means: dict[str, float | None] = {}
    for domain in DOMAINS:
        values = [
            r["subscales"][domain]["value"]
            for r in responses
            if r.get("subscales", {}).get(domain, {}).get("value") is not None
        ]
        shown = suppression.mean(values)
        means[domain] = None if shown is None else round(float(shown), 2)
    return means


def _competency_results(org_ids: Any) -> dict[Any, dict[str, tuple[date, dict[str, Any]]]]:
    """Per peer: the first "before" and the latest "after"/"renewal" result."""
    rows = (
        PeerCheck.objects.filter(
            organisation_id__in=list(org_ids),
            kind=PeerCheckKind.COMPETENCY,
            assignment__status=AssignmentStatus.COMPLETED,
        )
        .select_related("assignment__response")
        .order_by("created_at")
    )
    found: dict[Any, dict[str, tuple[date, dict[str, Any]]]] = {}
    for check in rows:
        response = getattr(check.assignment, "response", None)
        if response is None or response.status != ResponseStatus.SUBMITTED or not response.result:
            continue
        day = response.submitted_on or check.created_at.date()
        mine = found.setdefault(check.profile_id, {})
        if check.phase == PeerCheckPhase.BEFORE:
            mine.setdefault("before", (day, response.result))
        else:
            mine["after"] = (day, response.result)
    return found


def competency_cohorts(org_ids: Any) -> list[CohortRow]:
    """Mean per domain before and after training, per cohort (the year of the "before"
    self-assessment); means need at least five peers, like every rate in the reports."""
    by_cohort: dict[int, dict[str, list[dict[str, Any]]]] = {}
    changes: dict[int, list[float]] = {}
    for results in _competency_results(org_ids).values():
        if "before" not in results:
            continue
        year = results["before"][0].year
        bucket = by_cohort.setdefault(year, {"before": [], "after": []})
        bucket["before"].append(results["before"][1])
        if "after" in results:
            bucket["after"].append(results["after"][1])
            changes.setdefault(year, []).append(
                float(results["after"][1]["score"]) - float(results["before"][1]["score"])
            )
    rows = []
    for year in sorted(by_cohort):
        bucket = by_cohort[year]
        diffs = changes.get(year, [])
        rows.append(
            CohortRow(
                cohort=year,
                before_n=len(bucket["before"]),
                after_n=len(bucket["after"]),
                before=_subscale_means(bucket["before"]),
                after=_subscale_means(bucket["after"]),
                change=_rounded(suppression.mean(diffs)),
            )
        )
    return rows


def competency_change(org_ids: Any, start: date, end: date) -> float | None:
    """Mean change of the total score from before training to the latest self-assessment
    after it, for peers whose later one falls in the period (at least five peers)."""
    diffs = [
        float(r["after"][1]["score"]) - float(r["before"][1]["score"])
        for r in _competency_results(org_ids).values()
        if "before" in r and "after" in r and start <= r["after"][0] <= end
    ]
    return _rounded(suppression.mean(diffs))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
