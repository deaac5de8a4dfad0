from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from rangkul.accounts.forms import OrganisationForm
from rangkul.accounts.models import Membership, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Rangkul", {"fields": ("preferred_language",)}))  # type: ignore[misc]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = (
        "name",
        "kind",
        "npsn",
        "region_code",
        "time_zone",
        "parent",
        "is_active",
        "mfa_required",
    )
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


# Second-factor devices hold secrets (the authenticator key) and are managed only by their
# owner on the sign-in security page; the Django admin does not show them.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
