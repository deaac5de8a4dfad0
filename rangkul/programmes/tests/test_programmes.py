"""Programmes drafted from the needs, edited by counselors and approved by the coordinator."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.programmes import services
from rangkul.programmes.models import ProgrammeStatus, ServicePlan, Strategy
from rangkul.programmes.tests.factories import add_class, answer, draft, run_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(school):
    """Class XA: 5 students, 4 want help with study time, 1 reports bullying."""
    cohort, users = add_class(school, "XA", 5)
    survey = run_survey(school, [cohort])
    for i, user in enumerate(users):
        answer(
            survey,
            user,
            ({"learning_time"} if i < 4 else set()) | ({"social_bullying"} if i == 0 else set()),
        )
    return cohort, survey


def _item_data(programme, **changes):
    item = programme.items.first()
    data = services.ItemData(
        domain=item.domain, topic=item.topic, component=item.component, strategy=item.strategy,
        week_from=item.week_from, week_to=item.week_to, hours_per_class=item.hours_per_class,
        cohorts=[c.pk for c in item.target_cohorts.all()],
    )  # fmt: skip
    for key, value in changes.items():
        setattr(data, key, value)
    return item, data


def test_the_draft_plans_each_need_above_the_threshold_for_its_classes(school, surveyed):
    cohort, survey = surveyed
    programme = draft(school, survey)
    items = list(programme.items.all())
    topics = [i.need_item for i in items if i.need_item]
    # 80 % marked study time; 20 % bullying is under the 30 % threshold.
    assert topics == ["learning_time"]
    planned = items[0]
    assert planned.strategy == Strategy.CLASSROOM_GUIDANCE and planned.need_percent == 80
    assert list(planned.target_cohorts.all()) == [cohort]
    # Two lesson hours per class per week where the school follows the norm.
    assert planned.hours_per_class == Decimal(2) and planned.week_from == planned.week_to == 1
    assert items[-1].component == "responsive"
    assert programme.status == ProgrammeStatus.DRAFT


def test_without_the_norm_a_classroom_session_is_one_lesson_hour_and_the_threshold_moves(
    school, surveyed
):
    _cohort, survey = surveyed
    services.save_settings(
        by=school.koordinator, organisation=school.org, classroom_norm=False, lesson_minutes=40,
        threshold_percent=20,
    )  # fmt: skip
    programme = draft(school, survey)
    needs = {i.need_item: i.hours_per_class for i in programme.items.all() if i.need_item}
    assert needs == {"learning_time": Decimal(1), "social_bullying": Decimal(1)}


def test_counselors_edit_the_draft_and_bad_input_saves_nothing(school, surveyed):
    programme = draft(school, surveyed[1])
    item, data = _item_data(programme, topic="Manajemen waktu belajar", week_to=3)
    services.save_item(by=school.konselor, programme=programme, item=item, data=data)
    item.refresh_from_db()
    assert item.topic == "Manajemen waktu belajar" and item.week_to == 3
    _item, bad = _item_data(programme, week_from=5, week_to=2, topic="")
    with pytest.raises(ValidationError) as error:
        services.save_item(by=school.konselor, programme=programme, item=item, data=bad)
    assert {"week_to", "topic"} <= set(error.value.message_dict)
    item.refresh_from_db()
    assert item.week_to == 3


def test_only_the_coordinator_approves_and_an_approved_programme_is_read_only(school, surveyed):
    programme = draft(school, surveyed[1])
    with pytest.raises(PermissionDenied):
        services.approve_programme(by=school.konselor, programme=programme)
    services.approve_programme(by=school.koordinator, programme=programme)
    programme.refresh_from_db()
    assert (
        programme.status == ProgrammeStatus.APPROVED and programme.approved_by == school.koordinator
    )
    item, data = _item_data(programme, topic="Diubah")
    with pytest.raises(PermissionDenied):
        services.save_item(by=school.koordinator, programme=programme, item=item, data=data)
    with pytest.raises(PermissionDenied):
        services.delete_item(by=school.konselor, item=item)
    with pytest.raises(ValidationError):
        services.approve_programme(by=school.koordinator, programme=programme)


def test_a_new_revision_is_a_draft_copy_that_replaces_the_approved_one_when_approved(
    school, surveyed
):
    programme = draft(school, surveyed[1])
    item = programme.items.first()
    services.save_service_plan(
        by=school.konselor, item=item, objectives="Siswa dapat menyusun jadwal belajar.",
        method="Diskusi", materials="Lembar kerja", evaluation="Jadwal yang dibuat siswa",
    )  # fmt: skip
    services.approve_programme(by=school.koordinator, programme=programme)
    revision = services.revise_programme(by=school.konselor, programme=programme)
    assert revision.revision == 2 and revision.status == ProgrammeStatus.DRAFT
    assert revision.items.count() == programme.items.count()
    assert ServicePlan.objects.filter(item__programme=revision).count() == 1
    with pytest.raises(ValidationError):
        services.revise_programme(by=school.konselor, programme=programme)
    services.approve_programme(by=school.koordinator, programme=revision)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.SUPERSEDED


def test_the_pages_follow_the_roles(school, surveyed):
    programme = draft(school, surveyed[1])
    counselor, coordinator, principal = Client(), Client(), Client()
    counselor.force_login(school.konselor)
    coordinator.force_login(school.koordinator)
    principal.force_login(school.kepsek)
    page = counselor.get(f"/programmes/{programme.pk}/").content.decode()
    assert f"/programmes/{programme.pk}/items/new/" in page
    assert 'data-testid="approve"' not in page
    assert principal.get(f"/programmes/{programme.pk}/items/new/").status_code == 403
    # The counselor's approval attempt is refused with a message and nothing changes.
    assert counselor.post(f"/programmes/{programme.pk}/approve/").status_code == 403
    assert coordinator.post(f"/programmes/{programme.pk}/approve/").status_code == 302
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.APPROVED
    item = programme.items.first()
    response = counselor.post(f"/programmes/items/{item.pk}/", {"topic": "x"})
    assert response.status_code == 403
