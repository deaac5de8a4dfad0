"""Shapes of the candidate 2026.12.33 (decision 0080), each in sentences written for these
tests: a decision made and the day marked on the calendar, "so I burn with it", "so I'm
swept away and never come back", "until I'm lost, let nobody find me", "better I die" in
Manado and Ambon Malay, Madurese "mending mateh" (better dead), hot water poured over one's
own hand on purpose, a slap from a boyfriend that split the lip. Each has an everyday
sentence beside it that must stay below urgent: the rules alone decide here.

Old and alay spellings ("akoe", "semoeanya", "kelaz") are read as the word they spell only
when the rules or the slang table know it; a past told with the school year ("waktu saya
kelas VII", Sundanese "basa SMP") lowers an urgent shape to concern, and so does a thought
that "no longer comes"."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "aku udah mutusin. tanggalnya udah aku tandai di kalender kamar",
        "kalau gunungnya meletus lagi aku mau naik, biar aku ikut terbakar",
        "aku mau duduk di muara pas banjir, biar hanyut sampai gak balik",
        "aku pengen jalan ke hutan sampai hilang, jangan ada yang nyariin",
        "beta su capek, lebe bae beta mati",
        "kita ini cuma bikin susah, lb bae kita mati",
        "engkok tak kuat, mending mateh",
        "akoe maoe mati ajah",
        "I poured hot oil on my arm on purpose last night",
        "I burned myself with the iron on purpose again",
        "pacarku tampar aku di depan warung sampai bibir aku berdarah",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku udah mutusin mau ikut lomba. tanggalnya udah aku tandai di kalender",
        "perahu nelayan itu hanyut sampai gak balik, kata berita",
        "kunci motorku hilang, jangan-jangan jatuh di kantin",
        "lebih baik kita belajar bareng besok",
        "I poured hot water into the cup on purpose to warm the tea",
        "adikku jatuh dari sepeda sampai bibirnya berdarah",
        "kata pelatih lari sepuluh putaran bakal bikin kita mati berdiri",
        "kami mancing dari ujung jembatan pakai umpan cacing",
        "pahlawan itu berkata lebih baik mati daripada dijajah",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        # Told with the school year, and over.
        "waktu saya kelas VIII, paman sering menyundut lengan saya dengan rokok",
        "basa SMP abdi sok digebugan ku paman, ayeuna anjeunna tos ngalih tebih",
        # A thought that no longer comes.
        "dulu kelas 8 aku pernah minum racun serangga, udah gak kepikiran gitu lagi",
        # The one who hit the writer was transferred.
        "waktu kelas 7 aku pernah dipukul pembina pakai selang, sekarang dia sudah dipindah",
    ],
)
def test_a_finished_past_is_concern(text):
    result = detect(text, use_model=False)
    assert result.level is Level.CONCERN
    assert any(match.modifier == "past" for match in result.matches)


def test_a_past_with_a_present_after_it_stays_urgent():
    text = "waktu saya kelas VII paman sering memukul saya, dan minggu ini dia mulai lagi"
    assert detect(text, use_model=False).level is Level.URGENT


def test_old_and_alay_spellings_are_read_only_as_words_the_rules_know():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("akoe") == ("aku",)
    assert normaliser.normalise_word("SeMoEaNyA") == ("semuanya",)
    assert normaliser.normalise_word("kelaz") == ("kelas",)
    # Sundanese "poe" (day) is in the slang table; an English word stays as written.
    assert normaliser.normalise_word("poe") == ("hari",)
    assert normaliser.normalise_word("goes") == ("goes",)
    # "zat" (a substance) keeps its z: since 2026.12.35 the slang table holds it as itself.
    assert normaliser.normalise_word("zat") == ("zat",)
    assert detect("bYeEe SeMoEaNyA T_T", use_model=False).level is Level.URGENT
    assert detect("akoe soedah poelang ke roemah", use_model=False).level is Level.NONE
