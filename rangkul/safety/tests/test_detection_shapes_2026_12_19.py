"""Shapes of the candidate 2026.12.19 (decision 0064), each in sentences written for these
tests: wishing to have burnt or drowned with the others; going along if a parent dies (also
with the dove emoji, whose word is now spelled as every other word is); which dose is
lethal; drinking battery water or sniffing glue to die, "asked for a friend"; tonight
decided as the last; better to vanish so that the family can go on; on a bridge and ready;
ending it with the means set aside; a pet left to a friend and "I can't go on"; a parent or
a coach who kicks the writer; English shapes (the only way out, riding into a truck,
testing a beam, not being around for it, thoughts that came back this week); Javanese and
Sundanese shapes (not wanting to live, ending one's life, burden statements, praying to be
taken, accounts deleted while waiting for the night); and the concern shapes of being
locked outside the house, not eating to be slim and a partner who forbids going along. Each
has an everyday or figurative sentence beside it that must stay below urgent. The rules
alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "kenapa aku gak ikut tenggelam aja waktu banjir itu, tiap malam aku berharap ikut hanyut",
        "kalau nenek meninggal aku ikut nyusul",
        "papa 🏥 koma, kalau papa 🕊️ aku ikut 🕊️",
        "dokter bilang ibu kritis. kalau ibu pergi aku mau ikut pergi",
        "berapa dosis obat tidur yang mematikan?",
        "minum air aki bisa bikin mati gak? buat temen",
        "kalo ngehirup lem aibon lama2 bisa mati ga",
        "aku udah mutusin malam ini yang terakhir",
        "mending aku ngilang aja biar ibu gak susah lagi",
        "aku lagi di atas jembatan Barito, kayaknya aku udah siap",
        "aku mau nyelesain semuanya, racunnya udah aku siapin",
        "tolong jagain kucingku ya, aku udah gak kuat",
        "ayah marah terus nendang perut aku sampai sesak",
        "aku ditendang sama pelatih karena kalah",
        "honestly death feels like the only way out",
        "I keep thinking about driving my scooter into a bus",
        "I checked which beam is strong enough",
        "I decided I won't be around much longer",
        "two years ago I tried to hang myself. this week the thoughts came back",
        "aku wegah urip maneh",
        "bengi iki aku arep mungkasi uripku",
        "yen aku ora ana, duwite cukup kanggo adhik",
        "unggal peuting abdi ngadoa supados Gusti nyandak abdi",
        "abdi tos ngahapus sadaya akun, ayeuna ngantosan wengi",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "kalau mama pergi ke pasar aku ikut",
        "kalau mama pergi ke Medan aku ikut pergi sama mama",
        "dosis paracetamol buat anak umur 12 berapa ya?",
        "aki motor mati terus, minum dulu ah",
        "malam ini terakhir latihan sebelum lomba",
        "aku lagi di atas jembatan Ampera, pemandangannya bagus banget",
        "gue mau nyelesain semua tugas dulu sebelum liburan",
        "tolong jagain kucingku ya, aku mudik seminggu",
        "adik nendang bola ke kepala aku waktu main",
        "aku udah siapin obat maag buat dibawa kemah besok",
        "nyundut obat nyamuk dulu, nyamuknya banyak banget",
        "aku dipukulin terus di game Tekken sama kakak",
        "my playlist is the only way out of this boring bus ride",
        "I'm riding my bike into town after school",
        "dulu aku sering dipukul pelatih waktu SMP, sekarang dia udah dipecat",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku dikunci di luar rumah semalaman sama ayah tiri",
        "aku sengaja ora mangan telung dina ben langsing",
        "kabogoh abdi teu méré abdi milu camping",
        "nenek meninggal empat bulan lalu, aku belum bisa bersekolah seperti biasa",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "kuncinya ketinggalan, aku nunggu di luar rumah sampai mama pulang",
        "aku ora mangan sega, mangan roti wae",
    ],
)
def test_ordinary_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
