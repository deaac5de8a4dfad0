from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from rangkul.activities import services
from rangkul.activities.models import Activity, ActivityStatus, Kind
from rangkul.activities.services import ActivityData
from rangkul.audit.models import AuditEvent
from rangkul.cases.models import Note
from rangkul.notifications.models import Notification
from rangkul.people.tests.factories import CohortFactory, PersonFactory
from rangkul.safety.models import Alert

AN_HOUR_AGO = timezone.now() - timedelta(hours=1)


def data(kind: str, **kw) -> ActivityData:
    return ActivityData(kind=kind, starts_at=kw.pop("starts_at", AN_HOUR_AGO), **kw)


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return {field: [str(m) for m in msgs] for field, msgs in exc.value.message_dict.items()}


def test_it_logs_classroom_guidance_for_a_cohort(school):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.CLASSROOM_GUIDANCE,
            cohort=school.cohort,
            topic="Mengenal gaya belajar",
            domain="learning",
            component="basic",
            duration_minutes=90,
            follow_up="Angket gaya belajar",
            follow_up_due=date(2026, 2, 1),
        ),
    )
    assert activity.status == ActivityStatus.DONE
    assert activity.cohort == school.cohort and activity.facilitator == school.konselor
    assert activity.follow_up_due == date(2026, 2, 1)
    event = AuditEvent.objects.get(verb="activity.logged")
    assert event.object_id == str(activity.pk) and event.data["kind"] == "classroom_guidance"


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        (Kind.CLASSROOM_GUIDANCE, {"cohort", "topic", "domain", "component"}),
        (Kind.CONSULTATION, {"consultee"}),
        (Kind.CASE_CONFERENCE, {"case", "attendees", "decisions"}),
        (Kind.INDIVIDUAL_COUNSELING, {"people"}),
        (Kind.GROUP_COUNSELING, {"group"}),
        (Kind.SUPERVISION, {"attendees"}),
        (Kind.VIOLENCE_PREVENTION, {"attendees", "topic"}),
        (Kind.PARENTING_CLASS, {"attendees", "topic"}),
    ],
)
def test_each_kind_asks_for_what_it_needs(school, kind, missing):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(by=school.konselor, organisation=school.org, data=data(kind))
    errors = errors_of(exc)
    assert set(errors) == missing
    assert all(msgs == ["Kolom ini wajib diisi."] for msgs in errors.values())
    assert not Activity.objects.exists()


@pytest.mark.parametrize("minutes", [0, 601, -5])
def test_a_duration_out_of_bounds_is_refused(school, other_student, minutes):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.INDIVIDUAL_COUNSELING, people=[other_student], duration_minutes=minutes),
        )
    assert errors_of(exc) == {"duration_minutes": ["Durasi harus antara 1 dan 600 menit."]}
    assert not Activity.objects.exists() and not AuditEvent.objects.exists()


def test_a_cohort_of_another_organisation_is_refused(school, other_school):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(
                Kind.CLASSROOM_GUIDANCE,
                cohort=other_school.cohort,
                topic="Karier",
                domain="career",
                component="planning",
            ),
        )
    assert errors_of(exc) == {"cohort": ["Pilih kelas dari lembaga ini."]}
    assert not Activity.objects.exists()


def test_a_person_of_another_organisation_is_refused(school, other_school):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.HOME_VISIT, people=[other_school.siswa_person]),
        )
    assert errors_of(exc) == {"people": ["Pilih orang dari lembaga ini."]}
    assert not Activity.objects.exists()


def test_it_takes_attendance_of_group_members(school, group, other_student):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(Kind.GROUP_COUNSELING, group=group, present=[other_student.pk]),
    )
    attendance = dict(activity.participants.values_list("person__full_name", "attended"))
    assert attendance == {"Dua Tanpa Akun": True, school.siswa_person.full_name: False}


def test_attendance_for_a_non_member_is_refused(school, group, other_school):
    outsider = PersonFactory(organisation=school.org, full_name="Bukan Anggota")
    for stranger in (outsider, other_school.siswa_person):
        with pytest.raises(ValidationError) as exc:
            services.log_activity(
                by=school.konselor,
                organisation=school.org,
                data=data(Kind.GROUP_COUNSELING, group=group, present=[stranger.pk]),
            )
        assert errors_of(exc) == {
            "present": ["Kehadiran hanya dapat dicatat untuk anggota kelompok."]
        }
    assert not Activity.objects.exists()


def test_a_case_session_takes_the_cases_person_and_a_restricted_note(
    school, counseling_case, konselor_lain, client: Client
):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.INDIVIDUAL_COUNSELING,
            case=counseling_case,
            note="Konseli bercerita tentang tekanan di rumah.",
            confidentiality="restricted",
        ),
    )
    assert list(activity.participants.values_list("person", flat=True)) == [school.siswa_person.pk]
    note = Note.objects.get(activity=activity)
    assert note.case == counseling_case and note.confidentiality == "restricted"

    counseling_case.team.add(konselor_lain)
    client.force_login(konselor_lain)
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "tekanan di rumah" not in page
    client.force_login(school.konselor)  # the author
    assert "tekanan di rumah" in client.get(f"/activities/{activity.pk}/").content.decode()
    # The coordinator opens it only by giving a reason (break-the-glass).
    client.force_login(school.koordinator)
    assert "tekanan di rumah" not in client.get(f"/activities/{activity.pk}/").content.decode()


def test_a_note_needs_a_case_and_a_past_activity(school, other_student, counseling_case):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.INDIVIDUAL_COUNSELING, people=[other_student], note="Catatan"),
        )
    assert errors_of(exc) == {"note": ["Catatan hanya dapat ditulis pada kegiatan sebuah kasus."]}
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(
                Kind.INDIVIDUAL_COUNSELING,
                case=counseling_case,
                note="Catatan",
                starts_at=timezone.now() + timedelta(days=1),
            ),
        )
    assert errors_of(exc) == {"note": ["Catatan ditulis setelah kegiatan berlangsung."]}
    assert not Note.objects.exists()


def test_a_future_session_is_scheduled_and_the_student_is_told(school, counseling_case):
    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(
            Kind.INDIVIDUAL_COUNSELING,
            case=counseling_case,
            starts_at=timezone.now() + timedelta(days=2),
        ),
    )
    assert activity.status == ActivityStatus.SCHEDULED
    notice = Notification.objects.get(recipient=school.siswa)
    assert notice.kind == "appointment_booked" and notice.link == f"/activities/{activity.pk}/"


def test_a_peer_logs_a_meeting_with_a_brief_contact_log(school, peer_case):
    activity = services.log_activity(
        by=school.sebaya,
        organisation=school.org,
        data=data(
            Kind.PEER_MEETING,
            case=peer_case,
            note="Ngobrol santai, dia mau ikut ekskul.",
            confidentiality="restricted",
        ),
    )
    note = Note.objects.get(activity=activity)
    assert note.kind == "contact_log" and note.confidentiality == "standard"
    assert activity.participants.get().person == school.siswa_person
    assert not Alert.objects.exists()


def test_a_peer_must_write_the_contact_log(school, peer_case):
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.sebaya, organisation=school.org, data=data(Kind.PEER_MEETING, case=peer_case)
        )
    assert errors_of(exc) == {"note": ["Tulis catatan kontak singkat dari pertemuan ini."]}


def test_a_peer_logs_nothing_but_peer_meetings_on_their_own_cases(
    school, peer_case, counseling_case, other_student
):
    with pytest.raises(PermissionDenied):
        services.log_activity(
            by=school.sebaya,
            organisation=school.org,
            data=data(Kind.INDIVIDUAL_COUNSELING, people=[other_student]),
        )
    with pytest.raises(ValidationError) as exc:
        services.log_activity(
            by=school.sebaya,
            organisation=school.org,
            data=data(Kind.PEER_MEETING, case=counseling_case, note="Halo"),
        )
    assert errors_of(exc) == {"case": ["Pilih kasus yang Anda tangani di lembaga ini."]}
    # Counselors do not log peer meetings, not even on their own cases.
    with pytest.raises(PermissionDenied):
        services.log_activity(
            by=school.konselor,
            organisation=school.org,
            data=data(Kind.PEER_MEETING, case=counseling_case, note="Halo"),
        )
    assert not Activity.objects.exists()


def test_a_flagged_contact_log_raises_an_alert(school, peer_case):
    services.log_activity(
        by=school.sebaya,
        organisation=school.org,
        data=data(Kind.PEER_MEETING, case=peer_case, note="Dia bilang pengen mati aja rasanya."),
    )
    alert = Alert.objects.get()
    assert alert.source == "contact_log" and alert.case == peer_case
    assert alert.person == school.siswa_person


def test_a_flagged_pfa_text_raises_one_alert_in_the_same_transaction(
    community, relawan, beneficiary
):
    activity = services.log_activity(
        by=relawan,
        organisation=community,
        data=data(
            Kind.PFA_CONTACT,
            people=[beneficiary],
            topic="Kehilangan rumah",
            follow_up="Dia bilang pengen mati aja rasanya, rujuk ke psikolog",
        ),
    )
    alert = Alert.objects.get()
    assert alert.person == beneficiary and alert.evidence["activity"] == str(activity.pk)
    assert "rujuk" not in str(alert.evidence)


def test_a_calm_pfa_contact_raises_nothing(community, relawan, beneficiary):
    services.log_activity(
        by=relawan,
        organisation=community,
        data=data(Kind.PFA_CONTACT, people=[beneficiary], topic="Butuh air bersih"),
    )
    assert not Alert.objects.exists()


def test_the_html_form_logs_and_refuses_bad_input(school, client: Client):
    client.force_login(school.konselor)
    other = CohortFactory(organisation=school.org, name="XI-2")
    form = {
        "starts_at": "2026-01-05T08:00",
        "duration_minutes": "0",
        "mode": "in_person",
        "cohort": str(other.pk),
        "topic": "Cita-cita",
        "domain": "career",
        "component": "planning",
    }
    refused = client.post("/activities/new/classroom_guidance/", form)
    assert refused.status_code == 400
    assert "Durasi harus antara 1 dan 600 menit." in refused.content.decode()
    assert not Activity.objects.exists()

    form["duration_minutes"] = "90"
    saved = client.post("/activities/new/classroom_guidance/", form)
    activity = Activity.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/activities/{activity.pk}/"
    # The form's time is on the school's clock (WIB).
    assert timezone.localtime(activity.starts_at).isoformat().startswith("2026-01-05T08:00")


def test_the_group_session_form_lists_members_for_attendance(
    school, group, other_student, client: Client
):
    client.force_login(school.konselor)
    page = client.get(f"/activities/new/group_counseling/?group={group.pk}").content.decode()
    assert "Dua Tanpa Akun" in page and school.siswa_person.full_name in page
    response = client.post(
        f"/activities/new/group_counseling/?group={group.pk}",
        {
            "group": str(group.pk),
            "starts_at": "2026-01-06T10:00",
            "duration_minutes": "60",
            "mode": "in_person",
            "present": [str(other_student.pk)],
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().participants.filter(attended=True).count() == 1


@pytest.mark.parametrize(
    "kind", [Kind.VIOLENCE_PREVENTION, Kind.TEAM_TRAINING, Kind.PARENTING_CLASS]
)
def test_prevention_of_violence_is_logged_for_the_whole_school(school, kind):
    from rangkul.activities.queries import visible_activities

    activity = services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=data(kind, attendees="Orang tua kelas X, 40 orang", topic="Mencegah perundungan"),
    )
    assert activity.status == ActivityStatus.DONE
    # Planned and reported together: the coordinator sees it, a student does not.
    assert visible_activities(school.koordinator, school.org.id).filter(pk=activity.pk).exists()
    assert not visible_activities(school.siswa, school.org.id).filter(pk=activity.pk).exists()
