"""Shapes of the candidate 2026.12.16 (decision 0059), each in sentences written for these
tests: a rope bought and hidden, gone by the weekend, no use in one's own life, no way out
but vanishing from the world, a goodbye sent to friends before the phone goes dark, hitting
one's own head again and again, wanting one's own body ruined or skipping insulin for it, a
knife emoji on an arm wanted again, a step-parent throwing things at the writer, a fist-in-a-
glove emoji after a parent, pills gathered and an apology, a farewell letter for a parent,
"last day on earth" and a dead phone, "my last birthday", cutting that cannot be stopped,
"barcode" cuts, Sundanese "gone tonight", Javanese groping, English shapes (no reason to keep
living, going where a missing mother is, beaten by an aunt every day), and "do you know
which medicine ..." read as a question, not a denial; the concern shapes of a page made to
roast the writer and parents who fight every night. Each has an everyday or figurative
sentence beside it that must stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku udah beli tali tambang di toko bangunan, aku sembunyiin di bawah kasur",
        "kemarin gue beli tambang, udah gue umpetin di gudang",
        "akhir pekan ini gue udah gak ada lagi",
        "emang gak ada gunanya aku hidup",
        "kata ibu aku harusnya gak usah lahir, kayaknya bener",
        "gak ada pilihan lain selain menghilang aja dari dunia",
        "temenku ngirim pamitan di grup kelas, terus hp nya gak aktif",
        "tiap kalah main aku mukulin kepalaku sendiri sampai benjol",
        "aku pengen badanku rusak aja",
        "aku sengaja gak nyuntik insulin biar badanku hancur",
        "aku pengen 🔪 lengan lagi",
        "aku biasa 🔪 tangan waktu SMP, sudah berhenti lama tapi sekarang kepengen lagi",
        "ayah tiri suka ngelemparin aku pake gelas",
        "ibu 🥊 aku terus tiap pulang kerja",
        "obatnya udah aku kumpulin semua. maafin aku ya ma",
        "aku wis nulis layang pamitan kanggo bapak",
        "sahabatku nulis 'hari terakhir di dunia' terus hp nya mati",
        "ini bakal jadi ultah terakhir aku",
        "this is my last birthday",
        "aku gak bisa berhenti nyilet",
        "barcode di lenganku nambah lagi semalam",
        "engke peuting abdi tos moal aya",
        "pelatih sering nggrayangi yen latihan sore",
        "I really don't see any reason to keep living",
        "Dad drowned last month. I want to be where he is.",
        "my little brother gets beaten by our uncle every night",
        "kamu tau gak racun apa yang bikin mati cepat",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku beli tali tambang di toko bangunan, aku sembunyiin biar jadi kejutan buat ayah",
        "gue beli tali tambang di toko bangunan terus gue umpetin. besok lomba pramuka",
        "akhir pekan ini gue udah gak ada di rumah, ikut kemah",
        "aku bikin surat pamitan buat bu guru soalnya mau pindah ke Kupang",
        "main last day on earth sampai hp mati",
        "ini ultah terakhir aku di SMP, tahun depan udah SMA",
        "abis lari keliling lapangan rasanya mau mati, paru-paru kebakar",
        "aku pengen mati... mati lampu maksudnya, biar gak belajar",
        "aku pengen mati. eh ternyata salah lihat jadwal, ujiannya minggu depan",
        "bapak nyuruh aku beli racun tikus, gudang padi banyak tikusnya",
        "tugas makalah ini bakal unalive aku besok",
        "aku udah nyiapin tali. buat masang spanduk pensi besok",
        "scan barcode tiket konser di pintu masuk",
        "gue tau gak boleh nyontek, tapi susah banget",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "anak-anak bikin akun buat ngatain aku tiap hari",
        "tiap malam ortu aku berantem sampai aku gak bisa tidur",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "anak-anak bikin akun buat lomba foto kelas",
        "tiap malam ortu aku nonton sinetron",
    ],
)
def test_ordinary_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE


def test_a_question_to_the_reader_is_not_read_as_a_denial():
    """ "lo tau gak obat apa ..." asks; "aku tau gak boleh ..." negates."""
    asked = detect("lo tau gak obat apa yang bikin gak bangun lagi", use_model=False)
    assert asked.level is Level.URGENT
    assert all(match.modifier != "negated" for match in asked.matches)
