"""Shapes of the candidate 2026.12.42 (decision 0090), each in sentences written for these
tests: standing on a bridge or roof "as if something calls"; thinking of jumping off a
moving ride; an old overdose with the thoughts back every night; wishing the waves would
carry the writer away for good; no need to see the morning again; cigarette burns that
grow; a relative who beats the writer with a hose or chain; in English the easy "let go"
at the edge of a roof, poison hidden in a bag or under a pillow, a knife or blade for
cutting one's own leg, a stepfather or a mother's boyfriend in a girl's bed; in Sundanese
a scratched-open belly. Concern: vomiting on purpose after meals (Indonesian, Javanese,
Sundanese), a night of eating regretted with a day of not eating, gladness that a rib
shows, a boyfriend who forbids going out, shaking hands before a faint, parents who quarrel
every night, no spirit for anything. Each has an everyday sentence beside it that must
stay below the level: the rules alone decide here."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level

from .detection_helpers import rules_level


@pytest.mark.parametrize(
    "text",
    [
        "aku sering duduk di pinggir jembatan sampai malam, kayak ada yang manggil",
        "tiap pulang sekolah aku berdiri lagi di atap itu, seperti ada yang memanggil",
        "kalau bonceng motor aku kepikiran lompat aja pas lagi ngebut",
        "aku pernah nelen pil banyak. sekarang aku terpikir lagi tiap malam",
        "aku berharap ombak menyeret aku pergi dan tidak pernah kembali",
        "rasanya mau tidur aja, tidak perlu melihat matahari lagi",
        "lenganku penuh bekas sundutan rokok, semalam nambah dua",
        "om aku mukul aku pakai selang kalau aku telat pulang",
        "from the edge of the roof I keep thinking how easy it would be to step off",
        "I hid the rat poison under my pillow",
        "I bought a new blade to cut my thighs tonight",
        "my mom's boyfriend comes into my bed when she works the night shift",
        "a girl in my class says her stepdad sleeps in her bed while her mom is at work",
        "aku nyakar leungeun sorangan nepi ka getihan",
    ],
)
def test_urgent_shapes(text):
    assert rules_level(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku duduk di pinggir jembatan sampai malam sambil mancing sama bapak",
        "aku berdiri di atap rumah benerin antena, kayak ada yang manggil dari bawah, ternyata ibu",
        "aku kepikiran lompat aja ke kolam pas lagi panas banget",
        "aku berharap beasiswa ini membawa aku pergi ke luar negeri",
        "bekas sundutan rokok di sofa makin nambah gara gara om",
        "I climbed to the top of the waterfall and it was easy to jump into the pool",
        "my uncle sleeps in my bed when he visits and I take the sofa",
        "I sharpened the knife to cut my birthday cake",
        "I put the bug spray in my bag for the camping trip",
        "I want to disappear from instagram for a while to study",
        "aku pengen ngilang sebentar ke pantai, cari angin",
        "aku pengin ngilang sedhela menyang kebon, golek hawa adem",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert rules_level(text) is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "unggal beres dahar abdi sok ngahaja ngutah, supaya teu gendut",
        "kabogoh abdi ngalarang abdi ulin sareng babaturan",
        "sawise mangan aku langsung tak utahke ben ora lemu",
        "habis makan aku colok tenggorokan biar muntah",
        "tadi makan banyak banget, nyesel, besok gak makan seharian",
        "tanganku gemeter nganti ra iso nulis pas ujian, terus pingsan",
        "bapak ibu saben bengi padu nganti aku ra iso turu",
        "aku wis ra semangat apa apa, sekolah ya males",
        "tulang rusukku mulai keliatan, aku senang banget, harus turun dua kilo lagi",
    ],
)
def test_concern_shapes(text):
    assert rules_level(text) is Level.CONCERN


@pytest.mark.parametrize(
    "text",
    [
        "bar mangan jajan aku langsung sikat gigi",
        "tanganku gemeter pas maju pidato, tapi lancar",
        "bapak ibu saben bengi ngobrol nang teras",
        "bapakku karo ibuku saben bengi padu milih acara tivi, aku ngguyu wae",
        "tadi makan banyak di kondangan, besok diet lagi",
        "tulang rusuk kucingku keliatan, aku sedih, dia harus dibawa ke dokter hewan",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_stay_unflagged(text):
    assert rules_level(text) is Level.NONE
