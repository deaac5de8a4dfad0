from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts import permissions, queries, services
from rangkul.accounts.forms import CreateMemberForm, GrantRoleForm, LoginForm
from rangkul.accounts.middleware import SESSION_KEY
from rangkul.lib import ratelimit
from rangkul.lib.views import error_text


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150].strip().lower()
        ratelimit.hit("login", person=username)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        services.record_password_change(by=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    org = queries.get_organisation_for(request.user, request.POST.get("organisation"))
    if org.id not in permissions.roles_by_org(request.user):
        raise Http404
    request.session[SESSION_KEY] = str(org.id)
    services.record_organisation_switch(by=request.user, organisation=org)  # type: ignore[arg-type]
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    return redirect(next_url)


MEMBERS_PER_PAGE = 100


def _members_context(request: HttpRequest, **forms: object) -> dict[str, object]:
    org = request.organisation  # type: ignore[attr-defined]
    roles = permissions.grantable_roles(request.user, org.id)
    page = Paginator(queries.visible_memberships(request.user, org.id), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "memberships": page,
        "page": page,
        "grant_form": forms.get("grant_form") or GrantRoleForm(roles=roles),
        "create_form": forms.get("create_form") or CreateMemberForm(roles=roles),
        "can_manage_all": roles and len(roles) > 1,
        "grantable": roles,
        "can_sign_out": permissions.has_capability(
            request.user, org.id, permissions.Capability.MANAGE_MEMBERS
        ),
    }


def _require_member_manager(request: HttpRequest) -> None:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not (
        permissions.has_capability(request.user, org.id, permissions.Capability.VIEW_MEMBERS)
        or permissions.can_manage_any_role(request.user, org.id)
    ):
        raise Http404


@login_required
def members(request: HttpRequest) -> HttpResponse:
    _require_member_manager(request)
    org = request.organisation  # type: ignore[attr-defined]
    roles = permissions.grantable_roles(request.user, org.id)
    grant_form = create_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "grant":
                grant_form = GrantRoleForm(request.POST, roles=roles)
                if grant_form.is_valid():
                    services.grant_role(
                        by=request.user,
                        user=grant_form.cleaned_data["username"],
                        organisation=org,
                        role=grant_form.cleaned_data["role"],
                    )
                    messages.success(request, _("The role was granted."))
                    return redirect("members")
            elif action == "create":
                create_form = CreateMemberForm(request.POST, roles=roles)
                if create_form.is_valid():
                    services.create_member(
                        by=request.user, organisation=org, **create_form.cleaned_data
                    )
                    messages.success(request, _("The account was created."))
                    return redirect("members")
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
    context = _members_context(request, grant_form=grant_form, create_form=create_form)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/members.html", context, status=status)


@login_required
@require_POST
def revoke_membership(request: HttpRequest, pk: str) -> HttpResponse:
    membership = queries.get_membership_for(request.user, pk)
    try:
        services.revoke_role(by=request.user, membership=membership)
        messages.success(request, _("The role was removed."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("members")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The caller's API tokens, each revocable, and "sign out everywhere"."""
    user: Any = request.user
    return render(request, "accounts/tokens.html", {"tokens": queries.own_tokens(user)})


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: str) -> HttpResponse:
    user: Any = request.user
    services.revoke_api_token(by=user, token=queries.get_own_token(user, pk))
    messages.success(request, _("The token was revoked."))
    return redirect("tokens")


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """Sign oneself out of every browser and token; this browser goes to the login page."""
    user: Any = request.user
    services.sign_out_everywhere(by=user, user=user)
    return redirect("login")


@login_required
@require_POST
def sign_out_member(request: HttpRequest, pk: str) -> HttpResponse:
    """An administrator ends every session and token of a member (a lost phone, a leaver)."""
    _require_member_manager(request)
    membership = queries.get_membership_for(request.user, pk)
    try:
        services.sign_out_everywhere(by=request.user, user=membership.user)
        messages.success(request, _("The member was signed out everywhere."))
    except PermissionDenied as exc:
        messages.error(request, error_text(exc))
    return redirect("members")


@login_required
def organisation_log(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not permissions.can_view_org_audit(request.user, org.id):
        raise Http404
    events = queries.org_audit_events(request.user, org.id)[:200]
    return render(request, "accounts/organisation_log.html", {"events": events})
