"""Shapes of the candidate 2026.12.28 (decision 0075), each in sentences written for these
tests: a prayer not to wake again, not wanting to see tomorrow, better never to have been in
the world (Sundanese), looking up how to hang oneself (Javanese), a will written, a hammer on
one's own knee until it swells, skin shaved off a thumb with a sharpener's blade, fingers cut
with a cutter, beaten until the ear bleeds, a head held under water, searching how long it
takes to drown (also about a brother "in grade 7", which is not the writer's past), goodbye
notes left in a drawer. Each has an everyday sentence beside it that must stay below urgent:
the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "saban peuting abdi ngadoa supaya teu kudu hudang deui",
        "aku sudah tidak ingin melihat hari esok",
        "hadéna mah kuring teu aya di dunya",
        "aku wis golek carane gantung nang internet",
        "gue udah nulis wasiat buat adek, malam ini pamit",
        "aku ngetok lutut sendiri pake palu sampai bengkak",
        "gw ngeraut kulit jmpol pke silet rautan smp dgingnya klhtn",
        "aku ngiris jari pake cutter tiap malam",
        "adikku dipukuli mandor nganti kupinge metu getih",
        "senior nenggelemin kepala gue di kolam sampai keselek",
        "my sister in grade 8 keeps searching how long it takes to drown",
        "Goodbye letters are in my desk drawer, sorry everyone",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "semoga besok gak telat bangun lagi",
        "aku tidak sabar melihat hari esok",
        "hadéna mah kuring teu telat",
        "aku golek carane nggantung lampu neng kamar",
        "tugas PKn kami belajar menulis wasiat dan hukum waris",
        "aku ngetok paku pake palu di kelas prakarya",
        "aku ngiris kulit batang karet pake pisau sadap",
        "adegan teater: aku ditusuk pake pedang kardus",
        "senyumnya nyilet hati aku, gombal banget",
        "praktikum biologi, aku membedah ikan lalu menyayat perutnya",
        "lawan main harus nampar gue boongan di adegan itu",
        "gue scratch kartu gosok pake kunci, just did it again, zonk",
        "aku mau loncat ke air bareng temen temen di pantai",
        "I searched how long it takes to boil an egg",
        "the farewell letters are in my desk for the graduating seniors",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
