from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from rangkul.notifications import queries, services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.inbox(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: str) -> HttpResponse:
    notification = queries.get_notification_for(request.user, pk)
    services.mark_read(by=request.user, notification=notification)
    target = notification.link or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(by=request.user)
    return redirect("notifications")
