"""Every page and API route of Rangkul, with real sample objects, for every role.

One place that knows how to reach each URL pattern, shared by the permission matrix, the
language checks and the accessibility checks:

    world = build_world()                 # two schools, a community, a provider, a district
    for name, user in world.people.items():   # "s1.counselor", "s2.student", "anonymous" ...
        for page in page_urls(world):     # Page(name="case", url="/cases/<uuid>/", ...)
            ...
    for route in api_routes():            # ApiRoute(method="GET", path="/api/v1/cases/{case_id}")
        url = api_url(world, route)

`unreached_patterns()` and `unreached_api_routes()` list what the crawler cannot reach yet;
the matrix test fails while either is non-empty, so a new page cannot escape the checks.
"""

from tests.crawler.api import (
    API_PARAMS,
    ApiRoute,
    api_routes,
    api_url,
    openapi_document,
    unreached_api_routes,
)
from tests.crawler.pages import (
    PAGE_KWARGS,
    POST_KWARGS,
    Page,
    page_urls,
    unreached_patterns,
    url_patterns,
)
from tests.crawler.world import SCHOOL_ROLES, Sample, World, build_world

__all__ = [
    "API_PARAMS",
    "PAGE_KWARGS",
    "POST_KWARGS",
    "SCHOOL_ROLES",
    "ApiRoute",
    "Page",
    "Sample",
    "World",
    "api_routes",
    "api_url",
    "build_world",
    "openapi_document",
    "page_urls",
    "unreached_api_routes",
    "unreached_patterns",
    "url_patterns",
]
