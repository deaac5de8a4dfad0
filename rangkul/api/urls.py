from ninja import NinjaAPI

from rangkul.accounts.api import router as accounts_router
from rangkul.activities.api import router as activities_router
from rangkul.api import errors
from rangkul.api.auth import AUTH
from rangkul.cases.api import router as cases_router
from rangkul.people.api import router as people_router
from rangkul.safety.api import router as safety_router
from rangkul.screenings.api import router as screenings_router
from rangkul.violence.api import router as violence_router

api = NinjaAPI(
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
