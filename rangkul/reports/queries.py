"""Reads of the reports app, scoped to the user."""

from typing import Any

from django.db.models import QuerySet

from rangkul.lib.scoping import get_in_scope
from rangkul.reports.models import Export
from rangkul.reports.permissions import own_export_filter


def own_exports(user: Any, organisation: Any) -> QuerySet[Export]:
    return Export.objects.filter(own_export_filter(user), organisation=organisation)


def get_export_for(user: Any, organisation: Any, pk: object) -> Export:
    return get_in_scope(own_exports(user, organisation).select_related("organisation"), pk)
