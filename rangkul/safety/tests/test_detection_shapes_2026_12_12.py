"""Shapes of the candidate 2026.12.12 (decision 0055), each in sentences written for these
tests: feeling undeserving of life, settling debts and deleting accounts before going, an
apology to everyone for no reason, not wanting to wake up tomorrow, pills swallowed now or
counted "so I don't survive", rope made ready at a tree, touching that started again,
beatings every day told with the hitter last, asking someone to look after a pet "when I'm
gone"; with their Sundanese, Javanese, English and mixed forms, and the concern shapes of a
daily slur, a threat of outing and a partner who forbids activities. Each has an everyday
sentence beside it that shares its words and must stay below urgent (or at none, for the
concern shapes), and the figurative texts of the same kinds (martial-arts throws, a will
written in a lesson, farewell cards for a retiring teacher, cutting cardboard for a model,
a burn on a stove, a break from a group chat or from social media) stay below urgent. The
rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "aku ngerasa gak pantas hidup lagi setelah semua yang terjadi",
        "saya merasa tidak layak hidup, semua orang kecewa sama saya",
        "gue udah gak mau ada di dunia ini lagi",
        "aku udah bayar utang ke semua temen, biar pas aku pergi nanti gak ada yang nagih mama",
        "akun ig sama tiktok udah aku hapus, utang ke temen-temen juga udah lunas",
        "gue minta maaf ke semua orang ya, gak ada alasan apa-apa",
        "aku gak mau bangun lagi besok pagi",
        "barusan aku nelan sebotol obat tidur",
        "malam ini aku mau minum semua obat di lemari",
        "obat flu itu harus diminum berapa biar gak selamat",
        "aku udah nyiapin tali di pohon belakang sekolah",
        "om itu mulai pegang-pegang aku lagi tiap aku ke rumah nenek",
        "tiap malam dipukulin sama ayah tiriku, punggungku biru",
        "tolong jagain kucingku ya kalau aku udah gak ada",
        "please look after my cat when I'm gone",
        "I took all my sleeping pills an hour ago",
        "I'm not going to be around after tonight",
        "I just wish I was dead",
        "I don't see the point of living anymore",
        "my boyfriend shoved me down the stairs yesterday",
        "he said he'll do it again if I tell anyone",
        "everyone would be relieved kalau aku gone",
        "tambang tos disiapkeun di tangkal tukangeun imah",
        "rerencangan abdi ngerat leungeunna ku silet",
        "aku rumangsa ora pantes urip",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "koruptor itu gak pantas hidup enak di penjara, kata guru PKn",
        "aku udah bayar utang ke kantin sebelum pergi ke Bandung buat lomba",
        "utang kas kelas udah lunas, sekarang tinggal bayar buku",
        "aku minta maaf ke semua temen sekelas karena telat bawa tugas kelompok",
        "besok libur, aku gak mau bangun pagi, mau tidur sampai siang",
        "tadi aku minum obat flu sesuai dosis dari dokter",
        "aku udah minum banyak obat tapi batuknya belum sembuh",
        "aku udah nyiapin tali rafia di pohon buat lomba 17-an",
        "nenek suka pegang-pegang kepalaku kalau aku pamit sekolah",
        "tiap hari aku dijemput sama ayah",
        "titip kucingku ya kalau aku gak ada, aku mau mudik seminggu",
        "can you look after my cat when I'm gone for the school trip",
        "I took my allergy pills this morning",
        "I'm not going to be around after school today, I have practice",
        "I wish I was taller",
        "nobody needs to worry about the exam, it is easy",
        "mama pasti lega kalau aku lulus ujian",
        "tambang tos disiapkeun kanggo lomba tarik tambang",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "latihan silat tadi aku dibanting pelatih sampai pinggang pegal",
        "tadi sparring taekwondo gue ditendang lawan, lumayan sakit",
        "di pelajaran PKn kami latihan menulis surat wasiat",
        "kami nulis pesan perpisahan buat Pak Budi yang mau pensiun",
        "pada hari terakhir sekolah kami menulis pesan perpisahan di seragam",
        "aku lagi nyayat kardus pakai cutter buat maket",
        "gue motong styrofoam buat prakarya",
        "I burned my hand on the camping stove, it stings",
        "aku mau ngilang dulu dari grup kelas, berisik banget",
        "i deleted my socmed accounts, it's time buat aku detox sebelum UTBK",
        "ketawa sampe mau mati liat video kucing itu",
    ],
)
def test_figurative_texts_of_the_same_kinds_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "mereka manggil aku bencong tiap hari di kelas karena aku suka nari",
        "someone threatened to out me to my parents kalau aku gak nurut",
        "pacarku ngelarang aku ikut ekskul paduan suara, katanya aku cuma boleh sama dia",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "pacarku ngelarang aku begadang soalnya besok ujian",
        "mereka manggil aku ketua tiap hari, padahal aku cuma wakil",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_none(text):
    assert detect(text, use_model=False).level is Level.NONE


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("pntas", ("pantas",)),
        ("bsok", ("besok",)),
        ("ktwa", ("ketawa",)),
        ("slmt", ("selamat",)),
        ("pgng", ("pegang",)),
    ],
)
def test_vowel_dropped_spellings_are_read_as_words(written, read_as):
    assert default_ruleset().normaliser.normalise_word(written) == read_as


def test_the_globe_reads_as_the_world():
    assert detect("aku udah gak mau ada di 🌍 ini", use_model=False).level is Level.URGENT
