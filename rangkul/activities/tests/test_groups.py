from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.activities import demo, services
from rangkul.activities.models import Activity, Group, TimeSlot
from rangkul.audit.models import AuditEvent


def test_a_counselor_creates_a_group_with_members(school, other_student):
    group = services.create_group(
        by=school.konselor,
        organisation=school.org,
        name="Kelompok Percaya Diri",
        kind="counseling",
        members=[school.siswa_person.pk, other_student.pk],
    )
    assert set(group.members.all()) == {school.siswa_person, other_student}
    assert group.facilitator == school.konselor
    assert AuditEvent.objects.get(verb="group.created").object_id == str(group.pk)


def test_a_person_of_another_organisation_cannot_join(school, other_school, group):
    with pytest.raises(ValidationError) as exc:
        services.update_group(
            by=school.konselor,
            group=group,
            name=group.name,
            kind=group.kind,
            members=[other_school.siswa_person.pk],
        )
    assert exc.value.message_dict == {"members": ["Pilih orang dari lembaga ini."]}
    assert other_school.siswa_person not in group.members.all()


def test_membership_changes_are_audited(school, group, other_student, sebaya_person):
    services.update_group(
        by=school.koordinator,
        group=group,
        name="Kelompok Tenang",
        kind="counseling",
        members=[other_student.pk, sebaya_person.pk],
    )
    event = AuditEvent.objects.get(verb="group.updated")
    assert event.data["added"] == [str(sebaya_person.pk)]
    assert event.data["removed"] == [str(school.siswa_person.pk)]


def test_only_workers_manage_groups(school, group):
    with pytest.raises(PermissionDenied):
        services.create_group(
            by=school.walikelas, organisation=school.org, name="X", kind="counseling"
        )
    with pytest.raises(PermissionDenied):
        services.update_group(
            by=school.sebaya, group=group, name="X", kind="counseling", members=[]
        )


def test_the_facilitator_must_work_in_the_organisation(school, group):
    with pytest.raises(ValidationError) as exc:
        services.create_group(
            by=school.konselor,
            organisation=school.org,
            name="Lingkar Sebaya",
            kind="peer_circle",
            facilitator=school.walikelas,
        )
    assert exc.value.message_dict == {
        "facilitator": ["Fasilitator harus petugas atau konselor sebaya di lembaga ini."]
    }


def test_the_group_pages_create_and_edit(school, other_student, client: Client):
    client.force_login(school.konselor)
    response = client.post(
        "/activities/groups/new/",
        {
            "name": "Lingkar Sebaya A",
            "kind": "peer_circle",
            "facilitator": str(school.sebaya.public_id),
            "members": [str(other_student.pk)],
            "is_active": "on",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and group.facilitator == school.sebaya
    response = client.post(
        f"/activities/groups/{group.pk}/edit/",
        {"name": "Lingkar Sebaya A", "kind": "peer_circle", "members": [], "is_active": "on"},
    )
    assert response.status_code == 400
    assert "Kelompok yang aktif membutuhkan setidaknya satu anggota." in response.content.decode()
    page = client.get(f"/activities/groups/{group.pk}/").content.decode()
    assert "Dua Tanpa Akun" in page


@pytest.mark.parametrize(
    "local_moment",
    # Early on a Monday (the week has just begun), and on a Sunday evening.
    ["2026-12-07 00:30", "2026-12-06 21:00"],
)
def test_the_demo_loads_at_any_hour_of_the_week(school, local_moment):
    moment = datetime.fromisoformat(local_moment).replace(tzinfo=school.org.zone)
    with time_machine.travel(moment, tick=False):
        demo.seed([school.org])
    coordination = Activity.objects.get(kind="school_coordination")
    assert coordination.starts_at < moment and coordination.result


def test_the_demo_data_is_idempotent(school):
    demo.seed([school.org])
    demo.seed([school.org])
    assert TimeSlot.objects.filter(counselor=school.konselor).count() == 6
    assert Group.objects.filter(organisation=school.org).count() == 1
    assert Activity.objects.filter(kind="classroom_guidance").count() == 1
    coordination = Activity.objects.get(kind="school_coordination")
    assert coordination.outside_participants.count() == 2 and coordination.agreed_actions
