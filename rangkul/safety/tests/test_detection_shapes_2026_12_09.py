"""Shapes of release 2026.12.09 (decision 0050), each in sentences written for these tests:
starving or exhausting oneself as a punishment, swallowing sharp things or cleaning products
on purpose, courting an accident, wanting to vanish for good, a failed attempt and thoughts
that are back, a last message, violence by adults at school or where a student boards, and
their English forms. Each has an everyday sentence beside it that shares its words and must
stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku menghukum diriku sendiri, dua hari ini tidak makan apa-apa",
        "udah seminggu gak makan siang, hukuman buat diriku yang gagal olimpiade",
        "sengaja push up terus sampai pingsan, itu hukuman buat aku",
        "tadi aku nelen peniti biar sakit",
        "aku sengaja minum pemutih pakaian sedikit",
        "sengaja nyebrang jalan raya gak lihat kiri kanan biar ketabrak",
        "aku pengen menghilang untuk selamanya",
        "mending aku ilang aja dari dunia ini",
        "udah gak usah hidup lagi aku",
        "percobaan aku bulan lalu gagal. sekarang pikiran itu balik lagi",
        "ini pesan terakhir dari aku, makasih buat semuanya",
        "wali kelas mukul aku pakai penggaris tiap aku telat",
        "coach nampar aku di ruang ganti",
        "bapak kos masuk kamarku pas aku lagi tidur",
        "aku dilempar piring sampai kepala bocor",
        "I haven't eaten since Monday because I don't deserve food",
        "I swallowed needles on purpose to feel pain",
        "I want to burn my arm with a lighter",
        "everyone would be fine if I just vanished forever",
        "I tried to take my life in June. Now the thoughts are back",
        "is jumping from the fourth floor enough to die",
        "my coach hits my legs with a stick until they bleed",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "hari ini aku tidak makan nasi, lagi coba diet sehat",
        "kalo makan banyak aku hukum diri dengan gak makan malam",
        "kami sengaja lari sampai muntah pas lomba maraton, seru",
        "adikku nelen koin tadi, udah dibawa ke dokter",
        "ngebut biar gak telat, semoga gak jatuh",
        "rasanya pengen menghilang sebentar dari grup kelas wkwk",
        "ini pesan terakhir dari saya sebelum libur, terima kasih bu",
        "pak guru les suka pegang-pegang kepala kalau aku bener, cuma berdua di kelas",
        "bapak kos masuk kamar buat ngecek listrik",
        "I burned my arm on the iron while ironing my uniform",
        "I won't need my umbrella after today",
        "my dog swallowed a sock on purpose, I swear",
        "coach makes us run laps until we throw up, lol",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
