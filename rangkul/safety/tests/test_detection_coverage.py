"""Every category and every register the labelling guide names (docs/safety-labelling.md),
the policy rules of 2026-12 (passive wishes and burden urgent, present over past, affixed
forms), and regression floors on every committed split.

The example sentences here were written for these tests; they are not taken from any split.
"""

import pytest

from rangkul.safety.detection import CATEGORIES, Level, detect
from rangkul.safety.detection.corpus import (
    BLIND2_DIR,
    load_blind,
    load_corpus,
    load_old_test,
    split_corpus,
)
from rangkul.safety.detection.metrics import figures, run_rows

# (text, level, category the rules must name)
BY_CATEGORY = [
    ("aku pengen ngakhirin hidupku aja", "urgent", "suicide"),
    ("tadi aku nyilet lengan lagi", "urgent", "self_harm"),
    ("bapak tiriku mukulin aku pake sabuk tiap malam", "urgent", "abuse"),
    ("temenku bilang dia mau bunuh diri malam ini", "urgent", "friend_at_risk"),
    ("aku sering kena serangan panik sampai gak bisa napas", "concern", "anxiety_panic"),
    ("tiap habis makan aku muntahin biar gak gemuk", "concern", "eating"),
    (
        "sejak nenek meninggal tiga bulan lalu aku gak bisa keluar kamar sama sekali",
        "concern",
        "grief",
    ),
    ("aku gak punya teman sama sekali, semua orang ngejauhin aku", "concern", "isolation"),
    ("aku diusir dari rumah sama ayah tadi malam", "concern", "family_conflict"),
    ("udah berminggu-minggu aku nangis tiap malam", "concern", "depressed_mood"),
    ("pacarku ngecek hp aku tiap hari", "concern", "controlling_partner"),
    ("aku dikucilkan satu kelas tiap hari", "concern", "bullying"),
]

# (register, text): each must be urgent.
BY_REGISTER = [
    ("formal", "Saya sudah tidak ingin hidup lagi, Bu."),
    ("jakarta_slang", "gw pengen bundir aja sumpah"),
    ("alay", "4ku p3ng3n m4t1 4j4"),
    ("vowel_dropped", "cpk hdp, pgn mati aj"),
    ("code_mixed", "literally pengen mati aja, i'm done"),
    ("javanese", "aku wis kesel urip, pengen mati wae"),
    ("sundanese", "abdi hoyong maot wae, tos teu kuat"),
    ("emoji", "pengen mati aja 😭🔪"),
    ("english", "i want to kill myself tonight"),
]


@pytest.mark.parametrize(("text", "level", "category"), BY_CATEGORY)
def test_every_category_is_detected(text, level, category):
    result = detect(text)
    assert result.level >= Level(level), result.matches
    assert category in result.categories, result.matches


def test_the_examples_cover_every_category():
    assert {category for _, _, category in BY_CATEGORY} == set(CATEGORIES)


@pytest.mark.parametrize(("register", "text"), BY_REGISTER)
def test_every_register_is_read(register, text):
    assert detect(text).level is Level.URGENT, register


@pytest.mark.parametrize(
    "text",
    [
        "mending aku gak ada aja",
        "semua orang bakal lebih baik tanpa aku",
        "aku cuma beban buat keluargaku",
        "pengen tidur dan gak usah bangun lagi",
        "capek hidup",
    ],
)
def test_passive_death_wishes_and_burden_statements_are_urgent(text):
    assert detect(text).level is Level.URGENT


def test_a_present_marker_wins_over_a_past_one():
    assert detect("dulu aku pernah nyoba bunuh diri").level is Level.CONCERN
    now = detect("dulu aku pernah nyoba bunuh diri, dan sekarang kepikiran lagi")
    assert now.level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "aku mau ngebunuh diriku sendiri",
        "aku ingin membunuh diri",
        "kepikiran mengakhiri hidup",
        "aku mau menggantung diri",
        "bapak nampar aku lagi",
        "aku ditampar ayah",
        "mantanku ngancem mau nyebarin foto pribadiku",
        "dia mengancam akan menyebarkan video aku",
    ],
)
def test_affixed_forms_are_read_through_their_roots(text):
    assert detect(text, use_model=False).level is Level.URGENT


def test_a_wrong_stem_is_never_used():
    # PySastrawi stems "meninggal" to "tinggal"; that must not make a root.
    from rangkul.safety.detection.loading import default_ruleset

    rooter = default_ruleset().normaliser.rooter
    assert rooter.root("meninggal") == "meninggal"
    assert rooter.root("menelan") == "menelan"
    assert rooter.root("ngebunuh") == "bunuh"
    assert rooter.root("mukulin") == "pukul"
    assert rooter.root("disebarin") == "sebar"


@pytest.mark.parametrize(
    "text",
    [
        "cara paling cepat mati tanpa sakit gimana",
        "berapa banyak obat tidur biar gak bangun lagi",
        "temenku udah beli tali dan bilang mau dipakai besok malam",
        "pamanku suka masuk kamarku malam-malam terus aku disuruh diam",
        "dia ngancam nyebarin foto bugil aku kalau aku gak kirim lagi",
    ],
)
def test_method_seeking_plans_sextortion_and_indirect_abuse_are_urgent(text):
    assert detect(text).level is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "mati gaya nih gak ada kerjaan",
        "mampus aku lupa PR",
        "PR ini membunuhku wkwk",
        "this homework is killing me",
        "aku mati terus di game ini",
        "loncat tinggi di olahraga tadi seru",
        "tolong gantung baju seragamku",
        "kakak masuk kamarku malam-malam buat minjem charger",
        "disuruh diam sama bapak, katanya kejutan ulang tahun ibu",
    ],
)
def test_figurative_and_everyday_uses_are_not_urgent(text):
    assert detect(text).level is not Level.URGENT


# --- regression floors: this release's figures, rounded down ---------------------------------
# A change that drops below any of these fails. They are not the goals (the bench prints
# those); raise them when a release does better.
FLOORS = {
    "old frozen test": {"urgent_recall": 0.98, "leaks": 0, "ordinary_peer": 0.45},
    "corpus validation": {"urgent_recall": 0.71, "leaks": 0, "ordinary_peer": 0.32},
    "corpus test": {"urgent_recall": 0.74, "leaks": 0, "ordinary_peer": 0.36},
    # Measured, never tuned to; the floors only stop a silent regression. The first blind
    # split has been looked at as a whole; its one remaining leak is known
    # (docs/safety-detection.md) and must not grow. The second was written later in the
    # same way and measured before and after the model was retrained with corpus C.
    "blind": {"urgent_recall": 0.70, "leaks": 1, "ordinary_peer": 0.46},
    "blind-2": {"urgent_recall": 0.69, "leaks": 0, "ordinary_peer": 0.46},
}


def _splits():
    corpus = split_corpus(load_corpus())
    return {
        "old frozen test": load_old_test(),
        "corpus validation": corpus.validation,
        "corpus test": corpus.test,
        "blind": load_blind(),
        "blind-2": load_blind(BLIND2_DIR),
    }


@pytest.fixture(scope="module")
def measured():
    return {name: figures(name, run_rows(rows, detect)[0]) for name, rows in _splits().items()}


@pytest.mark.parametrize("split", list(FLOORS))
def test_figures_do_not_fall_below_this_releases(measured, split):
    floor, got = FLOORS[split], measured[split]
    assert got.rows > 0
    assert got.urgent_recall.value >= floor["urgent_recall"]
    assert got.leaks <= floor["leaks"]
    assert got.ordinary_peer.value >= floor["ordinary_peer"]
