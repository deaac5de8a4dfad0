"""Encryption at rest: what people confide never sits in the database as plain text, every
configured key reads it, and `rotate_keys` moves every row to the newest key."""

import json
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from rangkul.audit.models import AuditEvent
from rangkul.cases import services
from rangkul.cases.models import Message, Note, SupportRequest
from rangkul.cases.tests.conftest import ask, counseling_case  # noqa: F401
from rangkul.lib import crypto
from rangkul.safety.models import Alert
from rangkul.screenings.models import ScreeningResponse

SECRET = "Aku takut pulang karena ayah tiriku memukulku setiap malam"
MESSAGE = "Kak, nomor rahasia kamarku 7421"
NOTE = "Catatan sesi: konflik orang tua, rencana tiga sesi"


def raw(table: str, column: str, pk: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return str(cursor.fetchone()[0])


@pytest.fixture
def confided(school: Any, counseling_case: Any) -> dict[str, Any]:  # noqa: F811
    request = ask(school, text=SECRET)
    message = services.send_message(by=school.siswa, case=counseling_case, text=MESSAGE)
    note = services.add_note(by=school.konselor, case=counseling_case, text=NOTE)
    return {"request": request, "message": message, "note": note}


def test_rows_hold_no_plain_text_and_read_back(confided: dict[str, Any]) -> None:
    request, message, note = confided["request"], confided["message"], confided["note"]
    stored = raw("cases_supportrequest", "text", request.pk)
    assert SECRET not in stored and "memukul" not in stored
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert MESSAGE not in raw("cases_message", "text", message.pk)
    assert NOTE not in raw("cases_note", "text", note.pk)
    assert SupportRequest.objects.get(pk=request.pk).text == SECRET
    assert Message.objects.get(pk=message.pk).text == MESSAGE
    assert Note.objects.get(pk=note.pk).text == NOTE


def test_alert_evidence_is_encrypted(confided: dict[str, Any]) -> None:
    alert = Alert.objects.filter(request=confided["request"]).get()
    stored = raw("safety_alert", "evidence", alert.pk)
    # Quoted keys: a quote never occurs in a token's base64, so only plain JSON can match.
    assert '"spans"' not in stored and '"categories"' not in stored
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert alert.categories  # read back through the field
    assert alert.evidence["spans"]


def test_screening_answers_are_encrypted(school: Any) -> None:
    from rangkul.screenings.tests.factories import launch

    campaign = launch(school)
    response = ScreeningResponse.objects.create(
        organisation=school.org,
        campaign=campaign,
        person=school.siswa_person,
        status="draft",
        answers={"q1": 2, "cerita": "aku sering menangis sendirian"},
    )
    stored = raw("screenings_screeningresponse", "answers", response.pk)
    # A short key such as q1 can occur by chance inside base64; its quoted JSON form cannot.
    assert "menangis" not in stored and '"q1"' not in stored
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert ScreeningResponse.objects.get(pk=response.pk).answers["cerita"] == (
        "aku sering menangis sendirian"
    )


def test_no_plain_text_in_the_audit_trail(confided: dict[str, Any]) -> None:
    trail = json.dumps(list(AuditEvent.objects.values("verb", "data")), default=str)
    for text in (SECRET, MESSAGE, NOTE):
        assert text not in trail


def test_the_same_request_twice_is_still_folded(school: Any) -> None:
    first = ask(school, text="Aku capek sama tugas sekolah yang numpuk")
    again = ask(school, text="Aku capek sama tugas sekolah yang numpuk")
    other = ask(school, text="Aku capek sama tugas sekolah yang banyak")
    assert again.pk == first.pk
    assert other.pk != first.pk


def test_encrypted_columns_cannot_be_filtered(db: Any) -> None:
    with pytest.raises(TypeError):
        list(SupportRequest.objects.filter(text="x"))


def test_rotation_keeps_rows_readable(confided: dict[str, Any], settings: Any) -> None:
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    fresh = Fernet.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [fresh, *old]
    # Before rotation: old rows read with the old key, new rows use the new one.
    request = SupportRequest.objects.get(pk=confided["request"].pk)
    assert request.text == SECRET
    assert not crypto.is_current(raw("cases_supportrequest", "text", request.pk))
    # The duplicate of a request made under the old key is still found.
    school_request = confided["request"]
    assert ask_again(school_request).pk == school_request.pk

    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "cases.SupportRequest" in out.getvalue()
    assert crypto.is_current(raw("cases_supportrequest", "text", request.pk))
    assert crypto.is_current(raw("cases_note", "text", confided["note"].pk))

    # Now the old key can go: everything still reads with the new key alone.
    settings.FIELD_ENCRYPTION_KEYS = [fresh]
    assert SupportRequest.objects.get(pk=request.pk).text == SECRET
    assert Note.objects.get(pk=confided["note"].pk).text == NOTE
    assert Message.objects.get(pk=confided["message"].pk).text == MESSAGE
    assert Alert.objects.filter(request=request).get().evidence["spans"]
    assert SupportRequest.objects.get(pk=request.pk).text_digest == crypto.digest(SECRET)


def ask_again(request: SupportRequest) -> SupportRequest:
    return services.submit_request(
        by=request.created_by,
        organisation=request.organisation,
        text=request.text,
        domain=request.domain,
        urgency=request.urgency,
        helper_choice=request.helper_choice,
    )


def test_a_removed_key_fails_loudly(confided: dict[str, Any], settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key()]
    with pytest.raises(crypto.DecryptionError):
        SupportRequest.objects.get(pk=confided["request"].pk)


def test_new_key_command_prints_a_usable_key() -> None:
    out = StringIO()
    call_command("rotate_keys", "--new-key", stdout=out)
    Fernet(out.getvalue().strip().encode())
