"""Certificates: issued when a trainee passes, printed as a PDF with a QR code of their
verification address, revoked by the lead with a reason; and the CPD record a passed
counselor programme adds."""

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.pdf import html_to_pdf
from rangkul.people.models import Person
from rangkul.training import codes, permissions
from rangkul.training.models import Certificate, CpdRecord, Enrolment, Presence


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def printed_name(enrolment: Enrolment) -> str:
    """The name as the organisation knows the person (their record), else the account's."""
    person = Person.objects.filter(
        organisation_id=enrolment.programme.organisation_id, user_id=enrolment.user_id
    ).first()
    return (person.full_name if person else "") or enrolment.user.display_name()


def issue_certificate(*, enrolment: Enrolment) -> Certificate:
    """Called inside the pass decision's transaction. A fresh random code; a clash with an
    existing one (about 1 in 2^80 per pair) is simply drawn again."""
    programme = enrolment.programme
    today = programme.organisation.today()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment,
                    organisation=programme.organisation,
                    code=codes.new_code(),
                    printed_name=printed_name(enrolment),
                    issued_on=today,
                    valid_until=add_months(today, programme.validity_months),
                )
        except IntegrityError:
            if Certificate.objects.filter(enrolment=enrolment).exists():
                raise
    raise RuntimeError("Could not draw a unique certificate code")


@transaction.atomic
def revoke_certificate(*, by: Any, certificate: Certificate, reason: str) -> Certificate:
    if not permissions.can_revoke_certificate(by, certificate):
        raise PermissionDenied(_("You may not revoke this certificate."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for this change.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit.record(by, "training.certificate_revoked", certificate)
    return certificate


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "certificate_verify", args=[codes.grouped(certificate.code)]
    )


def certificate_pdf(*, by: Any, certificate: Certificate) -> bytes:
    """The certificate in Indonesian, whoever prints it; every printing is audited."""
    if not permissions.can_view_certificate(by, certificate):
        raise PermissionDenied(_("You may not see this certificate."))
    url = verification_url(certificate)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    with translation.override("id"):
        html = render_to_string(
            "training/certificate_pdf.html",
            {
                "certificate": certificate,
                "programme": certificate.enrolment.programme,
                "code": codes.grouped(certificate.code),
                "url": url,
                "qr": qr,
            },
        )
    pdf = html_to_pdf(html)
    audit.record(by, "training.certificate_printed", certificate)
    return pdf


def add_cpd_for_programme(*, enrolment: Enrolment, by: Any) -> CpdRecord | None:
    """A passed counselor programme counts as CPD: the hours of the sessions attended."""
    minutes = sum(
        a.session.minutes
        for a in enrolment.attendance.select_related("session")
        if a.presence == Presence.PRESENT
    )
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    if hours < Decimal("0.5"):
        return None
    programme = enrolment.programme
    record = CpdRecord.objects.create(
        organisation=programme.organisation,
        counselor=enrolment.user,
        title=programme.title,
        provider=programme.organisation.name,
        hours=hours,
        on=programme.organisation.today(),
        enrolment=enrolment,
        created_by=by,
    )
    audit.record(by, "training.cpd_recorded", record, data={"hours": str(hours)})
    return record
