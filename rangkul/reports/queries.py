"""Reads of the reports app, scoped to the user: their exports, and a report table built
under the reader's rights (checked every time, also when the worker builds an export)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rangkul.lib.scoping import get_in_scope
from rangkul.reports import permissions
from rangkul.reports.filters import Filters
from rangkul.reports.models import Export
from rangkul.reports.permissions import own_export_filter
from rangkul.reports.report import Report, Table
from rangkul.reports.tables import TABLES


def own_exports(user: Any, organisation: Any) -> QuerySet[Export]:
    return Export.objects.filter(own_export_filter(user), organisation=organisation)


def get_export_for(user: Any, organisation: Any, pk: object) -> Export:
    return get_in_scope(own_exports(user, organisation).select_related("organisation"), pk)


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
