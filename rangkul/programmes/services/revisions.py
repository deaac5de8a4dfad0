"""Approval and revisions: the coordinator approves a draft; a new revision copies an
approved programme into a draft, and approving that draft supersedes the old one."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.programmes import permissions
from rangkul.programmes.models import PROGRAMME_TRANSITIONS, Delivery, Programme, ProgrammeStatus


def _transition(programme: Programme, to: str) -> None:
    if to not in PROGRAMME_TRANSITIONS[programme.status]:
        raise ValidationError(
            _("A programme that is “%(status)s” cannot change like this.")
            % {"status": programme.get_status_display()}
        )
    programme.status = to


def _locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def approve_programme(*, by: Any, programme: Programme) -> Programme:
    """The coordinator approves a draft; it becomes read-only, and the revision it replaces
    is superseded, its deliveries moving to the matching items."""
    if not permissions.can_approve(by, programme.organisation_id):
        raise PermissionDenied(_("Only the coordinator approves the programme."))
    programme = _locked(programme)
    if not programme.items.exists():
        raise ValidationError(_("A programme without items cannot be approved."))
    _transition(programme, ProgrammeStatus.APPROVED)
    programme.approved_by = by
    programme.approved_at = timezone.now()
    programme.save(update_fields=["status", "approved_by", "approved_at"])
    moved = 0
    if programme.previous_id is not None:
        previous = _locked(programme.previous)  # type: ignore[arg-type]
        if previous.status == ProgrammeStatus.APPROVED:
            _transition(previous, ProgrammeStatus.SUPERSEDED)
            previous.save(update_fields=["status"])
        for item in programme.items.exclude(copied_from=None):
            moved += Delivery.objects.filter(item_id=item.copied_from_id).update(item=item)
    audit.record(
        by,
        "programme.approved",
        programme,
        data={"revision": programme.revision, "deliveries_moved": moved},
    )
    return programme


@transaction.atomic
def revise_programme(*, by: Any, programme: Programme) -> Programme:
    """A new draft revision of an approved programme, with its items and session plans."""
    if not permissions.can_plan(by, programme.organisation_id):
        raise PermissionDenied(_("You may not plan programmes here."))
    programme = _locked(programme)
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Only an approved programme gets a new revision."))
    if Programme.objects.filter(previous=programme).exists():
        raise ValidationError(_("This programme already has a revision in progress."))
    copy = Programme.objects.create(
        organisation=programme.organisation,
        title=programme.title,
        period=programme.period,
        academic_year=programme.academic_year,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        needs_survey=programme.needs_survey,
        revision=programme.revision + 1,
        previous=programme,
        created_by=by,
        report_introduction=programme.report_introduction,
        report_evaluation=programme.report_evaluation,
        report_follow_up=programme.report_follow_up,
    )
    for item in programme.items.prefetch_related("target_cohorts", "articles"):
        cohorts, articles = list(item.target_cohorts.all()), list(item.articles.all())
        plan = getattr(item, "plan", None)
        old_pk = item.pk
        item.pk = None
        item.id = None  # type: ignore[assignment]
        item._state.adding = True
        item.programme = copy
        item.copied_from_id = old_pk
        item.save()
        item.target_cohorts.set(cohorts)
        item.articles.set(articles)
        if plan is not None:
            plan.pk = None
            plan.id = None
            plan._state.adding = True
            plan.item = item
            plan.save()
    audit.record(by, "programme.revision_started", copy, data={"of": str(programme.pk)})
    return copy
