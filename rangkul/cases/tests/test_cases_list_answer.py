"""The cases list writes its rows as JSON without validating them again (cases/api.py,
`list_cases`): its answer must still be the one the document promises, field for field
the same as the one-case answer."""

from typing import Any

import pytest
from django.test import Client

from rangkul.cases import services
from rangkul.cases.api import CaseList
from rangkul.cases.tests.conftest import ask

ROW_FIELDS = set(CaseList.model_fields["items"].annotation.__args__[0].model_fields)  # type: ignore[union-attr]


@pytest.fixture
def closed_case(school: Any) -> Any:
    request = ask(school, helper_choice="counselor", text="Nilai ujianku turun terus")
    case = services.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    return services.change_status(
        by=school.konselor,
        case=case,
        to="closed",
        outcome="improved",
        closing_note="Nilainya membaik setelah tiga pertemuan.",
    )


def test_each_row_is_the_one_case_answer_and_the_page_is_the_documented_one(
    counseling_case, closed_case, school, client: Client
):
    client.force_login(school.konselor)
    answer = client.get("/api/v1/cases")
    assert answer.status_code == 200
    body = answer.json()
    CaseList.model_validate(body)  # the documented shape, choices and types
    assert set(body) == {"items", "count"}  # no cursor while paging by offset
    assert body["count"] == 2
    rows = {row["id"]: row for row in body["items"]}
    assert set(rows) == {str(counseling_case.pk), str(closed_case.pk)}
    for pk, row in rows.items():
        one = client.get(f"/api/v1/cases/{pk}").json()
        assert set(row) == ROW_FIELDS
        assert row == {field: one[field] for field in ROW_FIELDS}
    closed = rows[str(closed_case.pk)]
    assert closed["status"] == "closed" and closed["outcome"] == "improved"
    assert closed["closed_at"].endswith("Z") and closed["opened_at"].endswith("Z")
    assert closed["lead_id"] == str(school.konselor.public_id)
    assert closed["person_id"] == str(school.siswa_person.pk)
    assert rows[str(counseling_case.pk)]["closed_at"] is None
    assert rows[str(counseling_case.pk)]["outcome"] == ""


def test_a_cursor_walk_names_the_next_page_until_the_last(
    counseling_case, closed_case, school, client: Client
):
    client.force_login(school.konselor)
    first = client.get("/api/v1/cases", {"limit": 1, "cursor": ""}).json()
    CaseList.model_validate(first)
    assert len(first["items"]) == 1 and first["next_cursor"]
    last = client.get("/api/v1/cases", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert len(last["items"]) == 1 and "next_cursor" not in last
    assert {first["items"][0]["id"], last["items"][0]["id"]} == {
        str(counseling_case.pk),
        str(closed_case.pk),
    }
