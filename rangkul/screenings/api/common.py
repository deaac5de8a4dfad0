"""Helpers shared by the screening API modules: language and shared shapes."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict

from rangkul.lib.api import FieldError

Lang = Literal["id", "en"]


def language(request: HttpRequest, lang: str | None) -> str:
    """`?lang=` wins; otherwise the request's language (Accept-Language or the user's
    choice), Indonesian by default."""
    if lang in ("id", "en"):
        return lang
    current = (getattr(request, "LANGUAGE_CODE", None) or get_language() or "id")[:2]
    return current if current in ("id", "en") else "id"


class AnswerErrorOut(BaseModel):
    detail: str
    errors: list[FieldError]


class Open(BaseModel):
    """A documented object that may carry more keys than listed."""

    model_config = ConfigDict(extra="allow")
