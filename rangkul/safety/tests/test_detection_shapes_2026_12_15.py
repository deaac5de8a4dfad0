"""Shapes of the candidate 2026.12.15 (decision 0058), each in sentences written for these
tests: a knife emoji used as the verb on an arm, seniors who kick, stand on or sun-dry juniors
until they faint, nude pictures of the writer made with an app and spread or sold back,
wanting to follow a grandparent who died "as soon as possible", answering "still" to "still
thinking of dying?", no one would miss me if I were gone, a date set with "after the exam I'm
done", a man pressing himself against the writer on the train, being grabbed by a cousin,
following an idol who died, English hazing and AI nudes; the concern shapes of a custody
fight, a father's hidden second marriage, seniors who make juniors buy their snacks daily, a
fake account in the writer's name, and a class that imitates the writer every day. Each has
an everyday or figurative sentence beside it that must stay below urgent. The rules alone
decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "adikku lagi 🔪 lengan di kamar mandi",
        "pas MOS kakak kelas nendang kami yang telat baris, ditendang di punggung",
        "panitia ospek nyuruh kami berjemur di lapangan sampai pingsan",
        "temenku pingsan, disiram air terus ditendang sama senior",
        "ada yang bikin foto bugil aku pake aplikasi AI, sekarang dia minta duit",
        "foto telanjang aku editan AI udah beredar",
        "kakek sudah meninggal, aku ingin menyusul beliau secepatnya",
        "kemarin ditanya masih pengen mati? iya",
        "gak ada yang bakal kangen aku kalo aku mati",
        "aku udah nentuin tanggalnya, abis UN aku mau udahan",
        "di bus ada om-om yang sengaja nempel ke badan aku tiap pagi",
        "sepupuku suka grab me kalau lagi sepi di rumah nenek",
        "my grandpa died and I want to follow him soon",
        "the seniors made us stand in the sun and kick whoever sits down",
        "someone made fake nudes of me and posted them",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "lagi pisau dapur tumpul, gak bisa motong tangan-tangan ayam",
        "pas MPLS kami main lari estafet sama senior, seru banget",
        "kemarin aku ngiris bawang buat tahlilan, mataku perih",
        "aku disuruh ibu beli racun tikus, gudang penuh tikus",
        "ayah lagi dinas, aku pengen nyusul ayah ke Surabaya liburan nanti",
        "di game aku mati terus, timnya noob banget",
        "pengen tidur terus gak bangun sampai siang, capek banget",
        "aku udah nentuin tanggalnya, abis rapor aku udahan sama rambut gondrong",
        "I just want to disappear under my blanket until Monday",
        "ngakak sampai mau mati liat video kucing",
        "the seniors made us sing and dance at the welcome party",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "ayah sama ibu rebutan aku di pengadilan",
        "ayah nikah lagi diam-diam, ibu nangis tiap malam",
        "kakak kelas nyuruh kami beliin jajan tiap hari",
        "ada akun palsu pake namaku ngirim pesan jelek ke guru",
        "since the video got out the class imitates me every day",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "aku traktir temen-temen jajan pas ulang tahun",
        "om aku nikah lagi setelah tante meninggal, acaranya ramai",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_none(text):
    assert detect(text, use_model=False).level is Level.NONE
