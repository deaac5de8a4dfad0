"""Crisis resources are data: national defaults plus each organisation's local numbers,
those open at any hour first; the coordinator keeps the local ones."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from rangkul.audit.models import AuditEvent
from rangkul.safety import services
from rangkul.safety.models import CrisisResource
from rangkul.safety.resources import crisis_resources, national_resources


def local_resource(org, **kw):
    values = {
        "name": "Puskesmas Sukajadi",
        "contact": "022 111 222",
        "link": "tel:022111222",
        "serves": "Psikolog puskesmas",
        "hours": "Senin–Jumat 08.00–14.00",
        "last_verified": date(2026, 11, 1),
    }
    values.update(kw)
    return CrisisResource.objects.create(organisation=org, **values)


def test_national_resources_come_with_a_verified_date():
    codes = [r.code for r in national_resources()]
    assert codes[:1] == ["emergency_112"] and "sapa_129" in codes
    assert all(r.last_verified for r in national_resources())


def test_local_numbers_join_the_national_ones_for_their_own_school_only(school, other_school):
    local_resource(school.org)
    local_resource(school.org, name="Lama", active=False)
    local_resource(school.org, name="UPTD PPA", contact="0800 24 jam", always_open=True)
    names = [r.localised("name") for r in crisis_resources(school.org)]
    # Open at any hour first (112, then the local 24-hour line), then the rest.
    assert names[:2] == ["Panggilan darurat 112", "UPTD PPA"]
    assert names[-1] == "Puskesmas Sukajadi" and "Lama" not in names
    assert len(crisis_resources(other_school.org)) == len(national_resources())
    assert len(crisis_resources(None)) == len(national_resources())


def test_the_template_tag_takes_the_organisation_explicitly(school):
    local_resource(school.org)
    template = Template(
        '{% include "safety/_crisis_resources.html" with safety_organisation=org %}'
    )
    with translation.override("id"):
        html = template.render(Context({"org": school.org, "current_organisation": None}))
    assert "Puskesmas Sukajadi" in html and "tel:022111222" in html and "112" in html


def test_the_coordinator_adds_and_changes_a_local_number(school, client: Client):
    client.force_login(school.koordinator)
    body = {
        "name": "Puskesmas Sukajadi",
        "contact": "022 111 222",
        "link": "tel:022111222",
        "serves": "Psikolog",
        "hours": "Senin–Jumat",
        "last_verified": "2026-11-01",
        "active": "on",
    }
    assert client.post("/safety/resources/", body).status_code == 302
    item = CrisisResource.objects.get()
    assert (
        client.post(f"/safety/resources/{item.pk}/", {**body, "contact": "022 999"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.contact == "022 999" and item.updated_by == school.koordinator
    verbs = set(AuditEvent.objects.filter(object_id=str(item.pk)).values_list("verb", flat=True))
    assert verbs == {"safety.resource_added", "safety.resource_changed"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"link": "javascript:alert(1)"}, "link"),
        # Only what the message names: an http:// page can be altered on the way.
        ({"link": "http://layanan.example/bantuan"}, "link"),
        ({"last_verified": date(2099, 1, 1)}, "last_verified"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(school, change, field):
    values = {
        "name": "Puskesmas",
        "contact": "022",
        "serves": "Psikolog",
        "hours": "Senin",
        "last_verified": date(2026, 11, 1),
    }
    values.update(change)
    with pytest.raises(ValidationError) as refused:
        services.save_crisis_resource(by=school.koordinator, organisation=school.org, **values)
    assert field in refused.value.message_dict
    assert not CrisisResource.objects.exists()


def test_a_refused_link_gets_an_indonesian_message_on_the_page(school, client: Client):
    client.force_login(school.koordinator)
    page = client.post(
        "/safety/resources/",
        {
            "name": "Puskesmas",
            "contact": "022",
            "link": "javascript:alert(1)",
            "serves": "Psikolog",
            "hours": "Senin",
            "last_verified": "2026-11-01",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert page.status_code == 400
    assert "Tautan diawali dengan tel:, sms:, https:// atau mailto:." in page.content.decode()


def test_the_screening_crisis_answer_lists_local_numbers_too(school):
    local_resource(school.org)
    assert any(r.localised("name") == "Puskesmas Sukajadi" for r in crisis_resources(school.org))
