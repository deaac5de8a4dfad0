"""Every read of training, already scoped to the reader; reads of trainees' results leave
an audit event."""

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from rangkul.audit import services as audit
from rangkul.lib.scoping import get_in_scope
from rangkul.training import codes, permissions
from rangkul.training.models import (
    Certificate,
    CpdRecord,
    Enrolment,
    Module,
    Programme,
    Question,
    QuizAttempt,
    Session,
)
from rangkul.training.results import Result, result_of


def visible_programmes(user: Any, organisation_id: uuid.UUID) -> QuerySet[Programme]:
    return Programme.objects.filter(
        permissions.programme_filter(user), organisation_id=organisation_id
    )


def get_programme_for(user: Any, pk: object) -> Programme:
    return get_in_scope(
        Programme.objects.filter(permissions.programme_filter(user)).select_related("organisation"),
        pk,
    )


def modules_of(programme: Programme) -> list[Module]:
    return list(
        programme.modules.prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("position"))
        )
    )


def sessions_of(programme: Programme) -> QuerySet[Session]:
    return Session.objects.filter(module__programme=programme).select_related("module")


def questions_of(programme: Programme) -> QuerySet[Question]:
    return programme.questions.all()


def get_session_for(user: Any, pk: object) -> Session:
    """A session, for the lead of its programme (who edits it and takes attendance)."""
    session = get_in_scope(
        Session.objects.filter(
            module__programme__organisation_id__in=permissions.lead_orgs(user)
        ).select_related("module__programme__organisation"),
        pk,
    )
    return session


def get_module_for(user: Any, pk: object) -> Module:
    return get_in_scope(
        Module.objects.filter(
            programme__organisation_id__in=permissions.lead_orgs(user)
        ).select_related("programme"),
        pk,
    )


def get_question_for(user: Any, pk: object) -> Question:
    return get_in_scope(
        Question.objects.filter(
            programme__organisation_id__in=permissions.lead_orgs(user)
        ).select_related("programme"),
        pk,
    )


def _with_results(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return qs.select_related("user", "programme__organisation").prefetch_related(
        "attendance", "attempts", "assessments"
    )


def enrolments_of(user: Any, programme: Programme) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(permissions.enrolment_filter(user), programme=programme)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def own_enrolments(user: Any, organisation_id: uuid.UUID) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user_id=user.pk, programme__organisation_id=organisation_id)
        .select_related("programme", "certificate")
        .order_by("-enrolled_at")
    )


def get_enrolment_for(user: Any, pk: object) -> Enrolment:
    return get_in_scope(
        _with_results(Enrolment.objects.filter(permissions.enrolment_filter(user))), pk
    )


def results_for(user: Any, enrolment: Enrolment) -> Result:
    """One trainee's figures (attendance, quiz, role-play); the reading is audited."""
    if not permissions.can_view_enrolment(user, enrolment):
        raise Http404
    result = result_of(enrolment.programme, sessions_of(enrolment.programme).count(), enrolment)
    audit.record(
        user,
        "training.results_viewed",
        enrolment,
        organisation=enrolment.programme.organisation,
        data={"count": 1, "ids": [str(enrolment.pk)]},
    )
    return result


def programme_results(user: Any, programme: Programme) -> list[tuple[Enrolment, Result]]:
    """Every trainee's figures, for the lead's decision and the assessors; one audit event
    for the list shown."""
    if not permissions.can_view_programme(user, programme):
        raise Http404
    sessions = sessions_of(programme).count()
    enrolments = list(_with_results(enrolments_of(user, programme)))
    audit.record_list(
        user, "training.results_listed", enrolments, organisation=programme.organisation
    )
    return [(e, result_of(programme, sessions, e)) for e in enrolments]


def attempts_of(user: Any, enrolment: Enrolment) -> list[QuizAttempt]:
    if not permissions.can_view_enrolment(user, enrolment):
        raise Http404
    return [a for a in enrolment.attempts.all() if a.submitted_at is not None]


def open_attempt(enrolment: Enrolment) -> QuizAttempt | None:
    return enrolment.attempts.filter(submitted_at__isnull=True).first()


# --- Certificates -------------------------------------------------------------------------------


def get_certificate_for(user: Any, pk: object) -> Certificate:
    return get_in_scope(
        Certificate.objects.filter(permissions.certificate_filter(user)).select_related(
            "organisation", "enrolment__programme", "enrolment__user"
        ),
        pk,
    )


def certificate_by_code(typed: str) -> Certificate | None:
    """The public verification: a certificate by its code, or None."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return Certificate.objects.select_related("organisation").filter(code=code).first()


# --- CPD ------------------------------------------------------------------------------------


def own_cpd(user: Any, organisation_id: uuid.UUID) -> QuerySet[CpdRecord]:
    return CpdRecord.objects.filter(counselor_id=user.pk, organisation_id=organisation_id)


def get_cpd_for(user: Any, pk: object) -> CpdRecord:
    return get_in_scope(CpdRecord.objects.filter(permissions.cpd_filter(user)), pk)


def cpd_hours(user: Any, organisation_id: uuid.UUID) -> tuple[list[int], list[dict[str, Any]]]:
    """Hours per counselor per year, for the lead: (years, rows of name and hours by year)."""
    if not permissions.can_run_training(user, organisation_id):
        raise Http404
    records = CpdRecord.objects.filter(organisation_id=organisation_id).select_related("counselor")
    table: dict[Any, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    names: dict[Any, str] = {}
    for record in records:
        table[record.counselor_id][record.on.year] += record.hours
        names[record.counselor_id] = record.counselor.display_name()
    years = sorted({year for hours in table.values() for year in hours}, reverse=True)
    rows = [
        {
            "name": names[counselor],
            "hours": [table[counselor].get(year, Decimal(0)) for year in years],
        }
        for counselor in sorted(table, key=lambda c: names[c])
    ]
    return years, rows
