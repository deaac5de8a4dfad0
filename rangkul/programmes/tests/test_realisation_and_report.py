"""Realisation computed from the activities that took place, and the semester report."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rangkul.activities.models import Component, Kind
from rangkul.activities.services import activities as activity_services
from rangkul.cases.models import Domain
from rangkul.programmes import queries, services
from rangkul.programmes.models import Strategy
from rangkul.programmes.tests.factories import add_class, at, draft, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(school):
    """An approved programme: classroom guidance on study time for XA and XB (2 lesson
    hours each), and classroom guidance on careers for XA (2 hours)."""
    xa, _ = add_class(school, "XA", 2)
    xb, _ = add_class(school, "XB", 2)
    programme = draft(school)
    study = services.save_item(
        by=school.konselor, programme=programme,
        data=services.ItemData(
            domain="learning", topic="Mengatur waktu belajar", component="basic",
            strategy=Strategy.CLASSROOM_GUIDANCE, week_from=1, week_to=2, hours_per_class=2,
            cohorts=[xa.pk, xb.pk],
        ),
    )  # fmt: skip
    career = services.save_item(
        by=school.konselor, programme=programme,
        data=services.ItemData(
            domain="career", topic="Studi lanjut", component="planning",
            strategy=Strategy.CLASSROOM_GUIDANCE, week_from=3, week_to=3, hours_per_class=2,
            cohorts=[xa.pk],
        ),
    )  # fmt: skip
    services.approve_programme(by=school.koordinator, programme=programme)
    return programme, study, career, xa, xb


def test_realisation_is_computed_from_the_sessions_that_took_place(school, approved):
    programme, study, career, xa, xb = approved
    # 90 minutes in XA = 2 lesson hours of 45 minutes.
    services.deliver_item(
        by=school.konselor, item=study, starts_at=at(school.org, 3), duration_minutes=90, cohort=xa
    )
    # An activity logged on its own, then counted against the plan: 45 minutes in XB.
    lesson = activity_services.log_activity(
        by=school.konselor, organisation=school.org,
        data=activity_services.ActivityData(
            kind=Kind.CLASSROOM_GUIDANCE, starts_at=at(school.org, 2), duration_minutes=45,
            cohort=xb, topic="Jadwal belajar", domain="learning", component="basic",
        ),
    )  # fmt: skip
    assert [a.pk for a in queries.linkable_activities(school.konselor, study)] == [lesson.pk]
    services.link_activity(by=school.konselor, item=study, activity=lesson)
    # Unplanned responsive work: an individual session nobody planned.
    activity_services.log_activity(
        by=school.konselor, organisation=school.org,
        data=activity_services.ActivityData(
            kind=Kind.INDIVIDUAL_COUNSELING, starts_at=at(school.org, 1), duration_minutes=45,
            people=[school.siswa_person],
        ),
    )  # fmt: skip

    r = queries.realisation_of(programme)
    rows = {c.name: c for c in r.classes}
    assert rows["XA"].planned == {"personal": 0, "social": 0, "learning": 2, "career": 2}
    assert rows["XA"].delivered["learning"] == Decimal("2.0")
    assert rows["XA"].percent == 50
    assert rows["XB"].delivered["learning"] == Decimal("1.0") and rows["XB"].percent == 50
    assert r.planned_total == Decimal(6) and r.delivered_total == Decimal(3) and r.percent == 50
    assert [row.item for row in r.not_delivered] == [career]
    assert r.unplanned == [(str(Kind.INDIVIDUAL_COUNSELING.label), 1, Decimal("1.0"))]
    assert r.activities_done == 3


def test_an_activity_counts_once_and_only_inside_the_period(school, approved):
    programme, study, _career, xa, _xb = approved
    services.deliver_item(
        by=school.konselor, item=study, starts_at=at(school.org, 3), duration_minutes=90, cohort=xa
    )
    delivered = study.deliveries.get().activity
    with pytest.raises(ValidationError):
        services.link_activity(by=school.konselor, item=study, activity=delivered)
    with pytest.raises(ValidationError):
        services.deliver_item(
            by=school.konselor, item=study, starts_at=at(school.org, 200), duration_minutes=45,
            cohort=xa,
        )  # fmt: skip
    assert study.deliveries.count() == 1


def test_the_semester_report_pdf_shows_the_realisation_in_indonesian(school, approved):
    programme, study, _career, xa, _xb = approved
    services.deliver_item(
        by=school.konselor, item=study, starts_at=at(school.org, 3), duration_minutes=90, cohort=xa
    )
    services.save_report_narrative(
        by=school.konselor, programme=programme, introduction="",
        evaluation="Siswa kelas XA sudah menyusun jadwal belajar.",
        follow_up="Bimbingan klasikal studi lanjut dijadwalkan ulang.",
    )  # fmt: skip
    client = Client()
    client.force_login(school.kepsek)
    response = client.get(f"/programmes/{programme.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "LAPORAN PELAKSANAAN PROGRAM BK" in text
    assert "Jam pelajaran direncanakan: 6,0" in text
    assert "Jam pelajaran terlaksana: 2,0" in text
    assert "Realisasi: 33%" in text
    assert re.search(r"Butir terlaksana: 1 ?/ ?2\b", text)
    assert re.search(r"XA 0 ?/ ?0 0 ?/ ?0 2,0 ?/ ?2,0 2,0 ?/ ?0 4,0 ?/ ?2,0 \(50%\)", text)
    assert "Studi lanjut" in text  # not delivered
    assert "Siswa kelas XA sudah menyusun jadwal belajar." in text
    # Anyone reached is counted, never named.
    assert school.siswa_person.full_name not in text


def test_the_session_plan_prints_as_a_pdf(school, approved):
    _programme, study, _career, _xa, _xb = approved
    client = Client()
    client.force_login(school.konselor)
    assert client.get(f"/programmes/items/{study.pk}/plan.pdf").status_code == 404
    # Written while the programme was a draft: here, on a new revision.
    revision = services.revise_programme(by=school.konselor, programme=study.programme)
    item = revision.items.get(topic="Mengatur waktu belajar")
    response = client.post(
        f"/programmes/items/{item.pk}/plan/",
        {"objectives": "Siswa dapat membuat jadwal belajar mingguan.", "method": "Diskusi kelompok",
         "materials": "Lembar jadwal", "evaluation": "Jadwal yang dibuat siswa"},
    )  # fmt: skip
    assert response.status_code == 302
    text = pdf_text(client.get(f"/programmes/items/{item.pk}/plan.pdf").content)
    assert "RENCANA PELAKSANAAN LAYANAN" in text and "jadwal belajar mingguan" in text


def _by_hand(programme, _lesson_minutes):
    """The services, unplanned work and people reached, counted activity by activity from
    the rows (what the realisation computed before it grouped in the database)."""
    from collections import Counter

    from rangkul.activities.models import Activity, Participant
    from rangkul.people.models import Person
    from rangkul.programmes import realisation
    from rangkul.programmes.models import Delivery

    start, end = realisation.window(programme)
    item_of = {d.activity_id: d.item for d in Delivery.objects.filter(item__programme=programme)}
    done = [
        a for a in Activity.objects.filter(organisation=programme.organisation, status="done")
        if start <= a.starts_at <= end
    ]  # fmt: skip
    component, domain, kind, unplanned = Counter(), Counter(), Counter(), Counter()
    for a in done:
        item = item_of.get(a.pk)
        component[(item.component if item else a.component) or ""] += 1
        domain[(item.domain if item else a.domain) or ""] += 1
        kind[a.kind] += 1
        if item is None and (
            a.kind in realisation.RESPONSIVE_KINDS or a.component == Component.RESPONSIVE
        ):
            unplanned[a.kind] += 1
    reached = set(Participant.objects.filter(activity__in=done).values_list("person_id", flat=True))
    cohorts = {a.cohort_id for a in done}
    reached |= set(Person.objects.filter(cohort__in=cohorts).values_list("id", flat=True))
    return len(done), component, domain, kind, unplanned, len(reached)


def test_the_grouped_realisation_counts_as_one_would_activity_by_activity(school, approved):
    programme, study, career, xa, xb = approved
    services.deliver_item(
        by=school.konselor, item=study, starts_at=at(school.org, 3), duration_minutes=90, cohort=xa
    )
    services.deliver_item(
        by=school.konselor, item=career, starts_at=at(school.org, 4), duration_minutes=45, cohort=xa
    )
    xc, _ = add_class(school, "XC", 3)
    logged = [
        (Kind.CLASSROOM_GUIDANCE, 2, {"cohort": xb, "domain": "learning", "component": "basic"}),
        (Kind.CLASSROOM_GUIDANCE, 5, {"cohort": xc, "domain": "social", "component": "basic"}),
        (
            Kind.INDIVIDUAL_COUNSELING,
            1,
            {"people": [school.siswa_person], "component": "responsive"},
        ),
        (
            Kind.INDIVIDUAL_COUNSELING,
            6,
            {"people": [school.siswa_person], "domain": "personal", "component": "responsive"},
        ),
        (Kind.CONSULTATION, 7, {"component": "responsive", "consultee": "Wali kelas"}),
        # Before the period: not counted.
        (Kind.CLASSROOM_GUIDANCE, 400, {"cohort": xc, "domain": "career", "component": "basic"}),
    ]
    for kind, days_ago, fields in logged:
        activity_services.log_activity(
            by=school.konselor, organisation=school.org,
            data=activity_services.ActivityData(
                kind=kind, starts_at=at(school.org, days_ago), duration_minutes=45,
                topic="Sesi", **fields,
            ),
        )  # fmt: skip
    r = queries.realisation_of(programme)
    done, component, domain, kind, unplanned, reached = _by_hand(programme, r.lesson_minutes)
    kinds, components, domains = dict(Kind.choices), dict(Component.choices), dict(Domain.choices)

    def named(counts, names):
        return sorted((str(names.get(k, "—")), n) for k, n in counts.items())

    assert r.activities_done == done == 7
    assert sorted(r.by_component) == named(component, components)
    assert sorted(r.by_domain) == named(domain, domains)
    assert sorted(r.by_strategy) == named(kind, kinds)
    assert sorted((label, n) for label, n, _h in r.unplanned) == named(unplanned, kinds)
    assert r.people_reached == reached and reached >= 8  # XA, XB, XC and the student
