"""The referral letter (surat rujukan / alih tangan kasus) as a PDF, always in Indonesian.

It carries only what the referral shares: the frozen snapshot, never the case."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from rangkul.lib.pdf import html_to_pdf
from rangkul.people.models import ConsentBasis, Gender, Relationship
from rangkul.referrals.models import ReferralOut, ReferralUrgency


def render_letter(referral: ReferralOut) -> bytes:
    snapshot: dict[str, Any] = dict(referral.snapshot)
    with translation.override("id"):
        if "gender" in snapshot:
            snapshot["gender"] = str(dict(Gender.choices).get(snapshot["gender"], ""))
        snapshot["guardians"] = [
            {**g, "relationship": str(dict(Relationship.choices).get(g["relationship"], ""))}
            for g in snapshot.get("guardians", [])
        ]
        html = render_to_string(
            "referrals/letter.html",
            {
                "referral": referral,
                "s": snapshot,
                "urgency": str(ReferralUrgency(referral.urgency).label),
                "basis": str(ConsentBasis(referral.consent.basis).label),
                "today": timezone.localdate(),
                "sender": referral.created_by,
            },
        )
    return html_to_pdf(html)
