"""Every page, as every role of school 1 (and the community worker, the provider and the
district analyst), each in both languages: no raw code from the models on the page, no "Anda" on
a page a student reads, and no two form fields (or any elements) sharing an id.

Pages and sample objects come from the crawler (tests/crawler/), so a new page is checked
as soon as the crawler reaches it. The codes are listed from the models' choices.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from tests.crawler import build_world, page_urls

PERSONAS = [
    "s1.student",
    "s1.peer_supporter",
    "s1.counselor",
    "s1.coordinator",
    "s1.homeroom_teacher",
    "s1.principal",
    "s1.admin",
    "community.field_worker",
    "provider.provider",
    "authority.authority_analyst",
]
STUDENT_PERSONAS = {"s1.student", "s1.peer_supporter"}
# Both languages for every role: Indonesian first, English complete.
LANGUAGES = ("id", "en")
# "Anda" in any case ("anda" too, as Django's own catalogue writes it).
ANDA = re.compile(r"\banda\b", re.IGNORECASE)
# Pages that are not the product's own words (machine files and the like).
SKIPPED_PAGES = {
    "agenda_ics",
    "activity_ics",
    "screening_response_fhir",
    "screening_instrument_fhir",
    "healthz",
    "help_image",
    "neutral",
}
# Codes that are also ordinary words of the page (abbreviations, file types).
ALLOWED_WORDS = {"bk", "sms", "email", "online", "csv", "xlsx"}


class _Text(HTMLParser):
    """Visible text, plus the attributes a person hears or sees (aria-label, title...)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre", "textarea"):
            self._skip += 1
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def model_codes() -> dict[str, str]:
    """Every stored code of every choice field (code -> English label)."""
    codes: dict[str, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("rangkul."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                    with translation.override("en"):
                        codes[value] = str(label)
    return codes


def raw_codes(text: str, codes: dict[str, str], lang: str) -> set[str]:
    found = set()
    # Whole words only: "c1-counselor" is a username, not a code.
    for word in set(re.findall(r"(?<![\w-])[a-z][a-z_]{2,}(?![\w-])", text)):
        if word not in codes or word in ALLOWED_WORDS:
            continue
        if lang == "en" and "_" not in word:
            continue  # "open", "draft": ordinary English words there
        found.add(word)
    return found


@pytest.mark.django_db
def test_every_page_speaks_one_language_and_one_register():
    from rangkul.accounts.roles import Role

    assert {persona.split(".")[1] for persona in PERSONAS} == set(Role.values)
    world = build_world()
    codes = model_codes()
    pages = [p for p in page_urls(world) if not p.post_only and p.name not in SKIPPED_PAGES]
    problems: list[str] = []
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(world.people[persona])
        for lang in LANGUAGES:
            client.cookies["django_language"] = lang
            for page in pages:
                answer = client.get(page.url, HTTP_ACCEPT_LANGUAGE=lang)
                if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
                    continue
                parser = _Text()
                parser.feed(answer.content.decode())
                text = " ".join(parser.parts)
                where = f"{persona} {lang} {page.name}"
                leaked = raw_codes(text, codes, lang)
                if leaked:
                    problems.append(f"{where}: raw codes {sorted(leaked)}")
                if lang == "id" and persona in STUDENT_PERSONAS and ANDA.search(text):
                    problems.append(f"{where}: 'Anda' on a page a student reads")
                duplicated = {i for i in parser.ids if parser.ids.count(i) > 1}
                if duplicated:
                    problems.append(f"{where}: duplicate ids {sorted(duplicated)}")
    assert problems == [], "\n".join(problems)
