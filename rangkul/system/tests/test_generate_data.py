"""The synthetic data generator: batched, deterministic, and usable by the pages."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from rangkul.accounts.models import Organisation, OrganisationKind, User
from rangkul.cases.models import Case, Message
from rangkul.people.models import Person
from rangkul.screenings.models import ScreeningResponse
from rangkul.system.synthetic import SCALES, generate


class _Undo(Exception):
    pass


def _fingerprint(seed: int) -> tuple[list[str], list[tuple[str, float | None]]]:
    try:
        with transaction.atomic():
            generate(SCALES["tiny"], seed=seed)
            names = list(Person.objects.order_by("id").values_list("full_name", flat=True))
            bands = list(ScreeningResponse.objects.order_by("id").values_list("band_code", "score"))
            raise _Undo
    except _Undo:
        pass
    return names, bands


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows() -> None:
    first = _fingerprint(7)
    assert first == _fingerprint(7)
    assert first != _fingerprint(8)


@pytest.mark.django_db
def test_command_makes_a_school_and_a_community_that_the_pages_can_show(client: Any) -> None:
    out = StringIO()
    call_command(
        "generate_data", "--scale", "tiny", "--password", "kata-sandi-uji-2026", stdout=out
    )
    printed = out.getvalue()
    assert "Generated" in printed and "rows/s" in printed
    tiny = SCALES["tiny"]
    school = Organisation.objects.get(kind=OrganisationKind.SCHOOL, name__startswith="SMA Sintetis")
    assert Person.objects.filter(organisation=school).count() == tiny.students
    assert Case.objects.filter(organisation=school).count() == tiny.cases
    assert Message.objects.filter(case__organisation=school).count() == tiny.messages
    submitted = ScreeningResponse.objects.filter(organisation=school)
    assert tiny.responses * 0.8 <= submitted.count() <= tiny.responses
    # Scores come from the engine: every response has a band.
    assert not submitted.filter(band_code="").exists()
    assert Organisation.objects.filter(kind=OrganisationKind.COMMUNITY).count() == 1
    # A generated counselor logs in and sees the school's cases.
    counselor = User.objects.get(username="sint-s1-konselor0")
    assert counselor.check_password("kata-sandi-uji-2026")
    client.force_login(counselor)
    page = client.get("/api/v1/cases")
    assert page.status_code == 200
    assert page.json()["count"] > 0
