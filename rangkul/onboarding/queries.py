"""Every read of onboarding records, already scoped to the reader."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rangkul.audit import services as audit
from rangkul.lib.scoping import get_in_scope
from rangkul.onboarding import permissions
from rangkul.onboarding.models import DataPolicy, Enrolment, EnrolmentStatus, Import
from rangkul.onboarding.years import year_of
from rangkul.people.models import Cohort, Person


def current_year(organisation: Any) -> str:
    """The organisation's academic year: that of its newest classes, or today's."""
    years = (
        Cohort.objects.filter(organisation=organisation)
        .exclude(academic_year="")
        .values_list("academic_year", flat=True)
    )
    return max(years, default=year_of(timezone.localdate()))


def data_policy(organisation: Any) -> DataPolicy | None:
    return DataPolicy.objects.filter(organisation=organisation).first()


def visible_imports(user: Any, organisation: Any) -> QuerySet[Import]:
    return Import.objects.filter(permissions.enrolment_filter(user), organisation=organisation)


def get_import_for(user: Any, organisation: Any, pk: object) -> Import:
    return get_in_scope(visible_imports(user, organisation), pk)


@dataclass
class ClassRow:
    cohort: Cohort
    students: int
    with_login: int


def classes(user: Any, organisation: Any) -> list[ClassRow]:
    """The classes of the current year with how many enrolled students have a login."""
    if not permissions.can_view_classes(user, organisation.id):
        raise Http404
    active = Q(members__enrolment__status=EnrolmentStatus.ACTIVE)
    rows = (
        Cohort.objects.filter(organisation=organisation, academic_year=current_year(organisation))
        .annotate(
            n=Count("members", filter=active),
            n_login=Count("members", filter=active & Q(members__user__isnull=False)),
        )
        .order_by("grade", "name")
    )
    return [ClassRow(cohort=c, students=c.n, with_login=c.n_login) for c in rows]  # type: ignore[attr-defined]


def get_class_for(user: Any, organisation: Any, pk: object) -> Cohort:
    if not permissions.can_view_classes(user, organisation.id):
        raise Http404
    return get_in_scope(Cohort.objects.filter(organisation=organisation), pk)


def class_students(user: Any, cohort: Cohort) -> list[Person]:
    """The enrolled students of a class, for the login page; the list shown is audited."""
    people = list(
        Person.objects.filter(cohort=cohort, enrolment__status=EnrolmentStatus.ACTIVE)
        .select_related("enrolment", "user")
        .order_by("full_name")
    )
    audit.record_list(user, "onboarding.class_listed", people, organisation=cohort.organisation)
    return people


def get_student_for(user: Any, organisation: Any, pk: object, action: str) -> Person:
    """An enrolled student of the organisation, for a password reset or the end of an
    enrolment; 404 for anyone else and for a reader without the right."""
    allowed = (
        permissions.can_reset_passwords(user, organisation.id)
        if action == "reset"
        else permissions.can_manage_enrolment(user, organisation.id)
    )
    if not allowed:
        raise Http404
    qs = Person.objects.filter(
        organisation=organisation, enrolment__status=EnrolmentStatus.ACTIVE
    ).select_related("enrolment", "user", "cohort", "organisation")
    return get_in_scope(qs, pk)


def enrolled_nisns(organisation: Any, nisns: list[str]) -> set[str]:
    return set(
        Enrolment.objects.filter(organisation=organisation, nisn__in=nisns).values_list(
            "nisn", flat=True
        )
    )
