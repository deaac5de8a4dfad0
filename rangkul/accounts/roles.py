"""Roles are code: each role is a set of capabilities within one organisation."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    PEER_SUPPORTER = "peer_supporter", _("Peer supporter")
    COUNSELOR = "counselor", _("Counselor")
    COORDINATOR = "coordinator", _("Counseling coordinator")
    HOMEROOM_TEACHER = "homeroom_teacher", _("Homeroom teacher")
    PRINCIPAL = "principal", _("Principal")
    FIELD_WORKER = "field_worker", _("Field worker")
    PROVIDER = "provider", _("Service provider")
    AUTHORITY_ANALYST = "authority_analyst", _("Authority analyst")
    ADMIN = "admin", _("Administrator")


class Capability(StrEnum):
    # The people page: the people (konseli / beneficiaries) this staff member works with.
    VIEW_PEOPLE = "view_people"
    # Every person of the organisation, not only those one works with (a field worker sees
    # only the beneficiaries of their programmes' teams and the people of their cases).
    VIEW_ALL_PEOPLE = "view_all_people"
    # Who viewed a person's record (the access log).
    VIEW_ACCESS_LOG = "view_access_log"
    # Users and memberships.
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    # Only the peer supporter role, for the programme lead.
    MANAGE_PEER_SUPPORTERS = "manage_peer_supporters"
    # Counts without identities for this organisation.
    VIEW_AGGREGATES = "view_aggregates"
    # Counts without identities for the organisations under this one.
    VIEW_CHILD_AGGREGATES = "view_child_aggregates"
    # Cohorts (rombel) and their sizes.
    VIEW_COHORTS = "view_cohorts"
    # The organisation's account and membership events in the audit trail.
    VIEW_ORG_AUDIT = "view_org_audit"
    # Receives notices of role changes in the organisation.
    RECEIVE_ROLE_NOTICES = "receive_role_notices"
    # Asks for help for oneself ("Saya ingin curhat").
    ASK_FOR_HELP = "ask_for_help"
    # Listens to fellow students on requests offered to them.
    PEER_SUPPORT = "peer_support"
    # Works cases as a professional: triage queue, notes, escalation, activities.
    WORK_CASES = "work_cases"
    # Sees and reassigns every case of the organisation.
    OVERSEE_CASES = "oversee_cases"
    # Refers a student to BK (alih tangan kasus) and sees only that it was received.
    REFER_STUDENTS = "refer_students"
    # Receives and handles safety alerts.
    RESPOND_TO_ALERTS = "respond_to_alerts"
    # Guardians and consent records of the organisation's people.
    MANAGE_GUARDIANS = "manage_guardians"
    # Reviews consent exceptions (child protection, vital interest) within 24 hours.
    REVIEW_CONSENT_EXCEPTIONS = "review_consent_exceptions"
    # Keeps the organisation's entries in the service directory (import, export, edit).
    MANAGE_DIRECTORY = "manage_directory"
    # Receives referrals out addressed to the provider organisation and answers them.
    RECEIVE_REFERRALS = "receive_referrals"
    # Imports the school's students, classes, guardians and staff; records the legal basis;
    # issues first-login cards; ends enrolments; rolls the academic year over.
    MANAGE_ENROLMENT = "manage_enrolment"
    # Gives a student a new one-time password (and card) when they forgot theirs.
    RESET_STUDENT_PASSWORDS = "reset_student_passwords"
    # Personal-data rights (export, correction, erasure, holds) and retention settings.
    MANAGE_PERSONAL_DATA = "manage_personal_data"
    # The organisation's effectiveness reports (aggregates, small cells suppressed).
    VIEW_REPORTS = "view_reports"
    # Exports that name people (per-person outcome changes).
    EXPORT_IDENTIFIABLE = "export_identifiable"
    # Runs training programmes: curriculum, enrolment, attendance, decisions, certificates;
    # sees counselors' CPD hours.
    RUN_TRAINING = "run_training"
    # Scores trainees' role-plays against the rubric.
    ASSESS_TRAINEES = "assess_trainees"
    # Keeps one's own continuing professional development (CPD) records.
    KEEP_CPD = "keep_cpd"
    # Creates and edits the organisation's psychosocial programmes and their teams.
    MANAGE_PSYCHOSOCIAL_PROGRAMMES = "manage_psychosocial_programmes"


C = Capability

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.STUDENT: frozenset({C.ASK_FOR_HELP}),
    Role.PEER_SUPPORTER: frozenset({C.ASK_FOR_HELP, C.PEER_SUPPORT}),
    Role.COUNSELOR: frozenset(
        {
            C.VIEW_PEOPLE,
            C.VIEW_ALL_PEOPLE,
            C.VIEW_COHORTS,
            C.VIEW_AGGREGATES,
            C.WORK_CASES,
            C.REFER_STUDENTS,
            C.RESPOND_TO_ALERTS,
            C.MANAGE_GUARDIANS,
            C.RESET_STUDENT_PASSWORDS,
            C.ASSESS_TRAINEES,
            C.KEEP_CPD,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            C.MANAGE_ENROLMENT,
            C.RESET_STUDENT_PASSWORDS,
            C.MANAGE_GUARDIANS,
            C.REVIEW_CONSENT_EXCEPTIONS,
            C.MANAGE_DIRECTORY,
            C.WORK_CASES,
            C.OVERSEE_CASES,
            C.REFER_STUDENTS,
            C.RESPOND_TO_ALERTS,
            C.VIEW_PEOPLE,
            C.VIEW_ALL_PEOPLE,
            C.VIEW_ACCESS_LOG,
            C.VIEW_MEMBERS,
            C.MANAGE_PEER_SUPPORTERS,
            C.VIEW_COHORTS,
            C.VIEW_AGGREGATES,
            C.RECEIVE_ROLE_NOTICES,
            C.MANAGE_PERSONAL_DATA,
            C.VIEW_REPORTS,
            C.EXPORT_IDENTIFIABLE,
            C.RUN_TRAINING,
            C.ASSESS_TRAINEES,
            C.KEEP_CPD,
            C.MANAGE_PSYCHOSOCIAL_PROGRAMMES,
        }
    ),
    Role.HOMEROOM_TEACHER: frozenset({C.REFER_STUDENTS}),
    Role.PRINCIPAL: frozenset({C.VIEW_AGGREGATES, C.VIEW_REPORTS}),
    Role.FIELD_WORKER: frozenset({C.VIEW_PEOPLE, C.VIEW_COHORTS, C.WORK_CASES, C.MANAGE_GUARDIANS}),
    Role.PROVIDER: frozenset({C.RECEIVE_REFERRALS}),
    Role.AUTHORITY_ANALYST: frozenset({C.VIEW_CHILD_AGGREGATES}),
    Role.ADMIN: frozenset(
        {
            C.VIEW_MEMBERS,
            C.MANAGE_MEMBERS,
            C.MANAGE_PEER_SUPPORTERS,
            C.VIEW_ORG_AUDIT,
            C.MANAGE_DIRECTORY,
            C.MANAGE_ENROLMENT,
            C.RESET_STUDENT_PASSWORDS,
            C.MANAGE_PSYCHOSOCIAL_PROGRAMMES,
        }
    ),
}

# Roles that are staff of an organisation (used for "staff only" pages).
STAFF_ROLES = frozenset(
    {
        Role.COUNSELOR,
        Role.COORDINATOR,
        Role.HOMEROOM_TEACHER,
        Role.PRINCIPAL,
        Role.FIELD_WORKER,
        Role.PROVIDER,
        Role.AUTHORITY_ANALYST,
        Role.ADMIN,
    }
)


def capabilities_of(roles: set[str] | frozenset[str]) -> frozenset[Capability]:
    caps: set[Capability] = set()
    for role in roles:
        caps |= CAPABILITIES.get(role, frozenset())
    return frozenset(caps)
