"""What a reader does with exports: ask for one (the worker builds it, `tasks.run_export`)
and download it. Above `tasks`, which runs the worker's part kept in `services`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit.services import record
from rangkul.reports import permissions
from rangkul.reports.filters import Filters
from rangkul.reports.models import EXPORT_DAYS, Export, ExportFormat, ExportStatus
from rangkul.reports.services import checked_table
from rangkul.reports.tables import TABLES
from rangkul.reports.tasks import run_export


def request_export(
    *, by: Any, organisation: Any, table: str, file_format: str, filters: Filters
) -> Export:
    if file_format not in ExportFormat.values:
        raise ValidationError(_("Choose CSV or Excel."))
    checked_table(by, organisation, table)
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
    checked_table(by, export.organisation, export.table)
    if export.status != ExportStatus.DONE or export.expires_at <= timezone.now():
        raise ValidationError(_("This export is not ready or has expired."))
    record(
        by,
        "report.export_downloaded",
        export,
        data={"table": export.table, "identifiable": export.identifiable},
    )
    return export
