import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from rangkul.audit.models import AuditEvent, AuditImmutableError
from rangkul.audit.services import record


def test_audit_events_cannot_be_changed_or_deleted(school):
    event = record(school.admin, "membership.granted", school.siswa_person)
    event.verb = "membership.revoked"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x.y")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "membership.granted"


def test_the_admin_can_look_but_not_touch(school):
    admin = site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = school.admin
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_free_text_never_enters_the_audit_trail(school):
    with pytest.raises(ValueError):
        record(school.konselor, "note.created", data={"text": "isi catatan"})


def test_verbs_are_namespaced(school):
    with pytest.raises(ValueError):
        record(school.konselor, "viewed")


def test_the_organisation_defaults_to_the_objects(school):
    event = record(school.konselor, "person.viewed", school.siswa_person)
    assert event.organisation == school.org
    assert event.object_type == "people.person"


def test_case_and_person_data_is_not_in_the_django_admin():
    from rangkul.people.models import Person

    assert Person not in site._registry


def test_events_name_people_only_through_the_identity_map(school):
    from rangkul.audit.models import AuditSubject
    from rangkul.audit.services import forget

    event = record(school.konselor, "person.viewed", school.siswa_person)
    assert event.object_id != str(school.siswa_person.pk)
    assert AuditSubject.objects.get(pk=event.object_id).ref_id == str(school.siswa_person.pk)
    assert list(AuditEvent.objects.for_object(school.siswa_person)) == [event]
    assert AuditEvent.objects.filter(actor=school.konselor).get() == event
    assert forget(school.siswa_person, school.konselor) == 2
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None and stored.verb == "person.viewed"
    assert not AuditEvent.objects.for_object(school.siswa_person).exists()
