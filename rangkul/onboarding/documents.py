"""Printed documents, always in Indonesian: first-login cards (eight on an A4 page) and the
letter to guardians with the same content as the students' privacy notice."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from rangkul.lib.pdf import html_to_pdf
from rangkul.onboarding.models import DataPolicy
from rangkul.onboarding.services.logins import Card

CARDS_PER_PAGE = 8


def render_cards(cards: list[Card], *, login_url: str) -> bytes:
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    with translation.override("id"):
        html = render_to_string("onboarding/cards.html", {"pages": pages, "login_url": login_url})
    return html_to_pdf(html)


def render_guardian_letter(organisation: Any, policy: DataPolicy | None) -> bytes:
    with translation.override("id"):
        html = render_to_string(
            "onboarding/guardian_letter.html",
            {
                "organisation": organisation,
                "policy": policy,
                "today": timezone.localdate(),
                "for_guardians": True,
            },
        )
    return html_to_pdf(html)
