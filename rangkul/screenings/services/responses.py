"""Answering: saving drafts as people go, submitting once, and reading results.

Every save re-checks the answers with the engine and looks for critical answers, so a
crisis answer in an unfinished draft raises the alert on that very save (once per
response). Submitting scores the answers with the campaign's band scheme and completes
the assignment in the same transaction; a second submission is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib import statements
from rangkul.safety import services as safety
from rangkul.safety.models import AlertSource, Severity
from rangkul.screenings import catalogue, peer_checks, permissions, queries
from rangkul.screenings.engine import (
    CriticalReason,
    Instrument,
    ScoringError,
    partial_critical,
    score,
    to_fhir_questionnaire_response,
    validate_answers,
)
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    ResponseStatus,
    ScreeningResponse,
)
from rangkul.screenings.problems import AlreadySubmitted, AnswerError
from rangkul.screenings.services import anonymous


@dataclass
class Saved:
    response: ScreeningResponse
    instrument: Instrument
    critical: list[CriticalReason]
    # True when this save added a critical answer: the respondent sees the crisis screen.
    newly_critical: bool = False
    dropped: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.response.answers)

    @property
    def asked(self) -> list[str]:
        return asked_items(self.instrument, self.response.answers)


def asked_items(instrument: Instrument, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the items asked given these answers (conditional ones only once they apply)."""
    effective: dict[str, int] = {}
    asked: list[str] = []
    for item in instrument.items:
        if item.required_if is None or item.required_if.holds(effective):
            asked.append(item.id)
            value = answers.get(item.id)
            if isinstance(value, int) and not isinstance(value, bool):
                effective[item.id] = value
        elif item.value_if_not_asked is not None:
            effective[item.id] = item.value_if_not_asked
    return asked


# --- shared steps ---------------------------------------------------------------------------


def _check_can_answer(by: Any, assignment: Assignment, instrument: Instrument) -> None:
    if not permissions.can_answer(by, assignment, entered_by_staff=instrument.entered_by_staff):
        raise PermissionDenied(_("You may not answer this questionnaire."))
    campaign = assignment.campaign
    if not campaign.is_open_on(campaign.organisation.today()):
        raise ValidationError(_("This questionnaire is not open now."))


def _lock(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status == AssignmentStatus.COMPLETED:
        raise AlreadySubmitted()
    return locked


def _merge(
    instrument: Instrument,
    current: Mapping[str, Any],
    incoming: Mapping[str, Any],
    *,
    strict: bool,
) -> tuple[dict[str, Any], list[str]]:
    """Merge new answers into a draft; refuse bad ones, drop answers no longer asked.

    `strict` (the API) refuses an answer to a question the earlier answers hide; the
    form (not strict) posts every checked button, including hidden ones, so those are
    dropped instead.
    """
    merged = {k: v for k, v in {**current, **incoming}.items() if v is not None}
    problems = validate_answers(instrument, merged, complete=False)
    # A key that is no question is refused even when it clears (None): it would otherwise
    # be saved in the audit trail's list of items.
    known = {item.id for item in instrument.items}
    cleared = [
        {"item": str(k), "code": "unknown_item", "message": f"is not an item of {instrument.code}"}
        for k, v in incoming.items()
        if v is None and k not in known
    ]
    refused = cleared + [
        p
        for p in problems
        if p["code"] in ("invalid_value", "unknown_item")
        or (strict and p["code"] == "not_applicable" and p["item"] in incoming)
    ]
    if refused:
        raise AnswerError(instrument, refused)
    dropped: list[str] = []
    # Conditions only look back, so each pass settles at least one more item.
    while stale := [p["item"] for p in problems if p["code"] == "not_applicable"]:
        for item_id in stale:
            merged.pop(item_id, None)
            dropped.append(item_id)
        problems = validate_answers(instrument, merged, complete=False)
    return merged, dropped


_UNKNOWN: Any = object()


def _response_for(
    by: Any, assignment: Assignment, lang: str, draft: Any = _UNKNOWN
) -> ScreeningResponse:
    """The draft of this assignment, started with the wording shown now. `draft` is the
    draft when the caller already knows it (None: there is none)."""
    campaign = assignment.campaign
    if campaign.anonymous:
        response = anonymous.claim_draft(assignment)
    else:
        found = queries.draft_of(assignment) if draft is _UNKNOWN else draft
        response = found or ScreeningResponse(
            organisation_id=assignment.organisation_id,
            campaign=campaign,
            assignment=assignment,
            person=assignment.person,
            status=ResponseStatus.DRAFT,
            started_at=timezone.now(),
        )
    if not response.wording_hash:
        wording = catalogue.presented(
            campaign.organisation_id,
            campaign.instrument_code,
            lang,
            campaign.custom_instrument,
            override_hint=getattr(assignment, "_override_hint", None),
        )
        response.instrument_code = wording.instrument.code
        response.instrument_version = wording.instrument.version
        response.custom_instrument = campaign.custom_instrument
        response.language = wording.language
        response.wording_source = wording.source
        response.wording_override = wording.override
        response.translation_status = wording.translation_status
        response.wording_hash = wording.hash
    if not campaign.anonymous:
        response.entered_by = by
    return response


def _alert_once(by: Any, response: ScreeningResponse, reasons: list[CriticalReason]) -> None:
    """One urgent alert per identified response, raised in the caller's transaction."""
    if not reasons or response.alert_id is not None or response.person_id is None:
        return
    response.alert = safety.raise_alert(
        organisation=response.campaign.organisation,
        severity=Severity.URGENT,
        source=AlertSource.SCREENING,
        person=response.person,
        case=response.campaign.case,
        by=by,
        evidence={
            "response": str(response.pk),
            "campaign": str(response.campaign_id),
            "instrument": response.instrument_code,
            "items": [r.item for r in reasons],
        },
    )
    if response.assignment_id is not None:
        peer_checks.tell_supervisor(response)


def _audit_write(by: Any, verb: str, response: ScreeningResponse, data: dict[str, Any]) -> None:
    organisation = response.campaign.organisation
    if response.person_id is None:
        # Anonymous: the event names the campaign, never the response.
        audit.record(
            by, f"screening.anonymous_{verb}", response.campaign, organisation=organisation
        )
    else:
        audit.record(by, f"screening.{verb}", response, organisation=organisation, data=data)


def _save(response: ScreeningResponse) -> None:
    """Save; a new row that meets a draft saved at the same moment takes its place."""
    if not response._state.adding or response.assignment_id is None:
        response.save()
        return
    # A plain INSERT that skips a row meeting the unique assignment (no savepoint, and SQL
    # built once: lib/statements.py).
    if statements.insert([response], skip_conflicts=True) == 0:
        try:
            existing = ScreeningResponse.objects.get(assignment_id=response.assignment_id)
        except ScreeningResponse.DoesNotExist:
            # Skipped for another constraint than the assignment's: fail as save() would.
            raise IntegrityError("the screening response could not be written") from None
        response.pk, response.started_at = existing.pk, existing.started_at
        response._state.adding = False
        response.save(force_update=True)


# --- services -------------------------------------------------------------------------------


def save_answers(
    *, by: Any, assignment: Assignment, answers: Mapping[str, Any], lang: str, strict: bool = True
) -> Saved:
    """Save answers into the draft (a value of None clears an answer)."""
    instrument = queries.campaign_instrument(assignment.campaign)
    _check_can_answer(by, assignment, instrument)
    with transaction.atomic():
        _lock(assignment)
        response = _response_for(by, assignment, lang)
        before = dict(response.answers)
        merged, dropped = _merge(instrument, before, answers, strict=strict)
        reasons = partial_critical(instrument, merged)
        earlier = {r.item for r in partial_critical(instrument, before)}
        newly = any(r.item not in earlier for r in reasons)
        if merged != before or response._state.adding:
            response.answers = merged
            response.critical = bool(reasons)
            response.status = ResponseStatus.DRAFT
            _alert_once(by, response, reasons)
            response.save()
            _audit_write(by, "answers_saved", response, {"items": sorted(answers)})
    return Saved(response, instrument, reasons, newly, dropped)


def submit_answers(
    *,
    by: Any,
    assignment: Assignment,
    answers: Mapping[str, Any] | None = None,
    lang: str,
    strict: bool = True,
) -> ScreeningResponse:
    """Score the complete answers and complete the assignment; refused a second time."""
    campaign = assignment.campaign
    instrument = queries.campaign_instrument(campaign)
    _check_can_answer(by, assignment, instrument)
    today = campaign.organisation.today()
    known, draft = queries.read_with_draft(assignment)
    # The submission's audit event, and an alert's and its ladder's, in one INSERT at the
    # end of the transaction.
    with transaction.atomic(), audit.batched():
        # Completing the assignment is the lock: one conditional UPDATE takes the row and
        # refuses a second submission (nothing is kept if anything below fails).
        claimed = statements.update(
            Assignment,
            values={"status": AssignmentStatus.COMPLETED, "completed_on": today},
            where={"pk": assignment.pk, "status": AssignmentStatus.PENDING},
        )
        if not claimed:
            raise AlreadySubmitted()
        # A draft read before the lock may have changed since: read it again under the
        # lock. No draft then means none now, or a concurrent first save (the unique
        # assignment of a response refuses the second row; see _save_new).
        response = _response_for(
            by, assignment, lang, _UNKNOWN if (not known or draft is not None) else None
        )
        merged, _dropped = _merge(instrument, response.answers, answers or {}, strict=strict)
        scheme = campaign.band_scheme if instrument.band_scheme(campaign.band_scheme) else None
        try:
            result = score(instrument, merged, band_scheme=scheme)
        except ScoringError as exc:
            raise AnswerError(instrument, exc.problems) from exc
        stored = result.to_dict()
        stored.pop("answers")
        response.answers = merged
        response.result = stored
        response.score = float(result.score) if result.score is not None else None
        response.band_code = result.band.code if result.band else ""
        response.critical = result.critical
        response.status = ResponseStatus.SUBMITTED
        response.submitted_on = today
        if campaign.anonymous:
            response.draft_key = None
        else:
            response.submitted_at = timezone.now()
        _alert_once(by, response, list(result.critical_reasons))
        _save(response)
        assignment.status, assignment.completed_on = AssignmentStatus.COMPLETED, today
        _audit_write(
            by,
            "response_submitted",
            response,
            {"campaign": str(campaign.pk), "band": response.band_code, "critical": result.critical},
        )
    return response


# --- reading results (audited) --------------------------------------------------------------


def open_response(*, by: Any, pk: object) -> ScreeningResponse:
    """A response for reading; every view of a result leaves an audit event."""
    response = queries.get_response_for(by, pk)
    audit.record(
        by,
        "screening.response_viewed",
        response,
        data={"campaign": str(response.campaign_id), "person": str(response.person_id)},
    )
    return response


def export_response_fhir(*, by: Any, pk: object) -> dict[str, Any]:
    """The response as a FHIR R4B QuestionnaireResponse, in the wording it was given in."""
    response = queries.get_response_for(by, pk)
    if not permissions.can_view_scores(by, response):
        # The export carries scores and bands, which are for staff.
        raise Http404
    wording = catalogue.wording_of_response(response)
    authored = response.submitted_at or response.started_at or timezone.now()
    resource = to_fhir_questionnaire_response(
        wording.instrument,
        response.answers,
        response_id=str(response.pk),
        authored=authored,
        subject_reference=f"Patient/{response.person_id}",
        lang=wording.language,
    )
    audit.record(
        by,
        "screening.response_exported",
        response,
        data={"format": "fhir-r4b", "person": str(response.person_id)},
    )
    return resource


def open_person_results(*, by: Any, person: Any) -> dict[str, list[ScreeningResponse]]:
    history = queries.person_history(by, person)
    audit.record(
        by,
        "screening.response_viewed",
        person,
        data={"responses": [str(r.pk) for rows in history.values() for r in rows]},
    )
    return history
