"""Every write of the reports app: views of reports (audited reads), exports and expiry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit.services import record
from rangkul.reports import files, permissions
from rangkul.reports.filters import Filters, parse_filters
from rangkul.reports.models import Export, ExportFormat, ExportStatus
from rangkul.reports.report import Report, Table
from rangkul.reports.tables import TABLES


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


def checked_table(by: Any, organisation: Any, table: str) -> None:
    spec = TABLES.get(table)
    if spec is None:
        raise ValidationError(_("There is no such table."))
    if not permissions.can_use_table(
        by, organisation, identifiable=spec.identifiable, district=spec.district_only
    ):
        raise PermissionDenied


def build_table(*, by: Any, organisation: Any, table: str, filters: Filters) -> Table:
    checked_table(by, organisation, table)
    scope = permissions.report_scope(by, organisation)
    assert scope is not None
    report = Report(scope, filters)
    if report.too_narrow:
        raise ValidationError(_("This filter leaves fewer than 5 people. Choose a wider one."))
    return TABLES[table].build(report)


def download_table(
    *, by: Any, organisation: Any, table: str, file_format: str, filters: Filters
) -> tuple[Table, bytes]:
    """A small table's file at once; the download is audited. Identifiable and large
    tables go through `exports.request_export`."""
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Choose CSV or Excel."))
    built = build_table(by=by, organisation=organisation, table=table, filters=filters)
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


def run_export(export_id: str) -> None:
    """The worker's part: build the table again under the requester's rights of now, write
    it with progress, keep the file in storage."""
    export = Export.objects.select_related("requested_by", "organisation").get(pk=export_id)
    if export.status != ExportStatus.WAITING:
        return
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    filters, _errors = parse_filters(export.params)
    try:
        built = build_table(
            by=export.requested_by,
            organisation=export.organisation,
            table=export.table,
            filters=filters,
        )
    except (PermissionDenied, ValidationError):
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
        record(None, "report.export_failed", export, data={"table": export.table})
        return
    Export.objects.filter(pk=export.pk).update(total_rows=len(built.rows))

    def progress(done: int) -> None:
        Export.objects.filter(pk=export.pk).update(progress=done)

    data = files.write(export.file_format, built.title, built.headers, built.rows, progress)
    with transaction.atomic():
        export.file.save(f"{export.pk}.{export.file_format}", ContentFile(data), save=False)
        Export.objects.filter(pk=export.pk).update(
            file=export.file.name,
            status=ExportStatus.DONE,
            progress=len(built.rows),
            total_rows=len(built.rows),
            finished_at=timezone.now(),
        )
        record(None, "report.export_ready", export, data={"count": len(built.rows)})


def delete_expired_exports() -> int:
    """Periodic (daily): delete exports older than 7 days, with their files."""
    expired = list(Export.objects.filter(expires_at__lte=timezone.now()))
    for export in expired:
        with transaction.atomic():
            if export.file:
                export.file.delete(save=False)
            record(None, "report.export_expired", export, data={"table": export.table})
            export.delete()
    return len(expired)
