"""The API routes of the OpenAPI document and how to fill their path parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.crawler.world import World


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    operation_id: str


# API path parameters and the sample object each takes.
API_PARAMS: dict[str, Callable[[World], Any]] = {
    "person_id": lambda w: w.o["person"].pk,
    "request_id": lambda w: w.o["request"].pk,
    "case_id": lambda w: w.o["case"].pk,
    "activity_id": lambda w: w.o["activity"].pk,
    "slot_id": lambda w: w.o["slot"].pk,
    "group_id": lambda w: w.o["group"].pk,
    "alert_id": lambda w: w.o["alert"].pk,
    "shift_id": lambda w: w.o["shift"].pk,
    "phrase_id": lambda w: w.o["phrase"].pk,
    "resource_id": lambda w: w.o["resource"].pk,
    "code": lambda w: "phqa",
    "campaign_id": lambda w: w.o["campaign"].pk,
    "assignment_id": lambda w: w.o["assignment"].pk,
    "response_id": lambda w: w.o["response"].pk,
    "token_id": lambda w: w.o["token"].pk,
    "matter_id": lambda w: w.o["matter"].pk,
    "guardian_id": lambda w: w.o["guardian"].pk,
    "consent_id": lambda w: w.o["consent"].pk,
    "provider_id": lambda w: w.o["provider"].pk,
    "referral_id": lambda w: w.o["referral_out"].pk,
}


def openapi_document() -> dict[str, Any]:
    from rangkul.api.urls import api

    return api.get_openapi_schema()


def api_routes() -> list[ApiRoute]:
    routes = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            routes.append(ApiRoute(method.upper(), path, operation.get("operationId", "")))
    return routes


def unreached_api_routes() -> set[str]:
    import re

    missing = set()
    for route in api_routes():
        for param in re.findall(r"{(\w+)}", route.path):
            if param not in API_PARAMS:
                missing.add(f"{route.method} {route.path}: {param}")
    return missing


def api_url(world: World, route: ApiRoute) -> str:
    path = route.path
    for name, value in API_PARAMS.items():
        path = path.replace("{" + name + "}", str(value(world)))
    return path
