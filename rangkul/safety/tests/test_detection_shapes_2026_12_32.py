"""Shapes of the candidate 2026.12.32 (decision 0079), each in sentences written for these
tests: wanting to go far and never come back, a name that would look better on a
gravestone, not wanting to see the sun again, a lethal question that is "not for homework"
or "asking for me", "after that I won't be here any more", only death erasing the shame,
searching for the fastest way to drown, a storm or a capsized boat wished for, trying again
with a new rope, a rope ready and only the night to wait for, "if I die my parents can pay",
a painless way to end everything, not eating until it ends, only the cat would miss the
writer, riding into a ravine "with me too", drain cleaner bought to drink, checking out of
life, "don't blame yourself for what happens next", home alone "and I'll do it then";
fingers cut with a kitchen knife; pushed into a river by someone who knows the writer cannot
swim, kicked into a ditch and stoned, a threat to burn the house down after a break-up, a
closed door and "if you tell"; at concern, eating or drinking one thing a day to get thin,
nobody asking the writer to talk for months, feeling unseen, a father who pushes the mother
over, being handed from relative to relative, siblings left alone who sometimes do not eat,
a chest that feels squeezed, a partner who forbids a trip unless he comes and calls fifty
times, a classmate who keeps "forgetting" to add the writer, half a cup of fruit a day to
fit a costume. Each has an everyday sentence beside it that must stay below the level it
would be given: the rules alone decide here. "ssh" (susah, hard) is read as written, not
as "sh"."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "aku pengen pergi jauh dan gak balik lagi",
        "namaku lebih cocok di batu nisan",
        "aku emoh ndelok srengenge maneh",
        "berapa butir obat itu yang berbahaya bagi manusia? saya bukan bertanya untuk tugas",
        "berapa menit orang bisa di bawah air sebelum tenggelam? asking for me",
        "sabar ya, tunggu sampai ujian adik selesai, habis itu aku gak ada lagi",
        "cuma mati yang bisa hapus malu keluargaku",
        "semalam aku nyari cara tenggelam yang paling cepat",
        "aku berharap banjir datang lagi dan bawa aku pergi sekalian",
        "semoga kapalnya terbalik biar aku ikut tenggelam",
        "aku mau coba lagi, udah beli tali baru",
        "tali udah aku simpan, tinggal nunggu semua tidur",
        "kalau aku mati, ibu bisa lunasin utang pakai uang duka",
        "aku nyari cara yang gak sakit buat mengakhiri semuanya",
        "aku mau berhenti makan sampai semuanya berakhir",
        "kalau aku mati yang nangis cuma kucingku",
        "sesuk tak tabrakke nang kali karo aku sisan",
        "he bought rat poison to drink tonight",
        "sometimes I want to check out of this life",
        "don't blame yourself for whatever happens next",
        "I will be home alone and I'll do it then",
        "aku nyayat lenganku nganggo silet wingi bengi",
        "dia dorong aku ke sungai padahal aku gak bisa berenang",
        "mereka nendang aku ke selokan terus lempar batu",
        "dia ngancam mau bakar rumahku kalau aku mutusin dia",
        "om nutup pintu kamar. katanya kalau aku cerita, aku diusir",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku pengen pergi jauh liburan ke Bali",
        "namaku ada di daftar juara kelas",
        "aku emoh tangi esuk, isih ngantuk",
        "obat ini berbahaya bagi kucing, kata dokter hewan",
        "berapa menit paus bisa di bawah air? buat tugas biologi",
        "tunggu sampai ujian selesai, habis itu kita liburan",
        "aku berharap banjir gak datang lagi tahun ini",
        "tali pramuka udah aku simpan di lemari",
        "kalau aku menang lomba, ibu bisa beli kulkas baru",
        "aku nyari cara yang gak ribet buat masak nasi",
        "aku berhenti makan gorengan sampai ujian selesai",
        "kucingku nangis terus minta makan",
        "bapak nabrakke pot nang tembok pas parkir",
        "they bought bleach to clean the bathroom",
        "we checked out of the hotel early",
        "I'll be home alone tonight, mum is at work",
        "aku ngiris bawang nganggo lading pawon",
        "kami dorong perahu ke sungai bareng-bareng",
        "adikku ngancam mau ngadu ke ibu kalau aku makan kuenya",
        "bapak nutup pintu kamar karena dingin",
        "tadi ngegores batang pohon buat tanda jalan pramuka",
        "sate ayam ditusuk pakai lidi",
        "kami lompat ke laut bawa papan selancar",
        "tokoh dalam novel itu menelan racun di akhir cerita",
        "aku mati terus di level tiga, susah banget",
        "sambalnya pedas nyiksa banget",
        "rebana dipukul pakai tangan kanan",
        "kakak menghajar aku main catur",
        "tugas ini ssh bgt, gw gak ngerti",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku minum air putih doang dari pagi biar kurus",
        "aku cuma makan sepotong roti sehari biar lolos seleksi model",
        "temanku cuma makan satu kerupuk sehari, tadi pingsan",
        "udah berbulan-bulan gak ada yang ngajak ngobrol",
        "aku ngerasa gak dianggap di rumah",
        "bapak dorong ibu sampai jatuh di dapur",
        "aku dioper dari rumah nenek ke rumah tante",
        "aku sama adik tinggal sendiri, kadang gak makan",
        "dadaku rasanya dihimpit tiap masuk kelas",
        "pacarku gak ngizinin aku ikut kemah kecuali dia ikut",
        "pacarku nelpon lima puluh kali pas aku latihan",
        "they keep forgetting to add me to the class group",
        "I only eat one apple a day so I can fit the dress",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "aku minum air putih dari pagi, haus banget",
        "hari ini gak ada yang ngajak main, semua lagi ulangan",
        "bapak dorong motor sampai bengkel",
        "aku main ke rumah nenek lalu ke rumah tante",
        "pacarku nelpon pas aku latihan",
        "they forgot to bring the ball",
        "I only eat rice at lunch",
    ],
)
def test_everyday_sentences_beside_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE


def test_a_word_whose_doubled_letters_mean_something_is_read_as_written():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("ssh") == ("susah",)
    assert normaliser.normalise_word("sh") == ("sh",)
    assert detect("aku sh lagi semalam", use_model=False).level is Level.URGENT
