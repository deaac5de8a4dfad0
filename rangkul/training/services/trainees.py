"""Writes about trainees: enrolment, attendance, quiz attempts, role-play scores and the
decision that a trainee passed (which certifies them)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.peers import services as peers
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.training import permissions
from rangkul.training.candidates import is_eligible
from rangkul.training.models import (
    RUBRIC,
    Attendance,
    Audience,
    Enrolment,
    EnrolmentStatus,
    Presence,
    Programme,
    QuizAttempt,
    RolePlayAssessment,
    Session,
)
from rangkul.training.queries import sessions_of
from rangkul.training.results import Result, result_of
from rangkul.training.services.certificates import add_cpd_for_programme, issue_certificate


def _require_lead(by: Any, programme: Programme) -> None:
    if not permissions.can_manage_programme(by, programme):
        raise PermissionDenied(_("You may not run this training programme."))


def _peer_profile(programme: Programme, user: Any) -> PeerProfile | None:
    return PeerProfile.objects.filter(organisation_id=programme.organisation_id, user=user).first()


def _walk_peer(
    *, by: Any, profile: PeerProfile, path: list[str], reason: str, **extra: Any
) -> None:
    """Move a peer along `path` from wherever they stand on it (the lifecycle table of the
    peers app decides whether each step is allowed)."""
    if profile.status in path:
        path = path[path.index(profile.status) + 1 :]
    for target in path:
        kwargs = extra if target == PeerStatus.CERTIFIED else {}
        profile = peers.transition(by=by, profile=profile, to=target, reason=reason, **kwargs)


@transaction.atomic
def enrol(*, by: Any, programme: Programme, user: Any) -> Enrolment:
    """Enrol a candidate. A peer moves on to "in training" (from candidate through
    selected) through the peer programme's own transitions."""
    _require_lead(by, programme)
    if not is_eligible(programme, user):
        raise ValidationError({"user": _("This person cannot be enrolled in this programme.")})
    enrolment = Enrolment.objects.create(programme=programme, user=user, enrolled_by=by)
    if programme.audience == Audience.PEER_SUPPORTERS:
        profile = _peer_profile(programme, user)
        if profile is not None:
            _walk_peer(
                by=by,
                profile=profile,
                path=[PeerStatus.CANDIDATE, PeerStatus.SELECTED, PeerStatus.IN_TRAINING],
                reason=_("Enrolled in “%(title)s”") % {"title": programme.title},
            )
    audit.record(
        by,
        "training.enrolled",
        enrolment,
        organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )
    return enrolment


@transaction.atomic
def record_attendance(*, by: Any, session: Session, marks: dict[Any, str]) -> int:
    """Mark each enrolment (by id) present, absent or excused for one session."""
    programme = session.module.programme
    _require_lead(by, programme)
    if any(value not in Presence.values for value in marks.values()):
        raise ValidationError(_("Choose only from the list."))
    enrolments = {
        str(e.pk): e for e in Enrolment.objects.filter(programme=programme, pk__in=list(marks))
    }
    if len(enrolments) != len(marks):
        raise ValidationError(_("Someone in the list is not enrolled in this programme."))
    for key, presence in marks.items():
        Attendance.objects.update_or_create(
            enrolment=enrolments[str(key)],
            session=session,
            defaults={"presence": presence, "recorded_by": by},
        )
    audit.record(
        by,
        "training.attendance_recorded",
        session,
        organisation=programme.organisation,
        data={"count": len(marks)},
    )
    return len(marks)


@transaction.atomic
def start_attempt(*, by: Any, enrolment: Enrolment) -> QuizAttempt:
    """One attempt at a time: an open attempt is continued, not doubled."""
    if not permissions.can_take_quiz(by, enrolment):
        raise PermissionDenied(_("You may not take this quiz."))
    if not enrolment.programme.questions.exists():
        raise ValidationError(_("This programme has no quiz."))
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    attempt = QuizAttempt.objects.filter(enrolment=enrolment, submitted_at__isnull=True).first()
    if attempt is not None:
        return attempt
    attempt = QuizAttempt.objects.create(enrolment=enrolment)
    audit.record(
        by,
        "training.quiz_started",
        attempt,
        organisation=enrolment.programme.organisation,
        data={"enrolment": str(enrolment.pk)},
    )
    return attempt


@transaction.atomic
def submit_attempt(*, by: Any, attempt: QuizAttempt, answers: dict[str, int]) -> QuizAttempt:
    """Score the attempt: every question needs an answer; the score is the share right."""
    enrolment = attempt.enrolment
    if not permissions.can_take_quiz(by, enrolment):
        raise PermissionDenied(_("You may not take this quiz."))
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt was already submitted; start a new one."))
    questions = list(enrolment.programme.questions.all())
    missing = [q for q in questions if not isinstance(answers.get(str(q.pk)), int)]
    if missing:
        raise ValidationError(_("Answer every question before you submit."))
    chosen = {str(q.pk): answers[str(q.pk)] for q in questions}
    if any(not 0 <= chosen[str(q.pk)] < len(q.choices) for q in questions):
        raise ValidationError(_("Choose only from the list."))
    attempt.answers = chosen
    attempt.total = len(questions)
    attempt.correct = sum(1 for q in questions if chosen[str(q.pk)] == q.correct)
    attempt.score = round(100 * attempt.correct / attempt.total) if attempt.total else 0
    attempt.submitted_at = timezone.now()
    attempt.save()
    audit.record(
        by,
        "training.quiz_submitted",
        attempt,
        organisation=enrolment.programme.organisation,
        data={"enrolment": str(enrolment.pk), "score": attempt.score},
    )
    return attempt


@transaction.atomic
def score_role_play(
    *, by: Any, enrolment: Enrolment, scores: dict[str, int], comment: str = ""
) -> RolePlayAssessment:
    if not permissions.can_score_role_play(by, enrolment):
        raise PermissionDenied(_("You may not score this role-play."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("This trainee's result has already been decided."))
    for name in RUBRIC:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise ValidationError({name: _("Score each criterion from 1 to 4.")})
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": _("Keep it under 500 characters.")})
    assessment = RolePlayAssessment.objects.create(
        enrolment=enrolment, scored_by=by, comment=comment, **{n: scores[n] for n in RUBRIC}
    )
    audit.record(
        by,
        "training.role_play_scored",
        assessment,
        organisation=enrolment.programme.organisation,
        data={"enrolment": str(enrolment.pk), "total": assessment.total},
    )
    return assessment


@transaction.atomic
def confirm_pass(*, by: Any, enrolment: Enrolment) -> Result:
    """The lead's decision that a trainee passed: only when every threshold is met. A peer
    gets a certificate and moves to "certified" with its expiry date, then to "active";
    a counselor gets a certificate and a CPD record of the hours attended."""
    programme = enrolment.programme
    _require_lead(by, programme)
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("programme__organisation", "user")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("This trainee's result has already been decided."))
    if enrolment.user_id == by.pk:
        raise PermissionDenied(_("Nobody decides their own training result."))
    result = result_of(programme, sessions_of(programme).count(), enrolment)
    if not result.passes:
        raise ValidationError(" ".join(result.reasons))
    enrolment.status = EnrolmentStatus.PASSED
    enrolment.decided_at = timezone.now()
    enrolment.decided_by = by
    enrolment.decision = result.as_data()
    enrolment.save(update_fields=["status", "decided_at", "decided_by", "decision"])
    certificate = issue_certificate(enrolment=enrolment)
    if programme.audience == Audience.PEER_SUPPORTERS:
        profile = _peer_profile(programme, enrolment.user)
        if profile is not None:
            reason = _("Passed “%(title)s”") % {"title": programme.title}
            _walk_peer(
                by=by,
                profile=profile,
                path=[PeerStatus.IN_TRAINING, PeerStatus.CERTIFIED, PeerStatus.ACTIVE],
                reason=reason,
                certified_until=certificate.valid_until,
            )
    else:
        add_cpd_for_programme(enrolment=enrolment, by=by)
    audit.record(
        by,
        "training.passed",
        enrolment,
        organisation=programme.organisation,
        data={"certificate": str(certificate.pk), **result.as_data(), "reasons": []},
    )
    return result
