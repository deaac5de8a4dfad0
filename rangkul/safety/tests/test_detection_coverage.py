"""Every category and every register the labelling guide names (docs/safety-labelling.md),
the policy rules of 2026-12 (passive wishes and burden urgent, present over past, affixed
forms), and regression floors on every committed split.

The example sentences here were written for these tests; they are not taken from any split.
"""

import pytest

from rangkul.safety.detection import CATEGORIES, Level, detect
from rangkul.safety.detection.corpus import (
    LOOKED_AT_BLIND,
    RETIRED_BLIND,
    blind_dirs,
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


# --- regression floors ----------------------------------------------------------------------
# A change that drops below any of these fails. They are not the goals (the bench prints
# those); raise them when a release does better.
#
# Since release 2026.12.04 the model is trained on the whole pool: the corpus (so its
# validation and test splits too) and the retired blind splits (decision 0042; the fifth
# joined in release 2026.12.05, decision 0045). Figures on training data say little about
# new text, so those splits keep one floor only, the one that still means something there:
# no crisis or concern text the model was trained on may be offered to a peer. Recall and
# peer-share floors stay on the old frozen test split, which is never trained on. The honest
# cross-author figures come from bench/safety_cross_author.py; a fresh blind split's floor
# is added once it has been scored (the sixth scored release 2026.12.05, decision 0046, and
# joined the training pool in release 2026.12.06; the seventh scored release 2026.12.06,
# decision 0047, and joined it in release 2026.12.07, decision 0048; the eighth and the ninth
# scored release 2026.12.07, decisions 0048 and 0049, and joined it in release 2026.12.09,
# decision 0050; the tenth and the eleventh scored release 2026.12.09, decisions 0050 and
# 0051, and joined it in the candidate 2026.12.11, decision 0052; the twelfth scored release
# 2026.12.11, decision 0052, and joined it in the candidate 2026.12.12, decision 0055; the
# thirteenth scored release 2026.12.12, decision 0055, and joined it in the candidate
# 2026.12.13, decision 0056; the fourteenth scored release 2026.12.13, decision 0056, and
# joined it in the candidate 2026.12.14, decision 0057; the fifteenth scored release
# 2026.12.14, decision 0057, and joined it in the candidate 2026.12.15, decision 0058; the
# sixteenth scored release 2026.12.15, decision 0058, and joined it in the candidate
# 2026.12.16, decision 0059; the seventeenth scored release 2026.12.16, decision 0059, and
# joined it in the candidate 2026.12.17, decision 0060; the eighteenth scored release
# 2026.12.17, decision 0060, and joined it in the candidate 2026.12.18, decision 0062; the
# nineteenth scored release 2026.12.18, decision 0062, and joined it in the candidate
# 2026.12.19, decision 0064; the twentieth scored release 2026.12.19, decision 0064, and
# joined it in the candidate 2026.12.20, decision 0065; the twenty-first scored release
# 2026.12.20, decision 0065, and joined it in the candidate 2026.12.21, decision 0067; the
# twenty-second scored release 2026.12.20 and the candidate 2026.12.21, which shipped,
# decision 0067, and joined it in the candidate 2026.12.22, decision 0068; the twenty-third
# scored release 2026.12.21 and the candidate 2026.12.22, which shipped, decision 0068, and
# joined it in the candidate 2026.12.23, decision 0069; the twenty-fourth scored release
# 2026.12.22 and the candidate 2026.12.23, which shipped, decision 0069, and joined it in
# the candidate 2026.12.24, decision 0071; the twenty-fifth scored release 2026.12.23 and
# the candidate 2026.12.24, which shipped, decision 0071, and joined it in the candidate
# 2026.12.25, decision 0072; the twenty-sixth scored release 2026.12.24 and the candidate
# 2026.12.25, which shipped, decision 0072, and joined it in the candidate 2026.12.26,
# decision 0073; the twenty-seventh scored release 2026.12.25 and the candidate 2026.12.26,
# which shipped, decision 0073, and joined it in the candidate 2026.12.27, decision 0074;
# the twenty-eighth scored release 2026.12.26 and the candidate 2026.12.27, which shipped,
# decision 0074, and joined it in the candidate 2026.12.28, decision 0075; the twenty-ninth
# scored release 2026.12.27 and the candidate 2026.12.28, which shipped, decision 0075, and
# joined it in the candidate 2026.12.29, decision 0076; the thirtieth scored release
# 2026.12.28 and the candidate 2026.12.29, which shipped, decision 0076, and joined it in the
# candidate 2026.12.30, decision 0077; the thirty-first scored release 2026.12.29 and the
# candidate 2026.12.30, which shipped, decision 0077, and joined it in the candidate
# 2026.12.31, decision 0078; the thirty-second scored release 2026.12.30 and the candidate
# 2026.12.31, which shipped, decision 0078, and joined it in the candidate 2026.12.32,
# decision 0079; the thirty-third scored release 2026.12.31 and the candidate 2026.12.32,
# which shipped, decision 0079, and joined it in the candidate 2026.12.33, decision 0080;
# the thirty-fourth scored release 2026.12.32 and the candidate 2026.12.33, which shipped,
# decision 0080, and joined it in the candidate 2026.12.34, decision 0082; the thirty-fifth
# scored release 2026.12.33 and the candidate 2026.12.34, which shipped, decision 0082, and
# joined it in the candidate 2026.12.35, decision 0083; the thirty-sixth scored release
# 2026.12.34 and the candidate 2026.12.35, which shipped, decision 0083, and joined it in
# the candidate 2026.12.36, decision 0084; the thirty-seventh scored release 2026.12.35
# and the candidate 2026.12.36, which shipped, decision 0084, and joined it in the
# candidate 2026.12.37, decision 0085; the thirty-eighth scored release 2026.12.36 and the
# candidate 2026.12.37, which was not shipped, decision 0085, and joined it when that
# candidate was made again, decision 0086; the thirty-ninth scored release 2026.12.36 and
# the candidate 2026.12.38, which shipped, decision 0086, and joined it in the candidate
# 2026.12.39, decision 0087; the fortieth scored release 2026.12.38 and the candidate
# 2026.12.39, which shipped, decision 0087, and joined it in the candidate 2026.12.40,
# decision 0088; the forty-first scored release 2026.12.39 and the candidate 2026.12.40,
# which shipped, decision 0088, and joined it in the candidate 2026.12.41, decision 0089;
# the forty-second scored release 2026.12.40 and the candidate 2026.12.41, which shipped,
# decision 0089, and joined it in the candidate 2026.12.42, decision 0090; the forty-third
# scored release 2026.12.41 and the candidate 2026.12.42, which shipped, decision 0090, and
# joined it in the candidate 2026.12.43, decision 0091; the forty-fourth scored release
# 2026.12.42 and the candidate 2026.12.43, which shipped, decision 0091, and joined it in
# the candidate 2026.12.44, decision 0092; the forty-fifth scored release 2026.12.43 and the
# candidate 2026.12.44, which was not shipped, decision 0092, and joined it in the candidate
# 2026.12.45, decision 0093).
# The old frozen test's peer floor is a tripwire for a collapse, not the incumbent's own
# figure: the peer share is judged on a fresh author (decision 0050). A scored split's floor
# sits one text below the release's figures: a text within 0.0001 of the peer threshold was
# offered in one run and not in another, and a floor at the figure itself failed on it
# (decision 0057).
FLOORS = {
    "old frozen test": {"urgent_recall": 0.98, "leaks": 0, "ordinary_peer": 0.30},
    # Release 2026.12.45 on the forty-sixth split, decision 0093: 261 of 270 urgent texts,
    # no crisis or concern text offered to a peer, 157 of 180 ordinary texts offered.
    "blind46": {"urgent_recall": 0.96, "leaks": 0, "ordinary_peer": 0.86},
}
# Retiring a split in corpus.RETIRED_BLIND adds it here: no code to change in this file.
TRAINING_DATA = ("corpus validation", "corpus test", *sorted(RETIRED_BLIND))


def _splits():
    corpus = split_corpus(load_corpus())
    return {
        "old frozen test": load_old_test(),
        "corpus validation": corpus.validation,
        "corpus test": corpus.test,
        # A fresh split is never scored here: it waits for the next release (decision 0044).
        **{d.name: load_blind(d) for d in blind_dirs() if d.name in LOOKED_AT_BLIND},
    }


def test_every_blind_split_looked_at_has_a_floor_or_is_training_data():
    """A split whose figures were read either keeps this release's floors (while it is
    never trained on) or has joined the training pool with its no-leak check."""
    found = {directory.name for directory in blind_dirs()}
    assert found >= LOOKED_AT_BLIND
    assert RETIRED_BLIND <= LOOKED_AT_BLIND
    assert set(FLOORS) >= LOOKED_AT_BLIND - RETIRED_BLIND


@pytest.fixture(scope="module")
def measured():
    return {name: figures(name, run_rows(rows, detect)[0]) for name, rows in _splits().items()}


@pytest.mark.corpus
@pytest.mark.parametrize("split", list(FLOORS))
def test_figures_do_not_fall_below_this_releases(measured, split):
    floor, got = FLOORS[split], measured[split]
    assert got.rows > 0
    assert got.urgent_recall.value >= floor["urgent_recall"]
    assert got.leaks <= floor["leaks"]
    assert got.ordinary_peer.value >= floor["ordinary_peer"]


@pytest.mark.corpus
@pytest.mark.parametrize("split", TRAINING_DATA)
def test_no_crisis_or_concern_text_the_model_was_trained_on_reaches_a_peer(measured, split):
    got = measured[split]
    assert got.rows > 0
    assert got.leaks == 0


# --- spellings and languages nobody listed word by word (2026-12-02) -------------------------


def _norms(text):
    from rangkul.safety.detection.loading import default_ruleset

    return default_ruleset().normaliser.tokenise(text).joined.split()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("pgn bnh dr", ["ingin", "bunuh", "diri"]),  # "dr" alone is "dari", not here
        ("mw gntng dr", ["mau", "gantung", "diri"]),
        ("td nylt tgn", ["tadi", "nyilet", "tangan"]),
        ("dr rmh", ["dari", "rumah"]),  # a known abbreviation keeps its meaning
        ("bunga mawar", ["bunga", "mawar"]),  # a word with vowels is never re-read
    ],
)
def test_vowel_less_words_are_read_by_their_consonant_skeleton(text, words):
    assert _norms(text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("q g4 kU4t", ["aku", "tidak", "kuat"]),  # alay "q", a letter and one leet digit
        ("p3n9en m4t1", ["ingin", "mati"]),  # 9 for g inside a word
        ("kls 9 d1 s3k0l4h", ["kelas", "9", "di", "sekolah"]),  # a bare number stays a number
        ("jam 19", ["jam", "19"]),
    ],
)
def test_alay_letters_and_digits_are_read_as_the_words_they_spell(text, words):
    assert _norms(text) == words


def test_a_hanging_written_in_alay_digits_is_urgent():
    text = "t4l1 r4f1a d1 9ud4n9 kU4t 9a y4 bw4t n9e9antun9 d1r1"
    assert detect(text, use_model=False).level is Level.URGENT
    # the same question about a rope for the washing is not
    assert detect("t4l1 r4f1a d1 9ud4n9 kU4t 9a y4 bw4t j3mUr4n", use_model=False).level is (
        Level.NONE
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # "gak ya" asks a question; it negates nothing
        ("tali jemuran di belakang kuat gak ya buat gantung diri", Level.URGENT),
        ("tali jemuran di belakang kuat gak ya buat jemur selimut", Level.NONE),
        ("aku beli tali rafia buat prakarya", Level.NONE),
        # a real negation still lowers
        ("aku gak akan gantung diri kok, tenang aja", Level.CONCERN),
    ],
)
def test_a_question_about_a_rope_holding_a_body_is_urgent(text, level):
    assert detect(text, use_model=False).level is level


def test_a_skeleton_two_keys_share_is_not_read():
    from rangkul.safety.detection.normalise import Normaliser

    normaliser = Normaliser({}, {}, skeleton_keys=["sakit", "sikat", "bunuh"])
    assert normaliser.tokenise("skt bnh").joined.split() == ["skt", "bunuh"]
    assert ("skt",) in normaliser.ambiguous_skeletons


@pytest.mark.parametrize(
    "text",
    [
        "gw pgn bnh dr aj",
        "mlm ini gw mw gntng dr",
        "td gw nylt tgn lg",
        "abdi hoyong maot wae",  # Sundanese
        "aku arep nglalu",  # Javanese
        "aku kepingin turu ora tangi maneh",
    ],
)
def test_vowel_dropped_and_local_language_crises_reach_the_rules(text):
    result = detect(text, use_model=False)
    assert result.level is Level.URGENT, result.matches


def test_a_skeleton_match_still_points_at_the_words_as_written():
    text = "gw pgn bnh dr aj"
    spans = {text[m.start : m.end] for m in detect(text, use_model=False).matches}
    assert any("bnh dr" in span for span in spans), spans


@pytest.mark.parametrize(
    "text",
    [
        "gw mw gntng bju d kmr",
        "dr rmh ke sklh bsk",
        "abdi hoyong sare wae",
        "aku arep turu wae, kesel",
        "bnh wktu sm nntn",
    ],
)
def test_everyday_vowel_dropped_and_local_language_text_stays_below_urgent(text):
    assert detect(text, use_model=False).level is not Level.URGENT


def test_the_model_reads_consonant_skeletons():
    from rangkul.safety.detection.learned import skeleton_text

    assert skeleton_text("ingin bunuh diri aku") == "ngn bnh dr k"
    assert skeleton_text("ia") == ""


def test_every_blind_directory_is_found_without_code_changes(tmp_path):
    from rangkul.safety.detection.corpus import blind_dirs

    row = '{"text": "x", "level": "none", "categories": [], "register": "formal"}\n'
    for name in ("blind", "blind2", "blind3", "blind10"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text("split\n")
        (tmp_path / name / "rows.jsonl").write_text(row)
    (tmp_path / "blind4").mkdir()  # no README and no rows: not a split
    assert [p.name for p in blind_dirs(tmp_path)] == ["blind", "blind2", "blind3", "blind10"]
