"""One API idiom: one paginator with bounded limits and a cursor, one audit event per list
shown (with its organisation and count), one text cleaner, per-case ids for a peer."""

import pytest
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.cases import services as case_services
from rangkul.cases.models import Message, SupportRequest
from rangkul.cases.tests.conftest import ask
from rangkul.peers.tests.factories import matchable_peer

ABSURD = [
    "offset=2e28",
    "offset=200000000000000000000000000000",
    "limit=1000000000000",
    "limit=0",
    "offset=-1",
    "limit=abc",
]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/requests",
        "/api/v1/cases",
        "/api/v1/people",
        "/api/v1/activities",
        "/api/v1/alerts",
        "/api/v1/responses",
        "/api/v1/campaigns",
    ],
)
@pytest.mark.parametrize("query", ABSURD)
def test_absurd_limits_and_offsets_are_a_clear_4xx_never_a_server_error(
    school, client: Client, path, query
):
    client.force_login(school.koordinator)
    answer = client.get(f"{path}?{query}")
    assert answer.status_code == 422, (path, query, answer.status_code)
    body = answer.json()
    assert body["detail"] and body["errors"][0]["field"] in ("limit", "offset")


def test_a_cursor_walks_a_long_history_without_gaps_or_repeats(school, client: Client):
    made = [
        ask(school, text=f"Aku butuh teman bicara, nomor {n}", helper_choice="counselor")
        for n in range(7)
    ]
    client.force_login(school.konselor)
    seen: list[str] = []
    answer = client.get("/api/v1/requests?limit=3&cursor=").json()
    seen += [item["id"] for item in answer["items"]]
    while answer.get("next_cursor"):
        answer = client.get(f"/api/v1/requests?limit=3&cursor={answer['next_cursor']}").json()
        seen += [item["id"] for item in answer["items"]]
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == {str(r.pk) for r in made}
    newest_first = sorted(made, key=lambda r: (r.created_at, r.pk), reverse=True)
    assert seen == [str(r.pk) for r in newest_first]
    assert set(client.get("/api/v1/requests?limit=3").json()) == {"items", "count"}
    bad = client.get("/api/v1/requests?cursor=bm90LWEtY3Vyc29y")
    assert bad.status_code == 400 and bad.json()["detail"]


def submit(campaign, user, answers):
    from rangkul.screenings import services
    from rangkul.screenings.tests.factories import assignment_of

    return services.submit_answers(
        by=user, assignment=assignment_of(campaign, user), answers=answers, lang="id"
    )


def _events(verb: str, actor) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb, actor=actor))


def test_every_api_list_of_sensitive_records_leaves_one_event_with_organisation_and_count(
    school, client: Client
):
    ask(school, text="Aku sedih terus akhir-akhir ini", helper_choice="counselor")
    ask(school, text="Aku takut ujian besok", helper_choice="counselor")
    client.force_login(school.koordinator)
    assert len(client.get("/api/v1/requests").json()["items"]) == 2
    assert client.get("/api/v1/people").json()["count"] >= 2
    for verb, expected in (("request.listed", 2), ("person.listed", None)):
        events = _events(verb, school.koordinator)
        assert len(events) == 1, verb
        assert events[0].organisation_id == school.org.pk
        assert events[0].data["count"] == (expected or events[0].data["count"]) > 0
        assert len(events[0].data["ids"]) == events[0].data["count"]


def test_the_cases_and_activities_lists_are_audited(school, client: Client):
    support = ask(school, helper_choice="counselor")
    case = case_services.assign_request(
        by=school.konselor, support_request=support, to=school.konselor
    )
    client.force_login(school.konselor)
    assert [c["id"] for c in client.get("/api/v1/cases").json()["items"]] == [str(case.pk)]
    client.get("/api/v1/activities")
    (event,) = _events("case.listed", school.konselor)
    assert event.organisation_id == school.org.pk and event.data["count"] == 1


def test_the_follow_up_list_through_the_api_is_audited(school, client: Client):
    from rangkul.screenings.tests.factories import complete_answers, launch

    campaign = launch(school, "phqa")
    submit(campaign, school.siswa, complete_answers("phqa", 2, q9=0, s3=0, s4=0))
    client.force_login(school.konselor)
    rows = client.get(f"/api/v1/campaigns/{campaign.pk}/follow-up").json()
    assert len(rows) == 1
    (event,) = _events("screening.campaign_viewed", school.konselor)
    assert event.organisation_id == school.org.pk and event.data["count"] == 1


def test_alert_and_response_list_events_carry_their_organisation(school, client: Client):
    from rangkul.screenings.tests.factories import complete_answers, launch

    ask(school, text="Aku mau bunuh diri saja", helper_choice="counselor")
    campaign = launch(school, "phqa")
    submit(campaign, school.siswa, complete_answers("phqa", 1, q9=0, s3=0, s4=0))
    client.force_login(school.konselor)
    assert client.get("/api/v1/alerts").json()["count"] >= 1
    assert client.get("/api/v1/responses").json()["count"] == 1
    for verb in ("alert.listed", "screening.responses_listed"):
        (event,) = _events(verb, school.konselor)
        assert event.organisation_id == school.org.pk, verb


@pytest.mark.parametrize(
    "text",
    ["Aku butuh bantuan\x00", "\u200b\u200b\u200b", " \u2060\ufeff \u200d "],
)
def test_nul_bytes_and_invisible_only_texts_are_refused_in_indonesian(school, client: Client, text):
    client.force_login(school.siswa)
    answer = client.post(
        "/api/v1/requests",
        {"domain": "personal", "urgency": "medium", "text": text},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "NUL" in detail or "tak terlihat" in detail
    assert not SupportRequest.objects.exists()


def test_messages_refuse_invisible_only_text_too(school, client: Client):
    support = ask(school, helper_choice="counselor")
    case = case_services.assign_request(
        by=school.konselor, support_request=support, to=school.konselor
    )
    client.force_login(school.siswa)
    answer = client.post(
        f"/api/v1/cases/{case.pk}/messages",
        {"text": "\u200b\u200c"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert not Message.objects.exists()


def test_a_peer_sees_per_case_ids_for_the_student_never_the_permanent_one(school, client: Client):
    matchable_peer(school.org, school.sebaya, max_open_cases=5)
    ids = []
    for n in range(2):
        support = ask(school, text=f"Aku bingung soal tugas kelompok, bagian {n}")
        case = case_services.accept_offer(by=school.sebaya, support_request=support)
        case_services.send_message(by=school.siswa, case=case, text="Halo kak, makasih ya")
        client.force_login(school.sebaya)
        (message,) = client.get(f"/api/v1/cases/{case.pk}/messages").json()["items"]
        assert message["sender_id"] != str(school.siswa.public_id)
        ids.append(message["sender_id"])
    assert ids[0] != ids[1]  # two requests of one student cannot be linked


def test_the_list_pages_leave_the_same_events_as_the_api(school, client: Client):
    support = ask(school, helper_choice="counselor")
    case_services.assign_request(by=school.konselor, support_request=support, to=school.konselor)
    client.force_login(school.koordinator)
    assert client.get("/people/").status_code == 200
    assert client.get("/cases/?scope=all").status_code == 200
    for verb in ("person.listed", "case.listed"):
        (event,) = _events(verb, school.koordinator)
        assert event.organisation_id == school.org.pk and event.data["count"] >= 1, verb


# Fields named like a model's choice field that are something else: free text ("reason",
# "topic"), a questionnaire's own data ("kind", "language" of an instrument file), a step of
# the crisis protocol (its keys come from the protocol data) or the interface language.
NOT_MODEL_CHOICES = {
    ("ReferralIn", "reason"),
    ("TierIn", "reason"),
    ("HandoverIn", "reason"),
    ("ActivityOut", "topic"),
    ("ActivityIn", "topic"),
    ("ActivityDetailOut", "topic"),
    ("TickIn", "step"),
    ("InstrumentSummary", "language"),
    ("InstrumentSummary", "kind"),
    ("InstrumentOut", "language"),
    ("ResponseOut", "language"),
    ("ResponseDetailOut", "language"),
    ("MeOut", "language"),
    # Free text: the role of someone outside the organisation, why a provider is asked.
    ("OutsideParticipantIn", "role"),
    ("OutsideParticipantOut", "role"),
    ("ReferralOutIn", "reason"),
    ("ReferralOutOut", "reason"),
}


def _plain_string(prop: dict) -> bool:
    if "$ref" in prop or "enum" in prop or "const" in prop:
        return False
    if prop.get("type") == "string":
        return True
    if prop.get("type") == "array":
        return _plain_string(prop.get("items", {}))
    return any(_plain_string(p) for k in ("anyOf", "oneOf") for p in prop.get(k, []))


def test_every_choice_in_the_api_comes_from_the_models(db):
    """A schema field or query parameter named like a model's choice field is an enum made
    from the model's choices, never a plain string or a list written by hand."""
    from django.apps import apps

    from tests.crawler import openapi_document

    names = {
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("rangkul.")
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
    }
    doc = openapi_document()
    plain = [
        f"{schema}.{name}"
        for schema, body in doc["components"]["schemas"].items()
        for name, prop in body.get("properties", {}).items()
        if name in names and (schema, name) not in NOT_MODEL_CHOICES and _plain_string(prop)
    ] + [
        f"{method.upper()} {path} ?{param['name']}"
        for path, operations in doc["paths"].items()
        for method, operation in operations.items()
        for param in operation.get("parameters", [])
        if param["name"] in names and _plain_string(param.get("schema", {}))
    ]
    assert plain == []
    from rangkul.activities.models import Kind, Mode

    schema = doc["components"]["schemas"]
    kinds = schema["ActivityIn"]["properties"]["kind"]
    enum = schema[kinds["$ref"].rsplit("/", 1)[-1]]["enum"] if "$ref" in kinds else kinds["enum"]
    assert set(enum) == set(Kind.values)
    assert Mode.IN_PERSON in str(schema["SlotIn"]["properties"]["mode"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "sesi_ajaib"), ("mode", "telepati"), ("confidentiality", "rahasia_sekali")],
)
def test_a_value_outside_the_choices_is_a_clear_422_and_nothing_is_saved(
    school, client: Client, field, value
):
    from rangkul.activities.models import Activity

    client.force_login(school.konselor)
    body = {
        "kind": "consultation",
        "starts_at": "2026-01-12T09:00:00+07:00",
        "consultee": "Bu Sari",
        field: value,
    }
    answer = client.post(
        "/api/v1/activities", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="id"
    )
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert errors[0]["field"] == field and errors[0]["message"]
    assert not Activity.objects.exists()
