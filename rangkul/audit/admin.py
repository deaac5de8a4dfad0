from django.contrib import admin
from django.http import HttpRequest

from rangkul.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit events can be inspected, never added, changed or removed."""

    list_display = (
        "at",
        "verb",
        "actor_subject",
        "organisation",
        "object_type",
        "object_id",
        "client_ip",
    )
    list_filter = ("verb",)
    search_fields = ("verb", "object_id")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
