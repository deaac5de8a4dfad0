"""Shapes of the candidate 2026.12.18 (decision 0062), each in sentences written for these
tests: an adult who makes the writer bathe naked or kisses by force; ending it so as not to
be a burden, with the END arrow; a friend who says they are done and then cannot be
reached; a hot object pressed to the skin; which poison is faster; why should I be alive,
also after a negation in the same clause ("mum doesn't want me 💔 so what am I living
for"); letters to be opened after tomorrow; Javanese shapes (closing the eyes for ever,
what am I living for, a rope got ready, "pengen tak iris" where "tak" is "I will"); a
Sundanese "better that I were dead"; and the concern shapes of a partner who decides
everything, a bag thrown in the bin, grief that keeps the writer from studying months later
and a friend who purges. Each has an everyday or figurative sentence beside it that must
stay below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "orang pintar itu menyuruh saya mandi tanpa busana di kamarnya",
        "senior di asrama nyium aku secara paksa tiap malam",
        "udah, aku 🔚 aja biar gak jadi beban lagi",
        "sepupuku bilang dia udah capek, dari tadi hpnya gak aktif",
        "I keep holding a hot spoon against my arm",
        "which works faster, sleeping pills or paracetamol? asking for my cousin",
        "my parents never wanted me so why should I even be alive",
        "I left notes in my desk for everyone, when I'm gone you can read them",
        "my brother said he's done and now he's not answering",
        "aku pengen merem selawase wae",
        "nggo opo aku urip yen ora ana sing peduli",
        "aku wis tuku tampar, mengko bengi",
        "pengen tak iris tanganku nganggo silet",
        "leuwih hade abdi paeh batan kieu terus",
        "mama gak mau aku 💔 trus buat apa aku hidup",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "dokter nyuruh aku buka baju buat rontgen dada",
        "pengen ngilang sebentar dari kondangan, capek senyum terus",
        "pengen ilang wae seko rapat RT, suwe banget",
        "aku nyusul ibu ke pasar habis sekolah",
        "aku nusuk-nusuk gabus pake tusuk sate buat maket",
        "cutternya udah siap, tinggal motong karton buat prakarya",
        "aku nulis surat perpisahan buat temen sekelas, minggu depan pindah ke Pontianak",
        "pengen mati!! mati penasaran maksudnya, endingnya digantung",
        "which is faster, the bus or the train to Bogor?",
        "why should I live in a dorm next year?",
        "my brother is done with his thesis and he is not answering my texts because he is asleep",
        "aku pengen merem sedhela wae, ngantuk",
        "aku wis tuku tampar, mengko arep tak enggo jemuran",
        "leuwih hade abdi diajar tibatan ulin",
        "I hold a hot mug against my cheek when it is cold",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarku ngatur semuanya, baju sama uang jajan harus lapor",
        "my friend runs to the bathroom after every meal",
        "tas aku dibuang ke tempat sampah lagi sama anak-anak",
        "kakek meninggal tiga bulan lalu dan aku belum bisa fokus belajar seperti dulu",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "kakek meninggal tahun lalu, sekarang aku sudah bisa belajar seperti biasa",
        "aku buang tas lama ke tempat sampah",
        "pacarku ngatur jadwal belajar bareng kita, seru",
        "my friend went to the bathroom after lunch to brush her teeth",
    ],
)
def test_ordinary_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
