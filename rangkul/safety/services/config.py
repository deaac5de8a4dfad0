"""An organisation's safety arrangements: its own detector phrases, the duty roster, local
crisis resources and settings. Every write checks permission first, runs in one
transaction, refuses bad input with a message and changes nothing, and ends with an audit
record."""

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import is_staff_now
from rangkul.accounts.services import clean_calendar_title, set_calendar_title
from rangkul.audit import services as audit
from rangkul.lib.dates import check_moment
from rangkul.safety import permissions
from rangkul.safety.detection import Level, Phrase, validate_phrase
from rangkul.safety.models import (
    CrisisResource,
    DutyShift,
    OrganisationPhrase,
    PhraseCategory,
    PhraseLevel,
    SafetySettings,
    TextChannel,
    TextWhen,
)
from rangkul.safety.phrases import PHRASE_ERROR_MESSAGES, forget_organisation_phrases
from rangkul.safety.roster import (
    ROSTER_YEARS_AHEAD,
    ROSTER_YEARS_BACK,
    may_be_on_duty,
    roster_week,
    settings_for,
)

MAX_SHIFT = timedelta(hours=24)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,28}[0-9]$")
_LINK_SCHEMES = ("tel:", "sms:", "https://", "mailto:")


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


# --- organisation phrases -------------------------------------------------------------------


@transaction.atomic
def add_phrase(
    *, by: Any, organisation: Any, pattern: str, category: str, level: str, lang: str = "id"
) -> OrganisationPhrase:
    """Add a phrase to the organisation's list. Refused with a translated message when the
    detector's validator finds it empty, unreadable, too long or too broad."""
    if not permissions.can_edit_phrases(by, organisation.pk):
        raise _deny(_("Only the coordinator changes the phrase list."))
    pattern = " ".join((pattern or "").split())
    lang = (lang or "").strip().lower()
    if category not in PhraseCategory.values:
        raise ValidationError({"category": PHRASE_ERROR_MESSAGES["unknown_category"]})
    if level not in PhraseLevel.values:
        raise ValidationError({"level": PHRASE_ERROR_MESSAGES["invalid_level"]})
    problem = validate_phrase(Phrase(pattern, category, Level(level), lang, "org.new"))
    if problem == "invalid_lang":
        raise ValidationError({"lang": PHRASE_ERROR_MESSAGES[problem]})
    if problem is not None:
        raise ValidationError({"pattern": PHRASE_ERROR_MESSAGES[problem]})
    active = OrganisationPhrase.objects.filter(organisation=organisation, active=True)
    if active.filter(pattern__iexact=pattern).exists():
        raise ValidationError({"pattern": _("This phrase is already on the list.")})
    phrase = OrganisationPhrase.objects.create(
        organisation=organisation,
        pattern=pattern,
        category=category,
        level=level,
        lang=lang,
        created_by=by,
    )
    forget_organisation_phrases(organisation.pk)
    audit.record(
        by,
        "safety.phrase_added",
        phrase,
        data={"category": category, "level": level, "lang": lang},
    )
    return phrase


@transaction.atomic
def deactivate_phrase(*, by: Any, phrase: OrganisationPhrase) -> OrganisationPhrase:
    if not permissions.can_edit_org_object(by, phrase):
        raise _deny(_("Only the coordinator changes the phrase list."))
    phrase = OrganisationPhrase.objects.select_for_update().get(pk=phrase.pk)
    if phrase.active:
        phrase.active = False
        phrase.deactivated_by, phrase.deactivated_at = by, timezone.now()
        phrase.save(update_fields=["active", "deactivated_by", "deactivated_at"])
        forget_organisation_phrases(phrase.organisation_id)
        audit.record(by, "safety.phrase_deactivated", phrase)
    return phrase


# --- duty roster ----------------------------------------------------------------------------


def _check_shift(organisation: Any, user: Any, starts_at: datetime, ends_at: datetime) -> None:
    if not may_be_on_duty(user, organisation.pk):
        raise ValidationError(
            {"user": _("Only a counselor or the coordinator of this organisation can be on duty.")}
        )
    check_moment(
        starts_at, field="starts", years_back=ROSTER_YEARS_BACK, years_ahead=ROSTER_YEARS_AHEAD
    )
    check_moment(
        ends_at, field="ends", years_back=ROSTER_YEARS_BACK, years_ahead=ROSTER_YEARS_AHEAD
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends": _("A shift must end after it starts.")})
    if ends_at - starts_at > MAX_SHIFT:
        raise ValidationError(
            {"ends": _("A shift lasts at most 24 hours; add several shifts for longer cover.")}
        )
    clash = DutyShift.objects.filter(
        organisation=organisation, user=user, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if clash.exists():
        raise ValidationError(
            {"starts": _("This person already has a shift that overlaps these times.")}
        )


@transaction.atomic
def add_shift(
    *, by: Any, organisation: Any, user: Any, starts_at: datetime, ends_at: datetime
) -> DutyShift:
    if not permissions.can_edit_roster(by, organisation.pk):
        raise _deny(_("Only the coordinator changes the duty roster."))
    _check_shift(organisation, user, starts_at, ends_at)
    shift = DutyShift.objects.create(
        organisation=organisation, user=user, starts_at=starts_at, ends_at=ends_at, created_by=by
    )
    audit.record(
        by,
        "safety.shift_added",
        shift,
        data={
            "user": str(user.public_id),
            "hours": round((ends_at - starts_at).total_seconds() / 3600, 2),
        },
    )
    return shift


@transaction.atomic
def remove_shift(*, by: Any, shift: DutyShift) -> None:
    if not permissions.can_edit_org_object(by, shift):
        raise _deny(_("Only the coordinator changes the duty roster."))
    audit.record(
        by,
        "safety.shift_removed",
        shift,
        data={"user": str(shift.user.public_id), "starts_at": shift.starts_at.isoformat()},
    )
    shift.delete()


@transaction.atomic
def copy_previous_week(*, by: Any, organisation: Any, week: date) -> int:
    """Copy the shifts of the week before `week` (a date in the target week) into it, at
    the same wall-clock times in the organisation's zone. Shifts that would overlap one the
    person already has, or of people no longer on the team, are skipped."""
    if not permissions.can_edit_roster(by, organisation.pk):
        raise _deny(_("Only the coordinator changes the duty roster."))
    zone = organisation.zone
    monday = roster_week(week)
    source_from = datetime.combine(monday - timedelta(days=7), time(0), tzinfo=zone)
    source_to = datetime.combine(monday, time(0), tzinfo=zone)
    copied = 0
    for old in DutyShift.objects.filter(
        organisation=organisation, starts_at__gte=source_from, starts_at__lt=source_to
    ).select_related("user"):
        starts = _plus_week(old.starts_at, zone)
        ends = _plus_week(old.ends_at, zone)
        try:
            with transaction.atomic():
                _check_shift(organisation, old.user, starts, ends)
                DutyShift.objects.create(
                    organisation=organisation,
                    user=old.user,
                    starts_at=starts,
                    ends_at=ends,
                    created_by=by,
                )
        except ValidationError:
            continue
        copied += 1
    audit.record(
        by,
        "safety.roster_copied",
        organisation=organisation,
        data={"week": monday.isoformat(), "shifts": copied},
    )
    return copied


def _plus_week(moment: datetime, zone: Any) -> datetime:
    local = moment.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=7), local.timetz())


# --- local crisis resources -----------------------------------------------------------------


@transaction.atomic
def save_crisis_resource(
    *,
    by: Any,
    organisation: Any,
    resource: CrisisResource | None = None,
    name: str,
    contact: str,
    link: str = "",
    serves: str,
    hours: str,
    always_open: bool = False,
    last_verified: date,
    active: bool = True,
) -> CrisisResource:
    """Add a local crisis resource, or change one (`resource`)."""
    if resource is not None and resource.organisation_id != organisation.pk:
        raise _deny(_("Only the coordinator changes the crisis resources."))
    if not permissions.can_edit_resources(by, organisation.pk):
        raise _deny(_("Only the coordinator changes the crisis resources."))
    values = {
        "name": name.strip(),
        "contact": contact.strip(),
        "link": link.strip(),
        "serves": serves.strip(),
        "hours": hours.strip(),
    }
    errors: dict[str, str] = {
        field: _("This field is required.")
        for field in ("name", "contact", "serves", "hours")
        if not values[field]
    }
    if values["link"] and not values["link"].lower().startswith(_LINK_SCHEMES):
        errors["link"] = _("A link starts with tel:, sms:, https:// or mailto:.")
    if last_verified > timezone.now().astimezone(organisation.zone).date():
        errors["last_verified"] = _("The date it was last verified cannot be in the future.")
    elif last_verified < timezone.localdate() - timedelta(days=366 * 20):
        errors["last_verified"] = _("Choose a date within the last %(back)d years.") % {"back": 20}
    if errors:
        raise ValidationError(errors)
    if resource is None:
        resource = CrisisResource(organisation=organisation)
        verb = "safety.resource_added"
    else:
        resource = CrisisResource.objects.select_for_update().get(pk=resource.pk)
        verb = "safety.resource_changed"
    for field, value in values.items():
        setattr(resource, field, value)
    resource.always_open = always_open
    resource.last_verified = last_verified
    resource.active = active
    resource.updated_by = by
    resource.save()
    audit.record(by, verb, resource, data={"active": active})
    return resource


# --- settings -------------------------------------------------------------------------------


def _is_staff(user: Any, organisation: Any) -> bool:
    return is_staff_now(user, organisation.pk)


@transaction.atomic
def update_settings(
    *,
    by: Any,
    organisation: Any,
    around_the_clock: bool,
    duty_days: Iterable[int],
    duty_start: time,
    duty_end: time,
    out_of_hours_user: Any = None,
    out_of_hours_name: str = "",
    out_of_hours_phone: str = "",
    safeguarding_lead: Any = None,
    ack_minutes_urgent: int = 15,
    ack_minutes_concern: int = 240,
    protocol_steps: str | None = None,
    text_channel: str | None = None,
    text_when: str | None = None,
    quick_exit_url: str = "",
    calendar_title: str | None = None,
) -> SafetySettings:
    """Save the arrangements. The protocol and text-message choices are kept as they are
    when not given (None)."""
    if not permissions.can_edit_settings(by, organisation.pk):
        raise _deny(_("Only the coordinator or the administrator changes the safety settings."))
    days = "".join(str(d) for d in sorted({int(d) for d in duty_days if 0 <= int(d) <= 6}))
    phone = " ".join(out_of_hours_phone.split())
    errors: dict[str, str] = {}
    if not around_the_clock and not days:
        errors["duty_days"] = _("Choose at least one duty day, or duty around the clock.")
    if not around_the_clock and duty_end <= duty_start:
        errors["duty_end"] = _("Duty hours must end after they start.")
    for field, user in (
        ("out_of_hours_user", out_of_hours_user),
        ("safeguarding_lead", safeguarding_lead),
    ):
        if user is not None and not (user.is_active and _is_staff(user, organisation)):
            errors[field] = _("Choose a staff member of this organisation.")
    if phone and not _PHONE.match(phone):
        errors["out_of_hours_phone"] = _("Write the phone number with digits, e.g. 0812 3456 7890.")
    if not 1 <= ack_minutes_urgent <= 240:
        errors["ack_minutes_urgent"] = _("Use between 1 and 240 minutes.")
    if not 1 <= ack_minutes_concern <= 2880:
        errors["ack_minutes_concern"] = _("Use between 1 and 2880 minutes.")
    if text_channel is not None and text_channel not in ["", *TextChannel.values]:
        errors["text_channel"] = _("Choose one of the options.")
    if text_when is not None and text_when not in TextWhen.values:
        errors["text_when"] = _("Choose one of the options.")
    steps = None
    if protocol_steps is not None:
        lines = [" ".join(line.split()) for line in protocol_steps.splitlines()]
        steps = "\n".join(line for line in lines if line)
        if len(steps) > 2000 or any(len(line) > 300 for line in lines):
            errors["protocol_steps"] = _(
                "Keep the protocol short: steps of at most 300 characters."
            )
    quick_exit_url = quick_exit_url.strip()
    if quick_exit_url and not quick_exit_url.startswith("https://"):
        errors["quick_exit_url"] = _("Use an outside site that starts with https://.")
    if calendar_title is not None:
        try:
            clean_calendar_title(calendar_title)
        except ValidationError as exc:
            errors["calendar_title"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    if calendar_title is not None:
        set_calendar_title(by=by, organisation=organisation, title=calendar_title)
    settings = settings_for(organisation)
    if not settings._state.adding:
        settings = SafetySettings.objects.select_for_update().get(pk=settings.pk)
    values = {
        "around_the_clock": around_the_clock,
        "duty_days": days,
        "duty_start": duty_start,
        "duty_end": duty_end,
        "out_of_hours_user": out_of_hours_user,
        "out_of_hours_name": out_of_hours_name.strip(),
        "out_of_hours_phone": phone,
        "safeguarding_lead": safeguarding_lead,
        "ack_minutes_urgent": ack_minutes_urgent,
        "ack_minutes_concern": ack_minutes_concern,
        "quick_exit_url": quick_exit_url,
    }
    optional = {"protocol_steps": steps, "text_channel": text_channel, "text_when": text_when}
    values.update({k: v for k, v in optional.items() if v is not None})
    changed = sorted(k for k, v in values.items() if getattr(settings, k) != v)
    for field, value in values.items():
        setattr(settings, field, value)
    settings.updated_by = by
    settings.save()
    audit.record(by, "safety.settings_changed", settings, data={"fields": changed})
    return settings
