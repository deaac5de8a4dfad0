"""Shapes of the candidate 2026.12.25 (decision 0072), each in sentences written for these
tests: no use in living any more (vowel-dropped), a past try with pills and the thoughts back
every night, a farewell hashtag with "no one will miss me", a past attempt and "it's back
every night" in mixed English, letters left for the family and then "it's time", walking
into the sea, ending it on a named day, a cousin's "take care of my cat", a roof and looking
down, an adult who hits the writer's head every time, a fresh injury after "lebih dulu";
Javanese (if I were gone Grandma would not struggle) and Sundanese (walking into the sea,
ending everything tonight, pinching until bruised). Concern shapes: a partner who checks the
phone or installs a tracker, a nickname every day, stickers of a face, grief that stops
eating, a custody fight, two months without drive. Each has an everyday sentence beside it
that must stay below urgent (or at none): the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "gw ngrs gk ad gna idp lg",
        "aku pernah nyoba obat setahun lalu, sekarang tiap malam kepikiran lagi",
        "#udahan #byeworld gak ada yg bakal nyariin gue",
        "dulu pernah attempt, sempet ilang. now it's back every night",
        "gue udah nulis surat buat ayah sama kakak, ada di laci. udah waktunya",
        "gue mau jalan ke tengah laut malam ini",
        "I'm going to end it this weekend, nobody will care",
        "my friend texted me take care of my dog and now her phone is off",
        "I'm on the ledge of the parking building and I keep looking down",
        "my coach slaps my face every time I miss a shot",
        "bapak menendang saya karena saya pulang lebih dulu, semalam lutut saya sampai berdarah",
        "nek aku ilang, ibu mesthi ora rekasa maneh",
        "babaturan abdi rek leumpang ka tengah laut, ceunah tos teu kuat",
        "urang bade ngeureunkeun hirup peuting ieu",
        "bapa tiri nyubit abdi nepi ka biru",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarku selalu buka HP aku tiap ketemu",
        "pacar gue pasang pelacak di hp gue",
        "aku dipanggil 'si tiang' tiap hari gara gara tinggi",
        "mereka bikin stiker dari foto aku lagi tidur",
        "since my grandma passed I barely eat anything",
        "my parents' custody fight is getting worse",
        "udah 3 minggu gue gak semangat",
        "my girlfriend made me quit the choir",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "sambel geprek di kantin pedesnya bikin mau mati",
        "seblak level 5 bikin pengen mati rasanya haha",
        "dia main catur pakai langkah bunuh diri biar cepat selesai",
        "overdosis konten drakor minggu ini",
        "I overdosed on anime memes this weekend",
        "di kelas tata rias kami latihan pakai silet alis",
        "relapse lagi beli boba padahal lagi diet",
        "aku nyiapin racun tikus soalnya tikus di gudang makin banyak",
        "gue mau jalan ke tengah laut naik perahu nelayan",
        "aku sudah nulis surat buat ibu guru, its time to go to class",
        "I'm on the roof taking photos of the sunset, I keep looking down at the city",
        "my little sister slaps my arm when she loses at uno",
        "I'm going to end it with my boyfriend on Friday",
        "ibu menyuruh saya makan lebih dulu, semalam tangan saya luka kena pisau dapur",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarku pinjam HP aku buat main game",
        "aku bikin stiker dari foto kucingku",
        "my parents fight about who takes me to school",
        "udah 2 bulan gue semangat banget latihan futsal",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
