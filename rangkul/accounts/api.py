from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from rangkul.accounts import mfa, permissions, queries, services
from rangkul.accounts.models import ApiToken, OrganisationKind, TimeZone
from rangkul.accounts.roles import Role
from rangkul.lib import ratelimit
from rangkul.lib.api import ERRORS, Error

router = Router(tags=["accounts"])
# Kept in step with pyproject.toml's version.
APP_VERSION = "0.1.0"


class TokenIn(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=4096)
    # The second factor: a code from the authenticator app (or a recovery code), needed
    # when the account has one or its organisation requires one.
    otp: str | None = Field(default=None, max_length=20)


class TokenOut(BaseModel):
    token: str
    expires_at: str


class OrganisationOut(BaseModel):
    id: str
    name: str
    kind: OrganisationKind
    time_zone: TimeZone


class MembershipOut(BaseModel):
    organisation: OrganisationOut
    role: Role
    role_label: str


class MeOut(BaseModel):
    id: str
    username: str
    full_name: str
    email: str
    language: str
    memberships: list[MembershipOut]
    roles: list[Role]


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Error, 403: Error, 422: ERRORS[422], 429: Error},
    summary="Exchange a username and password (and a second-factor code) for a bearer token",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    ratelimit.hit("token", person=payload.username.strip().lower())
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": _("Too many failed attempts. Wait a while and try again.")})
    if user is None:
        return Status(401, {"detail": _("Wrong username or password.")})
    if mfa.has_factor(user):
        code = (payload.otp or "").strip()
        if not code:
            return Status(401, {"detail": _("Give the code from your authenticator app (otp).")})
        if not mfa.verify_any(user, code):
            credentials = {"username": payload.username}
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            return Status(401, {"detail": _("That code is not right.")})
    elif mfa.must_enrol_now(user):
        return Status(
            403,
            {
                "detail": _(
                    "Your organisation requires a second factor and the time to set one up "
                    "is over: set one up in the browser (Sign-in security) first."
                )
            },
        )
    raw, token = services.issue_api_token(user=user)
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@router.delete(
    "/auth/token",
    response={204: None, 400: Error, 401: Error},
    summary="Revoke the bearer token used for this request",
)
def revoke_token(request: HttpRequest) -> Any:
    token_id = getattr(request.user, "_rangkul_token_id", None)
    if token_id is None:
        raise HttpError(400, _("This request was not made with a token."))
    user: Any = request.user
    token = ApiToken.objects.get(pk=token_id, user=user)
    services.revoke_api_token(by=user, token=token)
    return Status(204, None)


class TokenInfoOut(BaseModel):
    id: str
    prefix: str
    created_at: str
    expires_at: str
    last_used_at: str | None
    revoked_at: str | None
    usable: bool
    current: bool


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@router.get(
    "/auth/tokens",
    response={200: list[TokenInfoOut], 401: Error},
    summary="The caller's API tokens (never their secret)",
)
def list_tokens(request: HttpRequest) -> Any:
    user: Any = request.user
    current = getattr(user, "_rangkul_token_id", None)
    return [
        {
            "id": str(t.id),
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "last_used_at": _iso(t.last_used_at),
            "revoked_at": _iso(t.revoked_at),
            "usable": t.is_usable(),
            "current": t.id == current,
        }
        for t in queries.own_tokens(user)[:200]
    ]


@router.delete(
    "/auth/tokens/{token_id}",
    response={204: None, 401: Error, 404: Error},
    summary="Revoke one of the caller's API tokens",
)
def revoke_one_token(request: HttpRequest, token_id: str) -> Any:
    user: Any = request.user
    services.revoke_api_token(by=user, token=queries.get_own_token(user, token_id))
    return Status(204, None)


class VersionOut(BaseModel):
    api: str
    version: str


@router.get("/version", auth=None, response=VersionOut, summary="API and application version")
def version(request: HttpRequest) -> Any:
    """Cheap and public: integrations check compatibility, and benchmarks use it as the
    minimal JSON endpoint."""
    return {"api": "v1", "version": APP_VERSION}


@router.get("/me", response={200: MeOut, 401: Error}, summary="The current user and roles")
def me(request: HttpRequest) -> Any:
    user: Any = request.user
    roles = permissions.roles_by_org(user)
    orgs = {o.id: o for o in queries.member_organisations(user)}
    memberships = [
        {
            "organisation": {
                "id": str(org.id),
                "name": org.name,
                "kind": org.kind,
                "time_zone": org.time_zone,
            },
            "role": role,
            "role_label": str(Role(role).label),
        }
        for org_id, org_roles in roles.items()
        if (org := orgs.get(org_id)) is not None
        for role in sorted(org_roles)
    ]
    return {
        "id": str(user.public_id),
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "language": user.preferred_language,
        "memberships": memberships,
        "roles": sorted({m["role"] for m in memberships}),
    }


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], 401: Error},
    summary="Organisations visible to the caller",
)
def organisations(request: HttpRequest) -> Any:
    return [
        {"id": str(o.id), "name": o.name, "kind": o.kind, "time_zone": o.time_zone}
        for o in queries.visible_organisations(request.user)
    ]
