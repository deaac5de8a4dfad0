"""gzip for HTML pages only (decision 0016)."""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    """Compresses HTML pages and nothing else. API answers, exports and downloads carry
    personal data and reflect what the caller sent, which is what BREACH needs, so they
    leave uncompressed; static files are compressed ahead of time by whitenoise."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
