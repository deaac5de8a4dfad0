import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts import mfa, passkeys, permissions, queries, services
from rangkul.accounts.forms import CreateMemberForm, GrantRoleForm, LoginForm, PasswordChangeForm
from rangkul.accounts.lockout import lockout_response
from rangkul.accounts.middleware import MFA_OK_KEY, SESSION_KEY
from rangkul.accounts.models import User
from rangkul.lib import ratelimit
from rangkul.lib.views import error_text


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150].strip().lower()
        ratelimit.hit("login", person=username)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        user = form.get_user()
        if mfa.has_factor(user):
            # The password was right; the session is made only after the second step.
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": self.get_redirect_url(),
            }
            return redirect("login_verify")
        response = super().form_valid(form)
        # Nothing to check yet: the enrolment rules of StaffSessionMiddleware apply.
        return response


PENDING_KEY = "rangkul_mfa_pending"
PENDING_SECONDS = 300


def _pending_user(request: HttpRequest) -> Any:
    pending = request.session.get(PENDING_KEY)
    if not pending or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def _second_step(request: HttpRequest, *, recovery: bool) -> HttpResponse:
    """The second step of signing in, with the lockout and rate limits of the first."""
    user = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Log in with your username and password first."))
        return redirect("login")
    template = "registration/login_recovery.html" if recovery else "registration/login_verify.html"
    error = ""
    if request.method == "POST":
        credentials = {"username": user.username}
        ratelimit.hit("login", person=user.username.lower())
        if AxesProxyHandler.is_locked(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return lockout_response(request, None, credentials)
        if mfa.verify(user, str(request.POST.get("code", ""))[:40], recovery=recovery):
            return redirect(_finish_login(request, user, recovery=recovery))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return lockout_response(request, None, credentials)
        error = (
            _("That recovery code is not valid or was already used.")
            if recovery
            else _("That code is not right. Check the time on your phone and try again.")
        )
    context = {"error": error, "has_passkey": bool(mfa.passkeys(user))}
    return render(request, template, context, status=400 if error else 200)


def _finish_login(request: HttpRequest, user: Any, *, recovery: bool = False) -> str:
    """Make the login session once the second step passed; where to go next."""
    pending = request.session.pop(PENDING_KEY)
    login(request, user, backend=pending["backend"])
    request.session[MFA_OK_KEY] = True
    if recovery:
        messages.warning(
            request,
            _(
                "You used a recovery code. Make new ones, and set up your "
                "authenticator app again if it was lost."
            ),
        )
        return reverse("mfa_overview")
    next_url = pending.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_POST
def login_passkey_options(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None or not mfa.passkeys(user):
        return _json_error(_("Log in with your username and password first."))
    return HttpResponse(
        passkeys.authentication_options(request, user), content_type="application/json"
    )


@require_POST
def login_passkey(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey: the same lockout and limits as a code."""
    user = _pending_user(request)
    if user is None:
        return _json_error(_("Log in with your username and password first."))
    credentials = {"username": user.username}
    ratelimit.hit("login", person=user.username.lower())
    if AxesProxyHandler.is_locked(request, credentials):
        request.session.pop(PENDING_KEY, None)
        return lockout_response(request, None, credentials)
    if passkeys.authenticate(request, user, request.body.decode("utf-8", "replace")[:20000]):
        return JsonResponse({"next": _finish_login(request, user)})
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return _json_error(_("The passkey was not accepted."))


def login_verify(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=False)


def login_recovery(request: HttpRequest) -> HttpResponse:
    return _second_step(request, recovery=True)


def _require_staff(request: HttpRequest) -> None:
    """Second factors are for staff; students sign in with their password only."""
    if not permissions.staff_orgs(request.user):
        raise Http404


@login_required
def mfa_overview(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    user: Any = request.user
    deadline = mfa.enrolment_deadline(user)
    return render(
        request,
        "accounts/mfa_overview.html",
        {
            "passkeys": mfa.passkeys(user),
            "devices": mfa.totp_devices(user),
            "recovery": mfa.recovery_device(user),
            "codes_left": mfa.recovery_codes_left(user),
            "required": deadline is not None,
            "deadline": deadline,
        },
    )


TOTP_KEY = "rangkul_mfa_new_totp"


@login_required
def mfa_totp(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the key), then confirm a code."""
    _require_staff(request)
    user: Any = request.user
    key = request.session.get(TOTP_KEY)
    if not key:
        key = request.session[TOTP_KEY] = mfa.new_totp_key()
    error = ""
    if request.method == "POST":
        device = mfa.confirm_totp(user=user, key_hex=key, code=str(request.POST.get("code", "")))
        if device is not None:
            del request.session[TOTP_KEY]
            request.session[MFA_OK_KEY] = True
            messages.success(request, _("Your authenticator app is set up."))
            if mfa.recovery_codes_left(user) == 0:
                return _show_recovery_codes(request, mfa.issue_recovery_codes(user=user))
            return redirect("mfa_overview")
        error = _("That code is not right. Check the time on your phone and try again.")
    uri = mfa.totp_uri(user, key)
    return render(
        request,
        "accounts/mfa_totp.html",
        {"qr": mfa.qr_svg(uri), "secret": mfa.b32(key), "error": error},
        status=400 if error else 200,
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown on this answer only (the old ones stop working)."""
    _require_staff(request)
    user: Any = request.user
    if not mfa.has_factor(user):
        messages.error(request, _("Set up an authenticator app or a passkey first."))
        return redirect("mfa_overview")
    return _show_recovery_codes(request, mfa.issue_recovery_codes(user=user))


@login_required
@require_POST
def mfa_passkey_options(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return HttpResponse(
        passkeys.registration_options(request, request.user), content_type="application/json"
    )


@login_required
@require_POST
def mfa_passkey_add(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    user: Any = request.user
    passkey = passkeys.register(request, user, request.body.decode("utf-8", "replace")[:20000])
    if passkey is None:
        return _json_error(_("The passkey could not be added. Try again."))
    request.session[MFA_OK_KEY] = True
    messages.success(request, _("Your passkey is set up."))
    if mfa.recovery_codes_left(user) == 0:
        messages.info(request, _("Make recovery codes too, in case the passkey is lost."))
    return JsonResponse({"next": reverse("mfa_overview")})


@login_required
@require_POST
def mfa_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_staff(request)
    if kind not in ("totp", "recovery", "passkey"):
        raise Http404
    try:
        mfa.remove_factor(by=request.user, device_id=pk, kind=kind)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The sign-in factor was removed."))
    return redirect("mfa_overview")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
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
