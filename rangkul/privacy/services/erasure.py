"""Erasure: a person's data removed or anonymised, everywhere Rangkul keeps it.

The rows about the person are found from the model graph, not from a hand-kept list: every
row that points at the person record, and every part of such a row that goes with it
(foreign keys with CASCADE: a case's messages, notes and tier changes; a referral's
updates), and every row that belongs to the person's login in the same way (its CASCADE
rows: a peer profile, a nomination, training enrolments with their attendance, quiz
attempts, role-play scores and certificate, CPD records). Each has its text cleared
(`scrub`). Then: certificates in force are revoked; activities
the person had alone are cleared; screening answers become anonymous counts (score and
band kept, person and answers gone); group memberships end; the login is deactivated and
anonymised; reports the person made lose the reporter's identity; and the audit identity
map forgets the person and the login, so their old audit events stay but name nobody. The
person row stays, with its name replaced, so that case structure and counts hold."""

import uuid
from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.models import ApiToken
from rangkul.activities.models import Activity
from rangkul.audit import services as audit
from rangkul.notifications.models import Notification
from rangkul.people.models import Gender, Person
from rangkul.privacy import permissions
from rangkul.privacy.models import REDACTED, Erasure
from rangkul.privacy.services.holds import blocked_by_hold
from rangkul.privacy.services.scrub import scrub
from rangkul.screenings.models import ScreeningResponse
from rangkul.training.models import Certificate
from rangkul.violence.models import Report

# Rows that are someone else's record and only name the person: the link is cut and the
# fields that describe the person are cleared; the rest of the row stays.
ONLY_A_MENTION: dict[tuple[str, str], tuple[str, ...]] = {
    ("safety.alert", "friend"): ("friend_note",),
}
# The audit trail and the privacy app's own records are not "rows about" the person.
NOT_WALKED = frozenset({"audit.auditevent", "audit.auditsubject", "privacy.erasure"})


def _reverse_relations(model: type[models.Model]) -> list[Any]:
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def rows_about(person: Person) -> list[models.Model]:
    """Every row that refers to the person, and the parts that go with those rows; and the
    rows that belong to the person's login (those that would go with it: a peer profile, a
    nomination and its selection record, memberships), with their parts."""
    found: list[models.Model] = []
    seen: set[tuple[str, Any]] = set()

    def walk(obj: models.Model, first: bool) -> None:
        for rel in _reverse_relations(type(obj)):
            label = rel.related_model._meta.label_lower
            if label in NOT_WALKED or (label, rel.field.name) in ONLY_A_MENTION:
                continue
            if not first and rel.on_delete is not models.CASCADE:
                continue
            for row in rel.related_model._base_manager.filter(**{rel.field.name: obj}):
                key = (label, row.pk)
                if key in seen:
                    continue
                seen.add(key)
                found.append(row)
                walk(row, False)

    walk(person, True)
    if person.user is not None:
        walk(person.user, False)
    return found


def _anonymise_user(user: Any) -> None:
    user.username = f"dihapus-{uuid.uuid4().hex[:12]}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.session_epoch += 1
    user.save()
    ApiToken.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()


def erase_person(*, by: Any, person: Person) -> Erasure:
    """Erase the person's data. Refused while a hold is open, with the reason."""
    if not permissions.can_manage_personal_data(by, person):
        raise PermissionDenied(_("Only the coordinator may do this."))
    counts: Counter[str] = Counter()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        blocked_by_hold(person)
        if Erasure.objects.filter(person=person).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError(_("This person's data was already erased."))
        for row in rows_about(person):
            if scrub(row):
                counts[row._meta.label_lower] += 1
        for (label, fk), fields in ONLY_A_MENTION.items():
            model = _model(label)
            for row in model._base_manager.filter(**{fk: person}):
                scrub(row, only=fields, **{f"{fk}_id": None})
                counts[label] += 1
        for activity in Activity.objects.filter(participants__person=person).distinct():
            if activity.participants.count() == 1 and scrub(activity):
                counts["activities.activity"] += 1
        responses = ScreeningResponse.objects.filter(person=person)
        counts["screenings.screeningresponse (anonymous counts kept)"] += responses.count()
        responses.update(
            person=None, assignment=None, entered_by=None, started_at=None, submitted_at=None
        )
        for group in person.activity_groups.all():
            group.members.remove(person)
        user = person.user
        if user is not None:
            # The login's training rows went with it above (text cleared); a certificate
            # still in force is revoked too, so its public check answers "revoked" and
            # shows no name.
            counts["training.certificate (revoked)"] += Certificate.objects.filter(
                enrolment__user=user, revoked_at__isnull=True
            ).update(revoked_at=timezone.now(), revoked_by=by, printed_name=REDACTED)
            for report in Report.objects.filter(reporter=user):
                scrub(report, only=("reporter_name", "reporter_contact"), reporter_id=None)
                counts["violence.report (reporter identity)"] += 1
            _anonymise_user(user)
            counts["accounts.user"] += 1
        # The erasure event is recorded under the person's pseudonymous id, which is then
        # forgotten together with the login's.
        audit.record(
            by,
            "privacy.erased",
            person,
            organisation=person.organisation,
            data={"rows": sum(counts.values())},
        )
        forgotten = audit.forget(person, user)
        person.full_name = REDACTED
        person.gender = Gender.UNSPECIFIED
        person.birth_date = None
        person.cohort = None
        person.phone = ""
        person.user = None
        person.save(update_fields=["full_name", "gender", "birth_date", "cohort", "phone", "user"])
        counts["audit.auditsubject"] += forgotten
        erasure = Erasure.objects.create(
            organisation_id=person.organisation_id, person=person, counts=dict(counts), by=by
        )
    return erasure


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)
