from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from rangkul.accounts.models import Membership, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Rangkul", {"fields": ("preferred_language",)}))  # type: ignore[misc]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "npsn", "region_code", "time_zone", "parent", "is_active")
    list_filter = ("kind", "time_zone", "is_active")
    search_fields = ("name", "npsn", "region_code")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: roles are granted and removed through the members page, which audits
    the change and notifies the coordinator."""

    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
