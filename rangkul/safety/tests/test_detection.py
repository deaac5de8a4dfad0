"""Behaviour of the crisis-language detector. Plain functions: no database, no Django."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest

from rangkul.safety.detection import (
    CATEGORIES,
    PHRASE_ERRORS,
    DetectionResult,
    Level,
    Phrase,
    PhraseDataError,
    detect,
    load_phrases,
    validate_phrase,
)
from rangkul.safety.detection.evaluate import load_split, score, sha256_of, split_path
from rangkul.safety.detection.loading import DATA_DIR, default_ruleset

# Recorded in rangkul/safety/detection/evaluation/FROZEN.md when the test split was frozen.
FROZEN_TEST_SHA256 = "6e61352a77cd900746ec83b2738c2f272217610ced95a5319fd4b4bbe9b495fa"


def level_of(text: str, **kwargs: object) -> Level:
    return detect(text, **kwargs).level  # type: ignore[arg-type]


# --- what must alarm -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "pgn bundir aja gue",
        "gw pengen m4ti, serius",
        "matiiii ajaaa akuuu",
        "aku gak mau hidup lagi",
        "udh ga pingin hidup lg",
        "kms fr",
        "i wanna die rn",
        "I just want to unalive myself",
        "aku mau minum racun tikus",
    ],
)
def test_it_flags_slang_suicidal_intent_as_urgent(text: str) -> None:
    result = detect(text)
    assert result.level is Level.URGENT
    assert "suicide" in result.categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("aku nyilet tangan lagi tadi malam", "self_harm"),
        ("gue udah sh lagi", "self_harm"),
        ("I cut myself again last night", "self_harm"),
        ("ayah mukulin aku pake ikat pinggang", "abuse"),
        ("om aku maksa aku buka baju", "abuse"),
        ("he hits me whenever he's drunk", "abuse"),
    ],
)
def test_it_flags_self_harm_and_abuse_as_urgent(text: str, category: str) -> None:
    result = detect(text)
    assert result.level is Level.URGENT
    assert category in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "capek hidup",
        "pengen ngilang aja",
        "kadang pengen tidur dan gak usah bangun lagi",
        "everyone would be better off without me",
    ],
)
def test_passive_death_wishes_are_urgent(text: str) -> None:
    # Clinically a positive screen (ASQ items 1-2): a counselor must see it the same day.
    result = detect(text)
    assert result.level is Level.URGENT
    assert result.categories == ("suicide",)


def test_better_dead_than_is_urgent() -> None:
    assert level_of("mending mati aja daripada hidup kayak gini") is Level.URGENT


# --- what must not alarm ---------------------------------------------------------------------


def test_figurative_mati_lampu_is_not_flagged() -> None:
    assert detect("mati lampu lagi, gak bisa ngerjain tugas").level is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "mati gaya banget di rumah",
        "hp gue mati pas zoom",
        "main game buat bunuh waktu",
        "semalaman bunuh nyamuk",
        "tolong gantung baju seragamku",
        "jemuran udah digantung",
        "pinjem silet buat rautan pensil",
        "besok olahraga loncat tali sama lompat jauh",
        "ketawa sampe mati liat video itu",
        "gue ngakak sampe mau mati",
        "mati aku, lupa PR matematika",
        "aku pengen mati lampu aja biar libur",
        "belajar mati-matian buat ujian",
        "masuk sekolah pukul 7 pagi",
        "kena racun shopee lagi",
        "aku jatuh cinta sama kakak kelas",
        "mama bisa bunuh aku kalau tau nilaiku",
        "gol bunuh diri di menit terakhir",
        "she's killing it in the debate club",
        "I was dying of laughter",
        "this homework is killing me",
        "I'd kill for a coffee right now",
        "my brother always beats me at chess",
        "we learned about suicide prevention today",
    ],
)
def test_figurative_and_everyday_uses_are_not_flagged(text: str) -> None:
    result = detect(text)
    assert result.level is Level.NONE, result.matches


# --- context: negation, tense, friends ---------------------------------------------------------


def test_negated_intent_is_concern_not_urgent() -> None:
    result = detect("aku gak pengen mati kok, cuma capek aja")
    assert result.level is Level.CONCERN
    assert result.matches[0].modifier == "negated"
    assert level_of("I'm not going to hurt myself, I just need to talk") is Level.CONCERN


def test_negation_inside_a_pattern_gap_still_counts() -> None:
    # "@me ~2 dipukul*" would otherwise read "aku nggak pernah dipukul" as a disclosure.
    assert level_of("aku nggak pernah dipukul orang tua") is not Level.URGENT


def test_a_gap_never_crosses_a_sentence_end_unless_the_pattern_writes_one() -> None:
    across = Phrase("kabur ~3 minggat", "suicide", Level.URGENT, "id", "org.gap")
    assert level_of("aku kabur. minggat", extra_phrases=[across], use_model=False) is Level.NONE
    assert level_of("aku kabur minggat", extra_phrases=[across], use_model=False) is Level.URGENT
    marked = Phrase("kabur #? ~3 minggat", "suicide", Level.URGENT, "id", "org.mark")
    assert level_of("aku kabur. minggat", extra_phrases=[marked], use_model=False) is Level.URGENT
    assert level_of("aku kabur minggat", extra_phrases=[marked], use_model=False) is Level.URGENT


def test_negation_written_into_a_phrase_is_not_a_denial() -> None:
    assert level_of("gue gak mau hidup lagi") is Level.URGENT


def test_negated_concern_falls_to_none() -> None:
    assert level_of("jangan putus asa, semangat ujiannya!") is Level.NONE


def test_past_attempt_is_concern_in_suicide_category() -> None:
    result = detect("dulu aku pernah coba bunuh diri")
    assert result.level is Level.CONCERN
    assert result.categories == ("suicide",)
    assert any(m.modifier == "past" for m in result.matches)
    assert level_of("I tried to kill myself when I was 13") is Level.CONCERN


def test_present_marker_keeps_the_past_from_lowering_the_level() -> None:
    assert level_of("dulu aku kuat tapi sekarang pengen mati") is Level.URGENT


def test_recent_attempt_stays_urgent() -> None:
    assert level_of("semalam aku nyoba bunuh diri") is Level.URGENT


def test_report_about_a_friend_adds_friend_at_risk() -> None:
    result = detect("temenku bilang dia mau loncat dari jembatan nanti")
    assert result.level is Level.URGENT
    assert result.categories == ("friend_at_risk", "suicide")
    english = detect("my friend said she wants to kill herself after school")
    assert english.categories == ("friend_at_risk", "suicide")


def test_writer_as_subject_is_not_a_friend_report() -> None:
    result = detect("aku gak punya temen, pengen mati aja")
    assert result.level is Level.URGENT
    assert "friend_at_risk" not in result.categories


def test_worry_about_a_friend_is_concern() -> None:
    result = detect("aku khawatir sama temenku")
    assert result.level is Level.CONCERN
    assert result.categories == ("friend_at_risk",)


# --- spans -------------------------------------------------------------------------------------


def test_spans_point_into_original_text() -> None:
    text = "  Kak 🙏 aku CAPEEEK banget... PENGEN MATIIII aja rasanya 😭, beneran."
    result = detect(text)
    assert result.level is Level.URGENT
    for match in result.matches:
        assert text[match.start : match.end] == match.text
    assert any(m.text == "PENGEN MATIIII" for m in result.matches)


def test_spans_survive_characters_that_change_length_when_lowercased() -> None:
    # "İ".lower() is two characters; spans must still index the text as given.
    text = "İstanbul. aku pengen mati"
    match = detect(text).matches[0]
    assert text[match.start : match.end] == "pengen mati"


def test_spans_of_slang_point_at_the_written_word() -> None:
    text = "gw pgn bundir"
    match = detect(text).matches[0]
    assert text[match.start : match.end].endswith("pgn bundir")


# --- organisation phrases ------------------------------------------------------------------------


def test_org_phrase_only_raises_level() -> None:
    lowering = Phrase("pengen mati", "suicide", Level.CONCERN, "id", "org.lower")
    assert level_of("aku pengen mati", extra_phrases=[lowering]) is Level.URGENT

    as_negative = Phrase("mati lampu", "suicide", Level.NONE, "id", "org.none")
    assert level_of("aku pengen mati", extra_phrases=[as_negative]) is Level.URGENT

    raising = Phrase("kepengen minggat", "suicide", Level.URGENT, "id", "org.raise")
    result = detect("aku kepengen minggat jauh", extra_phrases=[raising])
    assert result.level is Level.URGENT
    assert any(m.phrase_id == "org.raise" for m in result.matches)


def test_org_phrase_is_not_talked_down_by_negation() -> None:
    phrase = Phrase("ora kuat urip", "suicide", Level.URGENT, "jv", "org.jv.urip")
    assert level_of("aku wis ora kuat urip", extra_phrases=[phrase]) is Level.URGENT


def test_org_phrase_for_a_local_language_needs_no_code() -> None:
    # Balinese "ngulah pati" (to take one's own life); no shipped file is Balinese.
    ngulah = Phrase("ngulah pati", "suicide", Level.URGENT, "ban", "org.ban.ngulah_pati")
    assert detect("tiang lakar ngulah pati").rules_level is Level.NONE
    assert level_of("tiang lakar ngulah pati", extra_phrases=[ngulah]) is Level.URGENT


def test_broken_org_phrase_is_skipped_not_fatal() -> None:
    broken = Phrase("(pengen", "suicide", Level.URGENT, "id", "org.broken")
    assert level_of("aku pengen mati", extra_phrases=[broken]) is Level.URGENT


def test_ruleset_version_records_org_phrases() -> None:
    plain = detect("halo")
    with_org = detect("halo", extra_phrases=[Phrase("ngendat", "suicide", Level.URGENT, "jv", "x")])
    assert plain.ruleset_version.startswith("en@")
    assert "id@" in plain.ruleset_version and "normalise@" in plain.ruleset_version
    assert with_org.ruleset_version.startswith(plain.ruleset_version + "+org@")


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("sh", "too_short"),
        ("mati", "too_broad"),
        ("kill", "too_broad"),
        ("aku gue", "too_broad"),
        ("bun*", "too_broad"),
        ("b*", "too_short"),
        ("(pengen mati", "syntax"),
        ("pengen ~20 mati", "syntax"),
        ("@nosuchgroup mati", "syntax"),
    ],
)
def test_validate_phrase_rejects_unusable_phrases(pattern: str, error: str) -> None:
    assert validate_phrase(pattern) == error
    assert error in PHRASE_ERRORS


@pytest.mark.parametrize("pattern", ["ngendat", "pengen mati", "(arep|pengin) ngendat", "nyilet*"])
def test_validate_phrase_accepts_specific_phrases(pattern: str) -> None:
    assert validate_phrase(pattern) is None


def test_validate_phrase_checks_the_whole_phrase() -> None:
    assert validate_phrase(Phrase("ngendat", "suicid", Level.URGENT, "jv", "x")) == (
        "unknown_category"
    )
    assert validate_phrase(Phrase("ngendat", "suicide", Level.NONE, "jv", "x")) == "invalid_level"
    assert validate_phrase(Phrase("ngendat", "suicide", Level.URGENT, "Java", "x")) == (
        "invalid_lang"
    )
    assert validate_phrase(Phrase("ngendat", "suicide", Level.URGENT, "jv", "x", regex=True)) == (
        "regex_not_allowed"
    )


# --- the data files ------------------------------------------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_malformed_phrase_file_fails_loudly_naming_the_file(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    id_file = data / "id.yaml"
    id_file.write_text(
        id_file.read_text(encoding="utf-8").replace("category: suicide", "category: suicid", 1),
        encoding="utf-8",
    )
    with pytest.raises(PhraseDataError, match=r"^id\.yaml: phrases\[0\].*'suicid'"):
        load_phrases(data)


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (lambda s: s.replace('version: "2026', 'versio: "2026', 1), "unknown key"),
        (lambda s: re.sub(r'version: "[0-9.]+"', "version: 3", s, count=1), "version"),
        (lambda s: s.replace('"@want @adv? @adv? @die"', '"@want (@die"', 1), "missing"),
        (lambda s: s + "\nphrases: [\n", "not valid YAML"),
        (lambda s: s.replace("level: urgent", "level: none", 1), "concern or urgent"),
    ],
)
def test_each_kind_of_data_error_names_the_file(tmp_path: Path, mutation, message: str) -> None:
    data = _copy_data(tmp_path)
    id_file = data / "id.yaml"
    id_file.write_text(mutation(id_file.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PhraseDataError) as raised:
        load_phrases(data)
    assert str(raised.value).startswith("id.yaml: ")
    assert message in str(raised.value)


def test_duplicate_phrase_ids_are_rejected(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    en_file = data / "en.yaml"
    en_file.write_text(
        en_file.read_text(encoding="utf-8").replace(
            "id: en.suicide.mention", "id: id.suicide.mention", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(PhraseDataError, match=r"used twice"):
        load_phrases(data)


def test_regex_phrase_with_repeated_letters_is_rejected(tmp_path: Path) -> None:
    # Regexes run on normalised text, where "pills" is "pils": "ll" could never match.
    data = _copy_data(tmp_path)
    en_file = data / "en.yaml"
    en_file.write_text(
        en_file.read_text(encoding="utf-8").replace("(pils|pil|", "(pills|pil|", 1),
        encoding="utf-8",
    )
    with pytest.raises(PhraseDataError, match=r"^en\.yaml: .*'ll'"):
        load_phrases(data)


def test_an_exclusion_regex_is_checked_like_a_phrase_regex(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    id_file = data / "id.yaml"
    source = id_file.read_text(encoding="utf-8")
    id_file.write_text(source.replace("(lampu|matian|gaya|", "(lampu|mattian|gaya|", 1))
    with pytest.raises(
        PhraseDataError, match=r"^id\.yaml: exclude\[\d+\] \(id\.not\.taken_back\).*'tt'"
    ):
        load_phrases(data)
    both = source.replace(
        "  - id: id.not.taken_back\n",
        '  - id: id.not.taken_back\n    patterns: ["mati lampu"]\n',
        1,
    )
    id_file.write_text(both)
    with pytest.raises(PhraseDataError, match=r"regex or patterns, not both"):
        load_phrases(data)


def test_an_exclusion_regex_reads_across_a_sentence_break() -> None:
    """The wish is taken back in the next sentence; a pattern could not see both."""
    taken_back = detect("aku pengen mati. mati lampu maksudnya, jadi gak bisa belajar")
    assert taken_back.rules_level is Level.NONE
    meant = detect("aku pengen mati. lampu kamar udah aku matiin")
    assert meant.level is Level.URGENT


@pytest.mark.parametrize(
    ("mutation", "section", "message"),
    [
        (lambda s: s.replace('"🪢": "tali"', '"x": "tali"', 1), "symbols", "emoji or symbol"),
        (lambda s: s.replace('"🪢": "tali"', '"🪢": "Tali!"', 1), "symbols", "lower-case words"),
        # Only a doubled letter makes a written form differ from its collapsed one; any
        # other word belongs in the slang table.
        (lambda s: s.replace('"ssh": "susah"', '"sh": "susah"', 1), "as_written", "doubled"),
        (lambda s: s.replace('"ssh": "susah"', '"ssh": "Susah!"', 1), "as_written", "lower-case"),
        # A respelling takes letters (and "$" for the end of a word) to other letters.
        (lambda s: s.replace('"oe": "u"', '"o e": "u"', 1), "respell", "lower-case letters"),
        (lambda s: s.replace('"oe": "u"', '"oe": "oe"', 1), "respell", "themselves"),
        # A regional pronoun is one word read as one word, in a text with a sign named.
        (lambda s: s.replace('read_as: "aku"', 'read_as: "aku saya"', 1), "regional_self", "one"),
        (lambda s: s.replace('read_as: "aku"', 'reads_as: "aku"', 1), "regional_self", "needs"),
        (lambda s: s.replace('when: ["ngana"', 'when: ["Ngana!"', 1), "regional_self", "when"),
        (lambda s: s.replace("vowel_less: 3", "vowel_less: many", 1), "regional_self", "whole"),
        # A lisp replaces one letter with one letter, needs two words, and names one of them.
        (lambda s: s.replace('{"l": "r", "c": "s"}', '{"l": "rr"}', 1), "lisp", "one lower"),
        (lambda s: s.replace("min_words: 2", "min_words: 0", 1), "lisp", "above zero"),
        (lambda s: s.replace('needs: "c"', 'needs: "x"', 1), "lisp", "one of the letters"),
        (lambda s: s.replace("min_words: 2", "min_word: 2", 1), "lisp", "exactly"),
        # A rival of a shortened word is one word, as the shortening is.
        (lambda s: s.replace('"ditunjuk",', '"di tunjuk",', 1), "restore_rivals", "one lower"),
        (lambda s: s.replace('"ditunjuk",', '"Ditunjuk",', 1), "restore_rivals", "lower-case"),
    ],
)
def test_a_normaliser_table_entry_of_the_wrong_form_is_rejected(
    tmp_path: Path, mutation, section: str, message: str
) -> None:
    data = _copy_data(tmp_path)
    normalise = data / "normalise.yaml"
    normalise.write_text(mutation(normalise.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PhraseDataError, match=rf"^normalise\.yaml: {section}.*{message}"):
        load_phrases(data)


def test_missing_normalise_file_fails_loudly(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "normalise.yaml").unlink()
    with pytest.raises(PhraseDataError, match=r"^normalise\.yaml: missing"):
        load_phrases(data)


def test_a_new_local_language_file_runs_without_code(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "jv.yaml").write_text(
        'version: "2026.11.28"\n'
        "lang: jv\n"
        "phrases:\n"
        "  - id: jv.suicide.ngendat\n"
        "    category: suicide\n"
        "    level: urgent\n"
        '    pattern: "(arep|pengin|kepengin) ngendat"\n',
        encoding="utf-8",
    )
    rules = load_phrases(data)
    result = detect("aku pengin ngendat wae", ruleset=rules)
    assert result.level is Level.URGENT
    assert "jv@2026.11.28" in result.ruleset_version


def test_shipped_data_is_parsed_once_per_process() -> None:
    assert default_ruleset() is default_ruleset()


# --- the result and its helpers -----------------------------------------------------------------


def test_result_to_dict_is_json_for_the_api() -> None:
    result = detect("temenku bilang dia mau bunuh diri")
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["level"] == "urgent"
    assert payload["categories"] == ["friend_at_risk", "suicide"]
    assert payload["lang"] == "id"
    assert {"start", "end", "text", "category", "level", "phrase_id"} <= set(payload["matches"][0])


def test_result_is_frozen() -> None:
    result = detect("halo")
    with pytest.raises(AttributeError):
        result.level = Level.URGENT  # type: ignore[misc]
    assert isinstance(result, DetectionResult)


def test_empty_and_plain_text_are_not_flagged() -> None:
    assert detect("").level is Level.NONE
    assert detect("Saya ingin konsultasi tentang pilihan kuliah").level is Level.NONE


def test_crisis_sentence_at_the_end_of_a_long_text_is_found() -> None:
    essay = "Hari ini aku ke sekolah, belajar, lalu pulang dan makan malam. " * 500
    assert len(essay) > 30_000
    assert detect(essay + " Aku pengen mati.").level is Level.URGENT


def test_levels_order_by_severity() -> None:
    assert Level.NONE < Level.CONCERN < Level.URGENT
    assert Level.URGENT >= "concern"
    assert Level.highest([Level.CONCERN, "urgent", Level.NONE]) is Level.URGENT
    assert Level.highest([]) is Level.NONE
    assert Level.URGENT.lowered() is Level.CONCERN
    assert Level.NONE.lowered() is Level.NONE
    assert [value for value, _ in Level.choices()] == ["none", "concern", "urgent"]
    assert CATEGORIES[:4] == ("suicide", "self_harm", "abuse", "friend_at_risk")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("aku capek banget sama sekolah", "id"),
        ("I am so tired of school today", "en"),
        ("aku literally want to die, capek bgt", "mixed"),
        ("", "und"),
    ],
)
def test_language_is_guessed_from_stopwords(text: str, lang: str) -> None:
    assert detect(text).lang == lang


def test_given_language_does_not_hide_another_language_in_the_text() -> None:
    result = detect("aku literally want to die", lang="id")
    assert result.lang == "id"
    assert result.level is Level.URGENT


# --- the labelled evaluation set -------------------------------------------------------------


def test_frozen_test_set_hash_is_unchanged() -> None:
    assert sha256_of(split_path("test")) == FROZEN_TEST_SHA256


def test_test_split_meets_the_urgent_targets() -> None:
    # Targets: urgent recall >= 0.95, at most 5% of ordinary text flagged urgent. Measured
    # 2026-11-28: recall 1.000, 1 of 103 ordinary sentences (1.0%) flagged urgent.
    report = score("test", load_split("test"), detect)
    assert report.urgent_recall >= 0.95
    assert report.none_urgent_rate <= 0.05


def test_dev_split_regression_floor() -> None:
    # The split the phrases are tuned on; a drop means a phrase edit broke something, so the
    # rules alone are held to it.
    rows = load_split("dev")
    rules = score("dev", rows, functools.partial(detect, use_model=False))
    assert rules.urgent_recall >= 0.98
    assert rules.none_urgent_rate <= 0.01
    assert rules.flagged.recall >= 0.98
    # With the model the same split is a tripwire for a collapse: the model may raise a few
    # ordinary texts to urgent (3 of 176 for release 2026.12.41, 1 for 2026.12.40, all from
    # the model alone; decision 0089); fresh authors judge it (bench/safety_eval.py).
    combined = score("dev", rows, detect)
    assert combined.urgent_recall >= 0.98
    assert combined.none_urgent_rate <= 0.02
    assert combined.flagged.recall >= 0.98


def test_evaluation_rows_are_well_formed() -> None:
    for name in ("dev", "test"):
        examples = load_split(name)
        assert len({e.id for e in examples}) == len(examples)
        for example in examples:
            assert bool(example.categories) == (example.level is not Level.NONE), example.id
    assert len(load_split("dev")) + len(load_split("test")) >= 400
