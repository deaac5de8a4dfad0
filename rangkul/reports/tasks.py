"""Background work of the reports app: building a requested export and expiring old ones
(the worker's writes, as in `notifications.tasks`), and the rollups' refresh. Asking for an
export is `services.request_export`, which enqueues `run_export`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from rangkul.audit.services import record
from rangkul.reports import files, queries
from rangkul.reports.filters import parse_filters
from rangkul.reports.models import Export, ExportStatus


@task()
def run_export(export_id: str) -> None:
    """The worker's part: build the table again under the requester's rights of now, write
    it with progress, keep the file in storage."""
    export = Export.objects.select_related("requested_by", "organisation").get(pk=export_id)
    if export.status != ExportStatus.WAITING:
        return
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)
    filters, _errors = parse_filters(export.params)
    try:
        built = queries.build_table(
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


@task()
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


@task()
def refresh_rollups() -> int:
    """Periodic (every 5 minutes): fold new screening responses into the semester rollup
    and count again the days with newly done activities. Returns how many responses and
    days were read."""
    from rangkul.reports.rollups import refresh_activity_days, refresh_score_series

    return refresh_score_series() + refresh_activity_days()
