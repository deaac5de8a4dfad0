"""Every read of screening settings, campaigns, assignments and responses, already
scoped to the reader. An object the reader may not see is a 404."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from rangkul.audit import services as audit
from rangkul.cases.models import OPEN_STATUSES
from rangkul.cases.queries import visible_cases
from rangkul.lib.api import Listing
from rangkul.lib.prepared import Prepared
from rangkul.lib.scoping import get_in_scope, parse_uuid
from rangkul.screenings import aggregates, catalogue, permissions
from rangkul.screenings.engine import Instrument
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    CustomInstrument,
    InstrumentSetting,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
    WordingOverride,
)

# --- Instruments available to an organisation ----------------------------------------------


@dataclass
class Available:
    """One instrument as an organisation sees it in its settings and launch form."""

    code: str
    instrument: Instrument
    enabled: bool
    band_scheme: str
    custom: CustomInstrument | None = None
    override: WordingOverride | None = None

    @property
    def key(self) -> str:
        """The launch form's value: a shipped code, or `custom:<pk>`."""
        return f"custom:{self.custom.pk}" if self.custom is not None else self.code

    @property
    def id_unofficial(self) -> bool:
        language = self.instrument.languages.get("id")
        return language is not None and language.status == "unofficial"


def enabled_by_default(instrument: Instrument) -> bool:
    """Shipped instruments whose Indonesian wording nobody validated start switched off."""
    language = instrument.languages.get("id")
    return language is None or language.status == "published"


def instrument_settings(organisation_id: Any) -> dict[str, InstrumentSetting]:
    return {
        s.instrument_code: s
        for s in InstrumentSetting.objects.filter(organisation_id=organisation_id)
    }


def latest_custom_instruments(organisation_id: Any) -> list[CustomInstrument]:
    """The newest version of each of the organisation's own questionnaires."""
    latest: dict[str, CustomInstrument] = {}
    rows = CustomInstrument.objects.filter(organisation_id=organisation_id).order_by(
        "code", "-created_at"
    )
    for row in rows:
        latest.setdefault(row.code, row)
    return list(latest.values())


def available_instruments(organisation_id: Any, *, only_enabled: bool = False) -> list[Available]:
    settings = instrument_settings(organisation_id)
    overrides = {
        o.instrument_code: o
        for o in WordingOverride.objects.filter(
            organisation_id=organisation_id, is_current=True, language="id"
        )
    }
    found: list[Available] = []
    for code, instrument in sorted(catalogue.shipped().items()):
        setting = settings.get(code)
        enabled = setting.enabled if setting else enabled_by_default(instrument)
        scheme = setting.band_scheme if setting and setting.band_scheme else ""
        found.append(Available(code, instrument, enabled, scheme, override=overrides.get(code)))
    for row in latest_custom_instruments(organisation_id):
        found.append(Available(row.code, catalogue.custom_instrument(row), row.is_active, "", row))
    return [a for a in found if a.enabled or not only_enabled]


def find_available(organisation_id: Any, key: str) -> Available | None:
    return next(
        (a for a in available_instruments(organisation_id, only_enabled=True) if a.key == key),
        None,
    )


def visible_custom_instruments(
    user: Any, organisation_id: Any = None
) -> QuerySet[CustomInstrument]:
    qs = CustomInstrument.objects.filter(permissions.custom_instrument_filter(user))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


def get_custom_instrument_for(user: Any, pk: object) -> CustomInstrument:
    return get_in_scope(visible_custom_instruments(user), pk)


def custom_by_code(user: Any, code: str, organisation_id: Any) -> CustomInstrument | None:
    """The newest active version of an organisation's own questionnaire, for its members."""
    return (
        visible_custom_instruments(user, organisation_id)
        .filter(code=code, is_active=True)
        .order_by("-created_at")
        .first()
    )


# --- Campaigns ------------------------------------------------------------------------------


def visible_campaigns(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[ScreeningCampaign]:
    qs = ScreeningCampaign.objects.filter(permissions.campaign_filter(user))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("organisation", "cohort", "group", "custom_instrument")


def aggregate_campaigns(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[ScreeningCampaign]:
    """Campaigns whose band distribution the user may see (names never)."""
    qs = ScreeningCampaign.objects.filter(permissions.campaign_aggregate_filter(user))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("organisation", "cohort", "group", "custom_instrument")


def get_campaign_for(user: Any, pk: object) -> ScreeningCampaign:
    return get_in_scope(visible_campaigns(user), pk)


def get_campaign_aggregate_for(user: Any, pk: object) -> ScreeningCampaign:
    return get_in_scope(aggregate_campaigns(user), pk)


def open_campaigns(user: Any, organisation: Any) -> list[ScreeningCampaign]:
    today = organisation.today()
    return list(
        visible_campaigns(user, organisation.id).filter(
            closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today
        )
    )


def campaign_instrument(campaign: ScreeningCampaign) -> Instrument:
    return catalogue.definition_of(campaign.instrument_code, campaign.custom_instrument)


@dataclass
class Completion:
    assigned: int
    completed: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


def completion(campaign: ScreeningCampaign) -> Completion:
    counts = campaign.assignments.aggregate(
        assigned=Count("id"), completed=Count("id", filter=Q(status=AssignmentStatus.COMPLETED))
    )
    return Completion(counts["assigned"], counts["completed"])


def completions(campaign_ids: list[Any]) -> dict[Any, Completion]:
    rows = (
        Assignment.objects.filter(campaign_id__in=campaign_ids)
        .values("campaign_id")
        .annotate(
            assigned=Count("id"),
            completed=Count("id", filter=Q(status=AssignmentStatus.COMPLETED)),
        )
    )
    return {r["campaign_id"]: Completion(r["assigned"], r["completed"]) for r in rows}


def campaign_assignments(user: Any, campaign: ScreeningCampaign) -> QuerySet[Assignment]:
    """Who was asked and who completed: staff of the campaign only."""
    if not permissions.can_view_campaign(user, campaign):
        return Assignment.objects.none()
    return campaign.assignments.select_related("person", "person__cohort").order_by(
        "person__full_name"
    )


def band_distribution(user: Any, campaign: ScreeningCampaign, lang: str) -> aggregates.Distribution:
    """Submitted results by band; suppressed unless the user may see every result."""
    if not permissions.can_view_campaign_aggregate(user, campaign):
        raise Http404
    instrument = campaign_instrument(campaign)
    scheme = aggregates.scheme_of(instrument, campaign.band_scheme)
    submitted = ScreeningResponse.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED)
    counts = {
        row["band_code"]: row["n"] for row in submitted.values("band_code").annotate(n=Count("id"))
    }
    critical = submitted.filter(critical=True).count()
    return aggregates.distribution(
        instrument,
        scheme,
        counts,
        critical,
        lang,
        suppress=not permissions.sees_small_cells(user, campaign),
    )


def band_distributions(
    user: Any, campaigns: list[ScreeningCampaign], lang: str
) -> dict[Any, aggregates.Distribution]:
    """`band_distribution` of many campaigns in one grouped query (for lists of campaigns)."""
    for campaign in campaigns:
        if not permissions.can_view_campaign_aggregate(user, campaign):
            raise Http404
    rows = (
        ScreeningResponse.objects.filter(
            campaign_id__in=[c.pk for c in campaigns], status=ResponseStatus.SUBMITTED
        )
        .values("campaign_id", "band_code")
        .annotate(n=Count("id"), critical=Count("id", filter=Q(critical=True)))
    )
    counts: dict[Any, dict[str, int]] = {}
    criticals: dict[Any, int] = {}
    for row in rows:
        counts.setdefault(row["campaign_id"], {})[row["band_code"]] = row["n"]
        criticals[row["campaign_id"]] = criticals.get(row["campaign_id"], 0) + row["critical"]
    result = {}
    for campaign in campaigns:
        instrument = campaign_instrument(campaign)
        result[campaign.pk] = aggregates.distribution(
            instrument,
            aggregates.scheme_of(instrument, campaign.band_scheme),
            counts.get(campaign.pk, {}),
            criticals.get(campaign.pk, 0),
            lang,
            suppress=not permissions.sees_small_cells(user, campaign),
        )
    return result


# --- Follow-up ------------------------------------------------------------------------------


@dataclass
class FollowUp:
    person: Any
    response: ScreeningResponse
    band_label: str


def people_with_open_cases(user: Any, person_ids: list[Any]) -> set[Any]:
    """Among these people, those with an open case the user can see."""
    return set(
        visible_cases(user)
        .filter(person_id__in=person_ids, status__in=OPEN_STATUSES)
        .values_list("person_id", flat=True)
    )


def _follow_up_rule(user: Any, campaign: ScreeningCampaign, band: str) -> Q | None:
    """The responses of a campaign that call for a follow-up: a result in `band` or a more
    severe one, or critical. None when the user may not see them (or nobody is named)."""
    if not permissions.can_view_campaign(user, campaign) or campaign.anonymous:
        return None
    instrument = campaign_instrument(campaign)
    scheme = aggregates.scheme_of(instrument, campaign.band_scheme)
    bands = aggregates.at_or_above(instrument, scheme, band)
    return Q(campaign_id=campaign.pk) & (Q(critical=True) | Q(band_code__in=bands))


def _to_follow_up() -> QuerySet[ScreeningResponse]:
    return ScreeningResponse.objects.filter(status=ResponseStatus.SUBMITTED, person__isnull=False)


def follow_up(user: Any, campaign: ScreeningCampaign, band: str, lang: str) -> list[FollowUp]:
    """People whose result is in `band` or a more severe one, or critical, and who have
    no open case (that the user can see)."""
    rule = _follow_up_rule(user, campaign, band)
    if rule is None:
        return []
    scheme = aggregates.scheme_of(campaign_instrument(campaign), campaign.band_scheme)
    responses = list(
        _to_follow_up()
        .filter(rule)
        .select_related("person", "person__cohort")
        .order_by("-critical", "-score")
    )
    with_case = people_with_open_cases(user, [r.person_id for r in responses])
    labels = {b.code: b.label.get(lang, b.code) for b in scheme.bands} if scheme else {}
    rows = [
        FollowUp(r.person, r, labels.get(r.band_code, "—"))
        for r in responses
        if r.person_id not in with_case
    ]
    # The follow-up list names people with their results: its one audit, for the campaign
    # page and the API alike (also when it is empty: the campaign's results were read).
    audit.record(
        user,
        "screening.campaign_viewed",
        campaign,
        data={"count": len(rows), "responses": [str(row.response.pk) for row in rows]},
    )
    return rows


def follow_up_counts(user: Any, campaigns: list[ScreeningCampaign]) -> dict[Any, int]:
    """How many each campaign's follow-up list (`follow_up`, at the campaign's own
    follow-up band) holds, for several campaigns in one grouped query. Only counts: nobody
    is named, so nothing is recorded as read."""
    rules = [_follow_up_rule(user, c, c.follow_up_band) for c in campaigns]
    wanted = [rule for rule in rules if rule is not None]
    if not wanted:
        return {}
    either = wanted[0]
    for rule in wanted[1:]:
        either |= rule
    open_case = visible_cases(user).filter(
        person_id=OuterRef("person_id"), status__in=OPEN_STATUSES
    )
    rows = (
        _to_follow_up()
        .filter(either)
        .exclude(Exists(open_case))
        .values("campaign_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["campaign_id"]: row["n"] for row in rows}


def response_listing(
    user: Any,
    organisation: Any,
    *,
    campaign_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> Listing:
    """The responses list of the API; the page shown is audited."""
    qs = visible_responses(user, organisation.id, campaign_id=campaign_id, person_id=person_id)
    return Listing(
        qs,
        lambda shown: audit.record_list(
            user, "screening.responses_listed", shown, organisation=organisation, key="responses"
        ),
    )


# --- Assignments ----------------------------------------------------------------------------


def _self_report(user: Any, rows: QuerySet[Assignment]) -> list[Assignment]:
    """Only what the user answers themselves: a caregiver report or a staff-administered
    screen about them (ASQ) is staff's to enter, and the answering predicate refuses it."""
    return [
        a
        for a in rows
        if permissions.can_answer(
            user, a, entered_by_staff=campaign_instrument(a.campaign).entered_by_staff
        )
    ]


def my_assignments(user: Any, organisation: Any = None) -> list[Assignment]:
    """The questionnaires the user fills in themselves (in one organisation, or all)."""
    rows = Assignment.objects.filter(permissions.own_assignment_filter(user))
    if organisation is not None:
        rows = rows.filter(organisation_id=organisation.id)
    return _self_report(
        user,
        rows.select_related("campaign", "campaign__custom_instrument", "person").order_by(
            "status", "campaign__closes_on"
        ),
    )


def pending_assignments(user: Any, organisation: Any) -> list[Assignment]:
    """Open questionnaires the user fills in themselves."""
    today = organisation.today()
    return [
        a
        for a in my_assignments(user, organisation)
        if a.status == AssignmentStatus.PENDING and a.campaign.is_open_on(today)
    ]


def _assignment_to_answer(
    pk: uuid.UUID, user_id: int, working: list[Any], lang: str | None = None
) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(
        permissions.answerable_assignment_filter(user_id, working), pk=pk
    ).select_related(
        "campaign", "campaign__organisation", "campaign__custom_instrument", "person", "response"
    )
    if lang is not None:
        qs = qs.annotate(
            _override_id=Subquery(
                WordingOverride.objects.filter(
                    organisation_id=OuterRef("campaign__organisation_id"),
                    instrument_code=OuterRef("campaign__instrument_code"),
                    language=lang,
                    is_current=True,
                )
                .order_by("-created_at")
                .values("pk")[:1]
            )
        )
    return qs


# The submission's first read: compiled once per process (rangkul/lib/prepared.py).
_ASSIGNMENT_TO_ANSWER = Prepared(
    _assignment_to_answer, pk=uuid.UUID, user_id=int, working=[uuid.UUID]
)
_ASSIGNMENT_TO_ANSWER_IN = Prepared(
    _assignment_to_answer, pk=uuid.UUID, user_id=int, working=[uuid.UUID], lang=str
)


def get_assignment_to_answer(user: Any, pk: object, *, lang: str | None = None) -> Assignment:
    """The assignment this user fills in (their own, or one staff enter); else 404.

    Read in one query with what answering needs: the campaign, its organisation, the
    person, the identified draft (if any) and, given `lang`, which validated wording
    override the organisation has for it (`catalogue.presented` then needs no query of
    its own when there is none).
    """
    key = parse_uuid(pk)
    working = permissions.working_organisations(user)
    if lang is None:
        rows = _ASSIGNMENT_TO_ANSWER.run(pk=key, user_id=user.pk, working=working)
    else:
        rows = _ASSIGNMENT_TO_ANSWER_IN.run(pk=key, user_id=user.pk, working=working, lang=lang)
    if not rows:
        raise Http404
    assignment = rows[0]
    if lang is not None:
        assignment._override_hint = (lang, assignment._override_id)  # type: ignore[attr-defined]
    staff = campaign_instrument(assignment.campaign).entered_by_staff
    if not permissions.can_answer(user, assignment, entered_by_staff=staff):
        raise Http404
    return assignment


def wording_to_answer(
    assignment: Assignment, lang: str
) -> tuple[catalogue.Wording, dict[str, Any]]:
    """The wording to show a respondent and the draft answers so far. A started draft
    keeps the wording it was started in, whatever language is asked for now."""
    draft = draft_of(assignment)
    answers = dict(draft.answers) if draft is not None else {}
    if draft is not None and draft.wording_hash:
        return catalogue.wording_of_response(draft), answers
    campaign = assignment.campaign
    wording = catalogue.presented(
        campaign.organisation_id, campaign.instrument_code, lang, campaign.custom_instrument
    )
    return wording, answers


def draft_key(assignment: Assignment) -> str:
    """How an anonymous draft is found again: a keyed hash of the assignment, erased when
    the answers are sent (see services/anonymous.py)."""
    message = f"rangkul.screenings.draft:{assignment.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def draft_of(assignment: Assignment) -> ScreeningResponse | None:
    """The response being filled in for an assignment (identified: also once sent)."""
    if assignment.campaign.anonymous:
        return ScreeningResponse.objects.filter(
            draft_key=draft_key(assignment), status=ResponseStatus.DRAFT
        ).first()
    return ScreeningResponse.objects.filter(assignment=assignment).first()


def read_with_draft(assignment: Assignment) -> tuple[bool, ScreeningResponse | None]:
    """(known, draft): the identified draft read with the assignment, when it was."""
    if assignment.campaign.anonymous or not Assignment.response.related.is_cached(assignment):
        return False, None
    return True, getattr(assignment, "response", None)


# --- Responses ------------------------------------------------------------------------------


def visible_responses(
    user: Any,
    organisation_id: uuid.UUID | None = None,
    *,
    campaign_id: Any = None,
    person_id: Any = None,
) -> QuerySet[ScreeningResponse]:
    qs = ScreeningResponse.objects.filter(permissions.response_filter(user)).exclude(
        status=ResponseStatus.EMPTY
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=campaign_id)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.select_related(
        "person", "person__cohort", "campaign", "custom_instrument", "wording_override"
    ).order_by("-submitted_at", "-started_at")


def get_response_for(user: Any, pk: object) -> ScreeningResponse:
    return get_in_scope(visible_responses(user), pk)


def person_history(user: Any, person: Any) -> dict[str, list[ScreeningResponse]]:
    """A person's submitted results per instrument, oldest first (staff only)."""
    if not permissions.can_view_person_results(user, person):
        raise Http404
    history: dict[str, list[ScreeningResponse]] = {}
    rows = (
        visible_responses(user, person_id=person.pk)
        .filter(status=ResponseStatus.SUBMITTED)
        .order_by("submitted_at")
    )
    for response in rows:
        history.setdefault(response.instrument_code, []).append(response)
    return history
