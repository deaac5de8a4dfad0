"""Shapes of the candidate 2026.12.14 (decision 0057), each in sentences written for these
tests: punching a wall until the knuckles bleed, giving up on life with a thank-you in the
next sentence, no way out but death, no reason left to live, everyone calmer "if I were a
grave", repellent or bleach drunk, a goodbye in a story and then a dead phone, "I'm fine, I
just bought a rope", messages left for friends to read tomorrow, praying a truck hits me,
sleeping and never opening one's eyes again, a building and a down arrow, a partner up on a
roof threatening over a break-up, "writing my will" in a code-mixed day, being choked by a
partner, ears pulled until they bleed, dragged behind a building and beaten by a group, chased
with a machete, forced to beg or to carry a weapon to a brawl under threat; the concern shapes
of name-calling, being shut out of every group, not eating to stay thin, shaking since an
assault, a parent in prison and being made to sleep in the kitchen. Each has an everyday or
figurative sentence beside it that must stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "tiap inget bokap gue ninju dinding sampe tangan berdarah",
        "aku nyerah sama hidup. makasih ya udah jadi temenku selama ini",
        "cicilan pinjol numpuk, gak ada jalan keluar selain mati",
        "aku tidak melihat alasan untuk tetap hidup",
        "aku wis ora duwe alesan urip maneh",
        "kadang mikir kalo aku 🪦 semua orang di rumah lebih tenang",
        "adikku minum pembersih lantai, sekarang muntah terus",
        "dia nulis dadah selamanya di story terus hpnya mati",
        "aku baik baik aja kok, cuma udah beli tali",
        "udah nulis surat buat kalian, besok kalian baca ya, dadah",
        "tiap pagi aku berdoa semoga ketabrak truk di jalan",
        "pengennya tidur terus gak bangun lagi, itu doaku",
        "pengen 🏢⬇️ aja rasanya",
        "pacarku ngancem kalau aku putus dia lompat, sekarang dia di atap gedung",
        "hari ini gue beres-beres kamar, and finished writing my will",
        "my boyfriend choked me last night when I said no",
        "wali kelas jewer aku sampai kupingku berdarah",
        "aku diseret ke belakang kantin terus dipukulin rame-rame",
        "om mabuk ngejar aku pake golok, aku sembunyi di kamar mandi",
        "aku disuruh ngamen sama paman, kalau uangnya dikit aku ditendang",
        "aku dipaksa bawa celurit buat tawuran, kalau nolak aku dikeroyok",
        "preman pasar ngancem bacok gue kalau lewat situ lagi",
        "Sometimes I hope a bus runs over me on the way home",
        "I wrote the letters and set the date",
        "I'm done. Thanks for everything, all of you.",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pelatih tinju nyuruh aku mukul samsak sampai tangan pegel",
        "aku nyerah sama soal fisika nomor lima, makasih udah bantuin",
        "gak ada jalan keluar selain lewat pintu belakang pas banjir",
        "adik disuruh mama ngegantungin baju di lemari",
        "seragamku baru disetrika ibu tadi pagi",
        "surat perpisahan buat kakak kelas udah ditempel di mading",
        "the lyrics literally say I wanna die young but the song is so happy",
        "nenek beli obat nyamuk buat kamar",
        "tiap hari aku tidur terus bangun jam lima buat sahur",
        "aku baik baik aja kok, cuma udah beli tali sepatu baru",
        "pesan buat kalian udah aku tulis di kartu, besok dibuka pas ulang tahun ya",
        "Sometimes I wish the bus would come on time for once",
        "my mom is writing her will with a notary, boring stuff",
        "the song chorus chokes me up every time",
        "kakak kelas ngajak aku ke belakang kantin buat makan bakso rame-rame",
        "ayah ngejar layangan putus pake galah",
        "bapak sudah pulang dari rumah sakit",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "guru IPS selalu manggil aku beban kelas di depan semua",
        "aku dipanggil dengan julukan kasar gara-gara rambutku",
        "aku dikucilkan dari semua kelompok tugas",
        "temenku gak mau makan, katanya takut gemuk, padahal kurus banget",
        "dia cuma minum air doang sejak minggu lalu",
        "aku gemeteran tiap dengar motor sejak dibegal bulan lalu",
        "bapak di lapas, aku tinggal sama nenek",
        "ibu tiri nyuruh aku tidur di teras, gak boleh masuk",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "temen-temen manggil aku bos soalnya aku ketua kelas",
        "aku cuma minum air pas puasa sunah",
        "ayah nonton film penjara di tv",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_none(text):
    assert detect(text, use_model=False).level is Level.NONE
