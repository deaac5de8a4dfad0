"""The academic-year rollover: every class moves up a grade into the new year, the final
grade graduates (archived, history kept, login deactivated), counselors' class assignments
carry over. `plan_rollover` is the preview; `apply_rollover` does exactly that plan in one
transaction."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.models import Organisation, User
from rangkul.audit import services as audit
from rangkul.onboarding import permissions, queries
from rangkul.onboarding.models import Enrolment, EnrolmentStatus, Rollover
from rangkul.onboarding.years import next_year, promoted_name
from rangkul.people.models import Cohort, Person


@dataclass
class Move:
    cohort: Cohort
    students: int
    # The class name in the new year; empty when the class graduates.
    to_name: str
    counselors: list[str]
    graduates: bool = False


@dataclass
class Plan:
    from_year: str
    to_year: str
    final_grade: int | None
    moves: list[Move] = field(default_factory=list)
    # Classes without a grade: their students stay where they are.
    unmoved: list[Cohort] = field(default_factory=list)

    @property
    def moving(self) -> int:
        return sum(m.students for m in self.moves if not m.graduates)

    @property
    def graduating(self) -> int:
        return sum(m.students for m in self.moves if m.graduates)


def _require(by: Any, organisation: Organisation) -> None:
    if not permissions.can_manage_enrolment(by, organisation.id):
        raise PermissionDenied(_("You may not roll the academic year over here."))


def plan_rollover(*, by: Any, organisation: Organisation, final_grade: int | None = None) -> Plan:
    _require(by, organisation)
    from_year = queries.current_year(organisation)
    cohorts = list(
        Cohort.objects.filter(organisation=organisation, academic_year=from_year)
        .prefetch_related("counselors")
        .order_by("grade", "name")
    )
    grades = [c.grade for c in cohorts if c.grade]
    final = final_grade or (max(grades) if grades else None)
    plan = Plan(from_year=from_year, to_year=next_year(from_year), final_grade=final)
    counts = _active_counts(cohorts)
    for cohort in cohorts:
        if not cohort.grade or final is None or cohort.grade > final:
            plan.unmoved.append(cohort)
            continue
        graduates = cohort.grade == final
        plan.moves.append(
            Move(
                cohort=cohort,
                students=counts.get(cohort.pk, 0),
                to_name="" if graduates else promoted_name(cohort.name, cohort.grade),
                counselors=[u.display_name() for u in cohort.counselors.all()],
                graduates=graduates,
            )
        )
    return plan


def _active_counts(cohorts: list[Cohort]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for cohort_id in Person.objects.filter(
        cohort__in=cohorts, enrolment__status=EnrolmentStatus.ACTIVE
    ).values_list("cohort_id", flat=True):
        counts[cohort_id] = counts.get(cohort_id, 0) + 1
    return counts


@transaction.atomic
def apply_rollover(
    *, by: Any, organisation: Organisation, from_year: str, final_grade: int | None = None
) -> Rollover:
    """`from_year` is the year the preview showed: a second press, or a preview left open
    while someone else rolled the year over, changes nothing."""
    _require(by, organisation)
    plan = plan_rollover(by=by, organisation=organisation, final_grade=final_grade)
    if (
        plan.from_year != from_year
        or Rollover.objects.filter(organisation=organisation, from_year=from_year).exists()
    ):
        raise ValidationError(_("This academic year has already been rolled over."))
    if not plan.moves:
        raise ValidationError(_("There are no classes with a grade to move up."))
    try:
        with transaction.atomic():
            rollover = Rollover.objects.create(
                organisation=organisation,
                from_year=plan.from_year,
                to_year=plan.to_year,
                applied_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("This academic year has already been rolled over.")) from None
    today = timezone.localdate()
    existing = {
        c.name.lower(): c
        for c in Cohort.objects.filter(organisation=organisation, academic_year=plan.to_year)
    }
    graduated = moved = 0
    for move in plan.moves:
        students = Person.objects.filter(
            cohort=move.cohort, enrolment__status=EnrolmentStatus.ACTIVE
        )
        if move.graduates:
            graduated += _graduate(move.cohort, students, today)
            continue
        target = existing.get(move.to_name.lower())
        if target is None:
            target = Cohort.objects.create(
                organisation=organisation,
                name=move.to_name,
                grade=(move.cohort.grade or 0) + 1,
                academic_year=plan.to_year,
            )
        # The counselors who served the class keep it; the homeroom teacher is chosen anew.
        target.counselors.add(*move.cohort.counselors.all())
        moved += students.update(cohort=target)
    rollover.summary = {
        "moved": moved,
        "graduated": graduated,
        "classes": len(plan.moves),
        "final_grade": plan.final_grade,
    }
    rollover.save(update_fields=["summary"])
    audit.record(by, "onboarding.year_rolled_over", rollover, data=rollover.summary)
    return rollover


def _graduate(cohort: Cohort, students: Any, today: Any) -> int:
    people = list(students.values_list("pk", "user_id"))
    ids = [pk for pk, _u in people]
    Enrolment.objects.filter(person_id__in=ids).update(
        status=EnrolmentStatus.GRADUATED,
        ended_on=today,
        last_cohort_name=f"{cohort.name} ({cohort.academic_year})",
    )
    Person.objects.filter(pk__in=ids).update(cohort=None)
    User.objects.filter(pk__in=[u for _p, u in people if u is not None]).update(is_active=False)
    return len(ids)
