"""Break-the-glass: the coordinator opens a restricted note only by giving a reason; the
author is told and the access is audited with the reason kept beside it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.cases import permissions as case_permissions
from rangkul.cases.models import Note
from rangkul.lib.text import clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.privacy.models import NoteAccess


def open_restricted_note(*, by: Any, note: Note, reason: str) -> NoteAccess:
    if not case_permissions.can_break_glass(by, note):
        raise PermissionDenied(_("You may not open this note."))
    reason = clean_text(
        reason,
        field="reason",
        limit=1000,
        empty=_("Say why you need to read this restricted note."),
    )
    with transaction.atomic():
        access = NoteAccess.objects.create(
            organisation_id=note.case.organisation_id, note=note, by=by, reason=reason
        )
        notify(
            [note.author],
            kind=Kind.NOTE_OPENED,
            organisation=note.case.organisation,
            link=reverse("case", args=[note.case_id]),
        )
        audit.record(
            by,
            "note.glass_broken",
            note,
            organisation=note.case.organisation,
            data={"access": str(access.pk), "case": str(note.case_id)},
        )
    return access
