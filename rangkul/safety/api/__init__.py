"""The safety API, mounted at /api/v1/: the text check, alerts, and the organisation's
safety arrangements (roster, phrases, local crisis resources, settings)."""

from ninja import Router

from rangkul.safety.api import alerts, arrangements

router = Router(tags=["safety"])
router.add_router("", alerts.router)
router.add_router("", arrangements.router)
