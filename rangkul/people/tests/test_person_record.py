from django.test import Client

from rangkul.audit.models import AuditEvent


def test_every_view_of_a_person_record_is_audited(school, client: Client):
    client.force_login(school.konselor)
    client.get(f"/people/{school.siswa_person.pk}/")
    client.get(f"/api/v1/people/{school.siswa_person.pk}")
    events = AuditEvent.objects.for_object(school.siswa_person).filter(verb="person.viewed")
    assert events.count() == 2
    assert set(events.values_list("actor_subject__user", flat=True)) == {school.konselor.pk}


def test_the_coordinator_sees_who_viewed_a_record(school, client: Client):
    client.force_login(school.konselor)
    client.get(f"/people/{school.siswa_person.pk}/")
    client.force_login(school.koordinator)
    page = client.get(f"/people/{school.siswa_person.pk}/access-log/").content.decode()
    assert school.konselor.get_full_name() in page
    assert AuditEvent.objects.filter(verb="person.access_log_viewed").count() == 1


def test_a_refused_view_leaves_no_view_event(school, other_school, client: Client):
    client.force_login(other_school.konselor)
    assert client.get(f"/people/{school.siswa_person.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(verb="person.viewed").exists()


def test_people_list_searches_by_name_and_class(school, client: Client):
    client.force_login(school.konselor)
    page = client.get("/people/", {"q": "Siswa Satu"}).content.decode()
    assert "Siswa Satu 1" in page and "Sebaya 1" not in page
    htmx = client.get("/people/", {"q": "Sebaya"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Sebaya 1" in htmx and "<html" not in htmx
    odd = client.get("/people/", {"cohort": "bukan-uuid", "page": "abc"})
    assert odd.status_code == 200
