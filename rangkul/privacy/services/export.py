"""Export what Rangkul holds about a person (JSON and a readable PDF), after a review that
leaves out third parties' data.

`build_export` is the one place that decides what is included and what is left out, with
the reason for each left-out item: other students (the peer supporter's name, other
participants and notes of group activities), a reporter's identity and the text of a
violence report, a friend who raised an alert, restricted notes, guardians' phone numbers
and the "do not contact" assessment, a witness's name and other people's answers. The
review page and both files show the same result."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rangkul.activities.models import Participant
from rangkul.audit import services as audit
from rangkul.cases.models import Case, Confidentiality, SupportRequest
from rangkul.lib.pdf import html_to_pdf
from rangkul.people.models import Person
from rangkul.privacy import permissions
from rangkul.privacy.models import DataExport, ExportFormat
from rangkul.privacy.services.holds import blocked_by_hold
from rangkul.referrals.models import ReferralOut
from rangkul.safety.models import Alert
from rangkul.screenings.models import ScreeningResponse
from rangkul.training import codes as certificate_codes
from rangkul.training.models import (
    Attendance,
    Certificate,
    CpdRecord,
    Enrolment,
    QuizAttempt,
    RolePlayAssessment,
)
from rangkul.violence.models import SupportOffer


@dataclass
class Section:
    key: str
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Export:
    person: dict[str, Any]
    sections: list[Section]
    # What was left out: (what, how many, why).
    excluded: list[dict[str, Any]]
    made_at: Any

    @property
    def included_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def excluded_count(self) -> int:
        return sum(int(e["count"]) for e in self.excluded)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "made_at": self.made_at,
            "sections": {s.key: s.items for s in self.sections},
            "excluded": self.excluded,
        }


def _when(value: Any) -> Any:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


class _Builder:
    def __init__(self, person: Person) -> None:
        self.person = person
        self.excluded: dict[str, dict[str, Any]] = {}

    def leave_out(self, what: str, why: str, count: int = 1) -> None:
        entry = self.excluded.setdefault(what, {"what": what, "count": 0, "why": why})
        entry["count"] += count

    def person_part(self) -> dict[str, Any]:
        p = self.person
        return {
            "full_name": p.full_name,
            "gender": str(p.get_gender_display()),
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "class": p.cohort.name if p.cohort_id else None,  # type: ignore[union-attr]
            "phone": p.phone,
            "organisation": p.organisation.name,
            "recorded_since": _when(p.created_at),
            "login": p.user.username if p.user_id else None,  # type: ignore[union-attr]
        }

    def guardians(self) -> list[dict[str, Any]]:
        items = []
        for g in self.person.guardians.all():
            items.append({"name": g.full_name, "relationship": str(g.get_relationship_display())})
            if g.phone:
                self.leave_out(_("Guardians' phone numbers"), _("Another person's contact data."))
            if g.do_not_contact or g.do_not_contact_note:
                self.leave_out(
                    _("Safeguarding assessment of a guardian"),
                    _("A child-protection assessment about another person."),
                )
        return items

    def consents(self) -> list[dict[str, Any]]:
        items = []
        for c in self.person.consents.all():
            items.append(
                {
                    "basis": str(c.get_basis_display()),
                    "scope": str(c.get_scope_display()),
                    "recorded_at": _when(c.recorded_at),
                    "withdrawn_at": _when(c.withdrawn_at),
                    "effect_of_withdrawal": c.withdrawal_effect,
                }
            )
            if c.witness_name:
                self.leave_out(_("Names of witnesses to consent"), _("Another person's name."))
            if c.exception_reason or c.review_note:
                self.leave_out(
                    _("Reasons for a child-protection exception"),
                    _("May name other people and the source of harm."),
                )
        return items

    def requests(self) -> list[dict[str, Any]]:
        items = []
        for r in SupportRequest.objects.filter(person=self.person).order_by("created_at"):
            own = r.created_by_id is not None and r.created_by_id == self.person.user_id
            items.append(
                {
                    "at": _when(r.created_at),
                    "source": str(r.get_source_display()),
                    "topic_area": str(r.get_domain_display()),
                    "status": str(r.get_status_display()),
                    "text": r.text if own else None,
                }
            )
            if not own:
                self.leave_out(
                    _("Referrals written by staff about this person"),
                    _("Another person's words and identity (the referring teacher)."),
                )
        return items

    def cases(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        cases, messages, notes = [], [], []
        own_user = self.person.user_id
        for case in Case.objects.filter(person=self.person).order_by("opened_at"):
            cases.append(
                {
                    "opened_at": _when(case.opened_at),
                    "closed_at": _when(case.closed_at),
                    "tier": str(case.get_tier_display()),
                    "status": str(case.get_status_display()),
                    "goals": case.goals,
                    "outcome": str(case.get_outcome_display()) if case.outcome else "",
                }
            )
            for m in case.messages.order_by("created_at"):
                from_person = m.sender_id == own_user
                messages.append(
                    {
                        "at": _when(m.created_at),
                        "from": _("you") if from_person else m.sender_role,
                        "text": m.text,
                    }
                )
                if not from_person and m.sender_role == "peer":
                    self.leave_out(
                        _("Names of peer supporters"),
                        _("Another student: only the role is shown."),
                    )
            for n in case.notes.select_related("activity").order_by("created_at"):
                if n.confidentiality == Confidentiality.RESTRICTED:
                    self.leave_out(
                        _("Restricted notes"),
                        _("Kept for their author only; they may hold third parties' data."),
                    )
                    continue
                if n.activity_id is not None and n.activity.participants.count() > 1:  # type: ignore[union-attr]
                    self.leave_out(
                        _("Notes of group activities"),
                        _("They name other students."),
                    )
                    continue
                notes.append(
                    {"at": _when(n.created_at), "kind": str(n.get_kind_display()), "text": n.text}
                )
        return cases, messages, notes

    def activities(self) -> list[dict[str, Any]]:
        items = []
        for part in Participant.objects.filter(person=self.person).select_related("activity"):
            a = part.activity
            group = a.participants.count() > 1
            items.append(
                {
                    "at": _when(a.starts_at),
                    "kind": str(a.get_kind_display()),
                    "status": str(a.get_status_display()),
                    "attended": part.attended,
                    "topic": "" if group else a.topic,
                }
            )
            if group:
                self.leave_out(
                    _("Other participants of group activities"),
                    _("Other students' names and what was said about them."),
                )
        return items

    def screenings(self) -> list[dict[str, Any]]:
        items = []
        responses = ScreeningResponse.objects.filter(person=self.person).order_by("started_at")
        for r in responses:
            items.append(
                {
                    "questionnaire": r.instrument_code,
                    "status": str(r.get_status_display()),
                    "submitted_at": _when(r.submitted_at),
                    "score": r.score,
                    "band": r.band_code,
                    "answers": r.answers,
                }
            )
        if responses.exists():
            self.leave_out(
                _("Other people's answers in the same campaigns"),
                _("Other people's answers."),
                count=ScreeningResponse.objects.filter(campaign__in=responses.values("campaign"))
                .exclude(person=self.person)
                .count(),
            )
        return items

    def alerts(self) -> list[dict[str, Any]]:
        items = []
        for a in Alert.objects.filter(person=self.person).order_by("raised_at"):
            items.append(
                {
                    "at": _when(a.raised_at),
                    "severity": str(a.get_severity_display()),
                    "status": str(a.get_status_display()),
                }
            )
            if a.raised_by_id and a.raised_by_id != self.person.user_id:
                self.leave_out(
                    _("Who raised a safety alert"),
                    _("A reporter's identity is protected."),
                )
        return items

    def referrals(self) -> list[dict[str, Any]]:
        return [
            {
                "provider": r.provider.name,
                "status": str(r.get_status_display()),
                "reason": r.reason,
                "sent_at": _when(r.sent_at),
            }
            for r in ReferralOut.objects.filter(person=self.person).select_related("provider")
        ]

    def violence(self) -> list[dict[str, Any]]:
        items = []
        for offer in SupportOffer.objects.filter(person=self.person).select_related("matter"):
            items.append(
                {
                    "offered_at": _when(offer.offered_at),
                    "as": str(offer.get_party_display()),
                    "status": str(offer.get_status_display()),
                    "matter_status": str(offer.matter.get_status_display()),
                }
            )
            self.leave_out(
                _("Violence reports: the text and the reporter's identity"),
                _("A reporter's identity is protected; the report names other people."),
            )
        return items

    def training(self) -> dict[str, list[dict[str, Any]]]:
        """The login's training: enrolments, attendance, quiz attempts, role-play scores,
        certificates and CPD records. Who scored or recorded them is left out."""
        user = self.person.user_id
        if user is None:
            return {k: [] for k in ("enrolments", "attendance", "quiz", "role_play", "cert", "cpd")}
        enrolments = Enrolment.objects.filter(user_id=user).select_related("programme")
        attendance = Attendance.objects.filter(enrolment__user_id=user).select_related("session")
        role_plays = list(RolePlayAssessment.objects.filter(enrolment__user_id=user))
        if any(r.scored_by_id for r in role_plays):
            self.leave_out(
                _("Who scored a role-play"), _("Another person's identity."), len(role_plays)
            )
        return {
            "enrolments": [
                {
                    "programme": e.programme.title,
                    "status": str(e.get_status_display()),
                    "enrolled_at": _when(e.enrolled_at),
                    "decided_at": _when(e.decided_at),
                }
                for e in enrolments.order_by("enrolled_at")
            ],
            "attendance": [
                {
                    "session": a.session.title,
                    "at": _when(a.session.starts_at),
                    "attendance": str(a.get_presence_display()),
                }
                for a in attendance.order_by("session__starts_at")
            ],
            "quiz": [
                {
                    "started_at": _when(q.started_at),
                    "submitted_at": _when(q.submitted_at),
                    "score": q.score,
                    "answers": q.answers,
                }
                for q in QuizAttempt.objects.filter(enrolment__user_id=user)
            ],
            "role_play": [
                {"at": _when(r.at), "total": r.total, "comment": r.comment} for r in role_plays
            ],
            "cert": [
                {
                    "code": certificate_codes.grouped(c.code),
                    "printed_name": c.printed_name,
                    "issued_on": c.issued_on.isoformat(),
                    "valid_until": c.valid_until.isoformat(),
                    "revoked_at": _when(c.revoked_at),
                }
                for c in Certificate.objects.filter(enrolment__user_id=user)
            ],
            "cpd": [
                {
                    "training": c.title,
                    "provider": c.provider,
                    "hours": str(c.hours),
                    "on": c.on.isoformat(),
                }
                for c in CpdRecord.objects.filter(counselor_id=user)
            ],
        }


def build_export(person: Person) -> Export:
    b = _Builder(person)
    cases, messages, notes = b.cases()
    training = b.training()
    sections = [
        Section("guardians", _("Guardians"), b.guardians()),
        Section("consents", _("Consent records"), b.consents()),
        Section("requests", _("Requests for help"), b.requests()),
        Section("cases", _("Cases"), cases),
        Section("messages", _("Messages"), messages),
        Section("notes", _("Case notes"), notes),
        Section("activities", _("Activities and appointments"), b.activities()),
        Section("screenings", _("Screening answers"), b.screenings()),
        Section("alerts", _("Safety alerts"), b.alerts()),
        Section("referrals", _("Referrals to outside services"), b.referrals()),
        Section("violence", _("Violence matters (support offered)"), b.violence()),
        Section("training", _("Training enrolments"), training["enrolments"]),
        Section("training_attendance", _("Training attendance"), training["attendance"]),
        Section("training_quiz", _("Training quiz attempts"), training["quiz"]),
        Section("training_role_play", _("Role-play scores"), training["role_play"]),
        Section("certificates", _("Certificates"), training["cert"]),
        Section("cpd", _("Continuing professional development"), training["cpd"]),
    ]
    return Export(
        person=b.person_part(),
        sections=sections,
        excluded=[e for e in b.excluded.values() if e["count"]],
        made_at=_when(timezone.now()),
    )


def review_export(*, by: Any, person: Person) -> Export:
    """The review step: what would be included and left out. Read access is audited."""
    if not permissions.can_manage_personal_data(by, person):
        raise PermissionDenied(_("Only the coordinator may do this."))
    export = build_export(person)
    audit.record(
        by,
        "privacy.export_reviewed",
        person,
        organisation=person.organisation,
        data={"included": export.included_count, "excluded": export.excluded_count},
    )
    return export


def render_pdf(export: Export) -> bytes:
    with translation.override("id"):
        html = render_to_string("privacy/export_pdf.html", {"export": export})
    return html_to_pdf(html)


def export_person(*, by: Any, person: Person, file_format: str) -> tuple[bytes, str, str]:
    """The confirmed export: blocked while a hold is open; the file, its name and type."""
    if not permissions.can_manage_personal_data(by, person):
        raise PermissionDenied(_("Only the coordinator may do this."))
    if file_format not in ExportFormat.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"file_format": _("Choose JSON or PDF.")})
    with transaction.atomic():
        blocked_by_hold(person)
        with translation.override("id"):
            export = build_export(person)
        DataExport.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            file_format=file_format,
            included=export.included_count,
            excluded=export.excluded_count,
            by=by,
        )
        audit.record(
            by,
            "privacy.exported",
            person,
            organisation=person.organisation,
            data={"format": file_format, "included": export.included_count},
        )
    stamp = timezone.localdate().isoformat()
    if file_format == ExportFormat.PDF:
        return render_pdf(export), f"data-pribadi-{stamp}.pdf", "application/pdf"
    body = json.dumps(export.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return body.encode(), f"data-pribadi-{stamp}.json", "application/json"
