from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.models import Organisation, User
from rangkul.accounts.queries import find_user_by_username
from rangkul.accounts.roles import Role
from rangkul.regions.validators import validate_region_code


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with Rangkul's words: students read it too."""

    error_messages = {
        "password_incorrect": _("The old password is not right. Type it again."),
        "password_mismatch": _("The two new passwords are not the same."),
    }


class OrganisationForm(forms.ModelForm):
    """An organisation as the site administrator keeps it: its region code must be in the
    Kemendagri table, not only look like a code."""

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "parent",
            "npsn",
            "region_code",
            "time_zone",
            "is_active",
            "calendar_title",
            "mfa_required",
            "mfa_grace_days",
        )

    def clean_region_code(self) -> str:
        code: str = self.cleaned_data["region_code"]
        validate_region_code(code)
        return code


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Check them and try again."),
        "inactive": _("This account is not active."),
    }


def _role_choices(roles: list[str]) -> list[tuple[str, Any]]:
    return [(r, Role(r).label) for r in roles]


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_grant_%s")  # both forms share a page
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = _role_choices(roles)

    def clean_username(self) -> User:
        user = find_user_by_username(self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("There is no active user with this username."))
        return user


class CreateMemberForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_create_%s")  # both forms share a page
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = _role_choices(roles)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
