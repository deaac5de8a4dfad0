"""Writes of a programme's shape: creating it (empty or from the default curriculum), its
settings and thresholds, modules, sessions and quiz questions."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.training import permissions
from rangkul.training.curriculum import default_curriculum
from rangkul.training.models import Audience, Module, Programme, Question, Session

SETTINGS = ("title", "min_attendance", "min_quiz", "min_rubric", "validity_months")
SESSION_FIELDS = ("title", "starts_at", "minutes", "place", "facilitator")


def _require_lead(by: Any, organisation_id: Any) -> None:
    if not permissions.can_run_training(by, organisation_id):
        raise PermissionDenied(_("You may not run training programmes here."))


def _title(value: str, field: str = "title") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Give it a title.")})
    if len(value) > 200:
        raise ValidationError({field: _("Keep it under 200 characters.")})
    return value


def _check_settings(values: dict[str, Any]) -> dict[str, Any]:
    limits = {
        "min_attendance": (0, 100),
        "min_quiz": (0, 100),
        "min_rubric": (0, 16),
        "validity_months": (1, 60),
    }
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name not in SETTINGS:
            raise ValidationError(_("Unknown setting."))
        if name == "title":
            cleaned[name] = _title(value)
            continue
        low, high = limits[name]
        if not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                {name: _("Choose a number from %(low)d to %(high)d.") % {"low": low, "high": high}}
            )
        cleaned[name] = value
    return cleaned


@transaction.atomic
def create_programme(
    *, by: Any, organisation: Any, title: str, audience: str, from_default: bool = False
) -> Programme:
    """A new programme; with `from_default`, a copy of the shipped peer-supporter
    curriculum and quiz, which the lead then edits."""
    _require_lead(by, organisation.id)
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose only from the list.")})
    if from_default and audience != Audience.PEER_SUPPORTERS:
        raise ValidationError({"audience": _("The default curriculum is for peer supporters.")})
    data = default_curriculum()
    title = _title(title or (data["title"] if from_default else ""))
    programme = Programme.objects.create(
        organisation=organisation,
        title=title,
        audience=audience,
        created_by=by,
        **({} if audience == Audience.PEER_SUPPORTERS else {"min_quiz": 0, "min_rubric": 0}),
    )
    if from_default:
        for m, module_data in enumerate(data["modules"]):
            module = Module.objects.create(
                programme=programme, position=m, title=module_data["title"]
            )
            Session.objects.bulk_create(
                Session(module=module, position=s, title=item["title"], minutes=item["minutes"])
                for s, item in enumerate(module_data["sessions"])
            )
        Question.objects.bulk_create(
            Question(
                programme=programme,
                position=q,
                text=item["text"],
                choices=item["choices"],
                correct=item["correct"],
            )  # fmt: skip
            for q, item in enumerate(data["quiz"])
        )
    audit.record(
        by,
        "training.programme_created",
        programme,
        data={"audience": audience, "from_default": from_default},
    )
    return programme


@transaction.atomic
def update_programme(*, by: Any, programme: Programme, **values: Any) -> Programme:
    _require_lead(by, programme.organisation_id)
    cleaned = _check_settings(values)
    for name, value in cleaned.items():
        setattr(programme, name, value)
    programme.save(update_fields=list(cleaned))
    audit.record(by, "training.programme_updated", programme, data={"fields": sorted(cleaned)})
    return programme


def _next_position(qs: Any) -> int:
    last = qs.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def add_module(*, by: Any, programme: Programme, title: str) -> Module:
    _require_lead(by, programme.organisation_id)
    module = Module.objects.create(
        programme=programme,
        position=_next_position(programme.modules.all()),
        title=_title(title),
    )
    audit.record(
        by, "training.module_added", module, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    return module


@transaction.atomic
def remove_module(*, by: Any, module: Module) -> None:
    programme = module.programme
    _require_lead(by, programme.organisation_id)
    if Session.objects.filter(module=module, attendance__isnull=False).exists():
        raise ValidationError(_("Attendance was taken in this module; it cannot be removed."))
    audit.record(
        by, "training.module_removed", module, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    module.delete()


def _swap(items: list[Any], index: int, step: int) -> None:
    other = index + step
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def move_module(*, by: Any, module: Module, step: int) -> None:
    """Move a module one place up (-1) or down (+1)."""
    programme = module.programme
    _require_lead(by, programme.organisation_id)
    modules = list(programme.modules.select_for_update().order_by("position"))
    index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
    _swap(modules, index, 1 if step > 0 else -1)
    audit.record(
        by, "training.module_moved", module, organisation=programme.organisation,
        data={"step": step},
    )  # fmt: skip


def _session_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name not in SESSION_FIELDS:
            raise ValidationError(_("Unknown setting."))
        if name == "title":
            cleaned[name] = _title(value)
        elif name == "minutes":
            if not isinstance(value, int) or not 15 <= value <= 600:
                raise ValidationError({name: _("Choose a number from 15 to 600.")})
            cleaned[name] = value
        elif name == "starts_at":
            if value is not None and not isinstance(value, datetime):
                raise ValidationError({name: _("Enter a date and time.")})
            cleaned[name] = value
        else:
            value = (value or "").strip()
            if len(value) > 200:
                raise ValidationError({name: _("Keep it under 200 characters.")})
            cleaned[name] = value
    return cleaned


@transaction.atomic
def add_session(*, by: Any, module: Module, title: str, minutes: int = 90) -> Session:
    programme = module.programme
    _require_lead(by, programme.organisation_id)
    cleaned = _session_values({"title": title, "minutes": minutes})
    session = Session.objects.create(
        module=module, position=_next_position(module.sessions.all()), **cleaned
    )
    audit.record(
        by, "training.session_added", session, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    return session


@transaction.atomic
def update_session(*, by: Any, session: Session, **values: Any) -> Session:
    programme = session.module.programme
    _require_lead(by, programme.organisation_id)
    cleaned = _session_values(values)
    for name, value in cleaned.items():
        setattr(session, name, value)
    session.save(update_fields=list(cleaned))
    audit.record(
        by, "training.session_updated", session, organisation=programme.organisation,
        data={"fields": sorted(cleaned)},
    )  # fmt: skip
    return session


@transaction.atomic
def remove_session(*, by: Any, session: Session) -> None:
    programme = session.module.programme
    _require_lead(by, programme.organisation_id)
    if session.attendance.exists():
        raise ValidationError(_("Attendance was taken in this session; it cannot be removed."))
    audit.record(
        by, "training.session_removed", session, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    session.delete()


@transaction.atomic
def move_session(*, by: Any, session: Session, step: int) -> None:
    programme = session.module.programme
    _require_lead(by, programme.organisation_id)
    sessions = list(session.module.sessions.select_for_update().order_by("position"))
    index = next(i for i, s in enumerate(sessions) if s.pk == session.pk)
    _swap(sessions, index, 1 if step > 0 else -1)
    audit.record(
        by, "training.session_moved", session, organisation=programme.organisation,
        data={"step": step},
    )  # fmt: skip


@transaction.atomic
def add_question(
    *, by: Any, programme: Programme, text: str, choices: list[str], correct: int
) -> Question:
    _require_lead(by, programme.organisation_id)
    text = (text or "").strip()
    if not text or len(text) > 500:
        raise ValidationError({"text": _("Write the question (at most 500 characters).")})
    choices = [c.strip() for c in choices if c and c.strip()]
    if not 2 <= len(choices) <= 6 or any(len(c) > 200 for c in choices):
        raise ValidationError(
            {"choices": _("Give two to six answers, one a line (at most 200 characters each).")}
        )
    if not isinstance(correct, int) or not 1 <= correct <= len(choices):
        raise ValidationError({"correct": _("Give the number of the correct answer.")})
    question = Question.objects.create(
        programme=programme,
        position=_next_position(programme.questions.all()),
        text=text,
        choices=choices,
        correct=correct - 1,
    )
    audit.record(
        by, "training.question_added", question, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    return question


@transaction.atomic
def remove_question(*, by: Any, question: Question) -> None:
    programme = question.programme
    _require_lead(by, programme.organisation_id)
    audit.record(
        by, "training.question_removed", question, organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )  # fmt: skip
    question.delete()
