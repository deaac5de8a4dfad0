"""The respondent's pages: my questionnaires, the answer form on a phone, the crisis
screen, and the page after sending.

Each answer is saved as it is given (htmx posts the form on every change); without
JavaScript the same form saves with a button. Pages about an anonymous campaign never
redirect to a URL that would say in a server log that an answer was critical.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.lib.views import language_of
from rangkul.screenings import catalogue, queries, services
from rangkul.screenings.engine import Instrument, partial_critical
from rangkul.screenings.models import Assignment, AssignmentStatus
from rangkul.screenings.problems import AlreadySubmitted, AnswerError


def parse_answers(instrument: Instrument, data: Any) -> dict[str, Any]:
    """The form's answers: item ids only, numbers as numbers (anything else is passed on
    as given, so the engine names it as an invalid answer)."""
    answers: dict[str, Any] = {}
    for item in instrument.items:
        raw = data.get(item.id)
        if raw is None or raw == "":
            continue
        try:
            answers[item.id] = int(raw)
        except (TypeError, ValueError):
            answers[item.id] = raw
    return answers


def _wording(
    assignment: Assignment, request: HttpRequest
) -> tuple[catalogue.Wording, dict[str, Any]]:
    return queries.wording_to_answer(assignment, language_of(request))


def _items(wording: catalogue.Wording, answers: dict[str, Any]) -> list[dict[str, Any]]:
    lang = wording.language
    asked = set(services.asked_items(wording.instrument, answers))
    return [
        {
            "id": item.id,
            "number": number,
            "text": item.text[lang],
            "note": item.note.get(lang) if item.note else "",
            "asked": item.id in asked,
            "options": [
                {
                    "value": o.value,
                    "label": o.label[lang],
                    "checked": answers.get(item.id) == o.value,
                }
                for o in item.options
            ],
        }
        for number, item in enumerate(wording.instrument.items, start=1)
    ]


def _context(
    assignment: Assignment, wording: catalogue.Wording, answers: dict[str, Any]
) -> dict[str, Any]:
    instrument = wording.instrument
    lang = wording.language
    asked = services.asked_items(instrument, answers)
    return {
        "assignment": assignment,
        "campaign": assignment.campaign,
        "instrument": instrument,
        "name": instrument.plain_name[lang] if instrument.plain_name else instrument.name[lang],
        "formal_name": instrument.short_name,
        "instructions": instrument.instructions[lang] if instrument.instructions else "",
        "notice": instrument.licence.notice[lang] if instrument.licence.notice else "",
        "items": _items(wording, answers),
        "answered": len([i for i in asked if i in answers]),
        "asked_count": len(asked),
        "critical": bool(partial_critical(instrument, answers)),
        "anonymous": assignment.campaign.anonymous,
        "staff_entry": instrument.entered_by_staff,
    }


def _done(
    request: HttpRequest, assignment: Assignment, *, critical: bool, again: bool
) -> HttpResponse:
    context = {
        "assignment": assignment,
        "campaign": assignment.campaign,
        "critical": critical,
        "again": again,
        "anonymous": assignment.campaign.anonymous,
    }
    return render(request, "screenings/done.html", context)


@login_required
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None:
        raise Http404
    pending = list(queries.pending_assignments(request.user, org))
    mine = queries.my_assignments(request.user, org)
    done = [a for a in mine if a.status == AssignmentStatus.COMPLETED]
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    for a in [*pending, *done]:
        a.plain_name = catalogue.plain_name(a.campaign, lang)  # type: ignore[attr-defined]
    return render(request, "screenings/mine.html", {"pending": pending, "done": done})


@login_required
def answer(request: HttpRequest, pk: str) -> HttpResponse:
    assignment = queries.get_assignment_to_answer(request.user, pk)
    if assignment.status == AssignmentStatus.COMPLETED:
        return _done(request, assignment, critical=False, again=True)
    if not assignment.campaign.is_open_on(assignment.campaign.organisation.today()):
        return render(request, "screenings/closed.html", {"campaign": assignment.campaign})
    wording, answers = _wording(assignment, request)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        # Without JavaScript: the "save" button.
        try:
            saved = services.save_answers(
                by=request.user,
                assignment=assignment,
                answers=parse_answers(wording.instrument, request.POST),
                lang=language_of(request),
                strict=False,
            )
        except AlreadySubmitted:
            return _done(request, assignment, critical=False, again=True)
        except (AnswerError, ValidationError, PermissionDenied) as exc:
            errors, status = _messages(exc), 400
        else:
            if saved.newly_critical:
                context = {"assignment": assignment, "anonymous": assignment.campaign.anonymous}
                return render(request, "screenings/crisis.html", context)
            answers = dict(saved.response.answers)
            messages.success(request, _("Your answers are saved."))
    context = _context(assignment, wording, answers) | {"errors": errors}
    return render(request, "screenings/answer.html", context, status=status)


@login_required
@require_POST
def save(request: HttpRequest, pk: str) -> HttpResponse:
    """htmx: the form posts on every change; answer with the progress and what changed."""
    if not request.htmx:  # type: ignore[attr-defined]
        return answer(request, pk)
    assignment = queries.get_assignment_to_answer(request.user, pk)
    wording, before = _wording(assignment, request)
    try:
        saved = services.save_answers(
            by=request.user,
            assignment=assignment,
            answers=parse_answers(wording.instrument, request.POST),
            lang=language_of(request),
            strict=False,
        )
    except AlreadySubmitted:
        return _htmx_error(
            request, _("These answers were already sent. Each questionnaire is sent once.")
        )
    except (AnswerError, ValidationError, PermissionDenied) as exc:
        return _htmx_error(request, " ".join(_messages(exc)))
    answers = dict(saved.response.answers)
    context = _context(assignment, wording, answers)
    asked_before = set(services.asked_items(wording.instrument, before))
    context["changed_items"] = [
        item for item in context["items"] if (item["id"] in asked_before) != item["asked"]
    ]
    context["saved"] = True
    context["crisis_now"] = saved.newly_critical
    response = render(request, "screenings/_saved.html", context)
    if saved.newly_critical:
        # The crisis screen replaces the top of the form and is scrolled into view.
        response["HX-Retarget"] = "#crisis"
        response["HX-Reswap"] = "innerHTML show:#crisis:top"
    return response


def _htmx_error(request: HttpRequest, message: str) -> HttpResponse:
    response = render(request, "screenings/_save_error.html", {"message": message})
    response["HX-Retarget"] = "#save-status"
    response["HX-Reswap"] = "innerHTML"
    return response


@login_required
@require_POST
def submit(request: HttpRequest, pk: str) -> HttpResponse:
    assignment = queries.get_assignment_to_answer(request.user, pk)
    if assignment.status == AssignmentStatus.COMPLETED:
        return _done(request, assignment, critical=False, again=True)
    wording, _answers = _wording(assignment, request)
    given = parse_answers(wording.instrument, request.POST)
    try:
        if given:
            services.save_answers(
                by=request.user,
                assignment=assignment,
                answers=given,
                lang=language_of(request),
                strict=False,
            )
        response = services.submit_answers(
            by=request.user, assignment=assignment, lang=language_of(request)
        )
    except AlreadySubmitted:
        return _done(request, assignment, critical=False, again=True)
    except (AnswerError, ValidationError, PermissionDenied) as exc:
        wording, answers = _wording(assignment, request)
        context = _context(assignment, wording, answers) | {"errors": _messages(exc)}
        return render(request, "screenings/answer.html", context, status=400)
    return _done(request, assignment, critical=response.critical, again=False)


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or _("You may not do this.")]
