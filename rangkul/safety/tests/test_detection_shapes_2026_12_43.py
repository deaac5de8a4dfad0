"""Shapes of the candidate 2026.12.43 (decision 0091), each in sentences written for these
tests. The reader of partly vowel-dropped words ("lngan", "bkas", "nyilt"), which reads a
word as the one word of the rules it shortens and leaves a shortening of two words alone;
the Palembang and Sasak words for father and mother; Javanese and Palembang causatives
("dikucilke"); a final "nk" for ng. Urgent: a river with a strong current tonight; a way
to die looked up on the internet; debts paid back before "tomorrow I am no longer here";
a lap to sit on and a secret to keep; pinching until the skin goes blue; slapping; in
Javanese one's own hand hit with a stone until it bleeds; in Sundanese wounds wanted on
one's own body, a grip let go at the top of a tree over a ravine, and groping. Concern:
crying every night, a boyfriend who wants a screen recording of the phone, a girl married
off while still at school, plates thrown in a quarrel, vomiting after every meal, drawing
away from everyone; a childhood hurt told with the one who did it now dead, moved or far
away, or only its memory coming back. Each has an everyday sentence beside it that must
stay below the level: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import normalised_words, rules_level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bkas luka di lngan aku", ["bekas", "luka", "di", "lengan", "aku"]),
        ("aku nyilt lagi", ["aku", "nyilet", "lagi"]),
        # "silt" shortens "silet" and "silat"; "ditnjk" shortens "ditonjok" and "ditunjuk".
        ("bkas silt", ["bekas", "silt"]),
        ("gw ditnjk jd ketua", ["gue", "ditnjk", "jadi", "ketua"]),
        # A vowel that stood beside another vowel is not one students drop.
        ("udah bagiin semua", ["sudah", "bagin", "semua"]),
        ("ebak sama umak", ["ayah", "sama", "ibu"]),
        ("amaq bantink pirink", ["ayah", "banting", "piring"]),
    ],
)
def test_partly_vowel_dropped_and_regional_words_are_read(text, expected):
    assert normalised_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "aku mau terjun ke kali malam ini pas arusnya deres",
        "pengen nyemplung ke sungai nanti malam, arusnya lagi kenceng banget",
        "aku cari di internet cara mati yang cepat",
        "besok aku udah gak di sini lagi, utang udah aku lunasin semua",
        "utangku karo konco-konco wes tak balekno kabeh, mene aku wes gak ndek kene",
        "tetangga nyuruh aku duduk di pangkuannya dan bilang ini rahasia kita",
        "nenek nyubit aku sampe biru tiap aku salah ngomong",
        "ebak mukuli aku pake dayung kalo kalah main",
        "sikilku tak antemi nganggo watu nganti metu getihe",
        "hayang pisan nyieun tatu dina leungeun",
        "uing hayang ngaleupaskeun cekelan tina tangkal di sisi gawir",
        "tatangga sok nyabak-nyabak uing mun imah sepi",
        "dl gw srg nyilt tngn, skrg nyilt lg tiap mlm",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "utangku wes tak balekno kabeh, mene aku wes gak ndek kene soale pindah kos",
        "utang udah lunas semua, besok aku udah gak di sini lagi karena mudik ke Padang",
        "pengen nyebur ke kolam malam ini, airnya lagi anget",
        "kata bapak arus sungai lagi deras, jadi malam ini jangan nyebur ke sungai",
        "aku cari di internet cara masak rendang",
        "adikku duduk di pangkuanku sambil nonton, dia bilang rahasia kalau dia takut hantu",
        "nenek nyuruh aku duduk di pangkuannya waktu foto keluarga",
        "pakuku tak gepuk nganggo watu nganti bengkok",
        "hayang nyieun tatu palsu dina awak keur drama",
        "uing naek ka tangkal di sisi gawir keur metik jambu, teu wani ngaleupaskeun cekelan",
        "dicubit temen sampe biru gara gara kalah taruhan bola wkwk",
        "ayah tiri ngayunin cambuk cidomo tiap pagi biar kudanya jalan",
        "mama pergi selamanya tahun lalu, aku masih kangen",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "tiap malam aku nangis",
        "ben bengi aku nangis",
        "pacar aku minta aku kirim screen recording isi hp tiap malam",
        "ibu mau nikahin aku sama orang kaya padahal aku masih kelas 10",
        "ayah sama ibu ribut terus, kemarin ayah banting piring di depan aku",
        "koncoku mari mangan mesti mlayu menyang jeding, muntah",
        "kabogoh uing teu ngidinan uing ikut ekskul",
        "aku dikucilke sklas",
        "aku ngrasa dak berguno",
        "sy menjauh dari semua orang sejak sakit",
        # A childhood hurt that is over: the one who did it is dead, moved or far away, or
        # only the memory comes back.
        "keur leutik uing kungsi dicabak-cabak ku tatangga, ayeuna manehna geus pindah",
        "dulu pas kecil aku sering dicubit sampe biru sama nenek, sekarang nenek sudah meninggal",
        "waktu sd gue sering ditabokin guru ngaji, orangnya udah pindah, tapi masih kebayang",
        "jaman cilik aku tau dilecehke tanggane, saiki wis aman",
        "tahun kmarn aku prnah nyilt tangan pas kalah lomba, tp kini dak prnah lagi",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "pacar aku minta aku kirim foto makan siang tiap hari biar sehat",
        "aku mau nikahin kucingku sama kucing tetangga",
        "kami ribut rebutan remote, adik sampai banting bantal",
        "habis makan sambal langsung mules",
        "ben bengi aku sinau",
        "gk makan seharian krn puasa syawal, aman kok",
        "tatangga nyabak bahu uing bari ngajak ngobrol",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE
