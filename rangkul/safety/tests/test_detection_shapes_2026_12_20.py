"""Shapes of the candidate 2026.12.20 (decision 0065), each in sentences written for these
tests: alay "u" written as "v" ("m1nvm", "d1pvkvl1n") and "aqu", "vdh"; wishing to have been
buried or swept away with the others; poison hidden by the writer; a day already chosen;
jumping from a ship; stopping treatment so that the illness takes the writer; searching how
to stop breathing; out to sea and not coming back; "why didn't the earthquake take me too";
an adult who calls the writer to his office and asks for secrecy; slaps at every practice,
beatings until a nosebleed, "now it's my turn"; scratching until it bleeds; the blackout
challenge; English shapes (which chemical kills quickly, praying to be taken, wishing the
volcano had buried me, climbing up to jump); Javanese (a foreman who strikes, jumping into
the sea) and Sundanese ones (looking for a high place to jump); and the concern shapes of a
video made into a meme for months, nobody asking the writer to talk for months, only water
for a week, a parent smashing things, a partner who forbids or deletes contacts and daily
mockery in Sundanese. Each has an everyday or figurative sentence beside it that must stay
below urgent. The rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "k4k, k4l0 m1nvm b4yg0n b1s4 m4t1 g4?",
        "4qu vdh d1pvkvl1n 4y4h l4g1 s4mp3 m3m4r",
        "seharusnya aku ikut tertimbun waktu longsor itu",
        "aku udah nyimpen racun tikus di lemari",
        "aku sudah memikirkan cara mengakhiri hidup dan sudah menentukan tanggalnya",
        "gue mau loncat dari kapal pas pulang ke Ambon",
        "aku mau berhenti kemo aja biar penyakitnya cepet bawa aku",
        "aku nyari cara bikin diri gak napas lagi",
        "nanti malam aku naik perahu ke tengah laut dan tidak akan kembali lagi",
        "tsunami ambil semua, kenapa gak ambil aku juga",
        "pak guru memanggil saya ke ruangnya dan bilang jangan cerita ke siapa pun",
        "kakak kelas nampar aku tiap latihan",
        "senior pondok mukulin aku sampai mimisan",
        "aku cakar lenganku sampai berdarah tadi malam",
        "adikku lagi ikut blackout challenge sekarang",
        "which pills can kill someone quickly? asking for a friend",
        "I keep praying God takes me soon",
        "I wish the tsunami had taken me",
        "I'm climbing the water tower tonight and I'm going to jump",
        "mandor kuwi ngantemi aku saben sore",
        "kancaku arep nyemplung kali sore iki",
        "abdi nuju milarian tempat nu jangkung kanggo ngaluncat",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "4qu l0v3 k4mu, n0nt0n v1d30 yuk",
        "aku menyimpan obat maag di tas",
        "mau loncat dari perahu terus berenang di Raja Ampat",
        "kancaku arep nyemplung kali kanggo adus bareng",
        "aku hampir ngiris jari waktu kelas masak",
        "aku kira bakal mati kebosanan, ternyata seru",
        "aku dibanting sampai KO pas sparring silat",
        "pengen ngilang ke kantin aja, rapatnya lama",
        "obat nyamuk udah aku beli, nanti semprot kamar",
        "cutter udah ready, I need to trim kain flanel",
        "which chemical can kill bacteria on a cutting board?",
        "we're climbing the tower at the fair and I'm going to jump on the trampoline after",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "video aku dijadiin meme, udah sebulan diketawain",
        "udah dua bulan gak ada yang ngajak aku ngobrol",
        "seminggu ini aku cuma minum air biar beratnya turun",
        "ayah marah besar sampai piring dibanting",
        "my girlfriend deleted all my female contacts",
        "kabogoh abdi ngalarang abdi ngiring latihan band",
        "abdi dipoyok unggal poé ku babaturan sakelas",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "hari ini gak ada yang ngajak ngobrol di bus, semua tidur",
        "piring pecah waktu aku cuci, untung gak luka",
    ],
)
def test_ordinary_sentences_beside_the_concern_shapes_are_not_flagged(text):
    assert detect(text, use_model=False).level is Level.NONE
