"""Standing groups and their members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import CAPABILITIES, Capability
from rangkul.activities import permissions, queries, services
from rangkul.activities.forms import GroupForm
from rangkul.activities.models import SESSION_KIND_OF_GROUP, Group, GroupKind, Kind
from rangkul.lib.views import attach_errors, current_org

_FACILITATOR_CAPS = (Capability.WORK_CASES, Capability.PEER_SUPPORT)


def _facilitators(org_id: object) -> list[object]:
    roles = [r for r, caps in CAPABILITIES.items() if caps & set(_FACILITATOR_CAPS)]
    return list(members_with_roles(org_id, roles))  # type: ignore[arg-type]


def _facilitator(users: list[object], public_id: str) -> object:
    return next((u for u in users if str(u.public_id) == public_id), None)  # type: ignore[attr-defined]


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    groups = queries.visible_groups(request.user, org.id)
    if not permissions.can_manage_groups(request.user, org.id) and not groups.exists():
        raise Http404
    context = {
        "groups": groups,
        "can_manage": permissions.can_manage_groups(request.user, org.id),
    }
    return render(request, "activities/groups/list.html", context)


def _group_form(request: HttpRequest, org: object, group: Group | None) -> HttpResponse:
    facilitators = _facilitators(org.pk)  # type: ignore[attr-defined]
    initial = {}
    if group is not None:
        initial = {
            "name": group.name,
            "kind": group.kind,
            "facilitator": str(group.facilitator.public_id) if group.facilitator else "",
            "members": [str(pk) for pk in group.members.values_list("pk", flat=True)],
            "is_active": group.is_active,
        }
    form = GroupForm(
        request.POST or None,
        user=request.user,
        org=org,
        facilitators=facilitators,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facilitator = _facilitator(facilitators, data["facilitator"])
        try:
            if group is None:
                group = services.create_group(
                    by=request.user,
                    organisation=org,
                    name=data["name"],
                    kind=data["kind"],
                    members=data["members"],
                    facilitator=facilitator,
                )
                messages.success(request, _("The group was created."))
            else:
                services.update_group(
                    by=request.user,
                    group=group,
                    name=data["name"],
                    kind=data["kind"],
                    members=data["members"],
                    facilitator=facilitator,
                    is_active=data["is_active"],
                )
                messages.success(request, _("The group was saved."))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("group", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/groups/form.html", {"form": form, "group": group}, status=status
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_groups(request.user, org.id):
        raise Http404
    return _group_form(request, org, None)


@login_required
def group_edit(request: HttpRequest, pk: str) -> HttpResponse:
    group = queries.get_group_for(request.user, pk)
    if not permissions.can_manage_group(request.user, group):
        raise Http404
    return _group_form(request, group.organisation, group)


@login_required
def group_detail(request: HttpRequest, pk: str) -> HttpResponse:
    group = queries.get_group_for(request.user, pk)
    session_kind = SESSION_KIND_OF_GROUP.get(GroupKind(group.kind), Kind.GROUP_COUNSELING)
    context = {
        "group": group,
        "members": queries.group_members(group),
        "sessions": queries.group_sessions(request.user, group)[:50],
        "can_manage": permissions.can_manage_group(request.user, group),
        "session_kind": session_kind,
    }
    return render(request, "activities/groups/detail.html", context)
