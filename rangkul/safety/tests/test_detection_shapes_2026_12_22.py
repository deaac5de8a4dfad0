"""Shapes of the candidate 2026.12.22 (decision 0068), each in sentences written for these
tests: no point in living any more; not able to live like this any more; "it should have
been me who died"; how long a person can hold their breath until they die; following a
grandparent "over there" because nobody would cry; a friend's parent who keeps hitting; a
hot iron or lighter pressed to the skin; English (nobody would notice if I died, stones
thrown, tied to a post); Javanese (a senior who grabs the chest, beaten with a belt). Each
has an everyday or figurative sentence beside it that must stay below urgent: a sugar
"overdose", slicing vegetables, hitting a pillow or a drum, a phone that was kicked, a
mosquito coil, a villain's death in a story. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "udah gak ada gunanya lagi aku hidup",
        "aku tidak kuat hidup seperti ini lagi",
        "harusnya aku yang mati waktu kecelakaan itu, bukan adikku",
        "berapa lama manusia bisa menahan napas di dalam air sampai mati?",
        "aku mau ikut nenek ke sana aja, di rumah ini tidak ada yang peduli",
        "temanku cerita ibunya sering nampar dia tiap nilai jelek",
        "aku menempelkan besi panas ke lengan tadi malam",
        "nobody would even care if I vanished tomorrow",
        "the older boys throw rocks at me after school",
        "they tied me to a tree at the scout camp and left",
        "mas senior ngremet dodoku pas latihan",
        "aku digebugi nganggo sabuk karo bapak",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "overdosis kopi pas begadang ngerjain makalah",
        "aku nyilet wortel sama kentang buat sop",
        "adik mukulin bantal karena kalah main game",
        "ayahnya selalu mukul bedug tiap subuh di masjid",
        "laptop kakak ditendang adik sampai layarnya retak",
        "beli obat nyamuk biar nyamuk di kamar mati semua",
        "in my story the villain hangs himself in the last chapter",
        "berapa lama kamu bisa menahan napas di kolam renang?",
        "aku mau ikut kakek ke sana, ke sawah",
        "harusnya aku yang pergi ke pasar tadi, bukan ibu",
        "pelatih nyekel tanganku pas latihan nari",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
