"""Needs surveys, programmes and their items, session plans, deliveries and the report's
narrative. Each function checks permission first, writes in one transaction and ends with
an audit record."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.activities.models import Activity, ActivityStatus, Component
from rangkul.activities.services import activities as activity_services
from rangkul.audit import services as audit
from rangkul.cases.models import Domain
from rangkul.lib.dates import check_day
from rangkul.lib.text import clean_text
from rangkul.people.models import Cohort
from rangkul.programmes import needs, permissions
from rangkul.programmes.models import (
    PLANNED_SESSION_STRATEGIES,
    PROGRAMME_TRANSITIONS,
    STRATEGY_KINDS,
    Article,
    Delivery,
    NeedsSurvey,
    Period,
    Programme,
    ProgrammeItem,
    ProgrammeSettings,
    ProgrammeStatus,
    ServicePlan,
    Strategy,
)
from rangkul.screenings import queries as screening_queries
from rangkul.screenings import services as screening_services
from rangkul.screenings.models import CustomInstrument

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


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _transition(programme: Programme, to: str) -> None:
    if to not in PROGRAMME_TRANSITIONS[programme.status]:
        raise ValidationError(
            _("A programme that is “%(status)s” cannot change like this.")
            % {"status": programme.get_status_display()}
        )
    programme.status = to


# --- Needs survey ---------------------------------------------------------------------------


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
    _check(
        permissions.can_run_survey(by, organisation.id),
        _("Only the coordinator runs the needs survey."),
    )
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


# --- Programmes -----------------------------------------------------------------------------

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
    _check(permissions.can_plan(by, organisation.id), _("You may not plan programmes here."))
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


@dataclass
class ItemData:
    domain: str
    topic: str
    component: str
    strategy: str
    week_from: int
    week_to: int
    hours_per_class: Any
    success_measure: str = ""
    cohorts: list[Any] = field(default_factory=list)
    articles: list[Any] = field(default_factory=list)


@transaction.atomic
def save_item(
    *, by: Any, programme: Programme, data: ItemData, item: ProgrammeItem | None = None
) -> ProgrammeItem:
    """Add an item to a draft programme, or change one."""
    _check(
        permissions.can_edit_programme(by, programme),
        _("Only a draft programme can be changed; start a new revision of an approved one."),
    )
    problems: dict[str, str] = {}
    if data.domain not in Domain.values:
        problems["domain"] = _("Choose a domain.")
    if data.component not in Component.values:
        problems["component"] = _("Choose a component.")
    if data.strategy not in Strategy.values:
        problems["strategy"] = _("Choose a strategy.")
    weeks = programme.weeks
    if not (1 <= data.week_from <= weeks and 1 <= data.week_to <= weeks):
        problems["week_from"] = _("Weeks run from 1 to %(n)s in this programme.") % {"n": weeks}
    elif data.week_to < data.week_from:
        problems["week_to"] = _("The last week comes before the first.")
    try:
        hours = Decimal(str(data.hours_per_class)).quantize(Decimal("0.1"))
        if not Decimal(0) <= hours <= Decimal(200):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems["hours_per_class"] = _("Give the lesson hours per class (0 to 200).")
        hours = Decimal(0)
    cohorts = list(Cohort.objects.filter(organisation=programme.organisation, pk__in=data.cohorts))
    if len(cohorts) != len(set(map(str, data.cohorts))):
        problems["cohorts"] = _("Choose classes of this organisation.")
    if data.strategy == Strategy.CLASSROOM_GUIDANCE and not cohorts:
        problems["cohorts"] = _("Classroom guidance needs the classes it is for.")
    articles = list(
        Article.objects.filter(organisation=programme.organisation, pk__in=data.articles)
    )
    texts: dict[str, str] = {}
    for name, value, limit, required in (
        ("topic", data.topic, 200, True),
        ("success_measure", data.success_measure, 300, False),
    ):
        try:
            texts[name] = clean_text(value, field=name, limit=limit, required=required)
        except ValidationError as exc:
            problems[name] = exc.message_dict[name][0]
    if problems:
        raise ValidationError(problems)
    is_new = item is None
    if item is None:
        item = ProgrammeItem(programme=programme, position=programme.items.count())
    elif item.programme_id != programme.pk:
        raise ValidationError(_("This item belongs to another programme."))
    item.domain = data.domain
    item.component = data.component
    item.strategy = data.strategy
    item.week_from = data.week_from
    item.week_to = data.week_to
    item.hours_per_class = hours
    item.topic = texts["topic"]
    item.success_measure = texts["success_measure"]
    item.save()
    item.target_cohorts.set(cohorts)
    item.articles.set(articles)
    audit.record(
        by,
        "programme.item_added" if is_new else "programme.item_changed",
        item,
        organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )
    return item


@transaction.atomic
def delete_item(*, by: Any, item: ProgrammeItem) -> None:
    programme = item.programme
    _check(
        permissions.can_edit_programme(by, programme),
        _("Only a draft programme can be changed; start a new revision of an approved one."),
    )
    audit.record(
        by,
        "programme.item_removed",
        organisation=programme.organisation,
        data={"programme": str(programme.pk), "item": str(item.pk), "topic": item.topic},
    )
    item.delete()


def _locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def approve_programme(*, by: Any, programme: Programme) -> Programme:
    """The coordinator approves a draft; it becomes read-only, and the revision it replaces
    is superseded, its deliveries moving to the matching items."""
    _check(
        permissions.can_approve(by, programme.organisation_id),
        _("Only the coordinator approves the programme."),
    )
    programme = _locked(programme)
    if not programme.items.exists():
        raise ValidationError(_("A programme without items cannot be approved."))
    _transition(programme, ProgrammeStatus.APPROVED)
    programme.approved_by = by
    programme.approved_at = timezone.now()
    programme.save(update_fields=["status", "approved_by", "approved_at"])
    moved = 0
    if programme.previous_id is not None:
        previous = _locked(programme.previous)  # type: ignore[arg-type]
        if previous.status == ProgrammeStatus.APPROVED:
            _transition(previous, ProgrammeStatus.SUPERSEDED)
            previous.save(update_fields=["status"])
        for item in programme.items.exclude(copied_from=None):
            moved += Delivery.objects.filter(item_id=item.copied_from_id).update(item=item)
    audit.record(
        by,
        "programme.approved",
        programme,
        data={"revision": programme.revision, "deliveries_moved": moved},
    )
    return programme


@transaction.atomic
def revise_programme(*, by: Any, programme: Programme) -> Programme:
    """A new draft revision of an approved programme, with its items and session plans."""
    _check(
        permissions.can_plan(by, programme.organisation_id),
        _("You may not plan programmes here."),
    )
    programme = _locked(programme)
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Only an approved programme gets a new revision."))
    if Programme.objects.filter(previous=programme).exists():
        raise ValidationError(_("This programme already has a revision in progress."))
    copy = Programme.objects.create(
        organisation=programme.organisation,
        title=programme.title,
        period=programme.period,
        academic_year=programme.academic_year,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        needs_survey=programme.needs_survey,
        revision=programme.revision + 1,
        previous=programme,
        created_by=by,
        report_introduction=programme.report_introduction,
        report_evaluation=programme.report_evaluation,
        report_follow_up=programme.report_follow_up,
    )
    for item in programme.items.prefetch_related("target_cohorts", "articles"):
        cohorts, articles = list(item.target_cohorts.all()), list(item.articles.all())
        plan = getattr(item, "plan", None)
        old_pk = item.pk
        item.pk = None
        item.id = None  # type: ignore[assignment]
        item._state.adding = True
        item.programme = copy
        item.copied_from_id = old_pk
        item.save()
        item.target_cohorts.set(cohorts)
        item.articles.set(articles)
        if plan is not None:
            plan.pk = None
            plan.id = None
            plan._state.adding = True
            plan.item = item
            plan.save()
    audit.record(by, "programme.revision_started", copy, data={"of": str(programme.pk)})
    return copy


@transaction.atomic
def save_service_plan(
    *,
    by: Any,
    item: ProgrammeItem,
    objectives: str,
    method: str,
    materials: str,
    evaluation: str,
    steps: str = "",
) -> ServicePlan:
    """Write or change the session plan (RPL) of a planned classroom or group item."""
    programme = item.programme
    _check(
        permissions.can_edit_programme(by, programme),
        _("Only a draft programme can be changed; start a new revision of an approved one."),
    )
    if item.strategy not in PLANNED_SESSION_STRATEGIES:
        raise ValidationError(_("Session plans are written for classroom and group sessions."))
    problems: dict[str, str] = {}
    texts: dict[str, str] = {}
    for name, value, required in (
        ("objectives", objectives, True),
        ("method", method, True),
        ("materials", materials, True),
        ("evaluation", evaluation, True),
        ("steps", steps, False),
    ):
        try:
            texts[name] = clean_text(
                value, field=name, limit=5000 if name == "steps" else 3000, required=required
            )
        except ValidationError as exc:
            problems[name] = exc.message_dict[name][0]
    if problems:
        raise ValidationError(problems)
    plan, created = ServicePlan.objects.update_or_create(
        item=item, defaults={**texts, "updated_by": by}
    )
    audit.record(
        by,
        "programme.service_plan_saved",
        plan,
        organisation=programme.organisation,
        data={"item": str(item.pk), "new": created},
    )
    return plan


# --- Delivery -------------------------------------------------------------------------------


def _check_delivery(by: Any, item: ProgrammeItem) -> None:
    # Read fresh: the programme may have been approved since the item was loaded.
    programme = item.programme = Programme.objects.get(pk=item.programme_id)
    _check(
        permissions.can_plan(by, programme.organisation_id), _("You may not plan programmes here.")
    )
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Activities are counted against an approved programme."))


@transaction.atomic
def link_activity(*, by: Any, item: ProgrammeItem, activity: Activity) -> Delivery:
    """Count an activity that took place against a planned item."""
    _check_delivery(by, item)
    programme = item.programme
    problems = []
    if activity.organisation_id != programme.organisation_id:
        problems.append(_("The activity belongs to another organisation."))
    if activity.status != ActivityStatus.DONE:
        problems.append(_("Only an activity that took place counts."))
    local_day = timezone.localtime(activity.starts_at).date()
    if not programme.starts_on <= local_day <= programme.ends_on:
        problems.append(_("The activity took place outside the programme's period."))
    if Delivery.objects.filter(activity=activity).exists():
        problems.append(_("This activity is already counted against a planned item."))
    if problems:
        raise ValidationError(problems)
    delivery = Delivery.objects.create(activity=activity, item=item, linked_by=by)
    audit.record(
        by,
        "programme.delivery_linked",
        activity,
        organisation=programme.organisation,
        data={"item": str(item.pk), "programme": str(programme.pk)},
    )
    return delivery


@transaction.atomic
def deliver_item(
    *,
    by: Any,
    item: ProgrammeItem,
    starts_at: datetime,
    duration_minutes: int,
    cohort: Any = None,
    group: Any = None,
    people: Sequence[Any] = (),
    consultee: str = "",
    topic: str = "",
    place: str = "",
) -> Delivery:
    """Log the activity that delivers a planned item, and count it against the item, in one
    step (the activity is written by the activities app's own service)."""
    _check_delivery(by, item)
    kind = STRATEGY_KINDS.get(item.strategy)
    if kind is None:
        raise ValidationError(_("This strategy is not delivered as an activity."))
    if (
        cohort is not None
        and not item.target_cohorts.filter(pk=getattr(cohort, "pk", cohort)).exists()
    ):
        raise ValidationError({"cohort": _("Choose one of the item's classes.")})
    if starts_at > timezone.now():
        raise ValidationError({"starts_at": _("Record a session after it has taken place.")})
    activity = activity_services.log_activity(
        by=by,
        organisation=item.programme.organisation,
        data=activity_services.ActivityData(
            kind=kind,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            cohort=cohort,
            group=group,
            people=list(people),
            consultee=consultee,
            topic=topic or item.topic,
            domain=item.domain,
            component=item.component,
            place=place,
        ),
    )
    return link_activity(by=by, item=item, activity=activity)


@transaction.atomic
def unlink_delivery(*, by: Any, delivery: Delivery) -> None:
    item = delivery.item
    _check_delivery(by, item)
    audit.record(
        by,
        "programme.delivery_unlinked",
        delivery.activity,
        organisation=item.programme.organisation,
        data={"item": str(item.pk)},
    )
    delivery.delete()


# --- The report's narrative -----------------------------------------------------------------


@transaction.atomic
def save_report_narrative(
    *, by: Any, programme: Programme, introduction: str, evaluation: str, follow_up: str
) -> Programme:
    _check(
        permissions.can_write_report(by, programme),
        _("Only the counselors write the programme report."),
    )
    problems: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, value in (
        ("introduction", introduction),
        ("evaluation", evaluation),
        ("follow_up", follow_up),
    ):
        try:
            values[name] = clean_text(value, field=name, limit=5000, required=False)
        except ValidationError as exc:
            problems[name] = exc.message_dict[name][0]
    if problems:
        raise ValidationError(problems)
    programme.report_introduction = values["introduction"]
    programme.report_evaluation = values["evaluation"]
    programme.report_follow_up = values["follow_up"]
    programme.save(update_fields=["report_introduction", "report_evaluation", "report_follow_up"])
    audit.record(by, "programme.report_written", programme)
    return programme


def local_today(organisation: Any) -> date:
    return screening_queries.local_today(organisation)


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
