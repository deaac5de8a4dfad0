"""Shapes of the candidate 2026.12.27 (decision 0074), each in sentences written for these
tests: alay that writes g as 6 and words of one letter among leet digits, a wish to die so a
parent is spared, a birthday made the last day, fasting until death, standing on a car
park's railing looking down, a rubber band snapped on the wrist until it bleeds, a kick until
the writer cannot get up, a night visitor who forces the door, someone who comes into the
tent and touches, "it's normal and I shouldn't tell", a burning stick pressed into the palm.
Past abuse by someone who has since been thrown out stays concern. Each has an everyday
sentence beside it that must stay below urgent: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    ("word", "reads"),
    [
        ("6k", ("tidak",)),  # g written as 6: "gak"
        ("b4n63t", ("banget",)),
        ("l461", ("lagi",)),  # one letter among three leet digits
        ("74l1", ("tali",)),
        ("53puluh", ("sepuluh",)),  # two leading digits, still leet
        ("40kg", ("40kg",)),  # a number with its unit is not leet
        ("17an", ("17an",)),
    ],
)
def test_alay_words_are_read_as_words(word, reads):
    assert default_ruleset().normaliser.normalise_word(word) == reads


@pytest.mark.parametrize(
    "text",
    [
        "q 6k p3n63n h1dUp l461",
        "aku kudu mati ben ibuk ora susah maneh",
        "ultah gue hari ini, mending sekalian jadi hari terakhir gue",
        "tiga hari ini aku tanpa makan, dan aku berniat terus begitu sampai aku mati",
        "gw brdr d pgr lntai 7 prkrn, liat ke bwh dr td",
        "aku jepret karet ke pergelangan sampai berdarah",
        "abdi ditajong ku bapa dugi ka teu tiasa hudang",
        "om kos gedor kamar aku tengah malam terus maksa masuk",
        "the coach came into our tent and touched me again",
        "he says it's normal and I shouldn't tell my mom",
        "I pressed a burning cigarette onto my wrist just now",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


def test_past_abuse_by_someone_since_thrown_out_stays_concern():
    text = "dulu om tiri suka masuk kamar aku malam malam. sekarang dia udah diusir papa"
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "aku bisa mati malu kalau fotoku kesebar",
        "barusan cutting lagi di capcut buat video kelas",
        "perang bantal, aku digebukin pake guling sama adik",
        "adik nginjek punggungku biar kayak dipijet",
        "ngerjain makalah smp mau mati rasanya",
        "I got hit with a ball at volleyball practice",
        "tadi berdiri di pagar jembatan lama banget nunggu ojol",
        "mama ngancem hapus akun game aku kalau main terus",
        "tali 74l1 pramuka q ketinggalan",
        "I pressed a hot iron onto my shirt",
        "he came into my room to borrow a charger",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
