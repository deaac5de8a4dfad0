"""Structural rules of release 2026.12.05 (decision 0045), each in sentences written for
these tests: present beats past, burden and passive death wishes, preparation and farewell,
method-seeking questions, sextortion and abuse told without the listed words, self-harm
verbs beyond the list. Indonesian, slang and vowel-dropped (through the normaliser),
Javanese, Sundanese and English. The rules alone decide here; the model is not used."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "Tahun lalu aku pernah nekat, sekarang pikiran itu datang lagi tiap malam.",
        "dulu gw prnh nyoba, skrg keinginan itu balik lg",
        "I attempted two years ago and this month the urges came back",
        "biyen aku tau nyoba nglalu, saiki pikiran kuwi teka maneh",
        "kapungkur abdi kantos nekat, ayeuna pikiran eta datang deui",
        "udah setahun aku gak nyilet, tapi malam ini dorongannya muncul lagi",
        "I used to cut, and this week I started again",
        "kalau aku nggak ada, mama nggak usah kerja lembur buat bayar sekolahku",
        "keluargaku bakal lebih tenang tanpa aku",
        "mending aku nggak ada aja",
        "they would all be fine without me",
        "I'm just an expense to my parents",
        "mun abdi teu aya, kolot abdi langkung bagja",
        "tiap bangun pagi aku kecewa karena masih hidup",
        "semoga besok aku nggak usah bangun lagi",
        "aku cuma burden buat semua orang",
        "aku udah kasih semua komik dan sepatuku ke sepupu, aku nggak akan butuh lagi",
        "I gave my headphones and sketchbooks to my cousin. I won't need them anymore.",
        "aku udah nulis surat buat ayah dan adik, besok pagi mereka bakal nemu",
        "malam ini aku pamit, jangan cari aku ya",
        "wilujeng tinggal sadayana",
        "see you on the other side guys",
        "aku udah hapus semua akun, sudah waktunya aku pergi",
        "obat apa yang kalau diminum sekaligus bikin jantung berhenti?",
        "how many pills would it take so I don't wake up",
        "berapa lantai supaya pasti mati kalau lompat",
        "which medicine stops your heart, asking for real",
        "ada akun asing minta pulsa, kalau nggak dikirim fotoku mau disebar",
        "someone I met online says he'll share my photos unless I pay him",
        "guru les sering pegang pahaku terus bilang jangan bilang siapa-siapa",
        "rambutku dijambak dan ditarik sama ayah tiriku tiap dia marah",
        "kakakku nonjok aku sampai aku muntah",
        "aku nusuk-nusuk kulit lenganku pakai jangka sampai berdarah",
        "gw ngebakar tangan pake korek tadi",
        "I keep scratching my arm with a pin until it bleeds",
        "saben nesu aku njedotke sirahku nang tembok",
    ],
)
def test_the_structural_rules_read_a_crisis_as_urgent(text):
    result = detect(text, use_model=False)
    assert result.level is Level.URGENT, result.matches


@pytest.mark.parametrize(
    "text",
    [
        "dulu aku pernah nyoba daftar OSIS, sekarang kepikiran lagi buat nyalon",
        "dulu pernah dipukul ayah, sekarang sudah aman",
        "kalau aku nggak ada di rumah, kucingku nggak ada yang kasih makan",
        "aku kasih baju lamaku ke adik karena udah kekecilan, aku nggak butuh lagi",
        "aku pamit pulang duluan ya, dijemput mama",
        "besok aku pamit ke rumah nenek",
        "semoga besok nggak bangun kesiangan",
        "My sister said she'll post my baby pictures unless I do her chores lol",
        "gue tampar pipi sendiri biar melek pas belajar",
        "goodbye everyone, see you next semester!",
        "om masuk kamarku buat ambil charger",
        "I burned my hand while cooking pasta",
        "semua orang lebih senang kalau aku bawa kue",
        "I wrote a thank you letter to my coach, he will find it tomorrow",
    ],
)
def test_everyday_frames_next_to_the_structural_rules_stay_below_urgent(text):
    result = detect(text, use_model=False)
    assert result.level is not Level.URGENT, result.matches


@pytest.mark.parametrize(
    "text",
    [
        "dulu aku sering dipukul bapak, sekarang udah nggak pernah lagi",
        "Waktu SMP aku pernah nyilet tangan, sekarang sudah berhenti dan aman",
        "I tried to hurt myself years ago, now I am safe",
    ],
)
def test_a_present_that_says_the_trouble_is_over_keeps_the_past_a_concern(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_a_present_marker_after_a_past_attempt_still_makes_it_urgent():
    text = "dulu aku pernah coba bunuh diri, sekarang kepikiran lagi"
    assert detect(text, use_model=False).level is Level.URGENT


def test_a_negation_a_regex_spells_out_is_part_of_the_phrase():
    result = detect("aku udah bagiin semua bukuku, aku nggak bakal butuh lagi", use_model=False)
    assert result.level is Level.URGENT
    assert any(
        m.modifier == "" and m.phrase_id == "mix.suicide.giving_away" for m in result.matches
    )


@pytest.mark.parametrize(
    ("text", "words"), [("4p4 1n1", ["apa", "ini"]), ("4x4 10k", ["axa", "10k"])]
)
def test_one_letter_between_two_leet_digits_is_read_as_a_word(text, words):
    from rangkul.safety.detection.loading import default_ruleset

    assert default_ruleset().normaliser.tokenise(text).joined.split() == words
