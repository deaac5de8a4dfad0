"""An organisation's own phrases: they raise a level, never lower it; a broad or unreadable
phrase is refused with a clear message; the list is cached and refreshed on change."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from rangkul.audit.models import AuditEvent
from rangkul.safety import services
from rangkul.safety.detection import PHRASE_ERRORS
from rangkul.safety.models import Alert, OrganisationPhrase
from rangkul.safety.phrases import PHRASE_ERROR_MESSAGES

JAVANESE = "aku wis ora betah urip"  # "I can't stand living any more": not in the shipped lists


def add(school, pattern, level="urgent", category="suicide", lang="jv"):
    return services.add_phrase(
        by=school.koordinator,
        organisation=school.org,
        pattern=pattern,
        category=category,
        level=level,
        lang=lang,
    )


def level(school, text):
    return services.check_text(text, organisation=school.org).level.value


def rules_level(school, text):
    """What the phrase lists alone say (the learned model may already doubt the text)."""
    return services.check_text(text, organisation=school.org).rules_level.value


def test_an_organisation_phrase_flags_what_the_shipped_lists_miss(school, other_school):
    assert rules_level(school, JAVANESE) == "none"
    phrase = add(school, "ora betah urip")
    result = services.check_text(JAVANESE, organisation=school.org)
    assert result.level == "urgent" and result.categories == ("suicide",)
    assert [m.phrase_id for m in result.matches] == [f"org.{phrase.pk}"]
    # another school's phrase does not apply
    assert rules_level(other_school, JAVANESE) == "none"
    assert AuditEvent.objects.filter(verb="safety.phrase_added", object_id=str(phrase.pk)).exists()


def test_it_raises_a_concern_to_urgent_and_never_lowers(school):
    lonely = "aku gak punya temen sama sekali"
    assert level(school, lonely) == "concern"
    add(school, "gak punya temen sama sekali", category="suicide", lang="id")
    assert level(school, lonely) == "urgent"
    add(school, "pengen mati", level="concern", lang="id")
    assert level(school, "aku pengen mati aja") == "urgent"


def test_a_switched_off_phrase_stops_at_once(school):
    phrase = add(school, "ora betah urip")
    assert level(school, JAVANESE) == "urgent"
    services.deactivate_phrase(by=school.koordinator, phrase=phrase)
    assert rules_level(school, JAVANESE) == "none"
    assert AuditEvent.objects.filter(verb="safety.phrase_deactivated").count() == 1


def test_the_phrase_list_is_cached_between_checks(school, django_assert_num_queries):
    add(school, "ora betah urip")
    level(school, JAVANESE)
    with django_assert_num_queries(0):
        assert level(school, JAVANESE) == "urgent"


@pytest.mark.parametrize(
    "pattern, key",
    [("mati", "too_broad"), ("aku", "too_broad"), ("(aku", "syntax"), ("a", "too_short")],
)
def test_a_broad_or_unreadable_phrase_is_refused_and_nothing_changes(school, pattern, key):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        add(school, pattern)
    assert refused.value.message_dict["pattern"] == [str(PHRASE_ERROR_MESSAGES[key])]
    assert not OrganisationPhrase.objects.exists()


def test_the_page_refuses_a_broad_phrase_in_indonesian(school, client: Client):
    client.force_login(school.koordinator)
    page = client.post(
        "/safety/phrases/",
        {"pattern": "mati", "category": "suicide", "level": "urgent", "lang": "id"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert page.status_code == 400
    assert "Frasa ini akan cocok dengan percakapan sehari-hari" in page.content.decode()
    assert not OrganisationPhrase.objects.exists()


def test_a_duplicate_and_a_bad_language_code_are_refused(school):
    add(school, "ora betah urip")
    with pytest.raises(ValidationError) as twice:
        add(school, "Ora  betah urip")
    assert "pattern" in twice.value.message_dict
    with pytest.raises(ValidationError) as lang:
        add(school, "pengen modar", lang="J4")
    assert "lang" in lang.value.message_dict


def test_every_validator_answer_has_an_indonesian_message():
    assert set(PHRASE_ERROR_MESSAGES) == set(PHRASE_ERRORS)
    with translation.override("id"):
        for key, message in PHRASE_ERROR_MESSAGES.items():
            assert str(message) != PHRASE_ERRORS[key], key


def test_the_coordinator_adds_and_switches_off_on_the_page(school, client: Client):
    client.force_login(school.koordinator)
    added = client.post(
        "/safety/phrases/",
        {"pattern": "ora betah urip", "category": "suicide", "level": "urgent", "lang": "jv"},
    )
    assert added.status_code == 302
    phrase = OrganisationPhrase.objects.get()
    assert "ora betah urip" in client.get("/safety/phrases/").content.decode()
    assert client.post(f"/safety/phrases/{phrase.pk}/deactivate/").status_code == 302
    phrase.refresh_from_db()
    assert phrase.active is False


def test_the_check_api_uses_the_callers_organisation_and_stores_nothing(school, client: Client):
    add(school, "ora betah urip")
    client.force_login(school.konselor)
    answer = client.post(
        "/api/v1/safety/check", {"text": JAVANESE}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["level"] == "urgent" and "+org@" in answer.json()["ruleset_version"]
    assert not Alert.objects.exists()


def test_a_students_request_in_local_language_raises_the_alert(school):
    from rangkul.cases import services as cases

    add(school, "ora betah urip")
    request = cases.submit_request(
        by=school.siswa,
        organisation=school.org,
        text=JAVANESE,
        domain="personal",
        urgency="medium",
        helper_choice="either",
    )
    assert request.safety_level == "urgent"
    assert Alert.objects.get(request=request).severity == "urgent"
