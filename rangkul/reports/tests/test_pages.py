"""Who sees the report pages, what they see, and that every view is audited."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_school
from rangkul.audit.models import AuditEvent
from rangkul.reports.tests.factories import cases, close, people

pytestmark = pytest.mark.django_db


def _get(user, name, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name), params)


@pytest.mark.parametrize(
    ("persona", "school_page", "district_page", "indicators"),
    [
        ("koordinator", 200, 404, 200),
        ("kepsek", 200, 404, 200),
        ("konselor", 404, 404, 404),
        ("walikelas", 404, 404, 404),
        ("siswa", 404, 404, 404),
        ("admin", 404, 404, 404),
        ("analis", 404, 200, 200),
        ("outsider", 404, 404, 404),
    ],
)
def test_report_pages_by_role(personas, persona, school_page, district_page, indicators):
    user = personas[persona]
    assert _get(user, "reports").status_code == school_page
    assert _get(user, "reports_district").status_code == district_page
    assert _get(user, "reports_indicators").status_code == indicators


def test_the_principal_sees_small_counts_suppressed_and_the_view_is_audited(school):
    closed = cases(school.org, people(school.org, 8), "counseling")
    for case in closed[:3]:
        close(case, "improved")
    page = _get(school.kepsek, "reports")
    text = page.content.decode()
    assert page.status_code == 200
    assert "&lt;5" in text
    event = AuditEvent.objects.get(verb="report.viewed")
    assert event.organisation == school.org and event.data["scope"] == "school"


def test_a_filter_cannot_narrow_the_view_below_five_people(school):
    cases(school.org, people(school.org, 3), "psychosocial")
    cases(school.org, people(school.org, 6), "counseling")
    narrow = _get(school.koordinator, "reports", tier="psychosocial")
    assert 'data-testid="too-narrow"' in narrow.content.decode()
    assert 'data-testid="table-programmes"' not in narrow.content.decode()
    wide = _get(school.koordinator, "reports", tier="counseling")
    assert 'data-testid="table-programmes"' in wide.content.decode()
    client = Client()
    client.force_login(school.koordinator)
    url = reverse("reports_table_file", args=["programmes", "csv"])
    refused = client.get(url, {"tier": "psychosocial"})
    assert refused.status_code == 302


def test_the_district_view_lists_each_school_with_its_counselor_ratio(school, other_school, analis):
    page = _get(analis, "reports_district")
    text = page.content.decode()
    assert page.status_code == 200
    # Each school fixture has 2 person records and 2 counselors (counselor, coordinator).
    assert "Sekolah 1" in text and "Sekolah 2" in text and "1 : 1" in text


def test_bad_dates_fall_back_with_a_message(school):
    page = _get(school.koordinator, "reports", **{"from": "2026-13-40"})
    assert page.status_code == 200
    assert "TTTT-BB-HH" in page.content.decode()


def test_indicators_are_listed_with_definitions_and_every_one_is_measured(school, indicators):
    page = _get(school.koordinator, "reports_indicators")
    text = page.content.decode()
    assert "Orang yang terjangkau layanan" in text
    assert "Merasa didengar (konseling sebaya)" in text
    assert "peer_felt_heard_rate" in text
    # The peer pulse and competency figures are collected now: too few answers show "—".
    assert "belum dikumpulkan" not in text


def _district_queries(analis):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(analis)
    client.get(reverse("reports_district"))  # warm: session, caches
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("reports_district"))
    assert page.status_code == 200
    return len(ctx.captured_queries), page.content.decode()


def test_the_district_view_costs_the_same_queries_for_more_schools(
    authority, school, other_school, analis
):
    from rangkul.reports import effectiveness as eff
    from rangkul.reports.filters import default_filters
    from rangkul.reports.permissions import report_scope
    from rangkul.reports.tables import Report, organisations_table

    cases(school.org, people(school.org, 6), "counseling")
    two, _text = _district_queries(analis)
    schools = [school, other_school, make_school(authority, 3), make_school(authority, 4)]
    cases(schools[3].org, people(schools[3].org, 7), "peer")
    four, text = _district_queries(analis)
    assert two == four and "Sekolah 4" in text
    # Grouped by organisation, each row is what the school's own figures say.
    f = default_filters()
    rows = {r[0]: r for r in organisations_table(Report(report_scope(analis, authority), f)).rows}
    for s in schools:
        reached = sum(p.people for p in eff.programmes([s.org.id], f.start, f.end))
        assert rows[s.org.name][6] == (reached if reached >= 5 or reached == 0 else "<5")
    assert rows["Sekolah 1"][6] == 6 and rows["Sekolah 4"][6] == 7
