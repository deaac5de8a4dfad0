"""Reporting violence: a student, a parent without an account, a teacher or any member.

Every report passes the safety check; immediate danger, or sexual violence against a
child, raises an alert at once through the safety ladder. The reporter gets a receipt
code, the only key to follow the status and add information.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.permissions import roles_in
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.text import check_text, clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.safety import services as safety
from rangkul.safety.models import AlertSource, Severity
from rangkul.violence import steps
from rangkul.violence.models import (
    Addition,
    Channel,
    ChildVictim,
    Matter,
    Report,
    Standing,
    Step,
    StepRecord,
    TeamRole,
    ViolenceKind,
    hash_receipt,
    new_receipt_code,
)
from rangkul.violence.queries import report_by_receipt, team_of

MIN_WHAT = 10


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.casefold()) + " "


def _named(user: Any, haystack: str) -> bool:
    """Whether the report names this person: their full name, or their username."""
    names = []
    full = " ".join(part for part in (user.first_name, user.last_name) if part).strip()
    if full and (user.last_name or len(full) >= 4):
        names.append(full)
    if user.username and len(user.username) >= 4:
        names.append(user.username)
    return any(_words(name).strip() and _words(name) in haystack for name in names)


def people_named(report: Report) -> list[Any]:
    """Team members (of the school and of the task force above it) and principals whose
    names appear in the report: they are kept out of it."""
    haystack = _words(f"{report.what} {report.who} {report.where}")
    org = report.organisation
    candidates = {seat.user for seat in team_of(org.pk)}
    if org.parent_id:
        candidates |= {seat.user for seat in team_of(org.parent_id)}
    candidates |= set(members_with_roles(org.pk, [Role.PRINCIPAL]))
    return [user for user in candidates if _named(user, haystack)]


# Free-text fields of a report and their limits.
TEXT_LIMITS = {
    "what": 4000,
    "where": 200,
    "when": 100,
    "who": 1000,
    "reporter_name": 120,
    "reporter_contact": 120,
}


def _validate(
    *,
    organisation: Any,
    by: Any,
    channel: str,
    kind: str,
    standing: str,
    child_victim: str,
    anonymous: bool,
    texts: dict[str, str],
) -> dict[str, str]:
    """Every problem at once, as field errors; the cleaned texts when there is none."""
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        cleaned[name], problem = check_text(
            texts.get(name),
            limit=limit,
            required=name == "what",
            empty=_("Tell us in a few words what happened."),
        )
        if problem:
            errors[name] = problem
    if organisation is None or not organisation.is_active:
        errors["organisation"] = _("This school cannot receive reports here.")
    elif organisation.kind != OrganisationKind.SCHOOL:
        errors["organisation"] = _("Reports of violence go to a school's team.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if channel == Channel.MEMBER and (
        organisation is None or not roles_in(by, getattr(organisation, "pk", None))
    ):
        errors["organisation"] = _("You are not a member of this school.")
    if kind not in ViolenceKind.values:
        errors["kind"] = _("Choose what kind of violence it was.")
    if standing not in Standing.values:
        errors["standing"] = _("Choose how you know about it.")
    if child_victim not in ChildVictim.values:
        errors["child_victim"] = _("Choose yes, no or I don't know.")
    if "what" not in errors and len(cleaned["what"]) < MIN_WHAT:
        errors["what"] = _("Tell us in a few words what happened.")
    if anonymous and (cleaned["reporter_name"] or cleaned["reporter_contact"]):
        errors["reporter_name"] = _("An anonymous report carries no name or contact.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _alert_if_needed(report: Report, by: Any) -> Any:
    """The safety check of the free text, plus the two rules of this channel: immediate
    danger, and sexual violence against a child (or where age is unknown), raise an
    urgent alert of abuse at once, whatever the words."""
    result = safety.check_text(f"{report.what}\n{report.who}", organisation=report.organisation)
    reasons = []
    if report.danger_now:
        reasons.append("danger_now")
    if report.kind == ViolenceKind.SEXUAL and report.child_victim != ChildVictim.NO:
        reasons.append("sexual_violence_child")
    evidence = {"report": str(report.pk), "kind": report.kind}
    if reasons:
        return safety.raise_alert(
            organisation=report.organisation,
            severity=Severity.URGENT,
            source=AlertSource.VIOLENCE_REPORT,
            by=by,
            evidence={
                **safety.evidence_of(result),
                "categories": sorted({*result.categories, "abuse"}),
                "reasons": reasons,
                **evidence,
            },
        )
    return safety.alert_for_text(
        result,
        organisation=report.organisation,
        source=AlertSource.VIOLENCE_REPORT,
        by=by,
        extra=evidence,
    )


def _open_matter(report: Report) -> Matter:
    """Hand the report to the school's leads (not named in it); with no lead free, the
    district task force takes it."""
    excluded = set(report.excluded.values_list("pk", flat=True))
    leads = [
        seat.user
        for seat in team_of(report.organisation_id).filter(role=TeamRole.LEAD)
        if seat.user_id not in excluded
    ]
    matter = Matter.objects.create(
        organisation=report.organisation, report=report, task_force_involved=not leads
    )
    matter.handlers.set(leads)
    now = timezone.now()
    StepRecord.objects.create(
        matter=matter,
        step=Step.INTAKE,
        owner=leads[0] if leads else None,
        started_at=now,
        due_at=now + steps.rule(Step.INTAKE).limit,
    )
    told = leads
    if not leads and report.organisation.parent_id:
        told = [
            seat.user
            for seat in team_of(report.organisation.parent_id)
            if seat.user_id not in excluded
        ]
    notify(
        told,
        kind=Kind.VIOLENCE_REPORT,
        organisation=report.organisation,
        link=reverse("violence_matter", args=[matter.pk]),
    )
    return matter


@transaction.atomic
def submit_report(
    *,
    organisation: Any,
    by: Any = None,
    channel: str,
    kind: str,
    standing: str,
    what: str,
    where: str = "",
    when: str = "",
    who: str = "",
    online: bool = False,
    danger_now: bool = False,
    child_victim: str = ChildVictim.UNKNOWN,
    anonymous: bool = False,
    confidential: bool = False,
    reporter_name: str = "",
    reporter_contact: str = "",
) -> tuple[Report, str]:
    """Record a report, open its matter and return it with its receipt code (shown once;
    only its hash is kept)."""
    texts = _validate(
        organisation=organisation,
        by=by,
        channel=channel,
        kind=kind,
        standing=standing,
        child_victim=child_victim,
        anonymous=anonymous,
        texts={
            "what": what,
            "where": where,
            "when": when,
            "who": who,
            "reporter_name": reporter_name,
            "reporter_contact": reporter_contact,
        },
    )
    code = new_receipt_code()
    member = getattr(by, "is_authenticated", False)
    report = Report.objects.create(
        organisation=organisation,
        channel=channel,
        kind=kind,
        online=online,
        standing=standing,
        what=texts["what"],
        where=texts["where"],
        when=texts["when"],
        who=texts["who"],
        danger_now=danger_now,
        child_victim=child_victim,
        anonymous=anonymous,
        # Anonymous already hides the reporter from everyone; confidential matters only
        # for a named reporter.
        confidential=confidential and not anonymous,
        reporter=by if member and not anonymous else None,
        reporter_name="" if anonymous else texts["reporter_name"],
        reporter_contact="" if anonymous else texts["reporter_contact"],
        receipt_hash=hash_receipt(code),
    )
    report.excluded.set(people_named(report))
    alert = _alert_if_needed(report, by if member and not anonymous else None)
    if alert is not None:
        report.alert = alert
        report.save(update_fields=["alert"])
    matter = _open_matter(report)
    audit.record(
        by if member and not anonymous else None,
        "violence.reported",
        report,
        data={
            "kind": kind,
            "channel": channel,
            "anonymous": anonymous,
            "alert": alert is not None,
            "task_force": matter.task_force_involved,
        },
    )
    return report, code


def read_receipt(*, code: str) -> Report | None:
    """The report behind a receipt code, for its status page; the look-up is audited
    without an actor (whoever holds the code is the reporter)."""
    report = report_by_receipt(code)
    if report is not None:
        audit.record(None, "violence.receipt_viewed", report)
    return report


@transaction.atomic
def add_information(*, code: str, text: str) -> Addition:
    """The reporter adds what they remembered or what happened since."""
    report = report_by_receipt(code)
    if report is None:
        raise ValidationError({"code": _("We do not know this receipt code.")})
    text = clean_text(text, field="text", limit=4000, empty=_("Write what you want to add."))
    addition = Addition.objects.create(report=report, text=text)
    result = safety.check_text(text, organisation=report.organisation)
    safety.alert_for_text(
        result,
        organisation=report.organisation,
        source=AlertSource.VIOLENCE_REPORT,
        extra={"report": str(report.pk), "addition": str(addition.pk)},
    )
    matter = report.matter
    excluded = set(report.excluded.values_list("pk", flat=True))
    notify(
        [u for u in matter.handlers.all() if u.pk not in excluded],
        kind=Kind.VIOLENCE_REPORT,
        organisation=report.organisation,
        link=reverse("violence_matter", args=[matter.pk]),
    )
    audit.record(None, "violence.information_added", report)
    return addition
