"""Every read of people and cohorts, already scoped to the reader."""

import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability, Role
from rangkul.audit import services as audit
from rangkul.audit.models import AuditEvent
from rangkul.lib.api import Listing
from rangkul.lib.scoping import get_in_scope, parse_uuid
from rangkul.people import permissions
from rangkul.people.models import (
    EXCEPTION_BASES,
    Cohort,
    Consent,
    Guardian,
    Person,
    ReviewDecision,
)

PERSON_VIEW_VERBS = ("person.viewed",)


def visible_people(
    user: Any,
    organisation_id: uuid.UUID | None = None,
    *,
    search: str = "",
    cohort_id: uuid.UUID | None = None,
) -> QuerySet[Person]:
    qs = Person.objects.filter(permissions.person_filter(user)).select_related("cohort")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if search:
        qs = qs.filter(full_name__icontains=search)
    if cohort_id is not None:
        qs = qs.filter(cohort_id=cohort_id)
    return qs.order_by("full_name")


def people_listing(
    user: Any, organisation: Any, *, search: str = "", cohort_id: uuid.UUID | None = None
) -> Listing:
    """The people list of the pages and the API; the page shown is audited."""
    return Listing(
        visible_people(user, organisation.id, search=search, cohort_id=cohort_id),
        lambda shown: audit.record_list(user, "person.listed", shown, organisation=organisation),
    )


def get_person_for(user: Any, pk: object, action: str = "view") -> Person:
    person = get_in_scope(visible_people(user).select_related("organisation", "user"), pk)
    if action == "access_log" and not permissions.can_view_access_log(user, person):
        raise Http404
    # Guardians and consent records: the staff who act for the person; to anyone else the
    # person's guardians are out of scope, like an unknown person.
    if action == "guardians" and not permissions.can_manage_guardians(user, person):
        raise Http404
    return person


def own_person(user: Any, organisation_id: uuid.UUID | None) -> Person | None:
    if organisation_id is None:
        return None
    return (
        Person.objects.filter(user_id=user.pk, organisation_id=organisation_id)
        .select_related("cohort")
        .first()
    )


def access_log(user: Any, person: Person) -> QuerySet[AuditEvent]:
    """Who viewed this person's record, for the coordinator."""
    if not permissions.can_view_access_log(user, person):
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.for_object(person)
        .filter(verb__in=PERSON_VIEW_VERBS)
        .filter(permissions.access_log_filter(user))
        .select_related("actor_subject__user")
        .order_by("-at", "-id")
    )


def visible_cohorts(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Cohort]:
    qs = Cohort.objects.filter(permissions.cohort_filter(user))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.annotate(size=Count("members")).order_by("grade", "name")


def homeroom_cohorts(user: Any, organisation_id: uuid.UUID) -> QuerySet[Cohort]:
    return (
        Cohort.objects.filter(homeroom_teacher_id=user.pk, organisation_id=organisation_id)
        .annotate(size=Count("members"))
        .order_by("name")
    )


def people_count(organisation_id: uuid.UUID, *, with_login: bool | None = None) -> int:
    """A count without identities; callers check the aggregate capability first."""
    qs = Person.objects.filter(organisation_id=organisation_id)
    if with_login is not None:
        qs = qs.filter(user__isnull=not with_login)
    return qs.count()


def people_count_by_org(organisation_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = (
        Person.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def cohort_sizes(organisation_id: uuid.UUID) -> list[dict[str, Any]]:
    return list(
        Cohort.objects.filter(organisation_id=organisation_id)
        .annotate(size=Count("members", filter=Q(members__isnull=False)))
        .values("name", "size")
        .order_by("grade", "name")
    )


def referable_people(user: Any, organisation_id: uuid.UUID | None) -> QuerySet[Person]:
    """Students a teacher may refer: name and class only, in organisations where the user
    may refer."""
    if organisation_id is None or not has_capability(
        user, organisation_id, Capability.REFER_STUDENTS
    ):
        return Person.objects.none()
    return (
        Person.objects.filter(
            organisation_id=organisation_id,
            user__memberships__organisation_id=organisation_id,
            user__memberships__role=Role.STUDENT,
        )
        .select_related("cohort")
        .distinct()
        .order_by("cohort__name", "full_name")
    )


# --- Guardians and consent ------------------------------------------------------------------


def guardians_of(user: Any, person: Person) -> QuerySet[Guardian]:
    """The guardians of a person, for staff who act for them (empty for anyone else)."""
    return Guardian.objects.filter(permissions.guardian_filter(user), person=person).order_by(
        "created_at"
    )


def read_guardians(user: Any, person: Person) -> list[Guardian]:
    """The guardians shown on a page (names, phone numbers, the "do not contact" flag),
    with their one audit: the organisation, the count and the ids."""
    rows = list(guardians_of(user, person))
    audit.record_list(user, "guardian.listed", rows, organisation=person.organisation)
    for guardian in rows:
        # Whether the page offers an invitation letter and a recorded contact.
        guardian.can_invite = permissions.can_invite_guardian(user, guardian)  # type: ignore[attr-defined]
    return rows


def contact_guardian_choices(
    user: Any, organisation: Any, person_id: object = None
) -> list[tuple[str, str]]:
    """Choices of guardian for recording a contact: the guardians of one person (when the
    form was opened for them), else of everyone in the organisation the user acts for.
    A guardian flagged "do not contact" is listed with the flag, so choosing them gets
    the refusal rather than a silent gap. The names shown are audited as one list."""
    qs = Guardian.objects.filter(
        permissions.guardian_filter(user), organisation_id=organisation.id
    ).select_related("person")
    if person_id:
        # A malformed link offers every guardian, as without one.
        with contextlib.suppress(Http404):
            qs = qs.filter(person_id=parse_uuid(person_id))
    rows = list(qs.order_by("person__full_name", "created_at")[:2000])
    audit.record_list(user, "guardian.listed", rows, organisation=organisation)
    choices = []
    for g in rows:
        label = f"{g.full_name} ({g.get_relationship_display()}) · {g.person.full_name}"
        if g.do_not_contact:
            label += " · " + str(_("do not contact"))
        choices.append((str(g.pk), label))
    return choices


def get_guardian_for(user: Any, pk: object) -> Guardian:
    return get_in_scope(
        Guardian.objects.filter(permissions.guardian_filter(user)).select_related("person"), pk
    )


@dataclass(frozen=True)
class GuardianContactAdvice:
    """What is known about contacting a person's guardians: `known` is False when no
    guardian is recorded; `do_not_contact` when any guardian may be the source of harm."""

    known: bool
    do_not_contact: bool = False
    contactable: int = 0


def guardian_contact_advice(person: Person) -> GuardianContactAdvice:
    """The one read of the "do not contact" flag, for the crisis protocol and every page
    that offers to contact a guardian. Callers have already opened the person in scope."""
    rows = list(Guardian.objects.filter(person=person).values_list("may_contact", "do_not_contact"))
    if not rows:
        return GuardianContactAdvice(known=False)
    return GuardianContactAdvice(
        known=True,
        do_not_contact=any(harm for _may, harm in rows),
        contactable=sum(1 for may, harm in rows if may and not harm),
    )


def consents_of(user: Any, person: Person) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(permissions.consent_filter(user), person=person)
        .select_related("guardian", "recorded_by", "reviewed_by", "withdrawn_by", "reviewer")
        .order_by("-recorded_at")
    )


def guardian_listing(user: Any, person: Person) -> Listing:
    """A person's guardians for the API; the page shown is audited like the person page."""
    return Listing(
        guardians_of(user, person),
        lambda shown: audit.record_list(
            user, "guardian.listed", shown, organisation=person.organisation
        ),
    )


def consent_listing(user: Any, person: Person) -> Listing:
    return Listing(
        consents_of(user, person),
        lambda shown: audit.record_list(
            user, "consent.listed", shown, organisation=person.organisation
        ),
    )


def read_consents(user: Any, person: Person) -> list[Consent]:
    """The consent records shown on a person's page, with their one audit."""
    rows = list(consents_of(user, person))
    audit.record_list(user, "consent.listed", rows, organisation=person.organisation)
    return rows


def get_consent_for(user: Any, pk: object) -> Consent:
    return get_in_scope(
        Consent.objects.filter(permissions.consent_filter(user)).select_related(
            "person", "guardian", "reviewer"
        ),
        pk,
    )


def active_consents(person: Person, scope: str) -> QuerySet[Consent]:
    """Consent a service may rest on now, for one scope (callers check access first)."""
    return Consent.objects.filter(person=person, scope=scope, withdrawn_at__isnull=True).exclude(
        review_decision=ReviewDecision.OVERTURNED
    )


def exceptions_to_review(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Consent]:
    qs = Consent.objects.filter(
        permissions.review_filter(user),
        basis__in=list(EXCEPTION_BASES),
        reviewed_at__isnull=True,
        withdrawn_at__isnull=True,
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("person", "recorded_by").order_by("review_due_at")
