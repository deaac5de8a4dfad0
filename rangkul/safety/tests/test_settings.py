"""Safety settings: duty hours, the out-of-hours contact, the safeguarding lead and the
acknowledgement times; kept by the coordinator or the administrator."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.safety import services
from rangkul.safety.models import SafetySettings
from rangkul.safety.roster import settings_for


def save(school, by=None, **kw):
    values = {
        "around_the_clock": False,
        "duty_days": [0, 1, 2, 3, 4],
        "duty_start": time(7),
        "duty_end": time(15),
    }
    values.update(kw)
    return services.update_settings(by=by or school.koordinator, organisation=school.org, **values)


def test_an_organisation_without_settings_gets_the_defaults(school):
    defaults = settings_for(school.org)
    assert defaults._state.adding
    assert (defaults.ack_minutes_urgent, defaults.ack_minutes_concern) == (15, 240)
    assert defaults.duty_weekdays == frozenset({0, 1, 2, 3, 4})


def test_the_coordinator_names_the_contacts_and_it_is_audited(school):
    saved = save(school, out_of_hours_user=school.kepsek, safeguarding_lead=school.walikelas)
    assert (saved.out_of_hours_user, saved.safeguarding_lead) == (school.kepsek, school.walikelas)
    event = AuditEvent.objects.get(verb="safety.settings_changed")
    assert "out_of_hours_user" in event.data["fields"] and event.actor == school.koordinator
    save(school, by=school.admin, ack_minutes_urgent=10)
    assert SafetySettings.objects.get().ack_minutes_urgent == 10


@pytest.mark.parametrize(
    "change, field",
    [
        ({"duty_end": time(6)}, "duty_end"),
        ({"duty_days": []}, "duty_days"),
        ({"out_of_hours_phone": "telepon saya"}, "out_of_hours_phone"),
        ({"ack_minutes_urgent": 0}, "ack_minutes_urgent"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(school, change, field):
    with pytest.raises(ValidationError) as refused:
        save(school, **change)
    assert field in refused.value.message_dict
    assert not SafetySettings.objects.exists()


def test_a_student_or_another_schools_counselor_cannot_be_a_contact(school, other_school):
    for user in (school.siswa, other_school.konselor):
        with pytest.raises(ValidationError) as refused:
            save(school, safeguarding_lead=user)
        assert "safeguarding_lead" in refused.value.message_dict


def test_the_settings_page_saves_and_explains_in_indonesian(school, client: Client):
    client.force_login(school.koordinator)
    body = {
        "duty_days": ["0", "1", "2", "3", "4", "5"],
        "duty_start": "07:00",
        "duty_end": "06:00",
        "out_of_hours_user": str(school.kepsek.public_id),
        "safeguarding_lead": str(school.walikelas.public_id),
        "ack_minutes_urgent": "15",
        "ack_minutes_concern": "240",
    }
    refused = client.post("/safety/settings/", body, HTTP_ACCEPT_LANGUAGE="id")
    assert refused.status_code == 400
    assert "Jam piket harus berakhir setelah dimulai." in refused.content.decode()
    assert not SafetySettings.objects.exists()
    assert client.post("/safety/settings/", {**body, "duty_end": "14:00"}).status_code == 302
    saved = SafetySettings.objects.get()
    assert saved.duty_days == "012345" and saved.duty_end == time(14)


def test_counselors_read_the_settings_without_a_form(school, client: Client):
    save(school, out_of_hours_name="Pak Piket", out_of_hours_phone="0812 1111 2222")
    client.force_login(school.konselor)
    page = client.get("/safety/settings/").content.decode()
    assert 'data-testid="settings-summary"' in page and "0812 1111 2222" in page
    assert '<form method="post" novalidate>' not in page
