from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.lib import ratelimit
from rangkul.lib.client_ip import current_client_ip
from rangkul.lib.views import attach_errors, current_org, error_text
from rangkul.training import codes, permissions, queries
from rangkul.training.candidates import eligible_users
from rangkul.training.forms import (
    AttendanceForm,
    CpdForm,
    EnrolForm,
    NewProgrammeForm,
    QuestionForm,
    QuizForm,
    RevokeForm,
    RolePlayForm,
    SessionForm,
    SettingsForm,
    TitleForm,
)
from rangkul.training.models import Audience, EnrolmentStatus, Programme
from rangkul.training.services import certificates, cpd, programmes, trainees


def _done(request: HttpRequest, text: str, to: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(to)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """The lead's list of programmes, with a new one (empty, or the default curriculum in
    one click); assessors see the list to find trainees."""
    org = current_org(request)
    lead = permissions.can_run_training(request.user, org.id)
    if not lead and not has_capability(request.user, org.id, Capability.ASSESS_TRAINEES):
        raise Http404
    form = NewProgrammeForm(request.POST if request.POST.get("action") == "new" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "default":
                programme = programmes.create_programme(
                    by=request.user, organisation=org, title="",
                    audience=Audience.PEER_SUPPORTERS, from_default=True,
                )  # fmt: skip
                return _done(request, _("The programme was created."), programme_url(programme))
            if form.is_valid():
                programme = programmes.create_programme(
                    by=request.user, organisation=org, **form.cleaned_data
                )
                return _done(request, _("The programme was created."), programme_url(programme))
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "training/programmes.html",
        {
            "programmes": queries.visible_programmes(request.user, org.id),
            "form": form,
            "lead": lead,
        },
    )


def programme_url(programme: Programme) -> str:
    return reverse("training_programme", args=[programme.pk])


def _programme_action(request: HttpRequest, programme: Programme, forms: dict) -> str | None:
    """Run one posted action of the programme page; the message to show, or None."""
    by, action, post = request.user, request.POST.get("action"), request.POST
    if action == "settings" and forms["settings"].is_valid():
        programmes.update_programme(by=by, programme=programme, **forms["settings"].cleaned_data)
        return _("The programme was saved.")
    if action == "add_module" and forms["module_form"].is_valid():
        programmes.add_module(by=by, programme=programme, **forms["module_form"].cleaned_data)
        return _("The module was added.")
    if action == "add_question" and forms["question"].is_valid():
        q = forms["question"]
        programmes.add_question(
            by=by, programme=programme, text=q.cleaned_data["text"], choices=q.choice_list(),
            correct=q.cleaned_data["correct"],
        )  # fmt: skip
        return _("The question was added.")
    if action == "enrol" and forms["enrol"].is_valid():
        user = (
            eligible_users(programme).filter(public_id=forms["enrol"].cleaned_data["user"]).first()
        )
        if user is None:
            raise ValidationError({"user": _("This person cannot be enrolled in this programme.")})
        trainees.enrol(by=by, programme=programme, user=user)
        return _("%(name)s was enrolled.") % {"name": user.display_name()}
    target = post.get("target", "")
    if action in {"module_up", "module_down", "remove_module", "add_session"}:
        module = queries.get_module_for(by, target)
        if module.programme_id != programme.pk:
            raise Http404
        if action == "remove_module":
            programmes.remove_module(by=by, module=module)
            return _("The module was removed.")
        if action == "add_session":
            programmes.add_session(by=by, module=module, title=post.get("title", ""))
            return _("The session was added.")
        programmes.move_module(by=by, module=module, step=-1 if action == "module_up" else 1)
        return _("The order was changed.")
    if action in {"session_up", "session_down", "remove_session"}:
        session = queries.get_session_for(by, target)
        if session.module.programme_id != programme.pk:
            raise Http404
        if action == "remove_session":
            programmes.remove_session(by=by, session=session)
            return _("The session was removed.")
        programmes.move_session(by=by, session=session, step=-1 if action == "session_up" else 1)
        return _("The order was changed.")
    if action == "remove_question":
        question = queries.get_question_for(by, target)
        if question.programme_id != programme.pk:
            raise Http404
        programmes.remove_question(by=by, question=question)
        return _("The question was removed.")
    return None


@login_required
def programme_detail(request: HttpRequest, pk: str) -> HttpResponse:
    programme = queries.get_programme_for(request.user, pk)
    lead = permissions.can_manage_programme(request.user, programme)
    action = request.POST.get("action")
    forms = {
        "settings": SettingsForm(
            request.POST if action == "settings" else None,
            initial={name: getattr(programme, name) for name in programmes.SETTINGS},
        ),
        "module_form": TitleForm(request.POST if action == "add_module" else None, prefix="module"),
        "question": QuestionForm(request.POST if action == "add_question" else None),
        "enrol": EnrolForm(
            request.POST if action == "enrol" else None,
            candidates=[(str(u.public_id), u.display_name()) for u in eligible_users(programme)]
            if lead
            else [],
        ),
    }
    if request.method == "POST":
        if not lead:
            raise Http404
        try:
            done = _programme_action(request, programme, forms)
        except ValidationError as exc:
            form = {"settings": "settings", "add_module": "module_form", "add_question": "question",
                    "enrol": "enrol"}.get(action or "")  # fmt: skip
            if form:
                attach_errors(forms[form], exc)
            else:
                messages.error(request, error_text(exc))
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
        else:
            if done:
                return _done(request, done, programme_url(programme))
    return render(
        request,
        "training/programme.html",
        {
            "programme": programme,
            "modules": queries.modules_of(programme),
            "questions": queries.questions_of(programme),
            "enrolments": queries.enrolments_of(request.user, programme),
            "lead": lead,
            **forms,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """A session's details and its attendance, for the lead."""
    session = queries.get_session_for(request.user, pk)
    programme = session.module.programme
    marks = {a.enrolment_id: a.presence for a in session.attendance.all()}
    enrolments = [(e, marks.get(e.pk)) for e in queries.enrolments_of(request.user, programme)]
    action = request.POST.get("action")
    details = SessionForm(
        request.POST if action == "details" else None,
        initial={
            "title": session.title,
            "starts_at": timezone.localtime(session.starts_at) if session.starts_at else None,
            "minutes": session.minutes,
            "place": session.place,
            "facilitator": session.facilitator,
        },
    )
    attendance = AttendanceForm(
        request.POST if action == "attendance" else None, enrolments=enrolments
    )
    if request.method == "POST":
        form = details if action == "details" else attendance
        if form.is_valid():
            try:
                if action == "details":
                    programmes.update_session(by=request.user, session=session, **form.cleaned_data)
                    return _done(request, _("The session was saved."), programme_url(programme))
                trainees.record_attendance(
                    by=request.user, session=session, marks=form.cleaned_data
                )
                return _done(
                    request,
                    _("Attendance was recorded."),
                    reverse("training_session", args=[session.pk]),
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied as exc:
                messages.error(request, error_text(exc))
    return render(
        request,
        "training/session.html",
        {"session": session, "programme": programme, "details": details, "attendance": attendance},
    )


@login_required
def decide(request: HttpRequest, pk: str) -> HttpResponse:
    """Who passes and why not; the lead confirms each pass, which certifies the trainee."""
    programme = queries.get_programme_for(request.user, pk)
    if not permissions.can_manage_programme(request.user, programme):
        raise Http404
    if request.method == "POST":
        enrolment = queries.get_enrolment_for(request.user, request.POST.get("enrolment", ""))
        if enrolment.programme_id != programme.pk:
            raise Http404
        try:
            trainees.confirm_pass(by=request.user, enrolment=enrolment)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            return _done(
                request,
                _("%(name)s passed and was certified.") % {"name": enrolment.user.display_name()},
                reverse("training_decide", args=[programme.pk]),
            )
    return render(
        request,
        "training/decide.html",
        {"programme": programme, "rows": queries.programme_results(request.user, programme)},
    )


@login_required
def enrolment_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One trainee's results: their own page, or the lead's and the assessors'."""
    enrolment = queries.get_enrolment_for(request.user, pk)
    can_score = permissions.can_score_role_play(request.user, enrolment)
    action = request.POST.get("action")
    role_play = RolePlayForm(request.POST if action == "role_play" else None)
    revoke = RevokeForm(request.POST if action == "revoke" else None)
    certificate = getattr(enrolment, "certificate", None)
    can_revoke = certificate is not None and permissions.can_revoke_certificate(
        request.user, certificate
    )
    if request.method == "POST":
        form: Form
        if action == "role_play" and can_score:
            form = role_play
        elif action == "revoke" and can_revoke and certificate is not None:
            form = revoke
        else:
            raise Http404
        if form.is_valid():
            try:
                if form is role_play:
                    trainees.score_role_play(
                        by=request.user, enrolment=enrolment, scores=role_play.scores(),
                        comment=role_play.cleaned_data["comment"],
                    )  # fmt: skip
                    return _done(request, _("The role-play was scored."), request.path)
                assert certificate is not None
                certificates.revoke_certificate(
                    by=request.user, certificate=certificate, reason=revoke.cleaned_data["reason"]
                )
                return _done(request, _("The certificate was revoked."), request.path)
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied as exc:
                messages.error(request, error_text(exc))
    result = queries.results_for(request.user, enrolment)
    return render(
        request,
        "training/enrolment.html",
        {
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "result": result,
            "attempts": queries.attempts_of(request.user, enrolment),
            "assessments": list(enrolment.assessments.all()),
            "certificate": certificate,
            "code": codes.grouped(certificate.code) if certificate else "",
            "role_play": role_play
            if can_score and enrolment.status == EnrolmentStatus.ENROLLED
            else None,
            "revoke": revoke if can_revoke and certificate and not certificate.revoked_at else None,
            "is_own": permissions.is_own_enrolment(request.user, enrolment),
            "can_take_quiz": permissions.can_take_quiz(request.user, enrolment)
            and enrolment.programme.questions.exists(),
        },
    )


@login_required
def quiz(request: HttpRequest, pk: str) -> HttpResponse:
    """The trainee's own quiz: start an attempt, answer, see the score; retakes allowed."""
    enrolment = queries.get_enrolment_for(request.user, pk)
    if not permissions.is_own_enrolment(request.user, enrolment):
        raise Http404
    questions = list(queries.questions_of(enrolment.programme))
    attempt = queries.open_attempt(enrolment)
    form = QuizForm(
        request.POST if request.POST.get("action") == "submit" else None, questions=questions
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "start":
                trainees.start_attempt(by=request.user, enrolment=enrolment)
                return redirect("training_quiz", pk=enrolment.pk)
            if attempt is not None and form.is_valid():
                done = trainees.submit_attempt(
                    by=request.user, attempt=attempt,
                    answers=dict(form.cleaned_data),
                )  # fmt: skip
                messages.success(
                    request,
                    _("Your score: %(score)d%% (%(correct)d of %(total)d right).")
                    % {"score": done.score, "correct": done.correct, "total": done.total},
                )
                return redirect("training_quiz", pk=enrolment.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "training/quiz.html",
        {
            "enrolment": enrolment,
            "programme": enrolment.programme,
            "attempt": attempt,
            "form": form,
            "attempts": queries.attempts_of(request.user, enrolment),
            "can_take": permissions.can_take_quiz(request.user, enrolment) and bool(questions),
        },
    )


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    enrolments = list(queries.own_enrolments(request.user, org.id))
    if not enrolments and not (
        has_capability(request.user, org.id, Capability.PEER_SUPPORT)
        or permissions.can_keep_cpd(request.user, org.id)
    ):
        raise Http404
    return render(request, "training/mine.html", {"enrolments": enrolments})


@login_required
def certificate_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    certificate = queries.get_certificate_for(request.user, pk)
    pdf = certificates.certificate_pdf(by=request.user, certificate=certificate)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{certificate.code[:4]}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public, no login: is this certificate genuine, and is it still valid? Only the
    printed name, the organisation and the validity are shown."""
    address = current_client_ip.get() or "unknown"
    ratelimit.hit("certificate_verify", person=address, address=address)
    certificate = queries.certificate_by_code(code)
    state = "unknown"
    if certificate is not None:
        if certificate.revoked_at is not None:
            state = "revoked"
        elif certificate.valid_until < timezone.localdate():
            state = "expired"
        else:
            state = "valid"
    return render(
        request,
        "training/verify.html",
        {"certificate": certificate if state != "unknown" else None, "state": state},
        status=404 if state == "unknown" else 200,
    )


def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a code from the paper; leads to its verification page."""
    typed = request.GET.get("code", "")
    if typed:
        code = codes.normalise(typed)
        if code is not None:
            return redirect("certificate_verify", code=codes.grouped(code))
    return render(request, "training/verify_form.html", {"typed": typed, "invalid": bool(typed)})


@login_required
def cpd_list(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_keep_cpd(request.user, org.id):
        raise Http404
    form = CpdForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            cpd.add_cpd_record(by=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
        else:
            return _done(request, _("The CPD record was saved."), reverse("training_cpd"))
    records = list(queries.own_cpd(request.user, org.id))
    return render(
        request,
        "training/cpd.html",
        {
            "form": form,
            "records": records,
            "total": sum((r.hours for r in records if r.on.year == timezone.localdate().year), 0),
            "lead": permissions.can_run_training(request.user, org.id),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cpd_hours(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    years, rows = queries.cpd_hours(request.user, org.id)
    return render(request, "training/cpd_hours.html", {"years": years, "rows": rows})


@login_required
def cpd_file(request: HttpRequest, pk: str) -> FileResponse:
    record = cpd.open_cpd_file(by=request.user, pk=pk)
    response = FileResponse(
        record.certificate_file.open("rb"),
        as_attachment=True,
        filename=record.certificate_file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response
