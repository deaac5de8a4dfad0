"""Shapes of the candidate 2026.12.45 (decision 0093), each in sentences written for these
tests. "Pekan ini" (this week) and a wish that "came back" without "lagi" are present
markers. Urgent: wanting to follow a dead grandparent to the grave; riding or driving off
a cliff edge. Concern: weight that keeps falling; hardly eating for a week (Sundanese).
Everyday: at the edge of a ravine to fetch a goat; a kick in a football match among
friends. Each has an everyday sentence beside it that must stay below the level: the
rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import rules_level


@pytest.mark.parametrize(
    "text",
    [
        "pengen nyusul kakek aja ke kuburan",
        "aku ingin ikut almarhumah mama ke surga",
        "i will drive my dad's car off the cliff near the beach tonight",
        # A past attempt, then this week's wish that came back.
        "Dulu saya pernah mencoba gantung diri. Pekan ini keinginan itu kembali.",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku ikut nenek ke makam buat ziarah lebaran",
        "we drove along the cliff road and took photos of the edge",
        "aku di pinggir jurang nyari kambing bapak yang lepas",
        "main bola sama temen, aku ditendang lawan sampai jatuh, biasa lah",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "berat badan aku turun terus dan aku sengaja gak makan",
        "adi urang meh teu dahar tilu poe",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "berat badan kucingku naik terus",
        "urang can dahar isuk ieu, engke wae di sakola",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE
