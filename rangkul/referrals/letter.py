"""The referral letter (surat rujukan / alih tangan kasus) as a PDF, always in Indonesian.

It carries only what the referral shares: the frozen snapshot, never the case."""

from typing import Any

from django.utils import timezone, translation

from rangkul.lib.pdf import render_letter_pdf
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
        context = {
            "organisation": referral.organisation,
            "referral": referral,
            "s": snapshot,
            "urgency": str(ReferralUrgency(referral.urgency).label),
            "basis": str(ConsentBasis(referral.consent.basis).label),
            "today": timezone.localdate(),
            "sender": referral.created_by,
        }
    return render_letter_pdf("referrals/letter.html", context)
