"""Shapes of the candidate 2026.12.21 (decision 0067), each in sentences written for these
tests: thinking how easy a fall would be; not wanting to breathe any more; an attempt at
hanging, then the urge back this week in vowel-dropped spelling; jumping from a cliff;
ready for the grave; waiting to be fetched by the angel of death; on a bridge now above deep
water; sitting on the roof now; a coach who touches, a relative who strokes the body (also
with the palm-down hand emoji); punching a wall until it bleeds, a hot spoon on the arm;
English shapes (train times "not to travel", hands on the waist and thighs, a private photo
and a demand for money); which building is tallest, for tonight; Javanese (a senior who
slaps the face, a teacher who strikes every day) and Sundanese ones (following a mother to
the grave). Each has an everyday or figurative sentence beside it that must stay below
urgent; a finished past with help and safety now stays concern. The rules alone decide
here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku berdiri di atap sekolah dan berpikir betapa mudahnya kalau aku jatuh",
        "udah gak mau napas lagi",
        "gw prnh nyb gntg dri, mggu ni dorongannya dtg lg",
        "aku mau naik ke Bromo terus loncat dari tebingnya",
        "nilai jelek lagi, aku siap dikubur aja",
        "aku mau dijemput malaikat maut malam ini",
        "aku di jembatan sekarang, airnya dalam banget",
        "sekarang aku lagi duduk di atas atap, gak mau turun",
        "pelatih voli aku suka dipegang-pegang sama pelatih tiap latihan",
        "om yang aku tumpangi suka 🫳🍑 aku",
        "aku ninju tembok sampai berdarah tadi",
        "aku nempelin sendok panas ke lengan",
        "I've been looking at train times, not to travel",
        "my tutor keeps touching my thighs during lessons",
        "he has my private photos and demands money or he'll post them",
        "which building is tallest that I can access tonight",
        "senior kuwi ngaplok raiku saben apel",
        "abdi hoyong ngiring ema ka alam kubur",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku pernah nyoba gantung diri dua tahun lalu, sekarang udah rutin ke psikolog"
        " dan udah aman",
        "kami mau loncat dari tebing ke laut buat berenang",
        "napas aku ngos-ngosan abis lari, gak mau lari lagi",
        "aku di jembatan Suramadu sekarang, macet banget",
        "looking at train times for the trip to Bandung",
        "which building is tallest in Jakarta? for my geography homework",
        "ayah ngelus kepala adik sebelum tidur",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
