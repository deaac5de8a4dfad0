"""Shapes of the candidate 2026.12.40 (decision 0088), each in sentences written for these
tests: weed killer or battery acid bought or drunk while waiting for the hour; a beam found
"strong enough" while waiting for the house to empty; sitting on the rails waiting for the
train; knowing when the truck passes and only waiting to dare; a thicker rope bought after
an earlier hanging; Malay "rasanya nak mati"; skin scrubbed with a wire brush until it
bleeds; fingertips stabbed with wire; dragged somewhere and kicked; a lip split by a
beating; a head knocked against a window; a stepmother with water and a ladle; in English
"I feel like I should just die", a wish that the flood had taken the writer, a rope tied
to the beam, a rock thrown by a boyfriend; in Sundanese weed killer bought "waiting for
sunset", a prayer to be struck by lightning so all ends, a shoulder scratched with a fish
bone; in Javanese waiting for the train "not brave enough yet", pesticide kept to drink
tonight, dragged into the yard and stamped on. Each has an everyday sentence beside it
that must stay below urgent: the rules alone decide here.

Alay written as a child lisps ("l" for r, "c" for s), "$" for s and "8" for b, and Lampung
"nyak" (I) in vowel-dropped writing are read (normalise.yaml)."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import normalised_words as _words
from .detection_helpers import rules_level


@pytest.mark.parametrize(
    "text",
    [
        "aku udah beli racun rumput di toko tani, tinggal nunggu malam",
        "gue tadi nenggak air aki punya om, tenggorokan panas",
        "☠️ udah aku siapin, tinggal nunggu semua tidur",
        "kayu di atas kamar mandi ternyata cukup kuat. aku cuma nunggu ayah pergi kerja",
        "aku duduk di rel dari tadi nunggu kereta malam lewat",
        "aku hafal jam truk pasir lewat, tinggal nunggu berani",
        "dulu aku pernah coba gantung diri tapi gagal. kemarin aku beli tali yang lebih kuat",
        "rasanya nak mati je lepas kena marah cikgu",
        "lenganku perih, tadi aku gosok pakai sikat kawat sampai berdarah lagi",
        "aku nusuk ujung jari pakai jarum tiap malam",
        "mereka nyeret aku ke belakang kantin terus nendang perut aku",
        "aku ditonjok sama kakak kelas sampai bibir aku sobek",
        "pacarku ngebenturin kepala aku ke meja sampai benjol",
        "ibu tiri nyiram aku pakai air terus mukul aku pakai gayung",
        "I feel like I should just die, nobody listens",
        "I wish the flood had taken me instead",
        "the rope is tied to the rafter now",
        "my boyfriend threw a bottle at me, my lip is bleeding",
        "urang tos meuli racun hama, ngadagoan peuting",
        "abdi ngadoa sangkan kasamber gelap supados sadayana réngsé",
        "abdi ngagores leungeun ku beling unggal peuting",
        "aku ngenteni sepur nang rel, durung wani, sedhela maning wani",
        "aku wis nyimpen racun tikus, arep tak ombe mengko bengi",
        "wis tak tuku baygon rong botol, arep tak ombe mengko bengi",
        "masku nyeret aku nang mburi omah terus dipidak-pidak",
        # Lisped, "$"-and-"8", and Lampung vowel-dropped spellings of the same shapes.
        "aku ngilic tangan cendili campe beldalah",
        "AKU $UDAH 8ELI RACUN, TINGGAL NUNGGU MALAM",
        "nyak udh ddk di rel, nngg krt lwt",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "ayah beli racun rumput buat kebun, nanti sore disemprot",
        "aki motor soak, harus beli air aki baru",
        "udah aku siapin kadonya, tinggal nunggu semua tidur biar kejutan",
        "rak kayu buatan ayah cukup kuat, aku nunggu ibu pulang buat foto",
        "kami foto di peron stasiun, keretanya telat",
        "aku tau jam bus sekolah lewat, tinggal nunggu di halte",
        "dulu aku gantung baju di tali jemuran, kemarin ibu beli tali yang lebih kuat buat jemuran",
        "rasanya nak tidur je lepas balik sekolah",
        "aku gosok panci pakai sikat kawat sampai bersih",
        "aku nusuk sate pakai tusuk bambu",
        "mereka nyeret aku ke kantin terus traktir bakso",
        "kami pentas drama, aku dicekik pakai selendang tapi bohongan kok",
        "badanku kayak abis dipukulin sekampung habis latihan silat",
        "monyet di hutan wisata ngejar kami dan lempar lempar kulit pisang",
        "tanganku tergores karang pas nyari kerang di pantai",
        "I feel like I should just sleep all weekend",
        "the rope is tied to the fence for the goats",
        "he threw a ball at me in PE and I caught it",
        "I cut the dry branches with the pruning knife. I did it again today for grandpa",
        "urang meuli racun hama keur sawah",
        "abdi ngagores kai ku peso keur prakarya",
        "aku ngenteni sepur nang stasiun, arep mulih",
        "bapak nyimpen pestisida nang gudang kanggo sawah",
        "aku dicekel masku terus diajak dolan",
        "penari barong nusuk dada sendiri pake keris tapi tidak luka",
        "nyak gue lagi masak rendang",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku ngunci pintu kelas dari luar, disuruh guru",
        "bapak ngrusak lawang lawas nganggo palu kanggo digawe meja",
        "tiap aku jawab pertanyaan guru, satu kelas tepuk tangan",
        "temanku udah sebulan gak main ke rumah, sibuk les",
        "ayah ibu bakar sampah di halaman tiap sore",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "tiap aku jawab pertanyaan guru, satu kelas pura pura muntah",
        "aku dipanggil anak bugil sama anak kelas sebelah",
        "nama aku ditulis di papan pakai kata kata jorok",
        "temanku udah sebulan gak mau keluar kamar",
        "teman teman ninggalin aku, sekarang aku sendirian terus",
        "gak ada yang nyariin aku walaupun aku gak masuk seminggu",
        "tiap ulangan tangan aku gemetar sampai gak bisa pegang pulpen",
        "aku nangis sampai telat sekolah gara gara kangen kakek",
        "ayah ibu ribut terus, kemarin ayah bakar baju ibu di halaman",
        "every time I have to speak in class my heart races and my breath gets short",
        "abdi ngitung kalori tuangeun, upami seueur abdi puasa",
        "kawan sekelas ngunci aku di luar kelas tiap habis istirahat",
        "bapak ndobrak lawang nganggo linggis pas padu karo ibu",
        # Past and over: the incense "still burning" describes the incense, not now.
        "dulu aku sering nyundut tangan pake dupa yang masih nyala. udah dua tahun aku berhenti",
        "dulu aku pernah minum racun tikus. pikiran itu tidak pernah muncul lagi",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


def test_lisped_words_are_read_only_in_a_text_that_lisps():
    # Two or more words that only a lisp makes known, one of them through its "c".
    assert _words("aku cendili teluc") == ["aku", "sendiri", "terus"]
    assert _words("cekalang aku campe beldalah") == ["sekarang", "aku", "sampai", "berdarah"]
    # One such word is no evidence: "malah" stays, and so does a lone "cabang".
    assert _words("malah ke kantin") == ["malah", "ke", "kantin"]
    assert _words("cabang pohon itu") == ["cabang", "pohon", "itu"]


def test_dollar_and_eight_are_letters_inside_words():
    assert _words("$E8ULAN TULI$") == ["sebulan", "tulis"]
    # A price keeps its dollar sign out of the words.
    assert _words("harganya $5") == ["harganya", "5"]


def test_lampung_nyak_is_i_only_in_a_text_that_drops_its_vowels_or_shows_lampung():
    assert _words("nyak udh gk kt lg")[0] == "aku"
    assert _words("tabik pun, nyak mau cerita")[2] == "aku"
    # Betawi "nyak" is mother.
    assert _words("nyak gue lagi masak")[0] == "nyak"
