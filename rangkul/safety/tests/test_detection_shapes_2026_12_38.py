"""Shapes of the candidate 2026.12.38 (decision 0086), each in sentences written for these
tests: lying down in the road for a truck; "so that it is all over, I die"; glad if an
illness kills the writer; "when my body is found they will be sorry"; a pet left with a
neighbour before "tomorrow I am gone"; on top of a tower and not coming down; a wall or a
tree punched until a finger breaks; chili water poured into the eyes by a parent; a man
who tells a child to sleep beside him and calls it "our secret"; a girl forced to work in
a karaoke where guests touch her; "I cut again". Each has an everyday sentence beside it
that must stay below urgent: the rules alone decide here.

Kupang Malay in vowel-dropped spelling ("snd" for sonde, not; "myt", "dtmkn", "rhsa",
"slmnya") is in the slang table."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "nanti malam aku mau rebahan di tengah jalan raya pas truk pasir lewat",
        "biar semuanya selesai mending aku mati aja",
        "kalau sakit ini bikin aku meninggal, aku malah lega",
        "kalau nanti mayatku ditemukan di sungai, baru mereka menyesal",
        "kucingku sudah kutitip ke tetangga. besok aku sudah tidak ada lagi",
        "aku di atas menara air sekarang, aku tidak mau turun",
        "gue nonjok tembok sampai jari gue patah",
        "aku ninju pohon mangga terus tangan pecah",
        "ibu tiri menyiram mataku pakai air cabai",
        "om nyuruh aku tidur di sebelahnya, katanya rahasia kita",
        "temanku dipaksa kerja di karaoke dan sering dipegang pegang tamu",
        "my cousin said she will drive her car into the sea tonight",
        "my stepmom forced my sister to work in a massage parlor where men touch her",
        "i cut again last night",
        # The same shapes in vowel-dropped Kupang Malay.
        "bt mw tdr slmnya",
        "kl bt pung myt dtmkn bru dong mnysl",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kucing tetangga tiduran di tengah jalan pas truk lewat",
        "mobil tetangga parkir di tengah jalan pas truk sampah lewat",
        "biar semua selesai tepat waktu, kita bagi tugas",
        "film itu bikin aku mati ketawa, malah seneng",
        "polisi bilang mayat ditemukan di kebun, warga kaget",
        "kucingku titip ke tetangga, besok aku mudik",
        "kucingku naik ke atas tiang listrik dan tidak mau turun",
        "aku ninju samsak sampai tangan pegal",
        "ibu menyiram tanaman cabai di depan rumah",
        "om nyuruh aku tidur cepat biar besok tidak telat",
        "kakak kerja di karaoke jadi kasir, gajinya lumayan",
        "we will ride our bikes into the city tomorrow",
        "my mom made me work at the family shop on weekends",
        "i cut my hair again",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "tiap ada upacara dan rame, napasku sesak",
        "mereka kasih aku julukan kutu buku terus ketawa tiap aku masuk kelas",
        "cowokku nyita hp aku tiap malam, baru dibalikin pagi",
        "aku nimbang badan lima kali sehari, takut naik",
        "unggal isuk kuring ceurik, teu hayang sakola",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "rame banget konsernya, seru",
        "pacarku ambil foto tiap hari di pantai",
        "aku nimbang badan sekali seminggu di posyandu",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE


def test_kupang_words_are_read():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("snd") == ("tidak",)
    assert normaliser.normalise_word("myt") == ("mayat",)
    assert normaliser.normalise_word("slmnya") == ("selamanya",)
