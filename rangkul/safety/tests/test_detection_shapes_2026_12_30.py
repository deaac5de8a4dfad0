"""Shapes of the candidate 2026.12.30 (decision 0077), each in sentences written for these
tests: Papuan and Ambonese Malay read as Indonesian ("sa", "su", "tra", "pu", "beta"), a
climb to a cliff and then a jump, death accepted from an illness, one's own funeral imagined,
a farewell "don't be sad, I go first" (Banjar), better not to breathe any more, thrown away
forever, a plan clear and only the day awaited, a goodbye to a pet and a request to feed it,
standing at an edge thinking how easy letting go would be, how long drowning takes, hair
pulled out by a partner, a stomach punched by a boyfriend, money or the video sent to one's
mother, a cousin taken out at night who comes back crying, an uncle who makes the writer
sleep in his room, a present "since Sunday" over a past habit; at concern, a partner who
forbids school or decides one's clothes, feeling useless, a binge and then a run until
faint, a father who burns one's drawings. Each has an everyday sentence beside it that must
stay below the level it would be given: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "nanti malam sa mo naik ke jembatan Youtefa trus lompat",
        "kalau sakit ini bikin aku mati, aku terima saja",
        "akhir-akhir ini aku sering membayangkan pemakaman aku sendiri",
        "mama, jangan sedih ya, ulun tulak duhuluan",
        "maafin aku selama ini ya. jangan nangis",
        "lebih baik aku tidak bernapas lagi",
        "sudah waktunya aku dibuang saja selamanya",
        "tiap malam sa pikir cara akhiri sa pu hidup",
        "aku capek, rencana aku sudah jelas, tinggal tunggu hari Minggu",
        "tadi aku pamitan sama kucingku, nanti titip kasih makan ya",
        "I stand on the edge of the bridge every night thinking how easy it would be to let go",
        "how long does it take to drown? asking for real",
        "pacarku jambak rambut aku sampai rontok",
        "beta pung pacar tinju beta pung perut",
        "dia minta uang atau videonya dikirim ke mama",
        "adikku sering diajak keluar malam-malam, pulang menangis dan dilarang cerita",
        "my uncle makes me sleep in his room when mum is out",
        "I used to scratch my arms with a pin in grade 8, and I have done it twice since Sunday",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "besok sa mo naik ke tebing trus lompat ke air bareng teman-teman",
        "kalau hujan bikin aku basah, aku terima saja",
        "aku membayangkan pesta ulang tahun aku sendiri",
        "jangan sedih ya, aku pergi duluan ke kantin",
        "lebih baik aku tidak begadang lagi",
        "sampah ini waktunya dibuang saja",
        "rencana liburan sudah jelas, tinggal tunggu hari Sabtu",
        "aku pamitan sama guru, terus pulang",
        "I stood at the edge of the pool before the race",
        "how long does it take to boil rice?",
        "kakak nyekik aku pakai pelukan, gemes katanya",
        "abang banting pintu kamar habis rebutan remot",
        "aku menyayat batang karet pakai pisau sadap",
        "benang layangan nyayat jari aku, perih",
        "di drama aku jadi putri yang minum racun",
        "tradisi pukul sapu di Mamala ramai sekali",
        "tadi nonton debus, pemainnya nusuk perut pakai golok tapi tidak luka",
        "beta su tra kuat lagi jalan kaki, panas skali",
        "sa tra makan papeda su tiga hari, di asrama nasi terus",
        "aku beli racun tikus karena gudang penuh tikus, nanti malam dipasang di gudang",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "sa pu pacar larang sa lanjut sekolah",
        "pacarnya atur dia pake baju apa",
        "my boyfriend wants me to quit the choir",
        "aku merasa tidak berguna, sudah lama",
        "aku makan banyak banget sampai perut sakit, besoknya lari keliling lapangan"
        " sampai mau pingsan",
        "papa bakar semua buku gambar aku",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "pacarku lanjut sekolah ke Jayapura",
        "kakak atur jadwal piket kelas",
        "I want to quit the choir, it's boring",
        "barang ini tidak berguna, buang saja",
        "aku makan banyak waktu lebaran",
        "papa bakar ikan di halaman",
    ],
)
def test_everyday_sentences_beside_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE
