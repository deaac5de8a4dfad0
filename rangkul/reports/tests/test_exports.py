"""Table downloads and background exports: the files parsed back, escaping, the worker,
the audited download and expiry."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import WORKER, run_worker
from rangkul.audit.models import AuditEvent
from rangkul.reports import files, services, tasks
from rangkul.reports.filters import default_filters
from rangkul.reports.models import Export, ExportStatus
from rangkul.reports.tests.factories import cases, people, scores
from rangkul.screenings.tests.factories import launch

NASTY = ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "biasa", -2.5, 7]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_cells_that_look_like_formulas_are_escaped_in_csv_and_xlsx():
    data = files.write("csv", "Uji", ["a"] * len(NASTY), [NASTY])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "'+1+2", "'-3+4", "'@SUM(A1)", "biasa",
                       "-2.5", "7"]  # fmt: skip
    book = load_workbook(io.BytesIO(files.write("xlsx", "Uji: a/b", ["a"] * 7, [NASTY])))
    sheet = book.worksheets[0]
    values = [c.value for c in sheet[2]]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1+2", "'-3+4", "'@SUM(A1)", "biasa",
                      -2.5, 7]  # fmt: skip
    assert all(c.data_type != "f" for c in sheet[2])
    assert sheet.title == "Uji  a b"


@pytest.mark.django_db
def test_a_table_downloads_as_csv_and_xlsx_with_the_page_figures(school):
    cases(school.org, people(school.org, 6), "peer")
    client = _client(school.kepsek)
    answer = client.get(reverse("reports_table_file", args=["programmes", "csv"]))
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[1][1:3] == ["6", "6"]
    answer = client.get(reverse("reports_table_file", args=["programmes", "xlsx"]))
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    assert [c.value for c in sheet[2]][1:3] == [6, 6]
    assert AuditEvent.objects.filter(verb="report.table_downloaded").count() == 2


@pytest.mark.django_db
def test_identifiable_tables_are_for_coordinators_and_never_direct(school):
    principal = _client(school.kepsek)
    url = reverse("reports_export_request", args=["people_outcomes", "csv"])
    assert principal.post(url).status_code == 404
    assert not Export.objects.exists()
    coordinator = _client(school.koordinator)
    direct = coordinator.get(reverse("reports_table_file", args=["people_outcomes", "csv"]))
    assert direct.status_code == 302  # prepared in the background instead
    assert coordinator.get(reverse("reports_district")).status_code == 404


@WORKER
def test_the_worker_builds_an_identifiable_export_that_only_its_requester_downloads(school):
    campaign = launch(school, "gad7")
    persons = people(school.org, 5)
    for person in persons:
        scores(campaign, person, "gad7", [15, 8])
    persons[0].full_name = "=cmd|' /C calc'!A0"
    persons[0].save()
    coordinator = _client(school.koordinator)
    answer = coordinator.post(reverse("reports_export_request", args=["people_outcomes", "csv"]))
    assert answer.status_code == 302
    export = Export.objects.get()
    assert export.status == ExportStatus.WAITING and export.identifiable
    listing = coordinator.get(reverse("reports_exports")).content.decode()
    assert "hx-trigger" in listing  # polls while it waits
    run_worker()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.percent == 100
    assert default_storage.exists(export.file.name)
    url = reverse("reports_export_file", args=[export.pk])
    listing = coordinator.get(reverse("reports_exports")).content.decode()
    assert url in listing and "hx-trigger" not in listing
    answer = coordinator.get(url)
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 6
    assert "'=cmd|' /C calc'!A0" in [r[0] for r in rows]
    assert AuditEvent.objects.filter(verb="report.export_downloaded", actor=school.koordinator)
    # Another coordinator's or a principal's request for the same file is a 404.
    assert _client(school.kepsek).get(url).status_code == 404


@WORKER
def test_exports_expire_after_seven_days_and_their_files_go(school):
    export = services.request_export(
        by=school.koordinator, organisation=school.org, table="programmes",
        file_format="xlsx", filters=default_filters(),
    )  # fmt: skip
    run_worker()
    export.refresh_from_db()
    name = export.file.name
    assert default_storage.exists(name)
    assert tasks.delete_expired_exports.call() == 0
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert (
            _client(school.koordinator)
            .get(reverse("reports_export_file", args=[export.pk]))
            .status_code
            == 302
        )
        assert tasks.delete_expired_exports.call() == 1
    assert not Export.objects.exists()
    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(verb="report.export_expired").exists()


@WORKER
def test_the_activities_of_the_period_export_for_the_coordinator(school):
    from rangkul.activities.tests.factories import ActivityFactory

    for topic in ("Cemas ujian", "=1+1"):
        ActivityFactory(organisation=school.org, facilitator=school.konselor, topic=topic)
    ActivityFactory(
        organisation=school.org, facilitator=school.konselor, topic="Batal", status="cancelled"
    )
    with pytest.raises(PermissionDenied):
        services.request_export(
            by=school.kepsek, organisation=school.org, table="activities",
            file_format="xlsx", filters=default_filters(),
        )  # fmt: skip
    export = services.request_export(
        by=school.koordinator, organisation=school.org, table="activities",
        file_format="xlsx", filters=default_filters(),
    )  # fmt: skip
    run_worker()
    export.refresh_from_db()
    with export.file.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).worksheets[0]
    topics = sorted(row[5] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert topics == ["'=1+1", "Cemas ujian"]
