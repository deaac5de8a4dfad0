"""Offering BK support to a student involved in a matter; the student's own answer."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.cases import services as cases
from rangkul.cases.models import HelperChoice, Topic, Urgency
from rangkul.violence import permissions
from rangkul.violence.models import Matter, MatterStatus, OfferParty, OfferStatus, SupportOffer
from rangkul.violence.queries import offerable_people


@transaction.atomic
def offer_support(*, by: Any, matter: Matter, person: Any, party: str) -> SupportOffer:
    """A handler offers counselor support to the person harmed or the person who acted.
    The student decides; nothing opens until they accept."""
    if not permissions.is_handling(by, matter):
        raise PermissionDenied(_("Only the team members handling this matter may do this."))
    if matter.status != MatterStatus.OPEN:
        raise ValidationError(_("This matter is closed."))
    if party not in OfferParty.values:
        raise ValidationError({"party": _("Choose whom the support is for.")})
    if person is None or not offerable_people(matter.organisation_id).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a student of this school with an account.")})
    if SupportOffer.objects.filter(
        matter=matter, person=person, status=OfferStatus.OFFERED
    ).exists():
        raise ValidationError({"person": _("This student already has an open offer.")})
    offer = SupportOffer.objects.create(
        organisation=matter.organisation, matter=matter, person=person, party=party, offered_by=by
    )
    audit.record(by, "violence.support_offered", offer, data={"party": party})
    return offer


@transaction.atomic
def answer_support_offer(*, by: Any, offer: SupportOffer, accept: bool) -> SupportOffer:
    """The student's own consent: accepting sends a request for help to counselor triage
    (topic violence, so never to a peer); it says nothing of the matter."""
    offer = SupportOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.person.user_id != by.pk:
        raise PermissionDenied(_("Only the student it is for can answer this offer."))
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("This offer was already answered."))
    offer.answered_at = timezone.now()
    if accept:
        offer.support_request = cases.submit_request(
            by=by,
            organisation=offer.organisation,
            domain="social",
            text=_("I accept the school team's offer of support from a counselor."),
            urgency=Urgency.MEDIUM,
            helper_choice=HelperChoice.COUNSELOR,
            topic=Topic.VIOLENCE,
        )
        offer.status = OfferStatus.ACCEPTED
    else:
        offer.status = OfferStatus.DECLINED
    offer.save(update_fields=["status", "answered_at", "support_request"])
    audit.record(by, "violence.support_answered", offer, data={"accepted": accept})
    return offer
