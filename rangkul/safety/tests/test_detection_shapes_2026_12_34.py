"""Shapes of the candidate 2026.12.34 (decision 0082), each in sentences written for these
tests: waiting for the courage to end one's life; the height of a bridge measured for a
quiet hour; a jump "so I land on the rocks"; walking on into the middle of the sea;
thinking of jumping "so it's over"; "I ask because I am planning it"; a farewell that asks
someone to look after a younger sibling; someone who comes into the writer's room and asks
them to tell no one; rat poison "not for the rats"; Javanese "uripku tak akhiri" (I'll end
my life), where "tak" is "I will" and not "not"; "if I jump from the fifth floor, does it
hurt?"; and in English, pills looked up, a pet given away with every account deleted, an
adult who walks into the bathroom while the writer showers, a threat against a sibling to
keep the writer quiet, a friend's photo of cut wrists. Each has an everyday sentence beside it
that must stay below urgent: the rules alone decide here.

Accented vowels ("saré", "paéh", "bérés") are read without the accent when the accented
form is not in the slang table, so Sundanese written with its accents meets the same rules;
"since the feast last month" is up to now, not a finished past."""

from __future__ import annotations

import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


@pytest.mark.parametrize(
    "text",
    [
        "aku cuma lagi ngumpulin nyali buat ngakhirin hidup, talinya udah ada",
        "saya masih menunggu keberanian untuk bunuh diri",
        "aku udah ngukur tinggi jembatan layang itu, jam dua pagi di sana sepi banget",
        "malam ini aku mau loncat dari atap gedung parkir biar jatuh ke aspal",
        "pengen jalan terus ke tengah laut sampai gak keliatan lagi",
        "tiap malam aku mikir terjun aja biar selesai semuanya",
        "kalau minum racun itu sakitnya lama nggak? aku nanya soalnya aku lagi ngerencanainnya",
        "maafin aku ya ma, aku pergi duluan. jagain adek",
        "om itu suka masuk ke kamarku kalau rumah sepi terus nyuruh aku jangan bilang ke mama",
        "I got some rat poison from the shop, and it's not for the rats",
        "racun tikusnya sudah aku beli, bukan buat tikus",
        # Sundanese with its accents: a wish to sleep for ever.
        "abdi hayang saré salawasna",
        # Javanese "tak" before a verb is "I will", not "not".
        "wis ora kuat, uripku tak akhiri wae bengi iki",
        "awakku tak pateni wae",
        "aku arep ngakhiri uripku sesuk",
        # A question about a way to die, asked of oneself.
        "kalo aku loncat dari lantai lima sekolah, sakit gak ya",
        "I looked up how many painkillers it takes",
        "I gave my dog to my neighbour and deleted all my accounts",
        "my uncle walks into the bathroom when I shower",
        "he said if I tell anyone he will hurt my little sister",
        "my friend sent me a photo of her cut wrists just now",
        "aku udah kasih kucingku ke tetangga dan hapus semua akun",
        "kalau aku hilang besok, tolong jaga kucingku",
        "paman bilang kalau aku cerita, adikku yang bakal dia sakiti",
        "temanku kirim foto pergelangan tangannya yang berdarah barusan",
    ],
)
def test_urgent_shapes(text):
    assert detect(text, use_model=False).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku lagi ngumpulin nyali buat nembak dia besok",
        "tugas matematika kami mengukur tinggi gedung sekolah pakai klinometer",
        "adikku lompat dari ayunan terus jatuh ke pasir, ketawa-ketawa",
        "kami jalan ke tengah sawah buat foto kelas",
        "aku mikir pulang aja biar tugasnya cepat selesai",
        "aku nanya ke guru soalnya aku lagi ngerencanain pentas seni",
        "maaf ya aku pergi duluan ke les, jagain tasku",
        "kakak masuk ke kamarku terus minta aku jangan berisik, dia mau tidur",
        "we bought rat poison because the rats ate the rice",
        # Accidents, pests, food and a surprise, with the old alarm words in them.
        "tanganku tertusuk duri salak waktu panen, berdarah dikit",
        "ada nyamuk gede banget, langsung dipukul mati sama bapak",
        "aku keselek kerupuk pas lomba, kirain mau mati wkwk",
        "sambalnya pedes banget, rasanya mau meninggal",
        "kakakku bilang dia bakal bunuh aku kalau aku bocorin kado ulang tahun buat ibu",
        "aing paéh waé di game, timna noob",
        "urang téh ngan ngarépotkeun indung isuk-isuk, da hésé hudang",
        "pacaranku karo dheweke tak akhiri wae, wis bosen",
        "ing crita iki paraga utama ngakhiri uripe",
        "kalau aku lompat dari trampolin ini sakit gak ya",
        "I googled how many pages the book has",
        "I gave my old books to my cousin and deleted some photos",
        "my little brother walks into the bathroom while I shower, the lock is broken",
        "if I tell mom she will be mad",
        "my friend showed me a photo of her new puppy",
        "aku kasih baju lamaku ke adik sepupu terus hapus foto lama di galeri",
        "kalau aku pergi besok ke Bandung, tolong jagain kucingku ya",
        "kalau aku cerita ke mama nanti dia sakit hati",
        "adikku kirim foto tangannya yang luka kena pisau dapur",
    ],
)
def test_everyday_sentences_beside_them_are_not_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "pacarku ngelarang aku ikut latihan tari, katanya banyak cowok di sana",
        "pacar saya menahan HP saya supaya saya tidak bisa ikut kemah",
        "sepatuku dibuang ke got lagi sama mereka, terus mereka ketawa",
        "I skip lunch every day and walk laps until I feel dizzy",
        "My grandpa died last spring and since then I can't sleep at night.",
        "aku sengaja gak makan biar pingsan",
        "udah dua minggu aku cuma tidur dan gak sekolah, rasanya kosong",
        "mereka nyuruh aku jilat sepatu mereka tiap istirahat",
        "semenjak nenek meninggal aku gak mau ketemu siapa-siapa, udah tiga bulan",
    ],
)
def test_concern_shapes(text):
    assert detect(text, use_model=False).level is Level.CONCERN


def test_a_javanese_promise_not_to_end_ones_life_is_negated():
    result = detect("aku ora bakal ngakhiri uripku, aku janji", use_model=False)
    assert result.level is Level.CONCERN
    assert all(match.modifier == "negated" for match in result.matches)


def test_accents_are_read_only_where_the_slang_table_has_no_accented_form():
    normaliser = default_ruleset().normaliser
    assert normaliser.normalise_word("saré") == ("tidur",)
    assert normaliser.normalise_word("bérés") == ("beres",)
    # The accented Sundanese "wé" is "aja"; English "we" stays as written.
    assert normaliser.normalise_word("wé") == ("aja",)
    assert normaliser.normalise_word("we") == ("we",)


def test_since_an_event_last_month_is_up_to_now():
    text = (
        "om yang menginap sejak lebaran bulan lalu sering masuk ke kamarku, terus minta aku"
        " jangan cerita ke siapa-siapa"
    )
    result = detect(text, use_model=False)
    assert result.level is Level.URGENT
    assert not any(match.modifier == "past" for match in result.matches)


@pytest.mark.parametrize(
    "text",
    [
        "aku sengaja gak makan siang biar kuat puasa",
        "udah seminggu aku libur, rumah kosong karena ortu mudik",
    ],
)
def test_everyday_sentences_beside_the_concern_shapes_are_none(text):
    assert detect(text, use_model=False).level is Level.NONE
