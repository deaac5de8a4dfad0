"""Switching instruments on, band schemes, the organisation's validated wording and its
own questionnaires."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.screenings import catalogue, queries, services
from rangkul.screenings.engine import get_instrument
from rangkul.screenings.engine.loader import EXAMPLES_DIR
from rangkul.screenings.models import ScreeningResponse, WordingSource
from rangkul.screenings.tests.factories import assignment_of, complete_answers, enable, launch


def _available(org, code):
    return next(a for a in queries.available_instruments(org.id) if a.code == code)


def test_unofficial_instruments_start_switched_off(school):
    assert not _available(school.org, "phq9").enabled
    with pytest.raises(ValidationError):
        services.create_campaign(
            by=school.konselor,
            organisation=school.org,
            instrument="phq9",
            opens_on=school.org.today(),
            closes_on=school.org.today(),
            cohort=school.cohort,
        )


def test_the_coordinator_switches_an_instrument_on_and_it_is_audited(school):
    services.configure_instrument(
        by=school.koordinator, organisation=school.org, code="phq9", enabled=True
    )
    assert _available(school.org, "phq9").enabled
    event = AuditEvent.objects.get(verb="screening.instrument_configured")
    assert event.actor == school.koordinator and event.data == {
        "instrument": "phq9",
        "enabled": True,
    }
    for user in (school.konselor, school.admin, school.kepsek):
        with pytest.raises(PermissionDenied):
            services.configure_instrument(
                by=user, organisation=school.org, code="phq9", enabled=False
            )


def test_k10_band_scheme_is_the_organisations_choice(school):
    services.configure_instrument(
        by=school.koordinator,
        organisation=school.org,
        code="k10",
        enabled=True,
        band_scheme="clinical_severity",
    )
    campaign = launch(school, "k10")
    assert campaign.band_scheme == "clinical_severity"
    response = services.submit_answers(
        by=school.siswa,
        assignment=assignment_of(campaign, school.siswa),
        answers=complete_answers("k10", 3),
        lang="id",
    )
    assert response.result["band"]["scheme"] == "clinical_severity"
    assert response.band_code == "severe"  # 30 of 50
    with pytest.raises(ValidationError):
        services.configure_instrument(
            by=school.koordinator, organisation=school.org, code="k10", band_scheme="nope"
        )


def _texts(code="gad2"):
    texts = catalogue.texts_of(get_instrument(code), "id")
    for entry in texts["items"].values():
        entry["text"] = "VALID " + entry["text"]
    return texts


def test_the_administrator_replaces_the_wording_and_responses_keep_theirs(school):
    campaign = launch(school, "gad2")
    first = assignment_of(campaign, school.siswa)
    services.save_answers(by=school.siswa, assignment=first, answers={"q1": 1}, lang="id")
    override = services.save_wording(
        by=school.admin,
        organisation=school.org,
        code="gad2",
        language="id",
        texts=_texts(),
        source="Budikayanti et al. 2019",
    )
    second = assignment_of(campaign, school.sebaya)
    services.save_answers(by=school.sebaya, assignment=second, answers={"q1": 1}, lang="id")
    old = ScreeningResponse.objects.get(assignment=first)
    new = ScreeningResponse.objects.get(assignment=second)
    assert old.wording_source == WordingSource.SHIPPED and old.translation_status == "unofficial"
    assert new.wording_source == WordingSource.ORG_OVERRIDE and new.wording_override == override
    assert new.translation_status == "published" and new.wording_hash != old.wording_hash
    shown = catalogue.wording_of_response(new).instrument
    assert shown.items[0].text["id"].startswith("VALID ")
    assert (
        catalogue.wording_of_response(old).instrument.items[0].text["id"]
        == get_instrument("gad2").items[0].text["id"]
    )
    assert AuditEvent.objects.filter(verb="screening.wording_saved").exists()


def test_an_incomplete_wording_is_refused(school):
    texts = _texts()
    del texts["items"]["q2"]
    texts["items"]["q1"]["options"].pop("3")
    with pytest.raises(ValidationError) as exc:
        services.save_wording(
            by=school.admin,
            organisation=school.org,
            code="gad2",
            language="id",
            texts=texts,
            source="x",
        )
    assert (
        "q2: missing" in exc.value.messages[0]
        and "q1: option 3: label missing" in exc.value.messages[0]
    )
    with pytest.raises(PermissionDenied):
        services.save_wording(
            by=school.koordinator,
            organisation=school.org,
            code="gad2",
            language="id",
            texts=_texts(),
            source="x",
        )


def test_the_wording_form_saves_an_override(school, client):
    client.force_login(school.admin)
    page = client.get("/screenings/instruments/gad2/wording/")
    assert page.status_code == 200
    data = {"source": "Budikayanti et al. 2019", "language": "id", "action": "save"}
    for name in page.context["form"].fields:
        if name != "source":
            data[name] = f"Teks {name}"
    assert client.post("/screenings/instruments/gad2/wording/", data).status_code == 302
    assert (
        catalogue.current_override(school.org.id, "gad2", "id").source == "Budikayanti et al. 2019"
    )


def test_an_organisation_builds_its_own_questionnaire_from_the_example(school):
    text = (EXAMPLES_DIR / "feeling_heard.yaml").read_text()
    row = services.save_custom_instrument(by=school.koordinator, organisation=school.org, text=text)
    assert row.code == "feeling_heard" and row.version == "1"
    campaign = launch(school, f"custom:{row.pk}")
    response = services.submit_answers(
        by=school.siswa,
        assignment=assignment_of(campaign, school.siswa),
        answers={"heard": 5, "judged": 1},
        lang="id",
    )
    assert response.score == 10 and response.band_code == "heard"
    assert response.wording_source == WordingSource.ORG_QUESTIONNAIRE
    with pytest.raises(ValidationError) as again:
        services.save_custom_instrument(by=school.koordinator, organisation=school.org, text=text)
    assert "versi baru" in again.value.messages[0]


def test_a_broken_questionnaire_lists_every_problem(school):
    text = (
        (EXAMPLES_DIR / "akpd.yaml").read_text().replace("respondent: self", "respondent: someone")
    )
    text = text.replace("{value: 0, label: {id: Tidak", "{value: x, label: {id: Tidak")
    with pytest.raises(ValidationError) as exc:
        services.save_custom_instrument(by=school.koordinator, organisation=school.org, text=text)
    messages = exc.value.messages
    assert any("respondent 'someone'" in m for m in messages)
    assert any("option value 'x' is not an integer" in m for m in messages)
    assert all(m.startswith(school.org.name) for m in messages[1:])


def test_yaml_errors_and_shipped_codes_are_refused(school):
    with pytest.raises(ValidationError) as broken:
        services.save_custom_instrument(
            by=school.koordinator, organisation=school.org, text="code: ["
        )
    assert "YAML" in broken.value.messages[0]
    text = (
        (EXAMPLES_DIR / "feeling_heard.yaml")
        .read_text()
        .replace("code: feeling_heard", "code: phq9")
    )
    with pytest.raises(ValidationError) as shipped:
        services.save_custom_instrument(by=school.koordinator, organisation=school.org, text=text)
    assert "phq9" in shipped.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.save_custom_instrument(by=school.konselor, organisation=school.org, text=text)


def test_the_editor_previews_and_shows_errors(school, client):
    client.force_login(school.koordinator)
    text = (EXAMPLES_DIR / "akpd.yaml").read_text()
    preview = client.post("/screenings/instruments/new/", {"definition": text, "action": "preview"})
    assert (
        preview.status_code == 200 and "Saya sulit memulai pertemanan" in preview.content.decode()
    )
    broken = client.post(
        "/screenings/instruments/new/", {"definition": "code: x", "action": "preview"}
    )
    assert (
        broken.status_code == 400 and 'data-testid="definition-errors"' in broken.content.decode()
    )
    saved = client.post("/screenings/instruments/new/", {"definition": text, "action": "save"})
    assert saved.status_code == 302
    enable(school)  # nothing to enable: own questionnaires are on when saved
    assert any(a.code == "akpd" and a.enabled for a in queries.available_instruments(school.org.id))
