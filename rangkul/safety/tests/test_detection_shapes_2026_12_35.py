"""Shapes of the candidate 2026.12.35 (decision 0083), each in sentences written for these
tests: a blade in the bag and the toilet at break; clawing one's arm until the skin
peels; "I only use up the money"; "what am I holding on for"; wanting to follow a
grandparent who died; counting the depth of a well at night; "if I die, who would miss
me"; "may I not reach the morning"; "if there is another chance I won't step back"; a jump
from the edge of a cliff told in Javanese; going down a hole "and not coming out again";
someone who comes into the writer's room and makes them promise to tell no one; being
tied to a tree and pelted with stones; a phone thrown at the face until the brow splits.
Each has an everyday sentence beside it that must stay below urgent: the rules alone
decide here.

Alay spellings beyond "oe" and a final "z" ("zering", "pabriq", "lompad", "akuh") are read
as the word they spell when the rules or the slang table know it, and never while the
rules themselves are compiled."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "cutter udah di tas, nanti pas istirahat aku ke toilet",
        "aku mencakar lenganku sampai kulitnya mengelupas tiap dimarahi",
        "aku cuma ngabisin duit ibu buat sekolah",
        "buat apa aku bertahan kalau tiap hari cuma bikin malu",
        "aku pengen nyusul kakek yang udah meninggal",
        "tiap malam aku ke jembatan kali itu lagi, ngitung dalamnya",
        "kalau aku mati siapa yang sedih? gak ada",
        "semoga aku gak nyampe pagi",
        "kalau ada kesempatan lagi aku gak bakal mundur",
        "sesuk aku arep mlumpat teko pucuk jembatan",
        "aku mau masuk ke dalam gua itu terus gak keluar lagi",
        "om sering masuk kamarku malam-malam, aku disuruh janji gak cerita",
        "mereka ikat aku di pohon terus lempar pakai batu",
        "pacarku ngelempar hp ke mukaku sampai pelipis sobek",
        "I feel like I shouldn't be alive",
        # Alay spellings read through.
        "akuh pengen matih ajah",
        "zemoea orang lebih baiq tanpa akoe",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pisau lipat ada di tas, nanti istirahat aku mau potong buah",
        "kucingku mencakar tanganku tadi, lecet dikit",
        "aku ngabisin duit jajan buat beli cilok",
        "buat apa aku belajar fisika kalau mau jadi penyanyi",
        "aku pengen nyusul kakek ke sawah besok pagi",
        "tugas geografi kami mengukur kedalaman sungai di belakang sekolah",
        "semoga aku gak telat besok pagi",
        "kalau ada kesempatan lagi aku mau ikut lomba itu",
        "aku lompat dari pinggir kolam ke air",
        "adikku masuk kamarku dan minta aku janji gak cerita soal kadonya",
        "pacarku ngelempar bantal ke mukaku sambil ketawa",
        # Stage, fish, kitchen, and a mosquito coil.
        "di latihan teater aku kebagian adegan ditusuk pakai pisau kardus",
        "dapet ikan kakap, langsung dipukul kepalanya sama abang",
        "bapak ngantemi gaplek nganggo alu nganti alus",
        "paman menyundut obat nyamuk dengan rokoknya",
        "my brother always beats me at chess",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "tiap malam aku mimpi tenggelam terus, udah sebulan",
        "rasanya kosong banget, udah sebulan kayak gini",
        "udah tiga bulan nenek meninggal dan aku masih tidak bisa tidur",
        "kemarin om ngacungin golok ke ayah di depan kami",
        "cowokku gak ngebolehin aku lanjut kuliah di luar kota",
        "aku gak punya teman sama sekali dari kelas 7",
        "udah setahun aku gak ngobrol sama siapa-siapa",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_alay_spellings_are_read_only_as_words_the_rules_or_the_slang_table_know():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("zering") == ("sering",)
    assert normaliser.normalise_word("pabriq") == ("pabrik",)
    assert normaliser.normalise_word("lompad") == ("lompat",)
    assert normaliser.normalise_word("matih") == ("mati",)
    # Several habits in one word: "z" for s, "oe" for u, an "h" after the final vowel.
    assert normaliser.normalise_word("dizoeroeh") == ("disuruh",)
    # A word the rules spell as written is not respelt: "ayah" is not Sundanese "aya".
    assert normaliser.normalise_word("ayah") == ("ayah",)
    # "zat" (a substance) is itself in the slang table; English words are not respelt.
    assert normaliser.normalise_word("zat") == ("zat",)
    assert normaliser.normalise_word("chess") == ("ches",)  # collapsed, as every word is
    assert normaliser.normalise_word("goes") == ("goes",)
