"""Shapes of the candidate 2026.12.13 (decision 0056), each in sentences written for these
tests: a lethal dose asked about (also "for a friend"), pills with drink and a friend who
cannot be woken, poison bought and hidden, a farewell message timed or hidden, letting go from
a tower, wishing to have died with relatives in a disaster, adults at work, coaches and
seniors who hit with a tool or on every mistake, forced drinking with beatings, a room's
"secret", a weapon brought to a leaked address, a forced marriage enforced by beatings; the
concern shapes of starving or vomiting for a weigh-in, being taken out of school to work and
pushed to marry; and a negation after "kalau" that sets a condition instead of negating.
Each has an everyday or figurative sentence beside it that must stay below urgent. The rules
alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect


@pytest.mark.parametrize(
    "text",
    [
        "nanya dong, dosis paracetamol yang fatal itu berapa butir?",
        "buat temen: obat tidur berapa biji yang bisa bikin mati?",
        "temenku nelen tramadol sama ciu, sekarang gak bisa dibangunin",
        "gue udah beli racun tikus, gue umpetin di lemari",
        "kalau minum oplosan tiga botol bisa langsung lewat gak?",
        "pesan perpisahan udah gue ketik, tinggal kirim jam 12",
        "surat pamitan buat mama udah aku taruh di bawah bantal",
        "aku lagi di atas menara air, pengen let go aja",
        "rumah hanyut, adik meninggal, mending aku ikut mati juga",
        "pelatih suka mukul aku pakai rotan kalau telat",
        "mandor nendang aku tiap salah angkat semen",
        "pelatih renang nenggelamin kepala aku lama-lama",
        "kakak kelas maksa aku minum ciu, kalau gak mau dihajar",
        "yang terjadi di kamar itu rahasia kita berdua, kata om",
        "kakek nyuruh aku tidur di sebelahnya dan melarang aku cerita ke siapa pun",
        "dia ngancam nyebarin foto kalau aku gak mau ketemu dia sabtu ini",
        "ada yang nyebar alamatku dan bilang mau datang bawa golok",
        "temenku dijodohin, kemarin dipukul bapaknya pas nolak",
        "I would rather be dead than go back there",
        "my friend took pills with vodka and is not responding",
        "the boat captain hits me whenever I tie the knot wrong",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "di pelajaran farmasi kami belajar tanda-tanda overdosis paracetamol",
        "pharmacy homework: calculate the overdose threshold of paracetamol",
        "adikku minum obat flu terus tidur pulas",
        "mama beli racun tikus buat dapur, tikusnya banyak banget",
        "pesan perpisahan buat wali kelas udah kami kirim ke grup",
        "aku naik ke atas menara pandang, pemandangannya bagus",
        "pelatih ngajarin pukulan pakai raket yang benar",
        "bos terakhir di game itu nampar terus, susah dikalahin",
        "kakek ngajarin cara mematikan ikan dengan cepat biar gak tersiksa",
        "di kamar ada kado, rahasia kita berdua ya sampai ulang tahun mama",
        "I'd rather die than sing karaoke again, so embarrassing",
        "sparring taekwondo tadi, got kicked in the face tapi seru",
        "gue udah ngumpulin duit jajan, tinggal nunggu semua tidur buat mabar",
        "bos bengkel tempat PKL suka nyebut gue tukang bunuh mesin",
        "capek sekolah, pengen ngilang ke Bali selamanya",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "udah tiga hari aku gak makan nasi biar lolos timbangan paskibra",
        "abis makan aku suka nyolok tenggorokan biar keluar",
        "ayah narik aku dari sekolah buat jaga warung",
        "orang tua terus maksa aku nikah setelah lulus SMP",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_a_negation_after_kalau_sets_a_condition():
    """ "kalo gak mau, dipukul" is a threat, not a denial of the beating."""
    assert detect("kalo gak mau dipukul sama ayah", use_model=False).level is Level.URGENT
    assert detect("aku gak mau dipukul lagi", use_model=False).level is not Level.URGENT


def test_a_past_the_writer_is_out_of_reach_of_stays_concern():
    text = "pas SD pelatih sering mukul aku kalo salah. udah pindah, dia ga bisa nyentuh aku lagi"
    assert detect(text, use_model=False).level is Level.CONCERN
