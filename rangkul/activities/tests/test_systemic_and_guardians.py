"""Systemic work with families, schools and communities; psychosocial group formats and
attendance counts; consultations that name the guardian contacted."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from rangkul.activities import services
from rangkul.activities.models import Activity, GroupKind, Kind, OutsideParticipant
from rangkul.activities.services import ActivityData
from rangkul.activities.tests.factories import GroupFactory
from rangkul.audit.models import AuditEvent
from rangkul.people.tests.factories import GuardianFactory, PersonFactory

AN_HOUR_AGO = timezone.now() - timedelta(hours=1)


def data(kind: str, **kw) -> ActivityData:
    return ActivityData(kind=kind, starts_at=kw.pop("starts_at", AN_HOUR_AGO), **kw)


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return {field: [str(m) for m in msgs] for field, msgs in exc.value.message_dict.items()}


@pytest.fixture
def mother(school):
    return GuardianFactory(person=school.siswa_person, full_name="Ibu Sari")


@pytest.fixture
def harmful_father(school):
    return GuardianFactory(
        person=school.siswa_person,
        full_name="Pak Joko",
        relationship="father",
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Diduga pelaku kekerasan.",
    )


# --- Systemic work ---------------------------------------------------------------------------


def test_a_family_meeting_records_participants_and_outcomes(school, counseling_case):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.FAMILY_MEETING,
            case=counseling_case,
            people=[school.siswa_person],
            topic="Menyepakati dukungan belajar di rumah",
            outside_participants=[("Ibu Sari", "ibu"), ("Bu Rina", "wali kelas")],
            agreed_actions="Ibu mendampingi belajar tiap malam.",
            result="Keluarga sepakat.",
        ),
    )
    outside = list(activity.outside_participants.values_list("full_name", "role"))
    assert outside == [("Ibu Sari", "ibu"), ("Bu Rina", "wali kelas")]
    assert list(activity.participants.values_list("person", flat=True)) == [school.siswa_person.pk]
    assert activity.result == "Keluarga sepakat."
    event = AuditEvent.objects.get(verb="activity.logged", object_id=str(activity.pk))
    assert event.data["outside_participants"] == 2


def test_a_community_event_with_outsiders_only_is_enough(community, relawan):
    activity = services.log_activity(
        by=relawan,
        organisation=community,
        data=data(
            Kind.COMMUNITY_EVENT,
            topic="Sosialisasi dukungan psikososial",
            outside_participants=[("Pak Darto", "kepala desa")],
            attendees="40 warga RW 03",
        ),
    )
    assert activity.outside_participants.count() == 1


@pytest.mark.parametrize(
    "kind", [Kind.FAMILY_MEETING, Kind.SCHOOL_COORDINATION, Kind.COMMUNITY_EVENT]
)
def test_systemic_work_needs_a_purpose_and_someone_who_took_part(school, kind):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(by=school.konselor, organisation=school.org, data=data(kind))
    assert errors_of(exc) == {
        "topic": ["Kolom ini wajib diisi."],
        "participants": ["Kolom ini wajib diisi."],
    }
    assert not Activity.objects.exists() and not AuditEvent.objects.exists()


def test_an_outsider_without_a_role_is_refused(school):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(
                Kind.SCHOOL_COORDINATION,
                topic="Koordinasi",
                outside_participants=[("Bu Rina", "")],
            ),
        )
    assert errors_of(exc) == {
        "outside_participants": ["Tulis nama dan peran setiap peserta dari luar."]
    }
    assert not OutsideParticipant.objects.exists()


def test_outcomes_are_refused_on_other_kinds_and_ahead_of_time(school, other_student):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.HOME_VISIT, people=[other_student], result="Baik"),
        )
    assert errors_of(exc) == {"result": ["Hasil dicatat hanya untuk kerja sistemik."]}
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(
                Kind.SCHOOL_COORDINATION,
                starts_at=timezone.now() + timedelta(days=2),
                topic="Rapat",
                outside_participants=[("Bu Rina", "wali kelas")],
                result="Baik",
            ),
        )
    assert "result" in errors_of(exc)
    assert not Activity.objects.exists()


def test_outcomes_are_recorded_after_the_meeting_and_audited(school, konselor_lain):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.FAMILY_MEETING,
            topic="Pertemuan keluarga",
            outside_participants=[("Ibu Sari", "ibu")],
        ),
    )
    services.record_outcomes(
        by=school.konselor, activity=activity, agreed_actions="Kunjungan rumah", result=""
    )
    activity.refresh_from_db()
    assert activity.agreed_actions == "Kunjungan rumah"
    event = AuditEvent.objects.get(verb="activity.outcomes_recorded")
    assert event.data == {"fields": ["agreed_actions"]}
    # A family meeting without a case is not org-wide: a colleague may not change it.
    with pytest.raises(PermissionDenied):
        services.record_outcomes(
            by=konselor_lain, activity=activity, agreed_actions="x", result="y"
        )
    with pytest.raises(ValidationError):
        services.record_outcomes(
            by=school.konselor, activity=activity, agreed_actions="", result=""
        )


def test_systemic_pages_create_list_and_show(school, client: Client):
    client.force_login(school.konselor)
    page = client.get("/activities/new/school_coordination/")
    assert page.status_code == 200 and "Peserta dari luar" in page.content.decode()
    response = client.post(
        "/activities/new/school_coordination/",
        {
            "starts_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "mode": "in_person",
            "topic": "Koordinasi dengan wali kelas X-1",
            "people": [str(school.siswa_person.pk)],
            "outside_participants": "Bu Rina, wali kelas\nPak Anton – kepala sekolah",
            "agreed_actions": "Wali kelas memantau kehadiran.",
        },
    )
    activity = Activity.objects.get(kind=Kind.SCHOOL_COORDINATION)
    assert response.status_code == 302
    assert list(activity.outside_participants.values_list("full_name", "role")) == [
        ("Bu Rina", "wali kelas"),
        ("Pak Anton", "kepala sekolah"),
    ]
    listing = client.get("/activities/systemic/").content.decode()
    assert "Koordinasi dengan wali kelas X-1" in listing
    detail = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "Bu Rina · wali kelas" in detail and "Wali kelas memantau kehadiran." in detail
    client.post(
        f"/activities/{activity.pk}/outcomes/",
        {"agreed_actions": "Wali kelas memantau kehadiran.", "result": "Kehadiran membaik."},
    )
    activity.refresh_from_db()
    assert activity.result == "Kehadiran membaik."
    # School coordination is planned together: every worker of the school sees it; the
    # homeroom teacher and the other school do not.
    client.force_login(school.koordinator)
    assert (
        "Koordinasi dengan wali kelas X-1" in client.get("/activities/systemic/").content.decode()
    )
    client.force_login(school.walikelas)
    assert client.get("/activities/systemic/").status_code == 404
    assert client.get(f"/activities/{activity.pk}/").status_code == 404


def test_a_bad_outside_participant_line_shows_an_indonesian_error(school, client: Client):
    client.force_login(school.konselor)
    response = client.post(
        "/activities/new/family_meeting/",
        {
            "starts_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "mode": "in_person",
            "topic": "Pertemuan keluarga",
            "outside_participants": "Ibu Sari",
        },
    )
    assert response.status_code == 400
    assert "Tulis nama dan peran setiap peserta dari luar." in response.content.decode()
    assert not Activity.objects.exists()


# --- Psychosocial group sessions -----------------------------------------------------------


def test_a_psychosocial_session_has_a_format_and_its_page_counts_attendance(
    community, relawan, beneficiary, client: Client
):
    other = PersonFactory(organisation=community, full_name="Anak Kedua")
    third = PersonFactory(organisation=community, full_name="Anak Ketiga")
    group = GroupFactory(organisation=community, kind=GroupKind.PSYCHOSOCIAL, name="RRA Posko 1")
    group.members.set([beneficiary, other, third])
    activity = services.log_activity(
        by=relawan,
        organisation=community,
        data=data(
            Kind.PSYCHOSOCIAL_GROUP,
            group=group,
            session_format="child_friendly_space",
            present=[beneficiary.pk, other.pk],
        ),
    )
    assert activity.session_format == "child_friendly_space"
    client.force_login(relawan)
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "Sesi ruang ramah anak" in page
    assert "2 dari 3 hadir, 1 tidak hadir" in page
    # Attendance corrected on the phone page: the counts follow.
    client.post(f"/activities/{activity.pk}/attendance/", {"present": [str(third.pk)]})
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "1 dari 3 hadir, 2 tidak hadir" in page


def test_a_format_is_only_for_psychosocial_group_sessions(school, group):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.GROUP_COUNSELING, group=group, session_format="recreation"),
        )
    assert "session_format" in errors_of(exc)


def test_the_group_form_offers_formats_for_psychosocial_sessions(community, relawan, client):
    group = GroupFactory(organisation=community, kind=GroupKind.PSYCHOSOCIAL)
    client.force_login(relawan)
    page = client.get(f"/activities/new/psychosocial_group/?group={group.pk}").content.decode()
    for label in ("Sesi ruang ramah anak", "Psikoedukasi", "Rekreasi", "Kelompok dukungan"):
        assert label in page


# --- Contacts with guardians ---------------------------------------------------------------


def test_a_consultation_names_the_guardian_contacted(school, mother):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(Kind.CONSULTATION, guardian=mother.pk, topic="Perkembangan belajar"),
    )
    assert activity.guardian == mother
    assert activity.consultee == "Ibu Sari (Ibu)"
    assert list(activity.participants.values_list("person", flat=True)) == [school.siswa_person.pk]
    event = AuditEvent.objects.get(verb="activity.logged")
    assert event.data["guardian"] == str(mother.pk)


def test_a_do_not_contact_guardian_is_refused(school, harmful_father):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.CONSULTATION, guardian=harmful_father.pk),
        )
    [message] = errors_of(exc)["guardian"]
    assert "jangan dihubungi" in message
    assert not Activity.objects.exists()


def test_a_guardian_of_someone_else_or_another_school_is_refused(
    school, other_school, other_student, mother
):
    stranger = GuardianFactory(person=other_school.siswa_person)
    for guardian, about in ((stranger, []), (mother, [other_student])):
        with pytest.raises(ValidationError) as exc:
            services.log_activity(
                by=school.konselor,
                organisation=school.org,
                data=data(Kind.CONSULTATION, guardian=guardian.pk, people=about),
            )
        assert errors_of(exc) == {"guardian": ["Pilih wali dari orang ini."]}
    assert not Activity.objects.exists()


def test_the_consultation_form_offers_the_persons_guardians(
    school, mother, harmful_father, client: Client
):
    client.force_login(school.konselor)
    url = f"/activities/new/consultation/?person={school.siswa_person.pk}&guardian={mother.pk}"
    page = client.get(url).content.decode()
    assert "Ibu Sari" in page and "jangan dihubungi" in page
    response = client.post(
        "/activities/new/consultation/",
        {
            "starts_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
            "mode": "phone",
            "person": str(school.siswa_person.pk),
            "guardian": str(harmful_father.pk),
        },
    )
    assert response.status_code == 400
    assert "jangan dihubungi" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_two_activity_lists_share_one_table_with_their_own_columns(school, client: Client):
    services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.SCHOOL_COORDINATION,
            people=[school.siswa_person],
            topic="Rencana belajar di rumah",
        ),
    )
    client.force_login(school.konselor)
    everything = client.get("/activities/").content.decode()
    # The general list filters by status too and shows the mode, not the purpose.
    assert 'name="status"' in everything and ">Cara</th>" in everything
    assert "Rencana belajar di rumah" not in everything
    systemic = client.get("/activities/systemic/").content.decode()
    assert 'name="status"' not in systemic and ">Keperluan</th>" in systemic
    assert "Rencana belajar di rumah" in systemic
