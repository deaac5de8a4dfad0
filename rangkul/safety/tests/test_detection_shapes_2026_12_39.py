"""Shapes of the candidate 2026.12.39 (decision 0087), each in sentences written for these
tests: pills or insulin taken all at once and whether that kills; "better I die than be
found out"; a past poisoning and the thought of drinking it again; wishing the plane or
ship would go down with the writer in it; charcoal and tape for a sealed room; a rope taken
after a break-up; everyone glad if the writer died; not eating on purpose to die slowly;
"do not look for me, tell mother I am sorry"; accounts deleted and one message left; "my
life is enough up to here"; swimming out hoping not to come back; a jump "so that I die at
once"; staples, sandpaper and a blade at the neck; a partner who bites until it bleeds; a
mouth held shut until the writer cannot breathe; a threat to spread photos; a chase with a
machete; in English a beating hidden "so no one can see" and a kiss kept secret by a
threat; in Sundanese a sea cave and the tide, formic acid drunk, "better I were dead so my
parents can rest". Each has an everyday sentence beside it that must stay below urgent:
the rules alone decide here.

Alay that writes "a" as "@" and "i" as "!" is read as letters in a text that shows the
habit, and Manado "kita" is I in a text that shows Manado Malay (normalise.yaml)."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect

from .detection_helpers import normalised_words as _words
from .detection_helpers import rules_level


@pytest.mark.parametrize(
    "text",
    [
        "kalau obat tidur ditelan sekaligus bisa bikin orang meninggal gak?",
        "lebih baik aku mati daripada ketahuan nyontek sama ayah",
        "aku pernah minum racun serangga waktu kelas 8. sekarang aku kepikiran minum lagi",
        "semoga pesawatnya jatuh pas aku ada di dalam",
        "udah beli arang sama lakban, nanti malam kamar kututup rapat",
        "habis diputusin aku langsung ambil tali dari gudang",
        "kalau aku mati, mereka semua pasti lega",
        "udah dua hari aku sengaja gak makan biar mati pelan pelan",
        "jangan cari aku lagi ya, sampaikan maaf buat ibu",
        "aku udah hapus semua akun, tinggal satu pesan buat adik",
        "hidupku cukup sampai di sini, makasih semuanya",
        "tadi aku renang jauh ke tengah laut, semoga tidak usah balik lagi",
        "bagus aku mati supaya ayah tidak susah lagi",
        "aku mau loncat aja biar langsung mati",
        "aku mau nyakitin diri sekarang",
        "aku jepret staples ke paha tadi pagi",
        "aku gosok tangan pakai amplas sampai berdarah",
        "pacarku gigit lenganku sampai luka kalau aku telat bales",
        "kakak bekap mulutku sampai aku gak bisa napas",
        "dia ngancam sebar foto aku kalau aku gak kirim pulsa",
        "om mabuk ngejar aku pakai golok",
        "k!t@ mo m@t! @j@, c@pek sk@l!",
        "kita pe hidup so cukup sampai di sini, ngana jaga diri",
        "my uncle hits me in the face so no one can see, because of my hair",
        "my coach kissed me and said if I tell anyone I am out of the team",
        "urang rek nyumput di guha nepi ka cai pasang",
        "tadi urang nginum cuka para",
        "hadena mah urang maot ameh kolot tenang",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kalau vitamin diminum sekaligus bisa bikin mual gak?",
        "lebih baik aku jalan kaki daripada naik angkot",
        "aku pernah minum jamu pahit, sekarang kepikiran minum lagi biar sehat",
        "semoga pesawatnya tidak delay pas aku ada di dalam",
        "beli arang buat bakar sate, lakban buat kardus",
        "habis diputusin aku langsung main ke rumah nenek",
        "kalau aku lulus, mereka semua pasti lega",
        "aku sengaja gak makan siang biar bisa makan malam banyak",
        "jangan cari aku di kantin, aku di perpus",
        "aku hapus akun lama, pindah ke akun baru",
        "liburan kita cukup sampai di sini, besok sekolah lagi",
        "kita renang ke tengah danau pakai pelampung, seru",
        "bagus aku datang lebih pagi supaya dapat kursi depan",
        "kita loncat bareng pakai pelampung dari perahu",
        "aku gosok panci pakai sabut kawat sampai mengkilap",
        "kucingku gigit tanganku waktu dimandiin",
        "ayah ngejar ayam pakai sapu",
        "my brother hits the ball so hard no one can catch it",
        "urang nyumput di guha pas ulin ucing sumput",
        # A water fight, kenari nuts cut, cattle whipped home, a capsize that ended wet, a
        # jump with a life jacket.
        "perang air tadi seru, aku ditembak pakai selang sampai basah",
        "aku iris kulit kenari pakai pisau dapur buat kue",
        "bapak nyabet sapi nganggo pecut ben gelem mulih",
        "perahu kebalik, kirain mau mati, ternyata cuma basah",
        "kita lompat dari tebing pakai pelampung pas rafting",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku ngerasa aku ini gak ada gunanya",
        "udah seminggu aku cuma makan sepotong roti sehari biar kurus",
        "pacarku ngikutin aku ke mana mana, aku sesak",
        "pacarku periksa tasku setiap ketemu",
        "temanku tiap sore duduk di makam ibunya sampai gelap",
        "sudah tiga bulan nenek tiada, aku belum bisa belajar",
        "poto abdi dipasang jeung tulisan dijual murah di grup",
        "klambiku dicoreti saben dina",
        "aku saben bengi deg degan",
        "urang teu niat maehan maneh, ngan hayang curhat",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


def test_at_and_exclamation_marks_are_letters_only_in_a_text_that_writes_them_so():
    assert _words("k!t@ mo m@t! s@j@") == ["kita", "mau", "mati", "saja"]
    # "d!" is "di"; a longer word keeps its exclamation mark, which ends the sentence.
    assert _words("s!let d! leher") == ["silet", "di", "leher"]
    assert _words("k!t@ takut! tolong") == ["kita", "takut", "#", "tolong"]
    # Without the habit "!" and "@" are what they always were.
    assert _words("tolong! aku takut") == ["tolong", "#", "aku", "takut"]


def test_manado_kita_is_i_only_in_a_text_that_shows_manado_malay():
    assert _words("kita pe mama sakit")[0] == "aku"
    assert _words("ngana tau kita mo pigi")[2] == "aku"
    assert _words("kita belajar bersama")[0] == "kita"
    # The match still shows the student's own spelling.
    match = detect("k!t@ mo m@t! @j@", use_model=False).matches[0]
    assert "m@t!" in match.text
