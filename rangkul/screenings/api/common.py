"""Helpers shared by the screening API modules: language, organisation, paging."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict

from rangkul.accounts.models import Organisation
from rangkul.accounts.permissions import roles_by_org
from rangkul.accounts.queries import default_organisation_id
from rangkul.lib.api import FieldError
from rangkul.lib.scoping import parse_uuid

Lang = Literal["id", "en"]
MAX_LIMIT = 100


def language(request: HttpRequest, lang: str | None) -> str:
    """`?lang=` wins; otherwise the request's language (Accept-Language or the user's
    choice), Indonesian by default."""
    if lang in ("id", "en"):
        return lang
    current = (getattr(request, "LANGUAGE_CODE", None) or get_language() or "id")[:2]
    return current if current in ("id", "en") else "id"


def organisation_of(request: HttpRequest, organisation: uuid.UUID | str | None) -> Organisation:
    """The organisation a call works in: the one named (if the caller belongs to it),
    else the session's, else the caller's first."""
    user: Any = request.user
    if organisation:
        org_id: uuid.UUID | None = parse_uuid(organisation)
        if org_id not in roles_by_org(user):
            raise Http404
    else:
        current = getattr(request, "organisation", None)
        org_id = current.id if current is not None else default_organisation_id(user)
    if org_id is None:
        raise Http404
    found = Organisation.objects.filter(pk=org_id, is_active=True).first()
    if found is None:
        raise Http404
    return found


def page(qs: QuerySet[Any] | list[Any], limit: int, offset: int) -> tuple[list[Any], int]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    count = len(qs) if isinstance(qs, list) else qs.count()
    return list(qs[offset : offset + limit]), count


class AnswerErrorOut(BaseModel):
    detail: str
    errors: list[FieldError]


class Open(BaseModel):
    """A documented object that may carry more keys than listed."""

    model_config = ConfigDict(extra="allow")
