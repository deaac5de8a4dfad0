"""Shapes first written for candidate 2026.12.10 (decision 0051; not shipped, brought back in
candidate 2026.12.11, decision 0052), each in sentences written for these tests:
a wish to have died in a disaster, a friend's goodbye followed by silence, ending it all
tonight, a past attempt named by its means with the thoughts back, drinking for courage,
a count of tablets, an apology from a roof, self-harm dares, violence by employers and on
the way home, night summons and secrecy, demands for intimate pictures, and their English
and Javanese forms. Each has an everyday sentence beside it that shares its words and must
stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "kadang aku pengen ikut tertimbun longsor kayak kakekku",
        "mending gue yang keseret banjir kemarin",
        "sahabatku posting selamat tinggal terus hpnya mati, aku takut banget",
        "temenku nulis pesan perpisahan di story, sekarang nomornya tidak aktif",
        "adikku kirim goodbye di grup keluarga terus left. aku panik",
        "malam ini gue akhirin semuanya",
        "aku pernah nyoba gantung diri pas smp, sekarang kepikiran lagi",
        "aku minum dulu biar berani lompat dari jembatan",
        "dia udah nelen obat tidur dua puluh butir tadi",
        "maaf ya semuanya, aku sekarang di atas atap sekolah",
        "aku ikut challenge es batu sama garam di tangan sampai melepuh",
        "aku nusukin jarum ke jari tiap kalah main",
        "kalau minta gaji aku dipukul sama majikan",
        "adikku tiap pulang badannya memar semua, katanya kerja di warung",
        "pulang sekolah aku dicegat terus ditendang rame rame",
        "tiap malam dia dipanggil ke kamar paman terus balik nangis",
        "om masuk ke kamarku terus aku disuruh diam jangan bilang mama",
        "ada orang di game minta foto bugil, katanya kalau nggak dikirim dia marah",
        "pacarku nggeplak aku nek aku ora mbales chat",
        "I really do not want to wake up tomorrow",
        "I punched the mirror until my knuckles were bleeding",
        "I was clean for a year but tonight I relapsed",
        "my stepdad kicks me every night when he is drunk",
        "my aunt locks me in the storeroom when I cry",
        "my cousin told me he gets beaten at the workshop",
        # The training texts nearest the peer threshold, in other words.
        "aku udah nemu tempat di jembatan, tinggal nentuin harinya",
        "lantai 4 besok pagi, aku udah yakin",
        "aku nyimpen silet buat nanti malam",
        "silet udah siap",
        "I hid pills under my pillow",
        "I am standing on the edge of the bridge",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "untung rumah kami tidak tertimpa longsor",
        "temanku pamit pulang kampung terus hpnya mati karena tidak ada sinyal",
        "malam ini gue akhirin semua tugas biar besok santai",
        "aku dulu pernah nyoba lompat dari jembatan, sekarang udah nggak kepikiran lagi",
        "minum kopi dulu biar berani presentasi",
        "aku minum obat flu satu tablet sesuai anjuran dokter",
        "maaf semua, aku lagi di atas atap benerin antena",
        "bikin es puter pakai es batu dan garam, seru banget",
        "ketusuk jarum pas jahit kancing baju",
        "tiap pulang latihan silat badanku memar, tapi aku senang",
        "capek banget sampai mau mati tapi seru",
        "kita bakal mati kecapekan kata kakak pembina, terus kami ketawa",
        "mati terus di game, musuhnya jago banget",
        "gue barusan nyilet kardus buat maket prakarya",
        "I don't want to wake up early tomorrow for practice",
        "I punched the air when our team scored",
        "my brother beats me at chess every time",
        "kelas kita pindah ke lantai 4 besok pagi, udah siap semua",
        "aku nyimpen pisau buat masak nanti sore",
        "we had a picnic at the top of the hill",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        # One letter and two leet digits are a three-letter word.
        ("d14", ("dia",)),
        # Reduplication shows only once the leet digits are letters.
        ("b4ngun2", ("bangun", "bangun")),
        # A number stays a number.
        ("14", ("14",)),
    ],
)
def test_alay_spellings_are_read_as_words(written, read_as):
    assert default_ruleset().normaliser.normalise_word(written) == read_as


def test_an_exclusion_keeps_the_phrases_it_names():
    """`keep:` lets a phrase through an exclusion that would otherwise drop it: a phone
    that goes dead after a goodbye is the warning, a phone that is dead is not."""
    assert detect("hp aku mati pas lagi main", use_model=False).level is Level.NONE
    assert (
        detect("dia kirim selamat tinggal terus hpnya mati", use_model=False).level is Level.URGENT
    )


@pytest.mark.parametrize(
    "text",
    [
        "abis makan langsung muntahin, tiap hari",
        "aku sembunyiin makananku biar mama kira aku udah makan",
        "I hide my lunch so my mom thinks I ate",
        "mereka bikin grup khusus buat ngejek aku",
        "they keep mocking how I talk",
    ],
)
def test_concern_shapes_reach_a_counselor_but_are_not_urgent(text):
    assert detect(text, use_model=False).level is Level.CONCERN
