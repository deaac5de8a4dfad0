"""Handling a matter: assigning the team, the regulation's steps with due dates,
reminders and escalation, protection measures and the outcome."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.text import check_text, clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.violence import permissions, steps
from rangkul.violence.models import (
    MATTER_TRANSITIONS,
    Finding,
    Matter,
    MatterStatus,
    MeasureKind,
    Outcome,
    ProtectedParty,
    ProtectionMeasure,
    Step,
    StepRecord,
)
from rangkul.violence.queries import get_matter_for, team_of

# How many due steps one run of the periodic job handles; the rest wait for the next run.
BATCH = 200


def open_matter_record(*, by: Any, pk: object) -> Matter:
    """A matter's details, for someone who may see them; the view is audited."""
    matter = get_matter_for(by, pk)
    audit.record(by, "violence.matter_viewed", matter)
    return matter


def transition(matter: Matter, to: str) -> None:
    if to not in MATTER_TRANSITIONS[matter.status]:
        raise ValidationError(_("This matter cannot move to that status."))
    matter.status = to


def _locked(matter: Matter) -> Matter:
    return (
        Matter.objects.select_for_update(of=("self",))
        .select_related("report", "organisation")
        .get(pk=matter.pk)
    )


def _require_handling(by: Any, matter: Matter) -> None:
    if not permissions.is_handling(by, matter):
        raise PermissionDenied(_("Only the team members handling this matter may do this."))
    if matter.status != MatterStatus.OPEN:
        raise ValidationError(_("This matter is closed."))


@transaction.atomic
def assign_handlers(*, by: Any, matter: Matter, users: list[Any]) -> Matter:
    """The lead chooses who handles the matter, from the team's active members. Anyone
    named in the report is refused."""
    matter = _locked(matter)
    if not permissions.can_assign(by, matter):
        raise PermissionDenied(_("Only the team lead assigns members."))
    if matter.status != MatterStatus.OPEN:
        raise ValidationError(_("This matter is closed."))
    if not users:
        raise ValidationError({"users": _("Choose at least one team member.")})
    seated = set(team_of(matter.organisation_id).values_list("user_id", flat=True))
    excluded = set(matter.report.excluded.values_list("pk", flat=True))
    for user in users:
        if user.pk in excluded:
            raise ValidationError({"users": _("A member named in the report cannot handle it.")})
        if user.pk not in seated:
            raise ValidationError({"users": _("Only members of the school's team can handle it.")})
    before = set(matter.handlers.values_list("pk", flat=True))
    matter.handlers.set(users)
    current = matter.steps.filter(step=matter.step, completed_at__isnull=True).first()
    if current is not None and (current.owner_id is None or current.owner_id not in seated):
        current.owner = users[0]
        current.save(update_fields=["owner"])
    fresh = [user for user in users if user.pk not in before]
    notify(
        fresh,
        kind=Kind.VIOLENCE_REPORT,
        organisation=matter.organisation,
        link=reverse("violence_matter", args=[matter.pk]),
    )
    audit.record(by, "violence.assigned", matter, data={"handlers": [u.pk for u in users]})
    return matter


@transaction.atomic
def complete_step(*, by: Any, matter: Matter, step: str, summary: str) -> Matter:
    """Finish the current step with a summary of what was done, and start the next with
    its owner and due date. The conclusion needs the outcome recorded first; finishing
    recovery closes the matter."""
    matter = _locked(matter)
    _require_handling(by, matter)
    if step != matter.step:
        raise ValidationError(_("That is not the step this matter is at."))
    summary = clean_text(
        summary, field="summary", limit=4000, empty=_("Write briefly what was done in this step.")
    )
    if step == Step.CONCLUSION and not Outcome.objects.filter(matter=matter).exists():
        raise ValidationError(_("Record the conclusion and recommendations first."))
    now = timezone.now()
    record = matter.steps.get(step=step)
    record.completed_at, record.completed_by, record.summary = now, by, summary
    record.save(update_fields=["completed_at", "completed_by", "summary"])
    following = steps.next_step(step)
    if following is None:
        transition(matter, MatterStatus.CLOSED)
        matter.closed_at = now
        matter.save(update_fields=["status", "closed_at"])
    else:
        StepRecord.objects.create(
            matter=matter,
            step=following,
            owner=by if matter.handlers.filter(pk=by.pk).exists() else record.owner,
            started_at=now,
            due_at=now + steps.rule(following).limit,
        )
        matter.step = following
        matter.save(update_fields=["step"])
    audit.record(
        by,
        "violence.step_completed",
        matter,
        data={"step": step, "days": round((now - record.started_at).total_seconds() / 86400, 2)},
    )
    return matter


@transaction.atomic
def add_measure(
    *, by: Any, matter: Matter, party: str, kind: str, detail: str = ""
) -> ProtectionMeasure:
    """A protection measure for the victim, a witness or the reporter."""
    matter = _locked(matter)
    _require_handling(by, matter)
    errors = {}
    if party not in ProtectedParty.values:
        errors["party"] = _("Choose whom the measure protects.")
    if kind not in MeasureKind.values:
        errors["kind"] = _("Choose a measure.")
    if errors:
        raise ValidationError(errors)
    detail = clean_text(detail, field="detail", limit=500, required=False)
    measure = ProtectionMeasure.objects.create(
        matter=matter, party=party, kind=kind, detail=detail, by=by
    )
    audit.record(by, "violence.measure_added", matter, data={"party": party, "kind": kind})
    return measure


@transaction.atomic
def record_outcome(
    *,
    by: Any,
    matter: Matter,
    finding: str,
    recommendations: str,
    decided_by: str,
    decided_on: date,
    sanctions: str = "",
    recovery_plan: str = "",
) -> Outcome:
    """The examination's conclusion and recommendations, and what the school decided
    (sanctions, recovery plan), with who decided. Recorded from the conclusion step on;
    a later record replaces the earlier one and both are in the audit trail."""
    matter = _locked(matter)
    _require_handling(by, matter)
    if steps.STEP_ORDER.index(matter.step) < steps.STEP_ORDER.index(Step.CONCLUSION):
        raise ValidationError(_("The outcome is recorded once the examination is done."))
    errors: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for name, value, limit, required, empty in (
        ("recommendations", recommendations, 4000, True, _("Write the team's recommendations.")),
        ("sanctions", sanctions, 2000, False, ""),
        ("recovery_plan", recovery_plan, 4000, False, ""),
        ("decided_by", decided_by, 200, True, _("Say who decided (name and position).")),
    ):
        texts[name], problem = check_text(value, limit=limit, required=required, empty=empty)
        if problem:
            errors[name] = problem
    if finding not in Finding.values:
        errors["finding"] = _("Choose the conclusion.")
    if not isinstance(decided_on, date) or decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    outcome, created = Outcome.objects.update_or_create(
        matter=matter,
        defaults={
            "finding": finding,
            **texts,
            "decided_on": decided_on,
            "recorded_by": by,
        },
    )
    audit.record(
        by,
        "violence.outcome_recorded" if created else "violence.outcome_changed",
        matter,
        data={"finding": finding, "sanctions": bool(outcome.sanctions)},
    )
    return outcome


def _escalation_recipients(matter: Matter) -> list[Any]:
    """The principal and the district task force, less anyone named in the report."""
    excluded = set(matter.report.excluded.values_list("pk", flat=True))
    people = list(members_with_roles(matter.organisation_id, [Role.PRINCIPAL]))
    if matter.organisation.parent_id:
        people += [seat.user for seat in team_of(matter.organisation.parent_id)]
    return [user for user in people if user.pk not in excluded]


def _remind(record: StepRecord, now: datetime) -> None:
    matter = record.matter
    excluded = set(matter.report.excluded.values_list("pk", flat=True))
    owner = [record.owner] if record.owner is not None else list(matter.handlers.all())
    notify(
        [user for user in owner if user is not None and user.pk not in excluded],
        kind=Kind.VIOLENCE_STEP_DUE,
        organisation=matter.organisation,
        link=reverse("violence_matter", args=[matter.pk]),
    )
    record.reminded_at = now
    record.save(update_fields=["reminded_at"])
    audit.record(None, "violence.step_reminded", matter, data={"step": record.step})


def _escalate(record: StepRecord, now: datetime) -> None:
    """Past the due date: the principal and the task force are told, and the task force
    sees the matter from now on (it warns the school and may take the handling over)."""
    matter = record.matter
    recipients = _escalation_recipients(matter)
    owner_and_handlers = [record.owner] if record.owner is not None else []
    owner_and_handlers += list(matter.handlers.all())
    notify(
        recipients + owner_and_handlers,
        kind=Kind.VIOLENCE_STEP_OVERDUE,
        organisation=matter.organisation,
        link=reverse("violence_matter", args=[matter.pk]),
    )
    if not matter.task_force_involved and matter.organisation.parent_id:
        matter.task_force_involved = True
        matter.save(update_fields=["task_force_involved"])
    record.escalated_at = now
    if record.reminded_at is None:
        record.reminded_at = now
    record.save(update_fields=["escalated_at", "reminded_at"])
    audit.record(
        None,
        "violence.step_escalated",
        matter,
        data={"step": record.step, "recipients": len(recipients)},
    )


def remind_and_escalate(now: datetime | None = None) -> tuple[int, int]:
    """Periodic: remind the owner of a step that falls due soon, and escalate a step past
    its due date to the principal and the district task force. Each step once, each in
    its own transaction under a lock. Returns (reminded, escalated)."""
    now = now or timezone.now()
    open_steps = StepRecord.objects.filter(
        completed_at__isnull=True, matter__status=MatterStatus.OPEN
    )
    candidates = list(
        open_steps.filter(escalated_at__isnull=True)
        .order_by("due_at")
        .values_list("pk", "step", "due_at")[:BATCH]
    )
    reminded = escalated = 0
    for pk, code, due_at in candidates:
        rule = steps.rule(code)
        if now < due_at - rule.remind_before:
            continue
        with transaction.atomic():
            record = (
                StepRecord.objects.select_for_update(of=("self",))
                .select_related("matter__organisation", "matter__report")
                .filter(pk=pk, completed_at__isnull=True, escalated_at__isnull=True)
                .first()
            )
            if record is None:
                continue
            if now >= record.due_at:
                _escalate(record, now)
                escalated += 1
            elif record.reminded_at is None:
                _remind(record, now)
                reminded += 1
    return reminded, escalated
