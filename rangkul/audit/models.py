import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Object types that are people: an event about one of them names it through the identity
# map, never by its own key.
PERSONAL_OBJECT_TYPES = frozenset({"people.person", "accounts.user"})


class AuditImmutableError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditSubject(models.Model):
    """The identity map: one stable pseudonymous id per user or person record the audit
    trail names. Events store only this id; erasing a person clears their entries here
    (`forget`), so their old events remain but no longer lead to anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A person record (or any other personal object): its type and key.
    ref_type = models.CharField(max_length=64, blank=True)
    ref_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    forgotten_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        constraints = [
            models.UniqueConstraint(
                fields=["ref_type", "ref_id"],
                condition=~models.Q(ref_id=""),
                name="audit_subject_unique_ref",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


# Lookups on the former `actor` column keep working: they go through the identity map.
def _through_map(key: str) -> str:
    if key == "actor" or key.startswith("actor__"):
        return "actor_subject__user" + key[len("actor") :]
    if key == "actor_id":
        return "actor_subject__user_id"
    return key


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AuditImmutableError("Audit events cannot be updated.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AuditImmutableError("Audit events cannot be deleted.")

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> Any:
        kwargs = {_through_map(key): value for key, value in kwargs.items()}
        return super()._filter_or_exclude(negate, args, kwargs)  # type: ignore[misc]

    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        label = obj._meta.label_lower
        if label in PERSONAL_OBJECT_TYPES:
            subject = subject_of(obj, create=False)
            if subject is None:
                return self.none()
            return self.filter(object_type=label, object_id=str(subject.pk))
        return self.filter(object_type=label, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """Who did or saw what, when and from where. Append-only.

    `data` holds identifiers and field names only, never note text or other free text.
    The actor, and the object when it is a person or a user, are pseudonymous subject ids
    of the identity map (`AuditSubject`).
    """

    id = models.BigAutoField(primary_key=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_subject = models.ForeignKey(
        AuditSubject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    verb = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx"),
            models.Index(fields=["organisation", "verb", "at"], name="audit_org_verb_idx"),
            # The organisation's log, newest first.
            models.Index(fields=["organisation", "-at"], name="audit_org_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise AuditImmutableError("Audit events cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AuditImmutableError("Audit events cannot be deleted.")

    @property
    def actor(self) -> Any:
        """The acting user while the identity map still names them; None once forgotten."""
        if self.actor_subject_id is None:
            return None
        return self.actor_subject.user  # type: ignore[union-attr]


def subject_of(obj: Any, *, create: bool = True) -> AuditSubject | None:
    """The identity-map entry of a user or a personal object, made on first use."""
    if obj is None or obj.pk is None:
        return None
    label = obj._meta.label_lower
    if label == settings.AUTH_USER_MODEL.lower():
        lookup: dict[str, Any] = {"user_id": obj.pk}
    else:
        lookup = {"ref_type": label, "ref_id": str(obj.pk)}
    if not create:
        return AuditSubject.objects.filter(**lookup).first()
    # Remembered on the object for its life (a request's user records several events; the
    # token lookup brings it along), never across objects or processes.
    known = getattr(obj, "_audit_subject_pk", None)
    if known is not None:
        return AuditSubject(pk=known, **lookup)
    subject = AuditSubject.objects.get_or_create(**lookup)[0]
    obj._audit_subject_pk = subject.pk
    return subject


def remember_subject(obj: Any, subject_id: Any) -> None:
    """Tell `subject_of` the identity-map id of `obj` that a read already brought along (the
    request's user with its memberships or its API token), so no lookup of its own runs."""
    if subject_id is not None:
        obj._audit_subject_pk = subject_id


def user_subject_id(user_column: str = "user_id") -> models.Subquery:
    """The identity-map id of the user that `user_column` of the outer query names (None
    while they have none): a read of the request's user brings it along and hands it to
    `remember_subject`, so that the request's events need no lookup of their own."""
    return models.Subquery(
        AuditSubject.objects.filter(user=models.OuterRef(user_column)).values("id")[:1]
    )
