"""The needs survey (AKPD): the school's copy of the questionnaire and one screening
campaign for each chosen class."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.text import clean_text
from rangkul.people.models import Cohort
from rangkul.programmes import needs, permissions
from rangkul.programmes.models import NeedsSurvey
from rangkul.screenings import services as screening_services
from rangkul.screenings.models import CustomInstrument


def _akpd_for(by: Any, organisation: Any) -> CustomInstrument:
    """The school's stored copy of the needs questionnaire, stored on first use."""
    version = needs.definition()["version"]
    row = CustomInstrument.objects.filter(
        organisation=organisation, code="akpd", version=version
    ).first()
    if row is None:
        row = screening_services.save_custom_instrument(
            by=by, organisation=organisation, text=needs.definition_text()
        )
    if not row.is_active:
        screening_services.set_custom_instrument_active(by=by, row=row, active=True)
    return row


@transaction.atomic
def run_needs_survey(
    *,
    by: Any,
    organisation: Any,
    cohorts: Sequence[Cohort],
    opens_on: date,
    closes_on: date,
    title: str = "",
) -> NeedsSurvey:
    """Give the needs questionnaire to each chosen class (one campaign per class)."""
    if not permissions.can_run_survey(by, organisation.id):
        raise PermissionDenied(_("Only the coordinator runs the needs survey."))
    if not cohorts:
        raise ValidationError({"cohorts": _("Choose at least one class.")})
    if any(c.organisation_id != organisation.id for c in cohorts):
        raise ValidationError({"cohorts": _("Choose classes of this organisation.")})
    title = clean_text(title, field="title", limit=120, required=False) or _(
        "Needs survey %(date)s"
    ) % {"date": opens_on.strftime("%d-%m-%Y")}
    akpd = _akpd_for(by, organisation)
    survey = NeedsSurvey.objects.create(organisation=organisation, title=title, created_by=by)
    for cohort in cohorts:
        try:
            campaign = screening_services.create_campaign(
                by=by,
                organisation=organisation,
                instrument=f"custom:{akpd.pk}",
                opens_on=opens_on,
                closes_on=closes_on,
                title=f"{title} · {cohort.name}"[:120],
                cohort=cohort,
            )
        except ValidationError as exc:
            raise ValidationError(
                [f"{cohort.name}: {message}" for message in exc.messages]
            ) from exc
        survey.campaigns.add(campaign)
    audit.record(by, "programme.needs_survey_started", survey, data={"classes": len(cohorts)})
    return survey
