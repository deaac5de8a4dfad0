"""The legal basis an organisation relies on for its students' data, and its notice to
guardians (UU 27/2022 on personal data protection)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.accounts.models import Organisation
from rangkul.audit import services as audit
from rangkul.lib.dates import check_day
from rangkul.lib.text import clean_text
from rangkul.onboarding import permissions
from rangkul.onboarding.models import DataPolicy, LegalBasis, NoticeChannel


@transaction.atomic
def record_data_policy(
    *,
    by: Any,
    organisation: Organisation,
    legal_basis: str,
    basis_explanation: str,
    controller_contact: str,
    notice_channel: str,
    notice_sent_on: date,
) -> DataPolicy:
    if not permissions.can_manage_enrolment(by, organisation.id):
        raise PermissionDenied(_("You may not change this organisation's data policy."))
    if legal_basis not in LegalBasis.values:
        raise ValidationError({"legal_basis": _("Choose one of the legal bases.")})
    if notice_channel not in NoticeChannel.values:
        raise ValidationError({"notice_channel": _("Choose how guardians were told.")})
    check_day(notice_sent_on, field="notice_sent_on", years_back=5, years_ahead=0)
    values = {
        "legal_basis": legal_basis,
        "basis_explanation": clean_text(basis_explanation, field="basis_explanation", limit=2000),
        "controller_contact": clean_text(controller_contact, field="controller_contact", limit=200),
        "notice_channel": notice_channel,
        "notice_sent_on": notice_sent_on,
        "recorded_by": by,
    }
    policy, created = DataPolicy.objects.update_or_create(
        organisation=organisation, defaults=values
    )
    audit.record(
        by,
        "onboarding.data_policy_recorded",
        policy,
        data={"legal_basis": legal_basis, "notice_channel": notice_channel, "new": created},
    )
    return policy
