"""Consent records: recorded, withdrawn, and (for exceptions) reviewed.

Consent is asked for sharing a person's details outside the school or organisation, for
programmes and for contacting guardians. It never gates a person's own request for help,
an alert or a crisis response: nothing on those paths reads these records.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import is_staff_now
from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import Capability
from rangkul.audit import services as audit
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.people import permissions
from rangkul.people.models import (
    EXCEPTION_BASES,
    Consent,
    ConsentBasis,
    ConsentScope,
    Guardian,
    Person,
    ReviewDecision,
)
from rangkul.people.queries import get_consent_for

EXCEPTION_REVIEW_HOURS = 24
# The reviewer is reminded this long before the review is due, and again once it is late.
REMINDER_LEAD = timedelta(hours=6)
MAX_FORM_BYTES = 5 * 1024 * 1024
# Scanned forms: PDF, JPEG or PNG, recognised by their first bytes, not by their name.
_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _form_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def _reviewers(consent: Consent) -> list[Any]:
    if consent.reviewer_id is not None:
        return [consent.reviewer]
    return [
        u
        for u in users_with_capability(
            consent.organisation_id, Capability.REVIEW_CONSENT_EXCEPTIONS
        )
        if u.pk != consent.recorded_by_id
    ]


def _person_link(consent: Consent) -> str:
    return reverse("person", args=[consent.person_id])


@transaction.atomic
def record_consent(
    *,
    by: Any,
    person: Person,
    basis: str,
    scope: str,
    scope_detail: str = "",
    guardian: Guardian | None = None,
    form_file: UploadedFile | None = None,
    witness_name: str = "",
    exception_reason: str = "",
    reviewer: Any = None,
    now: datetime | None = None,
) -> Consent:
    if not permissions.can_manage_guardians(by, person):
        raise PermissionDenied(_("You may not record consent for this person."))
    now = now or timezone.now()
    errors: dict[str, str] = {}
    scope_detail = " ".join((scope_detail or "").split())
    witness_name = " ".join((witness_name or "").split())
    exception_reason = (exception_reason or "").strip()
    if basis not in ConsentBasis.values:
        errors["basis"] = _("Choose on what the consent rests.")
    if scope not in ConsentScope.values:
        errors["scope"] = _("Choose what the consent covers.")
    if len(scope_detail) > 300:
        errors["scope_detail"] = _("This text is too long.")
    if basis in (ConsentBasis.GUARDIAN_FORM, ConsentBasis.GUARDIAN_VERBAL):
        if guardian is None or guardian.person_id != person.pk:
            errors["guardian"] = _("Choose the guardian who gave consent.")
        elif guardian.do_not_contact:
            errors["guardian"] = _(
                "This guardian may be the source of harm. Record an exception instead."
            )
    else:
        guardian = None
    if basis == ConsentBasis.GUARDIAN_FORM:
        if form_file is None:
            errors["form_file"] = _("Upload the scanned form signed by the guardian.")
        elif form_file.size is not None and form_file.size > MAX_FORM_BYTES:
            errors["form_file"] = _("The scanned form may be at most 5 MB.")
        elif _form_kind(form_file) is None:
            errors["form_file"] = _("Upload the form as a PDF, JPEG or PNG file.")
    else:
        form_file = None
    if basis == ConsentBasis.GUARDIAN_VERBAL:
        if not witness_name:
            errors["witness_name"] = _("Name the staff member who witnessed the consent.")
        elif len(witness_name) > 200:
            errors["witness_name"] = _("This text is too long.")
    elif basis != ConsentBasis.GUARDIAN_FORM:
        witness_name = ""
    if basis in EXCEPTION_BASES:
        if not exception_reason:
            errors["exception_reason"] = _("Say why the exception applies.")
        elif len(exception_reason) > 2000:
            errors["exception_reason"] = _("This text is too long.")
        if reviewer is not None and (
            reviewer.pk == by.pk or not is_staff_now(reviewer, person.organisation_id)
        ):
            errors["reviewer"] = _("Choose another staff member of this organisation.")
    else:
        exception_reason = ""
        reviewer = None
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        organisation_id=person.organisation_id,
        person=person,
        basis=basis,
        scope=scope,
        scope_detail=scope_detail,
        guardian=guardian,
        witness_name=witness_name,
        exception_reason=exception_reason,
        reviewer=reviewer,
        recorded_by=by,
    )
    if basis in EXCEPTION_BASES:
        # The exception takes effect at once; the review follows, never precedes.
        consent.review_due_at = now + timedelta(hours=EXCEPTION_REVIEW_HOURS)
    if form_file is not None:
        kind = _form_kind(form_file)
        # A neutral name: the file name a user chose may carry the child's name.
        consent.form_file.save(f"{consent.pk}.{kind}", form_file, save=False)
    try:
        consent.save()
        if consent.is_exception:
            notify(
                _reviewers(consent),
                kind=Kind.CONSENT_REVIEW,
                organisation=person.organisation,
                link=_person_link(consent),
            )
        audit.record(
            by,
            "consent.recorded",
            consent,
            data={"person": str(person.pk), "basis": basis, "scope": scope},
        )
    except Exception:
        # The file is not part of the transaction: a record that fails leaves no scan behind.
        if consent.form_file:
            consent.form_file.delete(save=False)
        raise
    return consent


@transaction.atomic
def withdraw_consent(*, by: Any, consent: Consent, effect: str) -> Consent:
    if not permissions.can_manage_guardians(by, consent.person):
        raise PermissionDenied(_("You may not change this consent record."))
    effect = (effect or "").strip()
    if not effect:
        raise ValidationError(
            {"effect": _("Record what the withdrawal changes (e.g. which sharing stops).")}
        )
    if len(effect) > 1000:
        raise ValidationError({"effect": _("This text is too long.")})
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by
    consent.withdrawal_effect = effect
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_effect"])
    audit.record(by, "consent.withdrawn", consent, data={"person": str(consent.person_id)})
    return consent


@transaction.atomic
def review_exception(*, by: Any, consent: Consent, decision: str, review_note: str) -> Consent:
    if not permissions.can_review_exception(by, consent):
        raise PermissionDenied(
            _("Only the coordinator or the named safeguarding lead reviews this exception.")
        )
    errors: dict[str, str] = {}
    review_note = (review_note or "").strip()
    if decision not in ReviewDecision.values:
        errors["decision"] = _("Choose whether the exception is upheld.")
    if not review_note:
        errors["review_note"] = _("Write a short reason for the review.")
    elif len(review_note) > 2000:
        errors["review_note"] = _("This text is too long.")
    if errors:
        raise ValidationError(errors)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.reviewed_at is not None:
        raise ValidationError(_("This exception was already reviewed."))
    consent.reviewed_by = by
    consent.reviewed_at = timezone.now()
    consent.review_decision = decision
    consent.review_note = review_note
    consent.save(update_fields=["reviewed_by", "reviewed_at", "review_decision", "review_note"])
    audit.record(
        by,
        "consent.exception_reviewed",
        consent,
        data={
            "decision": decision,
            "late": consent.review_due_at is not None
            and consent.reviewed_at > consent.review_due_at,
        },
    )
    return consent


def open_consent_form(*, by: Any, pk: object) -> Consent:
    """The scanned form, for those who may see the record; every opening is audited."""
    consent = get_consent_for(by, pk)
    if not consent.form_file:
        raise Http404
    audit.record(by, "consent.form_viewed", consent, data={"person": str(consent.person_id)})
    return consent


def remind_exception_reviews(*, now: datetime | None = None) -> int:
    """Periodic: remind the reviewers of exceptions that are nearly due (once) and of
    those that are late (once more). Returns the number of exceptions reminded about."""
    now = now or timezone.now()
    pending = Consent.objects.filter(
        basis__in=list(EXCEPTION_BASES),
        reviewed_at__isnull=True,
        withdrawn_at__isnull=True,
        review_due_at__lte=now + REMINDER_LEAD,
    ).filter(
        Q(review_reminded_at__isnull=True)
        | Q(review_due_at__lte=now, review_reminded_at__lt=F("review_due_at"))
    )
    count = 0
    for consent_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            consent = (
                Consent.objects.select_for_update(of=("self",))
                .select_related("organisation", "reviewer")
                .get(pk=consent_id)
            )
            notify(
                _reviewers(consent),
                kind=Kind.CONSENT_REVIEW,
                organisation=consent.organisation,
                link=_person_link(consent),
            )
            consent.review_reminded_at = now
            consent.save(update_fields=["review_reminded_at"])
            audit.record(
                None,
                "consent.review_reminded",
                consent,
                data={"late": consent.review_due_at is not None and consent.review_due_at <= now},
            )
            count += 1
    return count
