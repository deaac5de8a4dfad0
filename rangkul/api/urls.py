from typing import Any

from ninja import NinjaAPI

from rangkul.accounts.api import router as accounts_router
from rangkul.activities.api import router as activities_router
from rangkul.api import errors
from rangkul.api.auth import AUTH
from rangkul.cases.api import router as cases_router
from rangkul.lib.api import Error, ValidationErrorOut
from rangkul.people.api import router as people_router
from rangkul.referrals.api import router as referrals_router
from rangkul.safety.api import router as safety_router
from rangkul.screenings.api import router as screenings_router
from rangkul.violence.api import router as violence_router


class RangkulAPI(NinjaAPI):
    """The API, with the answers every operation can give written into its document:
    the shared error handlers (rangkul/api/errors.py) can answer any operation with a
    refused value (400), a missing login (401), a refusal (403), an unknown or out-of-scope
    object (404), an invalid body (422) or too many attempts (429); any operation with a
    body can meet the size limit (413)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        common = {
            400: ("Error", "The request was refused; the detail says why"),
            401: ("Error", "Log in or send a valid token"),
            403: ("Error", "Not allowed"),
            404: ("Error", "Not found, or outside what the caller may see"),
            422: ("ValidationErrorOut", "The request is not valid"),
            429: ("Error", "Too many attempts; wait and try again"),
        }
        for operation_path, operations in schema["paths"].items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                codes = dict(common)
                if method in ("post", "put", "patch", "delete"):
                    codes[413] = ("Error", "The request body is too large")
                    codes[415] = ("Error", "The request body is not JSON")
                if operation_path.endswith(("/version", "/openapi.json")):
                    continue
                for code, (shape, text) in codes.items():
                    if code in responses or str(code) in responses:
                        continue
                    responses.setdefault(
                        code,
                        {
                            "description": text,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{shape}"}
                                }
                            },
                        },
                    )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Error", Error.model_json_schema())
        components.setdefault("ValidationErrorOut", _validation_error_schema())
        return schema


def _validation_error_schema() -> dict[str, Any]:
    shape = ValidationErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    shape.pop("$defs", None)
    return shape


api = RangkulAPI(
    title="Rangkul API",
    version="1",
    description=(
        "Peer support, guidance and counseling, and psychosocial services. "
        "Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`, "
        "or use the browser's login session (with the CSRF token for writes). "
        'Errors are JSON: `{"detail": "..."}` in the language of `Accept-Language`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", accounts_router)
api.add_router("/people", people_router)
api.add_router("/", cases_router)
api.add_router("/", activities_router)
api.add_router("/", safety_router)
api.add_router("/", screenings_router)
api.add_router("/", violence_router)
api.add_router("/", referrals_router)
