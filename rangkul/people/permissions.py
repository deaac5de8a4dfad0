"""Who may see people (konseli) and cohorts. Each rule: a predicate and its Q filter."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability
from rangkul.people.models import Person

# --- Person -------------------------------------------------------------------------------
# Staff with the people capability in the person's organisation; the person themselves. A
# field worker (people without "all people") sees only the people they work with: the
# beneficiaries of the psychosocial programmes whose team they are on and the people of the
# cases they lead or are on the team of.


def _worked_with(user: Any) -> Q:
    # Reverse lookups by name only: the programme and case apps sit above this one.
    worked = Person.objects.filter(
        Q(beneficiary_records__programme__team=user) | Q(cases__team=user) | Q(cases__lead=user)
    ).values("pk")
    return Q(pk__in=worked)


def can_view_person(user: Any, person: Any) -> bool:
    if person.user_id is not None and person.user_id == user.pk:
        return True
    if has_capability(user, person.organisation_id, Capability.VIEW_ALL_PEOPLE):
        return True
    if not has_capability(user, person.organisation_id, Capability.VIEW_PEOPLE):
        return False
    return Person.objects.filter(_worked_with(user), pk=person.pk).exists()


def person_filter(user: Any) -> Q:
    everyone = orgs_with_capability(user, Capability.VIEW_ALL_PEOPLE)
    some = orgs_with_capability(user, Capability.VIEW_PEOPLE) - everyone
    q = Q(organisation_id__in=everyone) | Q(user_id=user.pk)
    if some:
        q |= Q(organisation_id__in=some) & _worked_with(user)
    return q


# --- Access log of a person's record: the coordinator only ------------------------------


def can_view_access_log(user: Any, person: Any) -> bool:
    return has_capability(user, person.organisation_id, Capability.VIEW_ACCESS_LOG)


def access_log_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.VIEW_ACCESS_LOG))


# --- Cohort -------------------------------------------------------------------------------
# Staff with the cohort capability; a homeroom teacher sees the cohorts they lead.


def can_view_cohort(user: Any, cohort: Any) -> bool:
    if cohort.homeroom_teacher_id is not None and cohort.homeroom_teacher_id == user.pk:
        return True
    return has_capability(user, cohort.organisation_id, Capability.VIEW_COHORTS)


def cohort_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.VIEW_COHORTS)) | Q(
        homeroom_teacher_id=user.pk
    )


# --- Guardians and consent records -------------------------------------------------------
# Staff who act for the person (counselor, coordinator, field worker) in the person's
# organisation. Never the person themself: a guardian's "do not contact" note may name the
# reason a student is in danger.


def can_manage_guardians(user: Any, person: Any) -> bool:
    return has_capability(user, person.organisation_id, Capability.MANAGE_GUARDIANS)


def guardian_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.MANAGE_GUARDIANS))


# Contacting a guardian (recording a contact, inviting them by letter): the staff above,
# never a guardian flagged "do not contact" (they may be the source of harm). A letter also
# waits until the guardian may be contacted at all.

DO_NOT_CONTACT_MESSAGE = _(
    'This guardian is marked "do not contact": they may be the source of harm. '
    "Do not contact them; discuss a safe way forward with the coordinator."
)
NOT_CONTACTABLE_MESSAGE = _("This guardian is marked as not to be contacted.")


def can_invite_guardian(user: Any, guardian: Any) -> bool:
    return can_manage_guardians(user, guardian.person) and guardian.contactable


def invitable_guardian_filter(user: Any) -> Q:
    return guardian_filter(user) & Q(may_contact=True, do_not_contact=False)


# A consent record (and its scanned form): the staff above, and the named reviewer of an
# exception.


def can_view_consent(user: Any, consent: Any) -> bool:
    if consent.reviewer_id is not None and consent.reviewer_id == user.pk:
        return True
    return has_capability(user, consent.organisation_id, Capability.MANAGE_GUARDIANS)


def consent_filter(user: Any) -> Q:
    return guardian_filter(user) | Q(reviewer_id=user.pk)


# Reviewing an exception: the named safeguarding lead when the counselor routed it there
# (the coordinator is implicated or absent), otherwise a coordinator. Never its author.


def can_review_exception(user: Any, consent: Any) -> bool:
    if not consent.is_exception or consent.recorded_by_id == user.pk:
        return False
    if consent.reviewer_id is not None:
        return bool(consent.reviewer_id == user.pk)
    return has_capability(user, consent.organisation_id, Capability.REVIEW_CONSENT_EXCEPTIONS)


def review_filter(user: Any) -> Q:
    coordinator = Q(
        reviewer__isnull=True,
        organisation_id__in=orgs_with_capability(user, Capability.REVIEW_CONSENT_EXCEPTIONS),
    )
    return (Q(reviewer_id=user.pk) | coordinator) & ~Q(recorded_by_id=user.pk)
