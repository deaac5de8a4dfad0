from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Programme
from rangkul.psychosocial.tests import factories as f


def data(**fields):
    base = {
        "name": "Dukungan pascagempa",
        "region_code": f.DISTRICT,
        "starts_on": date(2026, 12, 1),
        "target_groups": ["children"],
    }
    return services.ProgrammeData(**{**base, **fields})


def test_the_coordinator_creates_a_programme_with_a_team_of_field_workers(post) -> None:
    prog = services.save_programme(
        by=post.koordinator, organisation=post.org, data=data(team=[post.relawan, post.relawan2])
    )
    assert set(prog.team.all()) == {post.relawan, post.relawan2}
    assert prog.region.name == "Coblong"
    assert prog.target_group_list == ["children"]
    assert AuditEvent.objects.filter(
        verb="psychosocial_programme.created", actor=post.koordinator
    ).exists()


def test_the_administrator_edits_it_and_moves_its_status(post) -> None:
    services.save_programme(
        by=post.admin,
        organisation=post.org,
        programme=post.programme,
        data=data(name="Pascabanjir 2026", status="closed", team=[post.relawan]),
    )
    post.programme.refresh_from_db()
    assert (post.programme.name, post.programme.status) == ("Pascabanjir 2026", "closed")


def test_a_field_worker_may_not_keep_programmes(post) -> None:
    with pytest.raises(PermissionDenied):
        services.save_programme(by=post.relawan, organisation=post.org, data=data())


def test_bad_input_changes_nothing(post) -> None:
    outsider = f.field_worker(f.community("Posko Lain"), "relawan-lain")
    with pytest.raises(ValidationError) as exc:
        services.save_programme(
            by=post.koordinator,
            organisation=post.org,
            data=data(
                region_code="99.99",
                ends_on=date(2026, 11, 1),
                team=[outsider],
                target_groups=["aliens"],
            ),
        )
    assert set(exc.value.message_dict) == {"region", "ends_on", "team", "target_groups"}
    assert Programme.objects.count() == 1


def test_a_closed_programme_can_reopen_but_not_go_back_to_planned(post) -> None:
    services.save_programme(
        by=post.koordinator, organisation=post.org, programme=post.programme,
        data=data(status="closed"),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.save_programme(
            by=post.koordinator, organisation=post.org, programme=post.programme,
            data=data(status="planned"),
        )  # fmt: skip


def test_the_demo_attaches_the_posts_people_to_a_programme(post) -> None:
    from rangkul.people.models import Person
    from rangkul.psychosocial import demo

    for name in ("Ayu", "Bayu", "Candra", "Dimas"):
        Person.objects.create(organisation=post.org, full_name=name)
    prog = demo.seed(post.org, post.koordinator, post.relawan)
    assert prog.beneficiaries.count() == 4
    assert prog.pfa_contacts.count() == 1
    assert demo.seed(post.org, post.koordinator, post.relawan) == prog  # once
    assert prog.beneficiaries.count() == 4
