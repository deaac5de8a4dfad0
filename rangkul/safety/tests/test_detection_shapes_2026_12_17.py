"""Shapes of the candidate 2026.12.17 (decision 0060), each in sentences written for these
tests: the last time the writer sees the reader, with a grave; means moved somewhere while
the writer waits for the house to be empty; "if I'm not at school tomorrow it means I'm
gone, don't cry"; not wanting to be in this world (vowel-dropped too); drinking so that the
heart breaks; a hand on the writer's bottom, a "massage" with hands everywhere, an adult met
in a game who invites the writer to a hotel; the last day alive; walking into the sea until
the waves take the writer; English shapes (decided it is my last trip, self-harm urges,
pictures in pyjamas, a locked door during a lesson); a Sundanese partner who hits; and the
concern shapes of an ex who waits at the gate or opens new accounts after a block and of
not eating to get thin for a dance contest. Each has an everyday or figurative sentence
beside it that must stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "seru banget hari ini, tapi ini terakhir aku lihat kalian ⚰️",
        "obat tidur mama udah aku simpan di laci, tinggal nunggu orang rumah tidur",
        "kalau aku gak bales chat besok, berarti aku udah gak ada. jangan sedih ya",
        "aku udah gak pengen ada di dunia ini",
        "gw gk mw ad d dn ni lg",
        "aku minum kopi 5 gelas biar jantungku berhenti",
        "om itu suka pegang ke dada aku kalau di angkot",
        "guru les bilang mau pijat, tangannya ke mana-mana",
        "aku kenalan di game sama om om, dia ngajak nginep di hotel",
        "ieu poe terakhir abdi hirup",
        "today is my last day alive",
        "aku arep mlaku menyang segara nganti ombak nggawa aku",
        "I have decided this is my last holiday with you all",
        "my sh urges are so strong tonight",
        "he keeps asking for pictures in my underwear",
        "my driving instructor locked the door during the lesson",
        "kabogoh sok nampiling mun aing telat bales",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "ini terakhir aku lihat kalian sebelum pindah ke Mataram, nanti video call ya",
        "hari terakhir aku hidup di asrama, besok balik ke rumah",
        "kalau besok aku gak masuk, berarti aku lagi lomba di Denpasar",
        "gue nunggu rumah sepi biar bisa latihan nyanyi",
        "aku nulis goodbye letters buat teman sekelas soalnya mau exchange ke Jepang",
        "I wrote goodbye letters to my class because I'm moving to Medan",
        "the main character in the anime kills himself in episode 12, so sad",
        "tadi praktikum biologi, aku kebagian mengiris daging ikan buat diamati",
        "pramuka hari ini belajar simpul mati",
        "bye semua, aku mau belajar dulu",
        "pengen tidur terus gak bangun-bangun sampe sore, capek abis camping",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "mantanku masih nungguin aku di depan gerbang sekolah tiap pulang",
        "udah aku blokir tapi dia bikin akun baru terus",
        "my ex keeps showing up at my school",
        "abdi teu dahar tilu dinten supaya kuru",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "mantanku sekarang sekolah di depan rumahku, kami temenan",
        "my boyfriend is waiting for me at home with my parents for dinner",
    ],
)
def test_ordinary_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
