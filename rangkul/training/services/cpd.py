"""Counselors' own CPD records, with an optional certificate file stored like the scanned
consent forms: checked by its first bytes, under a neutral name, served only through an
authorised, audited view."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.dates import check_day
from rangkul.training import permissions
from rangkul.training.models import CpdRecord
from rangkul.training.queries import get_cpd_for

MAX_FILE_BYTES = 5 * 1024 * 1024
_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def file_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def add_cpd_record(
    *,
    by: Any,
    organisation: Any,
    title: str,
    provider: str,
    hours: Any,
    on: date | None,
    certificate_file: UploadedFile | None = None,
) -> CpdRecord:
    """A counselor records a training they took."""
    if not permissions.can_keep_cpd(by, organisation.id):
        raise PermissionDenied(_("You may not keep CPD records here."))
    errors: dict[str, str] = {}
    title, provider = (title or "").strip(), (provider or "").strip()
    if not title or len(title) > 200:
        errors["title"] = _("Give the training's title (at most 200 characters).")
    if not provider or len(provider) > 200:
        errors["provider"] = _("Give who provided it (at most 200 characters).")
    try:
        amount = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        amount = Decimal(-1)
    if not Decimal("0.5") <= amount <= Decimal("500"):
        errors["hours"] = _("Give the hours, from 0.5 to 500.")
    if on is None:
        errors["on"] = _("Give the date.")
    elif on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    else:
        try:
            check_day(on, field="on", years_back=30, years_ahead=0)
        except ValidationError as exc:
            errors["on"] = " ".join(exc.messages)
    kind = None
    if certificate_file is not None:
        if certificate_file.size is not None and certificate_file.size > MAX_FILE_BYTES:
            errors["certificate_file"] = _("The file may be at most 5 MB.")
        else:
            kind = file_kind(certificate_file)
            if kind is None:
                errors["certificate_file"] = _("Upload a PDF, JPEG or PNG file.")
    if errors or on is None:
        raise ValidationError(errors)
    record = CpdRecord(
        organisation=organisation,
        counselor=by,
        title=title,
        provider=provider,
        hours=amount,
        on=on,
        created_by=by,
    )
    if certificate_file is not None and kind is not None:
        # A neutral name: the name the user chose is not kept.
        record.certificate_file.save(f"{record.pk}.{kind}", certificate_file, save=False)
    try:
        with transaction.atomic():
            record.save()
            audit.record(by, "training.cpd_recorded", record, data={"hours": str(amount)})
    except Exception:
        # The file is not part of the transaction: a record that fails leaves no file.
        if record.certificate_file:
            record.certificate_file.delete(save=False)
        raise
    return record


def open_cpd_file(*, by: Any, pk: object) -> CpdRecord:
    """The certificate file, for the counselor and the lead; every opening is audited."""
    record = get_cpd_for(by, pk)
    if not record.certificate_file:
        raise Http404
    audit.record(by, "training.cpd_file_viewed", record)
    return record
