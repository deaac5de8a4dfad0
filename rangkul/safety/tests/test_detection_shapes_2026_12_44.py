"""Shapes of the candidate 2026.12.44 (decision 0092), each in sentences written for these
tests. A shortened stem that keeps its suffix in full ("beklnya"); "kmk" (kamek, I); the
Manado and North Maluku "kita" for I when "tara" or "kase" shows the register; a
negation after "tiap", "saben" or "mun" (every time, if) that sets a condition and negates
nothing; "rong taun kepungkur" (two years ago) as a past; and a past marker opening a
sentence of up to six words. Urgent: a cord tied to a door frame while waiting for the
house to empty; a rope hidden with a day chosen for when the family is out; tablets
swallowed "as many as I could" and the wish to do it again coming back; drinking dye or
bleach in Javanese; a mother's boyfriend who offers a massage when the house is empty and
pays for silence; a man who "likes to touch"; a bottle thrown at the child; a boyfriend
who pushes and treads on her; cutting again after a relapse; an ear pulled until it
bleeds; a hand pressed to a hot stove; a Sundanese farewell. Concern: grief that has
stopped school, a child left alone while both parents work away, nobody who speaks to
the writer for months, food thrown or given away while the body grows thin, a heart dark
for weeks, panic attacks in vowel-dropped spelling, and past hurts or attempts that are
over. Each has an everyday sentence beside it that must stay below the level: the rules
alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import normalised_words, rules_level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kmk bwa beklnya", ["aku", "bwa", "bekalnya"]),
        # A stem that is a whole word of its own is not a shortening ("sikil" is not
        # "sikile" with its final vowel dropped).
        ("sikilku lara", ["sikilku", "sakit"]),
    ],
)
def test_shortened_stems_with_a_suffix_and_kamek_are_read(text, expected):
    assert normalised_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tali rafia udah aku ikat di kusen kamar, tinggal nunggu semua orang tidur",
        "sarung udah kuiket ke balok atap, tinggal nungguin bapak ibu pergi kondangan",
        "tali udah aku umpetin di lemari, nanti pas orang rumah pada pergi ke pasar",
        "semalam saya menelan obat tidur segenggam",
        "dulu aku pernah minum obat sebanyak-banyaknya, dan sekarang keinginan untuk "
        "mengulanginya datang lagi",
        "wingi aku ngombe pemutih sak gelas",
        "pacar mamaku suka nawarin pijat kalau rumah sepi",
        "om ngasih aku uang jajan biar aku gak bilang ke mama soal yang di kamar",
        "satpam sekolah yang suka pegang pegang murid cewek",
        "bapak lempar aku pakai piring sampai pelipisku dijahit",
        "pacarku tendang aku sampai jatuh gara gara aku telat balas chat",
        "kita pe papa so tara pulang, kemarin dia lempar kita pakai batu",
        "kambuh lagi, barusan nyayat",
        "adikku dijewer bapak nganti getihen kupinge",
        "tiap gak bawa uang setoran, aku dipukul pakai sabuk sama paman",
        "my stepdad held my hand over the stove because i burned the rice",
        "tong nyarian urang deui, hampura nya",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "tali jemuran udah aku ikat di tiang, tinggal nunggu cucian kering",
        "tali tambang udah aku simpan di gudang buat lomba tarik tambang tujuh belasan",
        "kemarin aku minum obat flu satu tablet sesuai resep",
        "keinginan untuk liburan ke Bali muncul lagi",
        "ayah aku mau pijat kalau capek pulang kerja",
        "adik ngasih aku uang biar aku gak bilang dia mecahin gelas",
        "tukang parkir yang suka pegang peluit",
        "kita lempar batu ke sungai sore tadi",
        "asam lambung kambuh lagi, baru iris bawang malah nangis",
        "aku dijewer ibu gara gara lupa nyapu",
        "temanku racunin aku buat beli sepatu baru, racun banget",
        "kami motong leher ayam buat syukuran",
        "guru bercanda kami akan dihukum mati dengan PR dua halaman",
        "we read a novel about a girl who wants to end her life, and wrote a review",
        "di pentas aku jadi putri yang ngombe racun, penonton nangis",
        "novel anu urang baca carita ngeunaan budak nu rek bunuh diri",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "sejak kakek meninggal aku rasanya lumpuh, nggak mau sekolah",
        "mama so setahun tara pulang dari Jakarta, kita tinggal sendiri",
        "tidak ada yang mau nyapa aku sejak pindah kelas",
        "temanku tiap hari buang bekal ke tempat sampah",
        "kancaku jatah sego mesti diwenehke liyane, awake saya kuru",
        "hati aku gelap berminggu-minggu",
        "aku sring kena panc attck",
        # Over: the one who did it lives abroad, the writer lives with someone kind, the
        # thought has long stopped coming.
        "pas kecil ada paman yang suka pegang pegang, tapi dia udah tinggal di luar negeri",
        "dulu sebelum kakek meninggal, dia sering mukul aku, sekarang aku tinggal sama tante "
        "yang baik",
        "telung taun kepungkur aku ngombe baygon, saiki wis suwe ora kepikiran maneh",
        "tahun lalu saya pernah menelan obat segenggam. Sekarang saya rutin bercerita kepada "
        "ibu guru, dan pikiran untuk mencobanya lagi sudah lama tidak pernah muncul.",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "sejak nenek meninggal aku lebih rajin ke masjid",
        "mama kerja di kota, aku tinggal sama nenek",
        "tidak ada yang negur aku waktu telat, aman",
        "aku buang bekas bungkus bekal ke tempat sampah",
        "hati aku senang banget minggu ini",
        "kucing kita tara mau makan ikan",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE
