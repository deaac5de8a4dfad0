"""The invitation letter to a guardian for a meeting (surat undangan orang tua/wali) as a
PDF, always in Indonesian.

It names the guardian, the child, when and where, and a purpose chosen from neutral
wordings: never a topic, a diagnosis or a case detail, because the letter is carried home
and may be read by anyone there."""

from datetime import date, time
from typing import Any

from django.utils import translation

from rangkul.lib.pdf import render_letter_pdf
from rangkul.people.models import Guardian, InvitationPurpose


def render_invitation(
    guardian: Guardian,
    *,
    signer: Any,
    signer_title: str,
    day: date,
    at: time,
    place: str,
    purpose: str,
    issued_on: date,
) -> bytes:
    person = guardian.person
    with translation.override("id"):
        context = {
            "organisation": guardian.organisation,
            "guardian": guardian,
            "relationship": str(guardian.get_relationship_display()),
            "person": person,
            "cohort": person.cohort.name if person.cohort_id and person.cohort else "",
            "day": day,
            "at": at,
            "place": place,
            "purpose": str(InvitationPurpose(purpose).label),
            "signer": signer.display_name(),
            "signer_title": signer_title,
            "issued_on": issued_on,
            "number": str(guardian.pk)[:8].upper(),
        }
    return render_letter_pdf("people/invitation.html", context)
