"""Every read of programmes, beneficiaries and PFA contacts, already scoped to the reader.
Lists and records that name people leave a read audit event."""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rangkul.audit import services as audit
from rangkul.lib.scoping import get_in_scope
from rangkul.psychosocial import permissions
from rangkul.psychosocial.models import Beneficiary, BeneficiaryImport, PfaContact, Programme


def visible_programmes(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Programme]:
    ids = Programme.objects.filter(permissions.programme_filter(user)).values("pk")
    qs = Programme.objects.filter(pk__in=ids).select_related("region")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("-starts_on", "name")


def worked_programmes(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Programme]:
    """Programmes whose beneficiaries the user sees."""
    ids = Programme.objects.filter(permissions.work_filter(user)).values("pk")
    qs = Programme.objects.filter(pk__in=ids).select_related("region", "organisation")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("-starts_on", "name")


def get_programme_for(user: Any, pk: object, action: str = "view") -> Programme:
    """action: "view" (keepers and workers), "work" (team and coordinator), "manage"."""
    if action == "manage":
        qs = Programme.objects.filter(permissions.managed_programme_filter(user))
    elif action == "work":
        qs = worked_programmes(user)
    else:
        qs = visible_programmes(user)
    return get_in_scope(qs.select_related("region", "organisation"), pk)


def visible_beneficiaries(user: Any) -> QuerySet[Beneficiary]:
    programmes = Programme.objects.filter(permissions.work_filter(user)).values("pk")
    return Beneficiary.objects.filter(programme_id__in=programmes).select_related(
        "person", "region", "programme"
    )


def read_beneficiaries(
    user: Any, programme: Programme, *, search: str = "", limit: int = 200
) -> list[Beneficiary]:
    """The beneficiaries of a programme as listed, with the one audit event of the list."""
    if not permissions.can_work_in(user, programme):
        raise Http404
    qs = visible_beneficiaries(user).filter(programme=programme)
    if search:
        qs = qs.filter(person__full_name__icontains=search)
    rows = list(qs.order_by("person__full_name")[:limit])
    audit.record_list(user, "beneficiary.listed", rows, organisation=programme.organisation)
    return rows


def get_beneficiary_for(user: Any, pk: object) -> Beneficiary:
    return get_in_scope(visible_beneficiaries(user), pk)


def beneficiary_choices(user: Any, programme: Programme) -> QuerySet[Beneficiary]:
    """For the PFA form's person picker (audited where the form is shown)."""
    return visible_beneficiaries(user).filter(programme=programme).order_by("person__full_name")


def visible_pfa_contacts(user: Any) -> QuerySet[PfaContact]:
    programmes = Programme.objects.filter(permissions.work_filter(user)).values("pk")
    return PfaContact.objects.filter(programme_id__in=programmes).select_related(
        "activity", "beneficiary__person", "programme", "organisation"
    )


def open_pfa_contact(user: Any, pk: object) -> PfaContact:
    """One PFA record, opened (and audited as seen)."""
    pfa = get_in_scope(visible_pfa_contacts(user), pk)
    audit.record(user, "pfa_contact.viewed", pfa, organisation=pfa.organisation)
    return pfa


def get_import_for(user: Any, pk: object) -> BeneficiaryImport:
    programmes = Programme.objects.filter(permissions.work_filter(user)).values("pk")
    qs = BeneficiaryImport.objects.filter(programme_id__in=programmes, created_by=user)
    return get_in_scope(qs.select_related("programme", "organisation"), pk)


def follow_ups_due(user: Any, programme: Programme, today: date, limit: int = 20) -> list[Any]:
    """PFA contacts of the programme with a follow-up on or before a week from today."""
    return list(
        visible_pfa_contacts(user)
        .filter(
            programme=programme,
            activity__follow_up_due__isnull=False,
            activity__follow_up_due__lte=today + timedelta(days=7),
        )
        .order_by("activity__follow_up_due")[:limit]
    )
