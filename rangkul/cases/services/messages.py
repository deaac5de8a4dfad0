"""The private message thread inside a case."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.cases import permissions
from rangkul.cases.models import Case, Message, SupportRequest, Tier
from rangkul.cases.queries import thread_listing
from rangkul.cases.services import safeguard
from rangkul.lib import ratelimit
from rangkul.lib.api import Listing
from rangkul.lib.text import clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.safety import services as safety
from rangkul.safety.detection import DetectionResult
from rangkul.safety.models import AlertSource


def send_message(*, by: Any, case: Case, text: str) -> Message:
    """Every message is safety-checked before it is saved, and audited (without its text).

    The checks, the safety check and the rate-limit count come before the transaction: the
    count is committed at once, so its row (one a person, and one an address that a whole
    school may share) is never held locked while a message is written."""
    if not permissions.can_send_message(by, case):
        if not case.is_open:
            raise ValidationError(_("This conversation is closed with the case."))
        raise PermissionDenied(_("You may not write in this conversation."))
    text = clean_text(text, field="text", limit=2000, empty=_("Write a message first."))
    result = safety.check_text(text, organisation=case.organisation)
    if result.level.value == "none":
        # A message that raises any concern is always saved (and alerts); only ordinary
        # ones count towards the limit.
        ratelimit.hit("message", person=by.pk)
    return _save_message(by=by, case=case, text=text, result=result)


@transaction.atomic
def _save_message(*, by: Any, case: Case, text: str, result: DetectionResult) -> Message:
    role = permissions.case_role(by, case)
    was_peer = case.tier == Tier.PEER
    if was_peer:
        Case.objects.select_for_update().filter(pk=case.pk).first()
        case.refresh_from_db()
        was_peer = case.tier == Tier.PEER
    safeguard.guard_before_saving(case, result, by=by)
    message = Message.objects.create(
        case=case,
        sender=by,
        sender_role=role or "",
        tier=case.tier,
        text=text,
        safety_level=result.level.value,
    )
    # This message's events (and an alert's or a take-over's) in one INSERT at the end.
    with audit.batched():
        audit.record(
            by,
            "message.sent",
            message,
            organisation=case.organisation,
            data={"case": str(case.pk), "safety": result.level.value},
        )
        safety.alert_for_text(
            result,
            organisation=case.organisation,
            source=AlertSource.MESSAGE,
            person=case.person,
            case=case,
            by=by,
            extra={"message": str(message.pk)},
        )
        safeguard.guard_after_saving(
            case,
            result,
            by=by,
            text=text,
            writer=role or "",
            was_peer=was_peer,
            evidence={"message": str(message.pk)},
        )
        waiting = _request_without_first_contact(case)
        if role != permissions.STUDENT and waiting is not None:
            SupportRequest.objects.filter(pk=waiting, first_contact_at__isnull=True).update(
                first_contact_at=message.created_at
            )
        _notify_participants(case, message, sender=by)
    return message


def _request_without_first_contact(case: Case) -> UUID | None:
    """The case's request while it may still lack its first contact, else None. The case
    page and the API read the request with the case; once set it never changes, so a busy
    thread does not write it again. The UPDATE keeps its condition for a request read
    before another helper's first message."""
    if case.request_id is None:
        return None
    request = Case.request.field.get_cached_value(case, None)
    if isinstance(request, SupportRequest) and request.first_contact_at is not None:
        return None
    return case.request_id


def _notify_participants(case: Case, message: Message, *, sender: Any) -> None:
    people = []
    if case.person.user_id and case.person.user_id != sender.pk:
        people.append(case.person.user)
    helpers = [case.lead] if case.lead else []
    helpers += list(case.team.all())
    for user in helpers:
        if user.pk != sender.pk and permissions.can_read_message(user, message):
            people.append(user)
    notify(
        people,
        kind=Kind.NEW_MESSAGE,
        organisation=case.organisation,
        link=reverse("case", args=[case.pk]),
    )


def open_thread(*, by: Any, case: Case, after: datetime | None = None) -> Listing:
    """The messages this user may read; the listing audits what is shown (see
    `queries.thread_listing`)."""
    if not permissions.can_read_messages(by, case):
        raise PermissionDenied(_("You may not read this conversation."))
    return thread_listing(by, case, after=after)
