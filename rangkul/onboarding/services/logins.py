"""Student logins: first-login cards for a class, a forgotten password, and the end of a
student's enrolment (a transfer out or leaving school)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.accounts import services as account_services
from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.dates import check_day
from rangkul.lib.text import clean_text
from rangkul.onboarding import permissions
from rangkul.onboarding.models import Enrolment, EnrolmentStatus
from rangkul.people.models import Cohort, Person


@dataclass(frozen=True)
class Card:
    """What one first-login card shows. The password exists only here and on the PDF."""

    school: str
    name: str
    cohort: str
    username: str
    password: str


def _username_for(person: Person, organisation: Organisation, taken: set[str]) -> str:
    nisn = person.enrolment.nisn
    for candidate in (nisn, f"{nisn}-{organisation.npsn or str(organisation.pk)[:8]}".lower()):
        if candidate not in taken:
            return candidate
    raise ValidationError(_("No free username for NISN %(nisn)s.") % {"nisn": nisn})


@transaction.atomic
def issue_class_logins(*, by: Any, cohort: Cohort) -> list[Card]:
    """Logins for every enrolled student of the class who has none yet; their cards."""
    organisation = cohort.organisation
    if not permissions.can_manage_enrolment(by, organisation.id):
        raise PermissionDenied(_("You may not create logins here."))
    people = list(
        Person.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, user__isnull=True, enrolment__status=EnrolmentStatus.ACTIVE)
        .select_related("enrolment")
        .order_by("full_name")
    )
    if not people:
        raise ValidationError(_("Every student of this class already has a login."))
    candidates = [p.enrolment.nisn for p in people]
    candidates += [
        f"{n}-{organisation.npsn or str(organisation.pk)[:8]}".lower() for n in candidates
    ]
    taken = set(User.objects.filter(username__in=candidates).values_list("username", flat=True))
    entries = []
    for person in people:
        username = _username_for(person, organisation, taken)
        taken.add(username)
        entries.append((username, person.full_name, ""))
    made = account_services.create_first_logins(
        by=by, organisation=organisation, role=Role.STUDENT, people=entries
    )
    for person, (user, _raw) in zip(people, made, strict=True):
        person.user = user
    Person.objects.bulk_update(people, ["user"])
    audit.record(by, "onboarding.class_logins_issued", cohort, data={"count": len(made)})
    return [
        Card(organisation.name, p.full_name, cohort.name, user.username, raw)
        for p, (user, raw) in zip(people, made, strict=True)
    ]


def staff_cards(organisation: Organisation, made: list[tuple[User, str]]) -> list[Card]:
    return [Card(organisation.name, u.display_name(), "", u.username, raw) for u, raw in made]


@transaction.atomic
def reset_student_password(*, by: Any, person: Person) -> Card:
    """A new one-time password for a student who forgot theirs; their sessions and tokens
    end (in `accounts`)."""
    if person.user is None:
        raise ValidationError(_("This student has no login yet: print the class's cards."))
    raw = account_services.reset_to_one_time_password(
        by=by, organisation=person.organisation, user=person.user
    )
    return Card(
        person.organisation.name,
        person.full_name,
        person.cohort.name if person.cohort else "",
        person.user.username,
        raw,
    )


@transaction.atomic
def end_enrolment(
    *, by: Any, person: Person, status: str, ended_on: date, moved_to: str = ""
) -> Enrolment:
    """A student transfers out or leaves: archived, not erased. The Person keeps its
    history; the class is remembered by name; the login is deactivated."""
    if not permissions.can_manage_enrolment(by, person.organisation_id):
        raise PermissionDenied(_("You may not change enrolments here."))
    if status not in (EnrolmentStatus.TRANSFERRED_OUT, EnrolmentStatus.LEFT):
        raise ValidationError({"status": _("Choose a transfer or leaving school.")})
    check_day(ended_on, field="ended_on", years_back=1, years_ahead=0.25)
    enrolment = Enrolment.objects.select_for_update().get(person=person)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("This student is no longer enrolled."))
    archive(person, enrolment, status=status, ended_on=ended_on)
    enrolment.moved_to = clean_text(moved_to, field="moved_to", limit=200, required=False)
    enrolment.save(update_fields=["moved_to"])
    audit.record(by, "onboarding.enrolment_ended", person, data={"status": status})
    return enrolment


def archive(person: Person, enrolment: Enrolment, *, status: str, ended_on: date) -> None:
    """Shared by leaving and graduating: the caller checks permission and audits."""
    enrolment.status = status
    enrolment.ended_on = ended_on
    enrolment.last_cohort_name = (
        f"{person.cohort.name} ({person.cohort.academic_year})" if person.cohort else ""
    )
    enrolment.save(update_fields=["status", "ended_on", "last_cohort_name"])
    Person.objects.filter(pk=person.pk).update(cohort=None)
    if person.user_id is not None:
        # An inactive login can neither sign in, keep a session nor use a token.
        User.objects.filter(pk=person.user_id).update(is_active=False)
