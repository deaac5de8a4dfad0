"""Psychological first aid contacts (look, listen, link): an Activity of kind
`pfa_contact`, logged through the activities service, with its PFA details here. "Link"
feeds the referrals app: a person who needs a service is referred out from a case, opened
at the psychosocial tier when there is none yet."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.activities.models import Activity, Kind, Mode
from rangkul.activities.services.activities import ActivityData, log_activity
from rangkul.audit import services as audit
from rangkul.cases import services as case_services
from rangkul.cases.models import Case, CaseStatus, Tier
from rangkul.cases.permissions import is_staff_on_case
from rangkul.lib.idempotency import create_once
from rangkul.lib.text import check_text
from rangkul.psychosocial import permissions
from rangkul.psychosocial.models import Beneficiary, Need, PfaContact, Programme, joined
from rangkul.referrals import queries as referral_queries


@dataclass
class PfaData:
    beneficiary: Any
    starts_at: datetime
    duration_minutes: int = 30
    mode: str = Mode.IN_PERSON
    place: str = ""
    needs: list[str] = field(default_factory=list)
    needs_other: str = ""
    information_given: str = ""
    services: list[Any] = field(default_factory=list)
    follow_up: str = ""
    follow_up_due: date | None = None


def log_pfa_contact(
    *, by: Any, programme: Programme, data: PfaData, key: uuid.UUID | None = None
) -> tuple[PfaContact, bool]:
    """Log one PFA contact with a beneficiary of the programme. A repeated idempotency key
    returns the contact logged the first time."""
    if not permissions.can_register(by, programme):
        raise PermissionDenied(_("You may not log contacts in this programme."))

    @transaction.atomic
    def create() -> PfaContact:
        errors: dict[str, str] = {}
        beneficiary = data.beneficiary
        if not isinstance(beneficiary, Beneficiary) or beneficiary.programme_id != programme.pk:
            errors["beneficiary"] = _("Choose a beneficiary of this programme.")
        if any(n not in Need.values for n in data.needs):
            errors["needs"] = _("This value is not one of the allowed choices.")
        if not data.needs:
            errors["needs"] = _("Tick at least one need you identified.")
        other, problem = check_text(data.needs_other, limit=200, required=False)
        if problem:
            errors["needs_other"] = problem
        elif Need.OTHER in data.needs and not other:
            errors["needs_other"] = _("Describe the other need.")
        information, problem = check_text(data.information_given, limit=2000, required=False)
        if problem:
            errors["information_given"] = problem
        providers = list(
            referral_queries.visible_providers(by).filter(
                pk__in=[getattr(s, "pk", s) for s in data.services]
            )
        )
        if len(providers) != len(set(map(str, (getattr(s, "pk", s) for s in data.services)))):
            errors["services"] = _("Choose services from the directory.")
        if errors:
            raise ValidationError(errors)
        activity = log_activity(
            by=by,
            organisation=programme.organisation,
            data=ActivityData(
                kind=Kind.PFA_CONTACT,
                starts_at=data.starts_at,
                duration_minutes=data.duration_minutes,
                mode=data.mode,
                place=data.place,
                people=[beneficiary.person_id],
                follow_up=data.follow_up,
                follow_up_due=data.follow_up_due,
            ),
        )
        # The activity's one link to its programme (activities knows nothing of programmes).
        Activity.objects.filter(pk=activity.pk).update(programme=programme)
        activity.programme = programme
        pfa = PfaContact.objects.create(
            organisation_id=programme.organisation_id,
            activity=activity,
            programme=programme,
            beneficiary=beneficiary,
            needs=joined([n for n in Need.values if n in data.needs]),
            needs_other=other if Need.OTHER in data.needs else "",
            information_given=information,
            client_key=key,
        )
        pfa.services_linked.set(providers)
        audit.record(
            by,
            "pfa_contact.logged",
            pfa,
            organisation=programme.organisation,
            data={
                "programme": str(programme.pk),
                "activity": str(activity.pk),
                "needs": pfa.need_list,
                "services": len(providers),
            },
        )
        return pfa

    return create_once(PfaContact, key, create, organisation_id=programme.organisation_id)


@transaction.atomic
def start_referral_case(*, by: Any, pfa: PfaContact) -> Case:
    """The case a referral out starts from: the person's open case the worker is on, or a
    new one at the psychosocial tier led by the worker (the PFA contact is attached)."""
    if not permissions.can_register(by, pfa.programme):
        raise PermissionDenied(_("You may not log contacts in this programme."))
    person = pfa.beneficiary.person
    open_cases = Case.objects.filter(person=person).exclude(status=CaseStatus.CLOSED)
    case = next((c for c in open_cases.order_by("-opened_at") if is_staff_on_case(by, c)), None)
    if case is None:
        case = case_services.open_case(by=by, person=person, tier=Tier.PSYCHOSOCIAL, lead=by)
    if pfa.activity.case_id is None:
        Activity.objects.filter(pk=pfa.activity_id).update(case=case)
    audit.record(
        by,
        "pfa_contact.linked",
        pfa,
        organisation=pfa.organisation,
        data={"case": str(case.pk)},
    )
    return case
