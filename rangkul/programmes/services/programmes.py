"""The planning norms, and drafting a programme (from a needs survey where there is one)
for a semester or a year."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.activities.models import Component
from rangkul.audit import services as audit
from rangkul.cases.models import Domain
from rangkul.lib.dates import check_day
from rangkul.lib.text import clean_text
from rangkul.programmes import needs, permissions
from rangkul.programmes.models import (
    NeedsSurvey,
    Period,
    Programme,
    ProgrammeItem,
    ProgrammeSettings,
    Strategy,
)

# Classroom guidance per class and week where the school follows the norm (Permendikbud
# 111/2014), and otherwise one lesson hour per planned session.
NORM_HOURS_PER_WEEK = 2


def settings_of(organisation: Any) -> ProgrammeSettings:
    found, _created = ProgrammeSettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def save_settings(
    *, by: Any, organisation: Any, classroom_norm: bool, lesson_minutes: int, threshold_percent: int
) -> ProgrammeSettings:
    if not permissions.can_approve(by, organisation.id):
        raise PermissionDenied(_("Only the coordinator sets the planning norms."))
    problems = {}
    if not 30 <= lesson_minutes <= 60:
        problems["lesson_minutes"] = _("A lesson hour lasts between 30 and 60 minutes.")
    if not 1 <= threshold_percent <= 100:
        problems["threshold_percent"] = _("Give a share between 1 and 100 %.")
    if problems:
        raise ValidationError(problems)
    row = settings_of(organisation)
    row.classroom_norm = classroom_norm
    row.lesson_minutes = lesson_minutes
    row.threshold_percent = threshold_percent
    row.save()
    audit.record(
        by,
        "programme.settings_saved",
        organisation=organisation,
        data={"norm": classroom_norm, "lesson_minutes": lesson_minutes,
              "threshold": threshold_percent},
    )  # fmt: skip
    return row


DEFAULT_COMPONENT: dict[str, str] = {
    Domain.PERSONAL: Component.BASIC,
    Domain.SOCIAL: Component.BASIC,
    Domain.LEARNING: Component.BASIC,
    Domain.CAREER: Component.PLANNING,
}


def _check_period(starts_on: date | None, ends_on: date | None) -> None:
    problems: dict[str, str] = {}
    for name, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if value is None:
            problems[name] = _("This field is required.")
        else:
            try:
                check_day(value, field=name, years_back=3, years_ahead=2)
            except ValidationError as exc:
                problems[name] = exc.message_dict[name][0]
    if not problems and starts_on and ends_on:
        if ends_on < starts_on:
            problems["ends_on"] = _("The end comes before the start.")
        elif (ends_on - starts_on).days > 366:
            problems["ends_on"] = _("A programme covers at most a year.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def draft_programme(
    *,
    by: Any,
    organisation: Any,
    period: str,
    academic_year: str,
    starts_on: date,
    ends_on: date,
    needs_survey: NeedsSurvey | None = None,
    title: str = "",
) -> Programme:
    """A draft programme; from a needs survey, one item for each need marked by at least
    the threshold share of a class, for those classes, and one responsive item."""
    if not permissions.can_plan(by, organisation.id):
        raise PermissionDenied(_("You may not plan programmes here."))
    problems: dict[str, str] = {}
    if period not in Period.values:
        problems["period"] = _("Choose the period.")
    academic_year = (academic_year or "").strip()
    if not academic_year or len(academic_year) > 9:
        problems["academic_year"] = _("Give the academic year, e.g. 2026/2027.")
    if problems:
        raise ValidationError(problems)
    _check_period(starts_on, ends_on)
    if needs_survey is not None and needs_survey.organisation_id != organisation.id:
        raise ValidationError({"needs_survey": _("Choose a survey of this organisation.")})
    label = dict(Period.choices)[period]
    title = clean_text(title, field="title", limit=160, required=False) or (
        f"{label} {academic_year}"
    )
    programme = Programme.objects.create(
        organisation=organisation,
        title=title,
        period=period,
        academic_year=academic_year,
        starts_on=starts_on,
        ends_on=ends_on,
        needs_survey=needs_survey,
        created_by=by,
    )
    created = 0
    if needs_survey is not None:
        norms = settings_of(organisation)
        result = needs.results(list(needs_survey.campaigns.select_related("cohort")), exact=True)
        found = needs.needs_above(result, norms.threshold_percent)
        # Most marked first; one classroom session per need, one week after another.
        found.sort(key=lambda pair: -(pair[0].total_percent or 0))
        hours = Decimal(NORM_HOURS_PER_WEEK if norms.classroom_norm else 1)
        for position, (row, cohort_ids) in enumerate(found):
            week = position % programme.weeks + 1
            item = ProgrammeItem.objects.create(
                programme=programme,
                domain=row.topic.domain,
                topic=row.topic.text("id"),
                need_item=row.topic.item,
                need_percent=row.total_percent,
                component=DEFAULT_COMPONENT[row.topic.domain],
                strategy=Strategy.CLASSROOM_GUIDANCE,
                week_from=week,
                week_to=week,
                hours_per_class=hours,
                success_measure=_(
                    "Fewer students mark this need in the next survey; students can name "
                    "one thing they will do."
                ),
                position=position,
            )
            item.target_cohorts.set(cohort_ids)
            created += 1
        ProgrammeItem.objects.create(
            programme=programme,
            domain=Domain.PERSONAL,
            topic=_("Individual and group counseling for students who need it"),
            component=Component.RESPONSIVE,
            strategy=Strategy.INDIVIDUAL_COUNSELING,
            week_from=1,
            week_to=programme.weeks,
            hours_per_class=Decimal(0),
            success_measure=_("Every request is answered within the promised time."),
            position=len(found),
        )
        created += 1
    audit.record(
        by,
        "programme.drafted",
        programme,
        data={
            "period": period,
            "items": created,
            "survey": str(needs_survey.pk) if needs_survey else None,
        },
    )
    return programme


def semester_bounds(today: date) -> tuple[str, date, date, str]:
    """The Indonesian school semester around a day: July–December is semester 1 of the
    year that starts in July, January–June semester 2."""
    if today.month >= 7:
        return (
            Period.SEMESTER_1,
            date(today.year, 7, 1),
            date(today.year, 12, 31),
            (f"{today.year}/{today.year + 1}"),
        )
    return (
        Period.SEMESTER_2,
        date(today.year, 1, 1),
        date(today.year, 6, 30),
        (f"{today.year - 1}/{today.year}"),
    )
