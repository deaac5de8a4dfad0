"""HTML to PDF, the one way every printable document (letters, login cards, reports,
exports) is made.

WeasyPrint is imported on first use, not at start-up: importing it parses its own style
sheets and takes about a second, which every web process, worker and command would
otherwise pay whether or not it ever prints anything."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def render_letter_pdf(
    template_name: str, context: dict[str, Any], *, language: str = "id"
) -> bytes:
    """A letter for people outside Rangkul (a provider, a guardian): rendered in one
    language whatever the reader's own, on a template that extends
    `documents/letter_base.html` (paper, font and the organisation's letterhead)."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)
