"""The small part of Markdown the user guides use, rendered to safe HTML.

Headings (#, ##, ###), paragraphs, bullet and numbered lists, **bold**, [links](url) and
![images](path). Everything else is text: the source is escaped first, so a guide can never
inject markup. Image paths are passed through `image_url` so the app can serve them.
"""

import re
from collections.abc import Callable

from django.utils.html import escape

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SAFE_URL = re.compile(r"^(https://|/|#|\.\./|[\w.-]+(/[\w.-]+)*$)")


def _inline(text: str, image_url: Callable[[str], str]) -> str:
    out = str(escape(text))

    def image(m: re.Match[str]) -> str:
        return (
            f'<img src="{escape(image_url(m.group(2)))}" alt="{m.group(1)}" loading="lazy" '
            'width="360">'
        )

    def link(m: re.Match[str]) -> str:
        url = m.group(2)
        if not _SAFE_URL.match(url):
            return m.group(1)
        return f'<a href="{url}">{m.group(1)}</a>'

    out = _IMAGE.sub(image, out)
    out = _LINK.sub(link, out)
    return _BOLD.sub(r"<strong>\1</strong>", out)


def render(source: str, image_url: Callable[[str], str] = lambda p: p) -> str:
    html: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph), image_url)}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            html.append(f"</{list_tag}>")
            list_tag = ""

    for raw in source.splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        bullet = re.match(r"^[-*]\s+(.*)$", line)
        numbered = re.match(r"^\d+\.\s+(.*)$", line)
        if not line:
            flush_paragraph()
            close_list()
        elif heading:
            flush_paragraph()
            close_list()
            level = len(heading.group(1))
            html.append(f"<h{level}>{_inline(heading.group(2), image_url)}</h{level}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                html.append(f"<{tag}>")
                list_tag = tag
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            html.append(f"<li>{_inline(item, image_url)}</li>")
        else:
            close_list()
            paragraph.append(line)
    flush_paragraph()
    close_list()
    return "\n".join(html)
