"""Pages of the programme cycle: needs surveys, programmes and their items, session plans,
delivery, realisation and the semester report."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.lib.views import attach_errors, current_org, error_text, refuse
from rangkul.people.models import Cohort
from rangkul.programmes import permissions, queries, report, services
from rangkul.programmes.forms import (
    DeliverForm,
    ItemForm,
    NarrativeForm,
    NeedsSurveyForm,
    ProgrammeForm,
    ServicePlanForm,
    SettingsForm,
)
from rangkul.programmes.models import PLANNED_SESSION_STRATEGIES, STRATEGY_KINDS, ProgrammeStatus
from rangkul.programmes.services.programmes import semester_bounds


def _reader_org(request: HttpRequest) -> Any:
    org = current_org(request)
    if not permissions.can_read_programmes(request.user, org.pk):
        raise Http404
    return org


def _planner_org(request: HttpRequest) -> Any:
    org = current_org(request)
    if not permissions.can_plan(request.user, org.pk):
        raise Http404
    return org


def _cohorts(org: Any) -> Any:
    return Cohort.objects.filter(organisation=org).order_by("name")


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    org = _reader_org(request)
    return render(
        request,
        "programmes/programmes.html",
        {
            "programmes": queries.visible_programmes(request.user, org),
            "surveys": queries.visible_surveys(request.user, org),
            "can_plan": permissions.can_plan(request.user, org.pk),
            "can_run_survey": permissions.can_run_survey(request.user, org.pk),
        },
    )


@login_required
def programme_settings(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_approve(request.user, org.pk):
        raise Http404
    current = queries.settings_for(org)
    form = SettingsForm(
        request.POST or None,
        initial={
            "classroom_norm": current.classroom_norm,
            "lesson_minutes": current.lesson_minutes,
            "threshold_percent": current.threshold_percent,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(by=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The planning norms are saved."))
            return redirect("programmes")
    return render(
        request, "programmes/settings.html", {"form": form}, status=400 if form.errors else 200
    )


# --- Needs surveys --------------------------------------------------------------------------


@login_required
def needs_survey_new(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_run_survey(request.user, org.pk):
        raise Http404
    cohorts = _cohorts(org)
    today = org.today()
    form = NeedsSurveyForm(
        request.POST or None,
        cohorts=cohorts,
        initial={"opens_on": today, "closes_on": today + timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.run_needs_survey(
                by=request.user,
                organisation=org,
                cohorts=list(cohorts.filter(pk__in=data["cohorts"])),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                title=data["title"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The needs survey is open for the chosen classes."))
            return redirect("needs_survey", survey.pk)
    return render(
        request, "programmes/survey_new.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def needs_survey(request: HttpRequest, pk: str) -> HttpResponse:
    survey = queries.get_survey_for(request.user, pk)
    result = queries.needs_results(request.user, survey)
    return render(
        request,
        "programmes/survey.html",
        {
            "survey": survey,
            "result": result,
            "can_plan": permissions.can_plan(request.user, survey.organisation_id),
            "threshold": queries.settings_for(survey.organisation).threshold_percent,
        },
    )


# --- Programmes -----------------------------------------------------------------------------


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    org = _planner_org(request)
    surveys = queries.visible_surveys(request.user, org)
    period, starts, ends, year = semester_bounds(org.today())
    first = surveys.first()
    form = ProgrammeForm(
        request.POST or None,
        surveys=surveys,
        initial={"period": period, "starts_on": starts, "ends_on": ends, "academic_year": year,
                 "needs_survey": str(first.pk) if first else ""},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.draft_programme(
                by=request.user,
                organisation=org,
                period=data["period"],
                academic_year=data["academic_year"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                title=data["title"],
                needs_survey=surveys.filter(pk=data["needs_survey"]).first()
                if data["needs_survey"]
                else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The draft programme is ready to edit."))
            return redirect("programme", programme.pk)
    return render(
        request,
        "programmes/programme_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def programme_detail(request: HttpRequest, pk: str) -> HttpResponse:
    programme = queries.get_programme_for(request.user, pk)
    result = queries.realisation_of(programme)
    norms = queries.settings_for(programme.organisation)
    return render(
        request,
        "programmes/programme.html",
        {
            "programme": programme,
            "r": result,
            "norms": norms,
            "norm_capacity": 2 * programme.weeks,
            "can_edit": permissions.can_edit_programme(request.user, programme),
            "can_approve": programme.status == ProgrammeStatus.DRAFT
            and permissions.can_approve(request.user, programme.organisation_id),
            "can_revise": programme.status == ProgrammeStatus.APPROVED
            and permissions.can_plan(request.user, programme.organisation_id)
            and not hasattr(programme, "next_revision"),
            "can_write_report": permissions.can_write_report(request.user, programme),
        },
    )


@login_required
@require_POST
def programme_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    programme = queries.get_programme_for(request.user, pk)
    actions = {"approve": services.approve_programme, "revise": services.revise_programme}
    if action not in actions:
        raise Http404
    try:
        result = actions[action](by=request.user, programme=programme)
    except PermissionDenied as exc:
        refuse(request, exc)
        return _forbidden(request, programme)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("programme", programme.pk)
    if action == "approve":
        messages.success(
            request, _("The programme is approved. It can now only change by a new revision.")
        )
    else:
        messages.success(request, _("A new revision is ready to edit."))
    return redirect("programme", result.pk)


def _forbidden(request: HttpRequest, programme: Any) -> HttpResponse:
    response = redirect("programme", programme.pk)
    response.status_code = 403
    return response


def _item_form(request: HttpRequest, programme: Any, item: Any = None) -> ItemForm:
    org = programme.organisation
    initial: dict[str, Any] = {"week_from": 1, "week_to": 1, "hours_per_class": 2}
    if item is not None:
        initial = {
            "topic": item.topic,
            "domain": item.domain,
            "component": item.component,
            "strategy": item.strategy,
            "cohorts": [str(c.pk) for c in item.target_cohorts.all()],
            "week_from": item.week_from,
            "week_to": item.week_to,
            "hours_per_class": item.hours_per_class,
            "success_measure": item.success_measure,
            "articles": [str(a.pk) for a in item.articles.all()],
        }
    return ItemForm(
        request.POST or None,
        cohorts=_cohorts(org),
        articles=queries.visible_articles(request.user, org).filter(status="published"),
        initial=initial,
    )


def _save_item(request: HttpRequest, programme: Any, form: ItemForm, item: Any = None) -> Any:
    data = form.cleaned_data
    return services.save_item(
        by=request.user,
        programme=programme,
        item=item,
        data=services.ItemData(
            domain=data["domain"],
            topic=data["topic"],
            component=data["component"],
            strategy=data["strategy"],
            week_from=data["week_from"],
            week_to=data["week_to"],
            hours_per_class=data["hours_per_class"],
            success_measure=data["success_measure"],
            cohorts=data["cohorts"],
            articles=data["articles"],
        ),
    )


@login_required
def programme_item_new(request: HttpRequest, pk: str) -> HttpResponse:
    programme = queries.get_programme_for(request.user, pk)
    if not permissions.can_edit_programme(request.user, programme):
        refuse(request, PermissionDenied(_("Only a draft programme can be changed.")))
        return render(request, "programmes/item_form.html", {"programme": programme}, status=403)
    form = _item_form(request, programme)
    if request.method == "POST" and form.is_valid():
        try:
            _save_item(request, programme, form)
        except ValidationError as exc:
            attach_errors(form, exc, rename={"cohorts": "cohorts"})
        else:
            messages.success(request, _("The item is added."))
            return redirect("programme", programme.pk)
    return render(
        request,
        "programmes/item_form.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )


def _local_input(org: Any, value: Any) -> Any:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, org.zone)
    return value


@login_required
def programme_item(request: HttpRequest, pk: str) -> HttpResponse:
    """An item: its plan (editable in a draft) and its delivery (in an approved programme)."""
    item = queries.get_item_for(request.user, pk)
    programme = item.programme
    can_edit = permissions.can_edit_programme(request.user, programme)
    can_deliver = programme.status == ProgrammeStatus.APPROVED and permissions.can_plan(
        request.user, programme.organisation_id
    )
    form = _item_form(request, programme, item) if can_edit else None
    if request.method == "POST":
        if form is None:
            refuse(request, PermissionDenied(_("Only a draft programme can be changed.")))
            return _item_page(request, item, None, can_deliver, status=403)
        if form.is_valid():
            try:
                _save_item(request, programme, form, item)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The item is saved."))
                return redirect("programme", programme.pk)
        return _item_page(request, item, form, can_deliver, status=400)
    return _item_page(request, item, form, can_deliver)


def _item_page(
    request: HttpRequest, item: Any, form: Any, can_deliver: bool, *, status: int = 200,
    deliver_form: Any = None,
) -> HttpResponse:  # fmt: skip
    programme = item.programme
    return render(
        request,
        "programmes/item.html",
        {
            "item": item,
            "programme": programme,
            "form": form,
            "can_deliver": can_deliver and item.strategy in STRATEGY_KINDS,
            "deliver_form": deliver_form
            or DeliverForm(cohorts=item.target_cohorts.all().order_by("name")),
            "deliveries": queries.deliveries_of(item),
            "linkable": queries.linkable_activities(request.user, item) if can_deliver else [],
            "has_plan_page": item.strategy in PLANNED_SESSION_STRATEGIES,
            "plan": getattr(item, "plan", None),
        },
        status=status,
    )


@login_required
@require_POST
def programme_item_delete(request: HttpRequest, pk: str) -> HttpResponse:
    item = queries.get_item_for(request.user, pk)
    programme = item.programme
    try:
        services.delete_item(by=request.user, item=item)
    except PermissionDenied as exc:
        refuse(request, exc)
        return _forbidden(request, programme)
    messages.success(request, _("The item is removed."))
    return redirect("programme", programme.pk)


@login_required
@require_POST
def programme_item_deliver(request: HttpRequest, pk: str) -> HttpResponse:
    """Log the session that delivers the item, or count an existing activity against it."""
    item = queries.get_item_for(request.user, pk)
    programme = item.programme
    can_deliver = permissions.can_plan(request.user, programme.organisation_id)
    if not can_deliver:
        refuse(request, PermissionDenied(_("Only the counselors record sessions.")))
        return _item_page(request, item, None, False, status=403)
    activity_pk = request.POST.get("activity")
    deliver_form = DeliverForm(request.POST, cohorts=item.target_cohorts.all().order_by("name"))
    try:
        if activity_pk:
            activity = next(
                (a for a in queries.linkable_activities(request.user, item)
                 if str(a.pk) == activity_pk),
                None,
            )  # fmt: skip
            if activity is None:
                raise ValidationError(_("Choose one of the activities listed."))
            services.link_activity(by=request.user, item=item, activity=activity)
        else:
            if not deliver_form.is_valid():
                return _item_page(
                    request, item, None, can_deliver, status=400, deliver_form=deliver_form
                )
            data = deliver_form.cleaned_data
            services.deliver_item(
                by=request.user,
                item=item,
                starts_at=_local_input(programme.organisation, data["starts_at"]),
                duration_minutes=data["duration_minutes"],
                cohort=data["cohort"] or None,
                place=data["place"],
            )
    except PermissionDenied as exc:
        refuse(request, exc)
        return _item_page(request, item, None, False, status=403)
    except ValidationError as exc:
        attach_errors(deliver_form, exc)
        messages.error(request, error_text(exc))
        return _item_page(request, item, None, can_deliver, status=400, deliver_form=deliver_form)
    messages.success(request, _("The session is counted against the plan."))
    return redirect("programme_item", item.pk)


@login_required
@require_POST
def programme_unlink(request: HttpRequest, pk: str) -> HttpResponse:
    delivery = queries.get_delivery_for(request.user, pk)
    item = delivery.item
    try:
        services.unlink_delivery(by=request.user, delivery=delivery)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, error_text(exc))
        return redirect("programme_item", item.pk)
    messages.success(request, _("The activity no longer counts against this item."))
    return redirect("programme_item", item.pk)


@login_required
def service_plan(request: HttpRequest, pk: str) -> HttpResponse:
    item = queries.get_item_for(request.user, pk)
    if item.strategy not in PLANNED_SESSION_STRATEGIES:
        raise Http404
    plan = getattr(item, "plan", None)
    can_edit = permissions.can_edit_programme(request.user, item.programme)
    initial = {}
    if plan is not None:
        initial = {f: getattr(plan, f) for f in ServicePlanForm.base_fields}
    form = ServicePlanForm(request.POST or None, initial=initial) if can_edit else None
    if request.method == "POST":
        if form is None:
            refuse(request, PermissionDenied(_("Only a draft programme can be changed.")))
            return render(
                request, "programmes/service_plan.html", {"item": item, "plan": plan}, status=403
            )
        if form.is_valid():
            try:
                services.save_service_plan(by=request.user, item=item, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The session plan is saved."))
                return redirect("service_plan", item.pk)
    return render(
        request,
        "programmes/service_plan.html",
        {"item": item, "plan": plan, "form": form, "programme": item.programme},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def service_plan_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    item = queries.get_item_for(request.user, pk)
    if getattr(item, "plan", None) is None:
        raise Http404
    return _pdf(report.render_service_plan(item), f"rpl-{str(item.pk)[:8]}.pdf")


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def programme_report(request: HttpRequest, pk: str) -> HttpResponse:
    """The narrative sections of the semester report, edited and saved."""
    programme = queries.get_programme_for(request.user, pk)
    can_write = permissions.can_write_report(request.user, programme)
    form = NarrativeForm(
        request.POST or None,
        initial={
            "introduction": programme.report_introduction,
            "evaluation": programme.report_evaluation,
            "follow_up": programme.report_follow_up,
        },
    )
    if request.method == "POST":
        if not can_write:
            refuse(request, PermissionDenied(_("Only the counselors write the programme report.")))
            return render(
                request, "programmes/report_edit.html", {"programme": programme}, status=403
            )
        if form.is_valid():
            try:
                services.save_report_narrative(
                    by=request.user, programme=programme, **form.cleaned_data
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The report text is saved."))
                return redirect("programme_report", programme.pk)
    return render(
        request,
        "programmes/report_edit.html",
        {"programme": programme, "form": form if can_write else None},
        status=400 if form.errors else 200,
    )


@login_required
def programme_report_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    programme = queries.get_programme_for(request.user, pk)
    result = queries.report_realisation(request.user, programme)
    return _pdf(
        report.render_report(programme, result),
        f"laporan-program-bk-{programme.academic_year.replace('/', '-')}.pdf",
    )
