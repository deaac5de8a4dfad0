"""Shapes first written for candidate 2026.12.08 (decision 0049; shipped in 2026.12.09), each
in sentences written for these tests: violence told by its marks, a private picture held over
the writer, a passive wish addressed to God or a life not deserved, pills swallowed by the
strip or bottle, farewell posts that say they are not a joke, and their English forms; emoji
that stand for a word. Each has an everyday sentence beside it that shares its words and must
stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "semalam aku ditonjok om sampai bibirku bengkak",
        "tiap pulang telat aku digebukin sampai lebam di punggung",
        "bapak nampar aku berkali-kali sampai telingaku berdarah",
        "ada orang yang punya video aku lagi mandi, dia minta transfer dua juta",
        "dia nyimpen foto pribadi aku dan minta foto lain tiap malam",
        "foto aku waktu ganti baju di toilet udah disebar di grup angkatan",
        "penagih bilang fotoku bakal diedit jadi bugil kalau mama gak bayar",
        "ya Allah ambil nyawaku aja malam ini",
        "aku gak pantas hidup setelah ngecewain semua orang",
        "mending aku gak pernah lahir",
        "barusan aku minum satu strip obat tidur punya nenek",
        "aku udah nelen pil penenang sebotol",
        "story aku malam ini foto makam, itu tentang aku, bukan bercanda",
        "ini chat terakhir aku selamanya",
        "sampai jumpa di kehidupan selanjutnya semuanya",
        "I don't want to wake up ever again",
        "God please just take me tonight",
        "I'd rather disappear forever",
        "I wish I had never been born",
        "goodbye forever, thank you all",
        "my post tonight says goodbye and it is not a joke",
        "I just swallowed a whole bottle of sleeping pills",
        "some guy has my private photos and wants money or he sends them to my mom",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kakiku kebentur meja sampai memar",
        "aku punya foto pribadi waktu liburan, mau aku cetak",
        "foto aku waktu lomba udah disebar di grup angkatan",
        "ya Allah mudahkan ujianku besok",
        "aku gak pantas dapet nilai sebagus itu",
        "minum satu botol air mineral tiap jam pelajaran",
        "story aku malam ini foto kucing, serius lucu banget",
        "sampai jumpa di kelas selanjutnya semuanya",
        "I don't want to wake up early tomorrow for practice",
        "goodbye, see you next week",
        "I took a whole bottle of water to the match",
        "she has my chemistry notes and wants them back",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("udah nyimpen 🪢 di gudang, nunggu rumah sepi", Level.URGENT),
        ("pengen ⚰️ aja", Level.URGENT),  # with the variation selector
        ("pengen \u26b0 aja", Level.URGENT),  # and without it
        ("om 👊 aku tiap malam", Level.URGENT),
        ("tugas numpuk 💀💀 wkwk", Level.NONE),
        ("beli 🪢 buat pramuka besok", Level.NONE),
    ],
)
def test_emoji_that_stand_for_a_word_are_read_as_it(text, level):
    assert detect(text, use_model=False).level is level


def test_a_match_on_an_emoji_shows_the_emoji_the_student_wrote():
    (match,) = detect("nyimpen 🪢 di lemari", use_model=False).matches
    assert match.text == "nyimpen 🪢"
