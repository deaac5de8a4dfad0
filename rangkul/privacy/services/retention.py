"""Retention: each organisation's periods per kind of record, and the job that applies them.

What has expired is anonymised in place (closed cases' texts, messages, named screening
answers turned into anonymous counts) or, for audit events and export records, removed.
Each run leaves a run record the coordinator sees and an audit event."""

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.models import Organisation
from rangkul.audit import services as audit
from rangkul.cases.models import Case, Message, Note, SupportRequest, TierChange
from rangkul.privacy import permissions
from rangkul.privacy.models import (
    RETENTION_DEFAULTS,
    RETENTION_MINIMUMS,
    DataExport,
    RetentionPolicy,
    RetentionRun,
)
from rangkul.privacy.services.scrub import scrub
from rangkul.screenings.models import ScreeningResponse

PERIODS = tuple(RETENTION_DEFAULTS)


def policy_for(organisation_id: Any) -> RetentionPolicy:
    """The organisation's periods: its saved settings, or the documented defaults."""
    found = RetentionPolicy.objects.filter(organisation_id=organisation_id).first()
    return found or RetentionPolicy(organisation_id=organisation_id)


def update_policy(*, by: Any, organisation: Organisation, **days: int) -> RetentionPolicy:
    if not permissions.can_manage_retention(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator may do this."))
    errors = {}
    for name in PERIODS:
        value = days.get(name)
        if value is None or not RETENTION_MINIMUMS[name] <= int(value) <= 3650:
            errors[name] = _("Choose between %(low)s and 3650 days.") % {
                "low": RETENTION_MINIMUMS[name]
            }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy = policy_for(organisation.pk)
        changed = [n for n in PERIODS if getattr(policy, n) != int(days[n])]
        for name in PERIODS:
            setattr(policy, name, int(days[name]))
        policy.updated_by = by
        policy.save()
        audit.record(
            by,
            "privacy.retention_changed",
            policy,
            organisation=organisation,
            data={"fields": changed},
        )
    return policy


def apply_retention(organisation: Organisation, *, now: datetime | None = None) -> RetentionRun:
    """Anonymise or remove what has expired in one organisation, and report it."""
    now = now or timezone.now()
    policy = policy_for(organisation.pk)
    counts: Counter[str] = Counter()

    def cutoff(name: str) -> datetime:
        return now - timedelta(days=getattr(policy, name))

    with transaction.atomic():
        cases = Case.objects.filter(
            organisation=organisation, closed_at__lt=cutoff("closed_cases_days")
        )
        for case in cases:
            changed = scrub(case)
            for row in [
                *Note.objects.filter(case=case),
                *TierChange.objects.filter(case=case),
                *SupportRequest.objects.filter(case=case),
            ]:
                changed = scrub(row) or changed
            counts["closed_cases"] += int(changed)
        old_messages = Message.objects.filter(
            case__organisation=organisation, case__closed_at__lt=cutoff("messages_days")
        )
        counts["messages"] += sum(scrub(m) for m in old_messages)
        named = ScreeningResponse.objects.filter(
            organisation=organisation,
            person__isnull=False,
            submitted_at__lt=cutoff("screening_responses_days"),
        )
        for response in named:
            scrub(response, only=("answers",))
        counts["screening_responses"] += named.update(
            person=None, assignment=None, entered_by=None, started_at=None, submitted_at=None
        )
        counts["audit_events"] += audit.expire_events(
            organisation=organisation, before=cutoff("audit_events_days")
        )
        counts["exports"] += DataExport.objects.filter(
            organisation=organisation, at__lt=cutoff("exports_days")
        ).delete()[0]
        run = RetentionRun.objects.create(organisation=organisation, counts=dict(counts))
        audit.record(
            None, "privacy.retention_applied", run, organisation=organisation, data=dict(counts)
        )
    return run


def apply_all(*, now: datetime | None = None) -> int:
    """The periodic job: every organisation with people. Returns how many rows changed."""
    total = 0
    for organisation in Organisation.objects.filter(people__isnull=False).distinct():
        total += apply_retention(organisation, now=now).total
    return total
