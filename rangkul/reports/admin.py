from django.contrib import admin

from rangkul.reports.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    """Indicators are wording and a computation key: configuration, not personal data."""

    list_display = ["position", "code", "name", "computation", "is_active"]
    list_editable = ["is_active"]
    ordering = ["position", "code"]
