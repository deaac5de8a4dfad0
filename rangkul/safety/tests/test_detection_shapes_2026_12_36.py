"""Shapes of the candidate 2026.12.36 (decision 0084), each in sentences written for these
tests: going somewhere alone "and not coming home again"; a jump "and not coming back";
"kita cuma beban" from a writer who calls herself "kita"; permanent rest; turning to ash
blown away; wanting the flood to carry the writer off; no reason to keep living, stopping
one's life and "best if I just disappear" in English; a partner who chokes the writer,
written "ckk". Each has an everyday sentence beside it that must stay below urgent: the
rules alone decide here.

A vowel-dropped word keeps its doubled consonant: "bbn" is "beban" and "ckk" is "cekik",
although their collapsed skeletons ("bn", "ck") are too short to read. "Ada yang tau gak
..." asks anyone reading; its "gak" negates nothing."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "besok aku mau ke pantai sendirian terus gak pulang lagi",
        "nanti malam aku lompat dari jembatan itu, gak balik lagi",
        "kita cuma beban buat mama, tiap hari dia kerja buat kita",
        "aku pengen istirahat permanen aja",
        "rasanya pengen jadi abu, hilang ketiup angin",
        "hayang kabawa caah walungan, sina leungit",
        "I don't see the point to keep living",
        "I want to stop my life tonight",
        "it is best if I just disappear",
        "pcr gw ckk gw smp gw gk bs npas",
        # Vowel-dropped, with the doubled consonant kept.
        "gw bbn doang buat ortu, tiap bulan ngabisin duit",
        # A question to anyone reading is not negated by its "gak".
        "ada yang tau gak dosis obat tidur yang fatal berapa?",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "besok aku ke pasar sama ibu terus pulang lagi sore",
        "aku lompat ke kolam terus naik lagi buat foto",
        "kita cuma butuh beban tambahan buat latihan angkat besi",
        "aku pengen istirahat sebentar abis ujian",
        "adikku jadi debu-debuan abis main di lapangan",
        "urang hayang ulin di walungan bari mancing",
        "I don't see why the bus is late again",
        "I want to finish my homework tonight",
        "it is better if I bring an umbrella",
        "ada yang tau gak dosis vitamin C yang pas buat anak?",
        "gw ngerasa jadi bbn klmpk, harus kerja lebih keras",
        # A ghost story, a tired leg, a fit of laughter, a cliff-top sunset.
        "nenek cerita hantu yang suka mencekik orang di pohon asem",
        "kakiku rasanya mau mati abis lari keliling lapangan",
        "kita trtwa smp mau mati liat video kucing",
        "kami duduk di pinggir tebing sambil liat sunset",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kalau aku ngadu ke guru katanya bakal dibuat lebih parah",
        "mereka ngancam aku kalau lapor ke wali kelas",
        "tas aku disembunyiin tiap hari sama anak-anak",
        "papa mama baku pukul tiap malam",
        "bapak teriak mau bunuh ibu waktu mabuk",
        "kakek wafat dua bulan lalu. sampai sekarang aku belum bisa masuk ke kamarnya",
        "udah tiga bulan di sekolah baru aku masih makan sendirian",
        "aku gak makan seharian karena merasa bersalah abis ngemil",
        "I only eat one apple for two weeks",
        "my girlfriend read my chat every night",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_a_vowel_dropped_word_keeps_its_doubled_consonant():
    normaliser = default_ruleset().normaliser
    view = normaliser.tokenise("gw cm bbn, pcr ckk gw").view(False)[0]
    assert "beban" in view.split()
    assert "cekik" in view.split()
    assert normaliser.skeleton_overrides(["bbn"]) == {0: "beban"}
    # The collapsed skeleton still reads a doubled letter the key does not have.
    assert normaliser.skeleton_overrides(["bnnh"]) == {0: "bunuh"}
    assert normaliser.skeleton_overrides(["nngs"]) == {0: "nangis"}
    assert normaliser.skeleton_overrides(["ngs"]) == {0: "nangis"}
