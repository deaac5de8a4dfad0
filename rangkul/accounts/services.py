"""Every write to users, memberships and API tokens."""

import datetime
import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts import hooks, permissions
from rangkul.accounts.models import ApiToken, Membership, Organisation, User, hash_token
from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import STAFF_ROLES, Capability, Role
from rangkul.accounts.tokens import revoke_tokens_of
from rangkul.audit import services as audit
from rangkul.audit.models import remember_subject, user_subject_id
from rangkul.lib import statements
from rangkul.lib.prepared import Prepared
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify


def _notify_role_change(membership: Membership, kind: str, actor: Any) -> None:
    recipients = [
        u
        for u in users_with_capability(membership.organisation_id, Capability.RECEIVE_ROLE_NOTICES)
        if u.pk != actor.pk
    ]
    notify(
        recipients,
        kind=kind,
        organisation=membership.organisation,
        link=reverse("members"),
    )


@transaction.atomic
def grant_role(*, by: Any, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if user.pk == by.pk:
        raise PermissionDenied(_("Nobody can grant a role to themselves."))
    if not permissions.can_change_role(by, organisation.id, role, user):
        raise PermissionDenied(_("You may not grant this role."))
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError(_("This person already holds that role here."))
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, granted_by=by
    )
    permissions.forget_roles(user)
    hooks.role_granted(membership, by=by)
    audit.record(
        by,
        "membership.granted",
        membership,
        data={"user": str(user.public_id), "role": role},
    )
    _notify_role_change(membership, Kind.ROLE_GRANTED, by)
    return membership


@transaction.atomic
def revoke_role(*, by: Any, membership: Membership) -> None:
    if membership.user_id == by.pk:
        raise PermissionDenied(_("Nobody can remove their own role."))
    if not permissions.can_change_role(
        by, membership.organisation_id, membership.role, membership.user
    ):
        raise PermissionDenied(_("You may not remove this role."))
    if (
        membership.role == Role.ADMIN
        and Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.ADMIN
        ).count()
        == 1
    ):
        raise ValidationError(_("An organisation keeps at least one administrator."))
    audit.record(
        by,
        "membership.revoked",
        membership,
        data={"user": str(membership.user.public_id), "role": membership.role},
    )
    _notify_role_change(membership, Kind.ROLE_REVOKED, by)
    hooks.role_revoked(membership, by=by)
    Membership.objects.filter(pk=membership.pk).delete()
    permissions.forget_roles(membership.user)
    if not Membership.objects.filter(
        user=membership.user, organisation_id=membership.organisation_id
    ).exists():
        # A token carries every organisation of its user: losing the last role in one
        # ends the tokens, so an integration cannot go on reading what the role gave; the
        # login sessions end too (a browser left open in that organisation), and the person
        # signs in again to whatever roles remain.
        revoke_tokens_of(membership.user, reason="role_removed")
        _end_sessions(membership.user)


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def record_password_change(*, by: User) -> None:
    """After a password change or reset: the old password's tokens end. (Django itself
    ends the other login sessions, because their hash was made with the old password.)"""
    audit.record(by, "auth.password_changed", by)
    revoke_tokens_of(by, reason="password_changed")


@transaction.atomic
def sign_out_everywhere(*, by: Any, user: User) -> int:
    """End every login session and API token of `user`. Returns how many tokens ended."""
    if not permissions.can_sign_out(by, user):
        raise PermissionDenied(_("You may not sign this person out."))
    _end_sessions(user)
    count = revoke_tokens_of(user, reason="signed_out")
    audit.record(by, "auth.signed_out_everywhere", user, data={"tokens": count})
    return count


# Words that tell whoever picks up a shared phone what the appointment is for.
_REVEALING = re.compile(
    r"\b(bk|konsel\w*|counsel\w*|psiko\w*|psych\w*|curhat|terapi|therapy|krisis|crisis|"
    r"bunuh|suicid\w*|depresi|depress\w*|kekerasan|violence|bullying|perundungan)\b",
    re.IGNORECASE,
)


def clean_calendar_title(title: str) -> str:
    """The neutral calendar title as it will be saved, or a ValidationError naming what is
    wrong. Empty means the default ("Janji temu")."""
    cleaned = " ".join(title.split())
    if len(cleaned) > 60:
        raise ValidationError(_("Keep the calendar title to at most 60 characters."))
    if any(not ch.isprintable() for ch in cleaned):
        raise ValidationError(_("Use ordinary letters in the calendar title."))
    if _REVEALING.search(cleaned):
        raise ValidationError(
            _("A calendar title must not say what the appointment is about; try “Janji temu”.")
        )
    return cleaned


@transaction.atomic
def set_calendar_title(*, by: Any, organisation: Organisation, title: str) -> Organisation:
    """Set the one title every calendar entry of the organisation carries."""
    if not permissions.can_set_calendar_title(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator or the administrator sets this."))
    cleaned = clean_calendar_title(title)
    if cleaned != organisation.calendar_title:
        Organisation.objects.filter(pk=organisation.pk).update(calendar_title=cleaned)
        organisation.calendar_title = cleaned
        audit.record(
            by,
            "organisation.calendar_title_changed",
            organisation,
            organisation=organisation,
            data={"default": not cleaned},
        )
    return organisation


def record_organisation_switch(*, by: User, organisation: Organisation) -> None:
    audit.record(by, "auth.organisation_switched", organisation, organisation=organisation)


@transaction.atomic
def issue_api_token(*, user: User) -> tuple[str, ApiToken]:
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    audit.record(user, "auth.token_issued", token, data={"token": str(token.id)})
    return raw, token


@transaction.atomic
def revoke_api_token(*, by: User, token: ApiToken) -> None:
    if token.user_id != by.pk:
        raise PermissionDenied(_("You may revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(by, "auth.token_revoked", token, data={"token": str(token.id)})


def _token_memberships(key_hash: str, now: datetime.datetime) -> QuerySet[Membership]:
    """A live token's user in each active organisation they belong to, one row per
    membership, with the token's id and last use and the user's audit identity."""
    return (
        Membership.objects.filter(
            organisation__is_active=True,
            user__api_tokens__key_hash=key_hash,
            user__api_tokens__revoked_at__isnull=True,
            user__api_tokens__expires_at__gt=now,
        )
        .select_related("user", "organisation")
        .annotate(
            token_id=F("user__api_tokens__id"),
            token_used_at=F("user__api_tokens__last_used_at"),
            audit_subject_id=user_subject_id(),
        )
    )


# Every API request runs it: compiled once per process (rangkul/lib/prepared.py).
_TOKEN_MEMBERSHIPS = Prepared(_token_memberships, key_hash=str, now=datetime.datetime)


def authenticate_token(raw: str) -> User | None:
    """Resolve a bearer token to its user, or None when unknown, expired or revoked.

    One query in the usual case: the user's memberships in active organisations, each with
    its organisation, the user and the live token (one row per membership). The user's
    audit identity comes with them, so the request's audit events need no lookup of their
    own. A user without such a membership is read by the token alone."""
    now = timezone.now()
    rows = _TOKEN_MEMBERSHIPS.run(key_hash=hash_token(raw), now=now)
    if rows:
        first: Any = rows[0]
        user, token_id, used_at, subject_id = (
            first.user,
            first.token_id,
            first.token_used_at,
            first.audit_subject_id,
        )
    else:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now)
            .annotate(audit_subject_id=user_subject_id())
            .first()
        )
        if token is None:
            return None
        user, token_id, used_at = token.user, token.id, token.last_used_at
        subject_id = token.audit_subject_id  # type: ignore[attr-defined]
    if not user.is_active or first_login_pending(user):
        return None
    # Touch at most once a minute: a busy integration must not write on every request.
    if used_at is None or (now - used_at).total_seconds() > 60:
        statements.update(ApiToken, values={"last_used_at": now}, where={"pk": token_id})
    permissions.remember_memberships(user, rows)
    user._rangkul_token_id = token_id  # type: ignore[attr-defined]
    remember_subject(user, subject_id)
    return user


def first_login_pending(user: Any) -> bool:
    """A one-time password not yet replaced, or the privacy notice not yet acknowledged:
    the login may do nothing else until both are done."""
    return bool(
        getattr(user, "must_change_password", False) or getattr(user, "privacy_notice_due", False)
    )


def new_one_time_password() -> str:
    """Easy to copy from paper: no 0/O or 1/l/I, two groups of four."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _require_issuer(by: Any, organisation: Organisation, cap: Capability) -> None:
    if not permissions.has_capability(by, organisation.id, cap):
        raise PermissionDenied(_("You may not issue logins here."))


@transaction.atomic
def create_first_logins(
    *, by: Any, organisation: Organisation, role: str, people: list[tuple[str, str, str]]
) -> list[tuple[User, str]]:
    """Create logins with one-time passwords for (username, full name, e-mail) and give each
    `role` (student, or a staff role the actor may grant). Returns each user with its
    one-time password, which is stored only as a hash and must be printed at once."""
    if role == Role.STUDENT:
        _require_issuer(by, organisation, Capability.MANAGE_ENROLMENT)
    elif not permissions.can_change_role(by, organisation.id, role, None):
        raise PermissionDenied(_("You may not grant this role."))
    taken = set(
        User.objects.filter(username__in=[p[0] for p in people]).values_list("username", flat=True)
    )
    if taken:
        raise ValidationError(
            _("These usernames are already taken: %(names)s") % {"names": ", ".join(sorted(taken))}
        )
    made: list[tuple[User, str]] = []
    for username, full_name, email in people:
        raw = new_one_time_password()
        first, _sep, last = full_name.partition(" ")
        user = User(
            username=username,
            first_name=first[:150],
            last_name=last[:150],
            email=email,
            must_change_password=True,
            privacy_notice_due=role == Role.STUDENT,
        )
        user.set_password(raw)
        made.append((user, raw))
    User.objects.bulk_create([u for u, _raw in made])
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, role=role, granted_by=by) for u, _r in made]
    )
    audit.record(
        by,
        "auth.first_logins_created",
        organisation=organisation,
        data={"count": len(made), "role": role, "users": [str(u.public_id) for u, _r in made]},
    )
    return made


@transaction.atomic
def reset_to_one_time_password(*, by: Any, organisation: Organisation, user: User) -> str:
    """A student forgot their password: a new one-time password (returned once, for the
    card), every session and token of the old one ended, audited."""
    _require_issuer(by, organisation, Capability.RESET_STUDENT_PASSWORDS)
    if user.pk == by.pk or permissions.roles_in(user, organisation.id) & STAFF_ROLES:
        raise PermissionDenied(_("Only a student's password can be reset here."))
    if Role.STUDENT not in permissions.roles_in(user, organisation.id):
        raise PermissionDenied(_("Only a student's password can be reset here."))
    raw = new_one_time_password()
    user.set_password(raw)
    user.must_change_password = True
    user.session_epoch += 1
    user.save(update_fields=["password", "must_change_password", "session_epoch"])
    tokens = revoke_tokens_of(user, reason="password_reset")
    audit.record(
        by, "auth.password_reset", user, organisation=organisation, data={"tokens": tokens}
    )
    return raw


@transaction.atomic
def choose_first_password(*, user: User, password: str) -> None:
    """The student replaces the one-time password with their own."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit.record(user, "auth.first_password_chosen", user)
    revoke_tokens_of(user, reason="password_changed")


@transaction.atomic
def acknowledge_privacy_notice(*, user: User) -> None:
    if user.must_change_password:
        raise PermissionDenied(_("Choose your own password first."))
    user.privacy_notice_due = False
    user.privacy_notice_acknowledged_at = timezone.now()
    user.save(update_fields=["privacy_notice_due", "privacy_notice_acknowledged_at"])
    audit.record(user, "auth.privacy_notice_acknowledged", user)


def prune_expired_tokens() -> int:
    """Remove tokens that expired or were revoked more than 30 days ago."""
    cutoff = timezone.now() - timedelta(days=30)
    deleted, _details = ApiToken.objects.filter(expires_at__lt=cutoff).delete()
    deleted_revoked, _details = ApiToken.objects.filter(revoked_at__lt=cutoff).delete()
    return deleted + deleted_revoked


@transaction.atomic
def create_member(
    *,
    by: Any,
    organisation: Organisation,
    role: str,
    username: str,
    first_name: str,
    last_name: str = "",
    email: str = "",
    password: str,
) -> Membership:
    """Create a login and give it its first role, as one write."""
    if not permissions.can_change_role(by, organisation.id, role, None):
        raise PermissionDenied(_("You may not grant this role."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is already taken."))
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    audit.record(by, "membership.user_created", user, organisation=organisation)
    return grant_role(by=by, user=user, organisation=organisation, role=role)
