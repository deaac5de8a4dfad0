"""Shapes of the candidate 2026.12.41 (decision 0089), each in sentences written for these
tests: a plan to jump onto rocks, a ravine or asphalt; the same poison or bottle bought or
hidden again after an earlier attempt; "pengen lukai diri" with its inner vowels dropped; in
English a decision to drown or poison oneself, and a relative who "since then has hit me"
again; a boyfriend who keeps the writer at home or checks the phone every night; waking
startled every night. Each has an everyday sentence beside it that must stay below the
level: the rules alone decide here.

Words shortened to their first letter, their consonants and their last letter ("indk",
"klr", "brgna") are read (normalise.yaml)."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import normalised_words as _words
from .detection_helpers import rules_level


@pytest.mark.parametrize(
    "text",
    [
        "aku berencana naik ke atap gedung sekolah nanti malam terus loncat ke aspal",
        "saya mau terjun ke jurang di belakang kebun sore ini",
        "dulu aku pernah minum racun tikus. sekarang aku simpan botol yang sama di bawah kasur",
        "wingi aku wis tuku racun sing padha, saiki ana ing ngisor kasur",
        "aku pgn lki dri lg mlm ini",
        "I decided to drown myself in the river tonight",
        "I am going to poison myself with the pills in the cabinet",
        "my uncle hit me last year. since then he has kicked me three more times",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku berencana naik ke atap sekolah buat foto kembang api",
        "kami mau lompat ke kolam renang bareng pas lomba",
        "aku beli botol yang sama kayak punya kakak buat minum di sekolah",
        "aku simpan botol yang sama di dalam lemari dapur buat minyak goreng",
        "aku wis tuku buku sing padha karo kancaku",
        "bapak ngehajar tumpukan kayu bakar pakai kapak sampai habis",
        "kakakku bilang mau nyekik aku kalo aku pake sepatunya lagi, canda doang",
        "aku tusuk daun pisang pakai lidi buat bungkus tempe",
        "ulangan fisika tadi bikin aku mau mati rasanya",
        "tiap sore saya menyapu daun di halaman, dan barusan saya melakukannya lagi",
        "I decided to drown myself in homework this weekend",
        "I nearly died of embarrassment when my voice cracked in class",
        "I wanted to disappear into the ground when the teacher read my poem aloud",
        "my cousin lost the first game. since then he has beaten me at chess every day",
        "Every time my mom asks, I wash the dishes after dinner, and I just did it again",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarnya temenku ngelarang dia keluar rumah, hpnya dicek tiap malam",
        "aku gak boleh pergi sama pacarku kalau bukan ke rumahnya",
        "setiap malam aku terbangun ketakutan dan susah tidur lagi",
        "saben wengi aku tangi kaget, ora iso ambegan",
        "aku mrsa gk brgna sma skli di kelas ini",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "aku gak boleh keluar rumah sama ibu soalnya udah malam",
        "tiap malam aku kebangun buat sahur bareng keluarga",
        "hp aku dicek tiap malam sama operator buat update",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE


def test_words_shortened_to_their_edges_are_read():
    assert _words("aku indk blh klr rmh") == ["aku", "tidak", "boleh", "keluar", "rumah"]
    assert _words("tlng bls skrng") == ["tolong", "balas", "sekarang"]
