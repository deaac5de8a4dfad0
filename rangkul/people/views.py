from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.audit import services as audit
from rangkul.composition.person_page import person_page
from rangkul.lib.scoping import parse_uuid
from rangkul.people import queries, services


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not has_capability(request.user, org.id, Capability.VIEW_PEOPLE):
        raise Http404
    search = request.GET.get("q", "").strip()[:100]
    cohort_raw = request.GET.get("cohort", "")
    cohort_id = None
    if cohort_raw:
        try:
            cohort_id = parse_uuid(cohort_raw)
        except Http404:
            cohort_id = None
    people = queries.visible_people(request.user, org.id, search=search, cohort_id=cohort_id)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    audit.record_list(request.user, "person.listed", list(page), organisation=org)
    context = {
        "page": page,
        "search": search,
        "cohorts": queries.visible_cohorts(request.user, org.id),
        "cohort_id": str(cohort_id) if cohort_id else "",
    }
    template = "people/list.html#results" if request.htmx else "people/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_person_record(by=request.user, pk=pk)
    return render(request, "people/detail.html", person_page(request.user, person))


@login_required
def person_access_log(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_access_log(by=request.user, pk=pk)
    events = queries.access_log(request.user, person)[:500]
    return render(request, "people/access_log.html", {"person": person, "events": events})
