"""Every write of the reports app asked for by a person: views of reports (audited reads),
table downloads, export requests and downloads (the worker's part is in `tasks`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit.services import record
from rangkul.reports import files, permissions, queries
from rangkul.reports.filters import Filters
from rangkul.reports.models import EXPORT_DAYS, Export, ExportFormat, ExportStatus
from rangkul.reports.report import Report, Table
from rangkul.reports.tables import TABLES
from rangkul.reports.tasks import run_export


def open_report(*, by: Any, organisation: Any, filters: Filters) -> Report:
    """The report of the user's scope in `organisation`, with its view audited."""
    scope = permissions.report_scope(by, organisation)
    if scope is None:
        raise PermissionDenied
    report = Report(scope, filters)
    record(
        by,
        "report.viewed",
        organisation=organisation,
        data={"scope": scope.kind, "count": len(scope.org_ids), **filters.to_params()},
    )
    return report


def download_table(
    *, by: Any, organisation: Any, table: str, file_format: str, filters: Filters
) -> tuple[Table, bytes]:
    """A small table's file at once; the download is audited. Identifiable and large
    tables go through `request_export`."""
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Choose CSV or Excel."))
    built = queries.build_table(by=by, organisation=organisation, table=table, filters=filters)
    if built.identifiable or len(built.rows) > settings.REPORTS_DIRECT_ROWS:
        raise ValidationError(_("This table is prepared in the background."))
    data = files.write(file_format, built.title, built.headers, built.rows)
    record(
        by,
        "report.table_downloaded",
        organisation=organisation,
        data={"table": table, "format": file_format, "count": len(built.rows)},
    )
    return built, data


def request_export(
    *, by: Any, organisation: Any, table: str, file_format: str, filters: Filters
) -> Export:
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Choose CSV or Excel."))
    queries.checked_table(by, organisation, table)
    with transaction.atomic():
        export = Export.objects.create(
            organisation=organisation,
            requested_by=by,
            table=table,
            file_format=file_format,
            identifiable=TABLES[table].identifiable,
            params=filters.to_params(),
            expires_at=timezone.now() + timedelta(days=EXPORT_DAYS),
        )
        record(
            by,
            "report.export_requested",
            export,
            data={"table": table, "format": file_format, "identifiable": export.identifiable},
        )
        transaction.on_commit(lambda: run_export.enqueue(str(export.pk)))
    return export


def open_export(*, by: Any, export: Export) -> Export:
    """The file of a finished export, for its requester while they still hold the right to
    the table; audited."""
    if not permissions.is_own_export(by, export):
        raise PermissionDenied
    queries.checked_table(by, export.organisation, export.table)
    if export.status != ExportStatus.DONE or export.expires_at <= timezone.now():
        raise ValidationError(_("This export is not ready or has expired."))
    record(
        by,
        "report.export_downloaded",
        export,
        data={"table": export.table, "identifiable": export.identifiable},
    )
    return export
