"""Shapes of the candidate 2026.12.11 (decision 0052), each in sentences written for these
tests: a pregnant girl made to drink something to end the pregnancy, an adult at a boarding
school who calls a child to a room at night or touches them asleep, beatings on a schedule,
punching one's own body until it bruises, stopping life-sustaining treatment so that it all
ends, wishes not to wake, an arrangement for a pet "if I'm not here tomorrow", rope made
ready or asked about for a body, and a video used to force a visit; with their Javanese,
Sundanese and English forms. Each has an everyday sentence beside it that shares its words
and must stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "adikku hamil, bapaknya maksa dia minum jamu biar kandungannya luruh",
        "pacarku nyuruh aku minum pil dari olshop biar gugur",
        "temanku hamil dan sekarang pendarahan terus sejak kemarin",
        "tiap malam kakakku dipanggil ustadz ke kamarnya, pulangnya nangis",
        "pembina asrama sering memanggil dia ke ruangannya dan bilang jangan cerita siapa-siapa",
        "musyrif suka megang-megang aku pas lagi tidur",
        "ayah tiri mukul tiap malam kalau pulang",
        "ustadzah suka nampar kalau hafalan salah",
        "aku nonjok perut sendiri sampai memar",
        "aku mau berhenti cuci darah biar semuanya selesai",
        "semoga aku nggak bangun lagi besok pagi",
        "mending udahan aja hidup gue",
        "kalau aku udah nggak ada besok, titip kucingku ya",
        "tali sama kursi udah siap di kamar",
        "tali jemuran di belakang kuat nggak buat nahan badan orang",
        "kalau gak datang, video kamu aku sebar",
        "kancaku meteng, bapake meksa dheweke ngombe obat warung",
        "yen aku ora ana sesuk, titip kucingku yo",
        "luwih becik aku ora ana",
        "abdi hoyong leungit ti dunya",
        "wengi ieu abdi rek pamit ti dunya",
        "kabogoh abdi sok nabok lamun timburu",
        "her mom is forcing her to drink something to lose the baby",
        "he keeps getting called to the warden's room at night and comes back crying",
        "I stopped taking my insulin on purpose",
        "which floor is high enough to die",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kakakku hamil tujuh bulan, mama nyuruh dia minum susu hamil tiap pagi",
        "kami dipanggil wali kelas ke ruangannya buat bahas lomba",
        "tiap malam kami setor hafalan ke ustadz di masjid",
        "aku tinju samsak sampai tanganku pegal",
        "dokter bilang aku boleh berhenti minum obat kalau sudah sembuh",
        "semoga besok nggak hujan biar bisa main bola",
        "kalau aku nggak ada besok karena ikut lomba, titip kucingku ya",
        "gue udah nyiapin tali rafia buat pramuka besok",
        "tali tambang ini kuat buat tarik tambang 17-an",
        "kelas kita dihajar 3-0 sama kelas sebelah",
        "video lomba kemarin udah aku kirim ke grup",
        "yen aku ora ana sesuk amarga melu lomba, titip kucingku yo",
        "abdi hoyong ulin ka dunya fantasi",
        "the nurse called me to her room to check my temperature",
        "which floor is the chemistry lab on",
        "I stopped taking my allergy pills because the season is over",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("pngen", ("ingin",)),
        ("tli", ("tali",)),
        ("kcng", ("kucing",)),
        ("idp", ("hidup",)),
        ("gy", ("gaya",)),
    ],
)
def test_vowel_dropped_spellings_are_read_as_words(written, read_as):
    assert default_ruleset().normaliser.normalise_word(written) == read_as


def test_a_figure_of_speech_in_vowel_dropped_spelling_stays_ordinary():
    """ "mati gaya" (bored stiff) is not a death wish however it is spelled."""
    assert detect("mndng gw mt gy aj", use_model=False).level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "aku pernah nyoba bunuh diri waktu kelas 8, sekarang udah jalanin terapi, ok kok",
        "wkt SD gw sering dipukul ayah, skrg udh aman",
    ],
)
def test_a_past_told_as_over_stays_concern(text):
    """A past attempt or past abuse is risk information for a counselor (concern), not an
    emergency, when the writer says it is over or treated now."""
    assert detect(text, use_model=False).level is Level.CONCERN
