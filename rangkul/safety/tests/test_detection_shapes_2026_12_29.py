"""Shapes of the candidate 2026.12.29 (decision 0076), each in sentences written for these
tests: if I died one problem would be gone (a burden statement), death as the only way out,
gathering courage to end one's life, cutting one's arm with a glass shard, a stepmother who
kicks the writer's back (Sundanese), nude photos and a threat to spread them (Sundanese), a
date decided on, a past attempt and the thoughts back now, fingers burnt night after night;
and, at concern, no one asking to talk for months, no friends and only one's room, forgetting
when anyone last asked how one is, everything tasting of nothing, a boyfriend who forbids going
out, zero friends. Each has an everyday sentence beside it that must stay below the level it
would be given: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "kalau aku mati, paling gak satu masalah di rumah ini hilang",
        "jalan keluar aku cuma satu: mati",
        "udah seminggu aku ngumpulin keberanian buat bunuh diri",
        "aku ngiris lengen nganggo beling mau bengi",
        "bapa tere sok nyépak beuteung kuring unggal peuting",
        "manéhna boga poto kuring teu maké baju, ngancam rék nyebarkeun",
        "I have decided on the date. Nobody will stop me.",
        "once I tried, nobody knew. now it's back again",
        "I keep burning my wrist with a lighter every night",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kalau aku ikut les, satu masalah matematika hilang",
        "solusi aku cuma satu: belajar lebih awal",
        "aku ngumpulin keberanian buat nembak dia besok",
        "aku ngiris bawang nganggo lading",
        "kuring najong bal ka gawang",
        "poto kelas urang teu maké baju olahraga, ngan seragam",
        "We have decided on the date for the class trip.",
        "I tried the new noodle place, it's back to normal prices",
        "I burned my finger on the pan while cooking",
        "Papa ngelempar kunci motor ke aku, aku tangkep pake satu tangan",
        "Om nyemprot kakiku pake selang pas nyuci motor",
        "latihan tinju hari ini aku dipukul di pelindung kepala doang",
        "perang bantal di kemah, kepala gue digebukin bantal",
        "aku takut ngiris jari pas motong bawang",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "sudah 3 bulan tidak ada yang ngajak ngobrol di kelas",
        "aku nda ada teman, dari Juli cuma di kamar",
        "aku sudah lupa kapan terakhir ada yang nanya kabar aku",
        "semua rasanya hambar, sudah sebulan begini",
        "pacar aku melarang aku ketemu teman-teman",
        "honestly I have zero friends here",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "sudah 3 bulan aku ikut ekskul, seru banget",
        "aku lagi di kamar nonton drama",
        "aku lupa kapan terakhir makan bakso",
        "sayurnya rasanya hambar, kurang garam",
        "mama melarang aku main sampai malam",
        "I have no homework today",
    ],
)
def test_everyday_sentences_beside_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE
