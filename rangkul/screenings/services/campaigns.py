"""Launching and closing campaigns, and opening a case from the follow-up list."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.cases import permissions as case_permissions
from rangkul.cases import services as case_services
from rangkul.screenings import aggregates, permissions, queries
from rangkul.screenings.models import (
    Assignment,
    CasePhase,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
    Target,
)
from rangkul.screenings.services import anonymous

# Fewer people than this and "anonymous" would mean little.
MIN_ANONYMOUS_PEOPLE = 5
MAX_DAYS_OPEN = 366


def _people_for(
    organisation: Any,
    *,
    cohort: Any,
    group: Any,
    people: Sequence[Any],
    case: Any,
    by: Any,
) -> tuple[str, list[Any]]:
    choices = ((Target.COHORT, cohort), (Target.GROUP, group), (Target.PEOPLE, people),
               (Target.CASE, case))  # fmt: skip
    targets = [target for target, given in choices if given]
    if len(targets) != 1:
        raise ValidationError(_("Choose exactly one: a class, a group, named people or a case."))
    target = targets[0]
    if target == Target.COHORT:
        if cohort.organisation_id != organisation.id:
            raise ValidationError(_("This class belongs to another organisation."))
        return target, list(cohort.members.select_related("user"))
    if target == Target.GROUP:
        if group.organisation_id != organisation.id:
            raise ValidationError(_("This group belongs to another organisation."))
        return target, list(group.members.select_related("user"))
    if target == Target.CASE:
        if case.organisation_id != organisation.id or not case_permissions.can_manage_case(
            by, case
        ):
            raise ValidationError(_("You cannot give a questionnaire within this case."))
        return target, [case.person]
    if any(p.organisation_id != organisation.id for p in people):
        raise ValidationError(_("Everyone asked must belong to this organisation."))
    return target, list({p.pk: p for p in people}.values())


@transaction.atomic
def create_campaign(
    *,
    by: Any,
    organisation: Any,
    instrument: str,
    opens_on: date,
    closes_on: date,
    title: str = "",
    cohort: Any = None,
    group: Any = None,
    people: Sequence[Any] = (),
    case: Any = None,
    case_phase: str = "",
    anonymous_answers: bool = False,
    shows_crisis_resources: bool = True,
    follow_up_band: str = "",
) -> ScreeningCampaign:
    """Give an instrument (a shipped code, or `custom:<id>`) to a class, a group, named
    people or the person of a case, between two dates (inclusive)."""
    if not permissions.can_create_campaign(by, organisation.id):
        raise PermissionDenied(_("You may not launch screenings here."))
    available = queries.find_available(organisation.id, instrument)
    if available is None:
        raise ValidationError(_("This instrument is not switched on for your organisation."))
    definition = available.instrument
    target, people_asked = _people_for(
        organisation, cohort=cohort, group=group, people=people, case=case, by=by
    )
    today = organisation.today()
    problems: list[str] = []
    if opens_on > closes_on:
        problems.append(_("The closing date comes before the opening date."))
    if closes_on < today:
        problems.append(_("The closing date has already passed."))
    if (closes_on - opens_on).days > MAX_DAYS_OPEN:
        problems.append(_("A campaign stays open for at most a year."))
    if not today - timedelta(days=366) <= opens_on <= today + timedelta(days=2 * 366):
        problems.append(_("A campaign opens within two years from today."))
    if target == Target.CASE and case_phase not in CasePhase.values:
        problems.append(_("Say whether this is before, during or after the case's work."))
    if target != Target.CASE:
        case_phase = ""
    if definition.entered_by_staff and anonymous_answers:
        problems.append(_("Answers entered by staff cannot be anonymous."))
    if not definition.entered_by_staff:
        # Self-report: only people who can log in can answer.
        people_asked = [p for p in people_asked if p.user_id is not None]
    if not people_asked:
        problems.append(_("Nobody to ask: nobody in this choice has an account to answer with."))
    if anonymous_answers:
        if target not in (Target.COHORT, Target.GROUP):
            problems.append(_("Only a class or a group can answer anonymously."))
        elif len(people_asked) < MIN_ANONYMOUS_PEOPLE:
            problems.append(
                _("An anonymous campaign needs at least %(n)s people.")
                % {"n": MIN_ANONYMOUS_PEOPLE}
            )
        if definition.critical_items and not shows_crisis_resources:
            problems.append(
                _(
                    "%(name)s has safety questions: an anonymous campaign with it must show crisis "
                    "resources when one is answered."
                )
                % {"name": definition.short_name}  # fmt: skip
            )
    scheme = aggregates.scheme_of(definition, available.band_scheme)
    if follow_up_band and follow_up_band not in aggregates.severity_order(definition, scheme):
        problems.append(_("Choose a follow-up level from this instrument's bands."))
    title = (title or "").strip()[:120]
    if problems:
        raise ValidationError(problems)

    campaign = ScreeningCampaign.objects.create(
        organisation=organisation,
        title=title or _default_title(definition.short_name, cohort, group, case, opens_on),
        instrument_code=definition.code,
        instrument_version=definition.version,
        custom_instrument=available.custom,
        band_scheme=scheme.code if scheme else "",
        follow_up_band=follow_up_band or aggregates.default_follow_up_band(definition, scheme),
        target=target,
        cohort=cohort,
        group=group,
        case=case,
        case_phase=case_phase,
        anonymous=anonymous_answers,
        shows_crisis_resources=shows_crisis_resources,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    # Random order: in an anonymous campaign row order must say nothing about anyone.
    random.shuffle(people_asked)
    Assignment.objects.bulk_create(
        [
            Assignment(organisation=organisation, campaign=campaign, person=person)
            for person in people_asked
        ]
    )
    if anonymous_answers:
        anonymous.create_slots(campaign, len(people_asked))
    audit.record(
        by,
        "screening.campaign_created",
        campaign,
        data={
            "instrument": definition.code,
            "version": definition.version,
            "target": target,
            "anonymous": anonymous_answers,
            "crisis_resources_shown": shows_crisis_resources,
            "assignments": len(people_asked),
        },
    )
    return campaign


def _default_title(short_name: str, cohort: Any, group: Any, case: Any, opens_on: date) -> str:
    place = cohort.name if cohort else group.name if group else ""
    parts = [short_name, place, opens_on.strftime("%d-%m-%Y")]
    return " · ".join(p for p in parts if p)


@transaction.atomic
def close_campaign(*, by: Any, campaign: ScreeningCampaign) -> ScreeningCampaign:
    """Stop accepting answers now; unfinished anonymous drafts lose their key."""
    if not permissions.can_manage_campaign(by, campaign):
        raise PermissionDenied(_("You may not change this campaign."))
    if campaign.closed_at is None:
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["closed_at"])
        forgotten = anonymous.forget_open_drafts(campaign) if campaign.anonymous else 0
        audit.record(by, "screening.campaign_closed", campaign, data={"drafts_unlinked": forgotten})
    return campaign


def forget_expired_drafts() -> int:
    """For the scheduler: unlink unfinished anonymous drafts of campaigns past closing."""
    total = 0
    with_drafts = ScreeningCampaign.objects.filter(
        anonymous=True, responses__draft_key__isnull=False
    ).distinct()
    for campaign in with_drafts.select_related("organisation"):
        if campaign.closed_at or campaign.closes_on < campaign.organisation.today():
            total += anonymous.forget_open_drafts(campaign)
    return total


@transaction.atomic
def open_case_from_follow_up(*, by: Any, campaign: ScreeningCampaign, person_id: Any) -> Any:
    """The follow-up list's one click: open a counseling case for a person whose result
    this campaign holds."""
    if not permissions.can_view_campaign(by, campaign):
        raise PermissionDenied(_("You may not change this campaign."))
    response = (
        ScreeningResponse.objects.filter(
            campaign=campaign, person_id=person_id, status=ResponseStatus.SUBMITTED
        )
        .select_related("person")
        .first()
    )
    if response is None or response.person is None:
        raise ValidationError(_("This person has no result in this campaign."))
    if queries.people_with_open_cases(by, [response.person_id]):
        raise ValidationError(_("This person already has an open case."))
    case = case_services.open_case(by=by, person=response.person)
    audit.record(
        by,
        "screening.case_opened",
        campaign,
        data={"case": str(case.pk), "response": str(response.pk), "person": str(person_id)},
    )
    return case
