"""Shapes of the candidate 2026.12.26 (decision 0073), each in sentences written for these
tests: rather dying than being married off, a jump into the sea on a date already decided,
no reason to stay alive, going to walk into the sea, a cut on the stomach; a senior who makes
the writer drink used oil, a partner who chokes until fainting, a Sundanese senior who beats
with a wrench. Concern shapes: a Javanese or Sundanese nickname every day, a friend
controlled by a partner, a sister taken by a flood and no sleep since. Each has an everyday
sentence beside it that must stay below urgent (or at none): the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku lebih milih mati daripada dijodohin sama om itu",
        "malam ini gue loncat ke sungai, udah yakin banget",
        "I honestly don't see any reason to stay alive",
        "tomorrow I'm going to walk into the ocean",
        "I cut my belly again in the toilet",
        "senior nyuruh gue minum bensin katanya buat ospek",
        "cowoknya nyekik dia sampai pingsan semalam",
        "senior neunggeul abdi ku palu di bengkel",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "adhiku saben dina dipoyoki kanca sekelase",
        "abdi diejek gendut setiap poé di kelas",
        "sahabatku dikontrol banget sama pacarnya",
        "My brother was swept away by the flood last year and I still can't sleep",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "mending milih mie ayam daripada bakso",
        "besok kami loncat ke sungai buat lomba renang, udah yakin menang",
        "I don't see a reason to stay for the second film",
        "we walk into the sea every morning to check the nets",
        "I cut my hair short for the competition",
        "kakak nyuruh aku minum susu tiap pagi",
        "dasinya nyekik leherku pas upacara",
        "aku beli obat darah tinggi buat nenek di apotek",
        "aku pengen ngilang aja dari foto kelas itu, mataku merem",
        "I wanted to vanish from the group photo, my hair was a mess",
        "pelatih nendang pelindung dadaku pas latihan",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku disebut juara kelas setiap hari sama guru",
        "lampu kamar dikontrol lewat aplikasi",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
