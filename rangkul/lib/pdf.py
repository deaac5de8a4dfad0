"""HTML to PDF, the one way every printable document (letters, login cards, reports,
exports) is made.

WeasyPrint is imported on first use, not at start-up: importing it parses its own style
sheets and takes about a second, which every web process, worker and command would
otherwise pay whether or not it ever prints anything."""


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
