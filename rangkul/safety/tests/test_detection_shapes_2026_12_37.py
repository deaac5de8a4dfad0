"""Shapes of the candidate 2026.12.37 (decision 0085), each in sentences written for these
tests: "better if I were not there" in Manado Malay; a child locked in the bathroom or
the shed by a parent; an arm twisted until it swells; how to hang oneself "so that it
does not hurt". Each has an everyday sentence beside it that must stay below urgent: the
rules alone decide here.

Malang walikan "ayas" (saya) and "ngalup" (pulang), Manado "nyanda" (not) and "lebe"
(more) are in the slang table; the old spelling's "dj" and "tj" are read as j and c when
that makes a word the rules or the slang table know."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "lebe bae kita nyanda ada lagi",
        "gimana caranya gantung diri biar gak sakit",
        "bagaimana caranya supaya tidak sakit kalau gantung diri?",
        "bapak tiri ngunciin aku di gudang semalaman",
        "ayah ngurung saya di kamar mandi kalau nilai jelek",
        "kakakku memelintir tanganku sampai bengkak",
        "mama tiri ayas ngunciin ayas di wc tiap ayas telat ngalup",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "lebih baik aku tidak ada di grup itu, ribut terus",
        "aku gak tau caranya ngomong soal bunuh diri ke ortu",
        "ayah ngunciin pintu gudang biar kucing gak masuk",
        "adikku memelintir kabel charger sampai putus",
        # Noodles, a rat trap, a brother's joke, a game.
        "aku nyiram mi pakai air panas dari termos",
        "ibu nyimpen racun tikus buat jebakan di dapur",
        "kakakku bercanda mau ngubur aku di pasir pantai",
        "masku guyon arep ngubur aku nang pasir",
        "urang paeh wae dina kaulinan, kesel",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarku minta foto tiap jam, kalau telat bales dia marah",
        "cowokku selalu nunggu di gerbang buat mastiin aku langsung pulang",
        "udah sebulan rasanya kosong, main apa pun gak seneng",
        "tiap habis makan dia buru-buru ke kamar mandi",
        "jantungku berdebar kencang, napas sesak tiap mau naik bus",
        "dying is not in my mind, I just need someone to listen",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_old_spelling_dj_and_tj_are_read_when_they_make_a_known_word():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("djembatan") == ("jembatan",)
    assert normaliser.normalise_word("ayas") == ("saya",)
    # A word nothing knows keeps its spelling.
    assert normaliser.normalise_word("djoko") == ("djoko",)
