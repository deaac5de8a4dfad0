"""The region picker's endpoint: the regions under one region, as JSON."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from rangkul.regions import queries
from rangkul.regions.validators import CODE_SHAPE


@login_required
@require_GET
def region_children(request: HttpRequest) -> JsonResponse:
    parent = request.GET.get("parent", "").strip()
    if parent and (not CODE_SHAPE.match(parent) or parent.count(".") >= 3):
        return JsonResponse({"detail": "parent"}, status=400)
    rows = queries.children(parent or None)
    response = JsonResponse({"regions": [{"code": c, "name": n} for c, n in rows]})
    # The table changes with a new decree, not between requests.
    response["Cache-Control"] = "private, max-age=86400"
    return response
