"""The crisis protocol shown on an alert and its case, and how to reach the person.

Steps come from the organisation's safety settings (one a line); without its own lines the
defaults below apply. The guardian step is always there, and it asks the counselor rather
than deciding: contacting a guardian is right unless the guardian may be the source of
harm. `guardian_advice` is the one place that reads the "do not contact" flag on the
person's guardian records (through `people.queries.guardian_contact_advice`).
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from rangkul.people.queries import guardian_contact_advice
from rangkul.safety.models import Alert, ProtocolTick, SafetySettings

GUARDIAN = "guardian"

DEFAULT_STEPS: tuple[tuple[str, Any], ...] = (
    ("ask", _('Ask directly about suicide: "Are you thinking about killing yourself?"')),
    ("stay", _("Do not leave the student alone; stay with them or make sure an adult does.")),
    ("means", _("Remove or lock away the means (medicine, sharp objects, ropes, weapons).")),
    (GUARDIAN, _("Contact a guardian, unless the guardian may be the source of harm.")),
    ("refer", _("Refer to the named services (crisis resources below) and record where.")),
)
GUARDIAN_LABEL = DEFAULT_STEPS[3][1]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    tick: ProtocolTick | None

    @property
    def is_guardian(self) -> bool:
        return self.key == GUARDIAN


def _key(line: str) -> str:
    return "org-" + hashlib.sha256(line.encode()).hexdigest()[:12]


def step_definitions(settings: SafetySettings) -> list[tuple[str, str]]:
    """(key, label) for each step; the organisation's lines replace the defaults except
    the guardian step, which always stays."""
    lines = [" ".join(line.split()) for line in (settings.protocol_steps or "").splitlines()]
    lines = [line[:300] for line in lines if line]
    if not lines:
        return [(key, str(label)) for key, label in DEFAULT_STEPS]
    steps = [(_key(line), line) for line in dict.fromkeys(lines)]
    return [*steps, (GUARDIAN, str(GUARDIAN_LABEL))]


def checklist(alert: Alert, settings: SafetySettings) -> list[Step]:
    """The protocol for one alert with what has been ticked. A step ticked under an older
    wording stays listed with the wording it had."""
    ticks = {tick.step: tick for tick in alert.protocol_ticks.select_related("by")}
    steps = [Step(key, label, ticks.pop(key, None)) for key, label in step_definitions(settings)]
    steps += [Step(tick.step, tick.label, tick) for tick in ticks.values()]
    return steps


@dataclass(frozen=True)
class GuardianAdvice:
    """What Rangkul knows about contacting this person's guardians. `known` is False when no
    guardian is recorded: the counselor decides and records the decision."""

    known: bool
    do_not_contact: bool = False


def guardian_advice(person: Any) -> GuardianAdvice:
    # Every page and service asks this function; the flag itself is read in people.
    if person is None:
        return GuardianAdvice(known=False)
    advice = guardian_contact_advice(person)
    return GuardianAdvice(known=advice.known, do_not_contact=advice.do_not_contact)


@dataclass(frozen=True)
class Reach:
    """How to reach a person now: class, homeroom teacher, phone if recorded."""

    name: str
    cohort: str
    homeroom_teacher: str
    phone: str


def reach(person: Any) -> Reach | None:
    if person is None:
        return None
    cohort = person.cohort
    teacher = cohort.homeroom_teacher if cohort is not None else None
    return Reach(
        name=person.full_name,
        cohort=cohort.name if cohort is not None else "",
        homeroom_teacher=teacher.display_name() if teacher is not None else "",
        phone=person.phone,
    )
