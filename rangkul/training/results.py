"""Whether an enrolment passes its programme, and why not: plain figures in, a result out."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from rangkul.training.models import RUBRIC_MAX, Presence


@dataclass
class Result:
    sessions: int
    present: int
    excused: int
    attendance: int  # percent of the sessions not excused
    quiz: int | None  # best submitted score, percent
    attempts: int
    rubric: int | None  # latest role-play total
    passes: bool = False
    reasons: list[str] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return {
            "attendance": self.attendance,
            "quiz": self.quiz,
            "rubric": self.rubric,
            "passes": self.passes,
            "reasons": self.reasons,
        }


def result_of(programme: Any, sessions: int, enrolment: Any) -> Result:
    """Needs the enrolment's attendance, attempts and assessments (prefetched by the
    query that lists them)."""
    marks = [a.presence for a in enrolment.attendance.all()]
    present = marks.count(Presence.PRESENT)
    excused = marks.count(Presence.EXCUSED)
    counted = sessions - excused
    attendance = round(100 * present / counted) if counted > 0 else 0
    scores = [a.score for a in enrolment.attempts.all() if a.submitted_at is not None]
    assessments = list(enrolment.assessments.all())
    result = Result(
        sessions=sessions,
        present=present,
        excused=excused,
        attendance=attendance,
        quiz=max(scores) if scores else None,
        attempts=len(scores),
        rubric=max(assessments, key=lambda a: a.at).total if assessments else None,
    )
    if programme.min_attendance and attendance < programme.min_attendance:
        result.reasons.append(
            _("Attendance %(share)d%% is below %(min)d%%.")
            % {"share": attendance, "min": programme.min_attendance}
        )
    if programme.min_quiz:
        if result.quiz is None:
            result.reasons.append(_("The quiz has not been taken."))
        elif result.quiz < programme.min_quiz:
            result.reasons.append(
                _("The best quiz score %(score)d%% is below %(min)d%%.")
                % {"score": result.quiz, "min": programme.min_quiz}
            )
    if programme.min_rubric:
        if result.rubric is None:
            result.reasons.append(_("The role-play has not been scored."))
        elif result.rubric < programme.min_rubric:
            result.reasons.append(
                _("The role-play score %(score)d of %(max)d is below %(min)d.")
                % {"score": result.rubric, "max": RUBRIC_MAX, "min": programme.min_rubric}
            )
    result.passes = not result.reasons
    return result
