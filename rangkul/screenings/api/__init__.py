"""The screenings API, mounted at /api/v1/: instruments, campaigns, answering, responses."""

from ninja import Router

from rangkul.screenings.api import campaigns, instruments, responses

router = Router(tags=["screenings"])
router.add_router("", instruments.router)
router.add_router("", campaigns.router)
router.add_router("", responses.router)
