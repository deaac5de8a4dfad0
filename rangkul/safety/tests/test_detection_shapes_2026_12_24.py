"""Shapes of the candidate 2026.12.24 (decision 0071), each in sentences written for these
tests: "I am nothing but a burden", better run over at once so it is over, a countdown of
days to a death, a rope or poison ready and only the days left to count, following a parent
who died; an adult asking for a naked video call or a picture without clothes, an uncle at
night at the bed with a secret (also in emoji); English ("no more me, no more drama", no one
will have to look after me, "I swear I'll end it"); Javanese (a picture without clothes, a
beating with a belt) and Sundanese (the same, disappearing for ever); vowel-dropped jumps
from a floor and a truck. Each has an everyday sentence beside it that must stay below
urgent: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "aku hanyalah beban buat ibu dan bapak",
        "rasanya mending ditabrak aja biar selesai semuanya",
        "lima hari lagi gue mati, udah pasti",
        "udah beli tali. tinggal ngitung hari",
        "sejak mama meninggal aku cuma mikirin satu hal, minggu depan aku nyusul dia",
        "om di grup game minta aku video call naked",
        "dia nyuruh aku krm ft tnp bj",
        "paman datang malam malam ke kamar, katanya rahasia jangan bilang ibu",
        "om 🌙 ke 🛏️ aku 🤫 jangan bilang mama",
        "countdown: no more me, no more drama for everyone",
        "in a week no one will have to take care of me anymore",
        "I swear I'll end it all if they laugh again",
        "wong lanang kuwi njaluk video tanpa klambi",
        "simbah nggebuk aku nganggo sabuk saben bengi",
        "si eta menta poto tanpa baju ka abdi",
        "bapa nyabok abdi make beubeur",
        "isukan aing rék ngaleungit salawasna",
        "gw mw lncat dr lt 7",
        "gw pngn ktbrk trk",
        "aku ga punya alasan 🫀 lagi",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku bukan beban, kata ibu aku anak kebanggaan",
        "mending kita naik angkot aja biar cepet sampai",
        "tiga hari lagi mati lampu bergilir katanya",
        "tali jemuran sudah dipasang, tinggal nunggu hari cerah",
        "nenek meninggal tahun lalu, sekarang aku nyusul mama ke kampung",
        "kakak minta aku vc buat ngerjain PR bareng",
        "dia nyuruh aku kirim foto tanpa filter",
        "om datang malam malam bawa martabak, katanya kejutan buat mama",
        "no more homework, no more problems",
        "no one has to pick me up anymore, I have a bike now",
        "I swear I'll finish it tonight, the essay is almost done",
        "njaluk foto bareng karo guru",
        "gue nusuk sosis pake tusukan buat dibakar",
        "gue ngegores nama pake spidol di sepatu",
        "kakak kelas memukul kendang tiap latihan",
        "gue ketawa sampai mau mati liat meme",
        "jantungku 🫀 deg degan mau ujian",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT
