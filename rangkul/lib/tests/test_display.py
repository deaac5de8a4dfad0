"""Row values written in Python are the text the template's filters and tags give."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from rangkul.lib.display import full_moment, rendered_form, short_day, short_moment, url_for

MOMENTS = [
    datetime.datetime(2026, month, day, hour, minute, tzinfo=datetime.UTC)
    for month, day, hour, minute in [(1, 1, 0, 0), (5, 9, 17, 5), (8, 31, 23, 59), (12, 3, 9, 7)]
]
FILTERS = Template('{{ v|date:"j M H:i" }}|{{ v|date:"j M" }}|{{ v|date:"j M Y H:i" }}')


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura", "UTC"])
def test_it_formats_moments_as_the_date_filter(language: str, zone: str) -> None:
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        for moment in MOMENTS:
            expected = FILTERS.render(Context({"v": moment}))
            shown = f"{short_moment(moment)}|{short_day(moment)}|{full_moment(moment)}"
            assert shown == expected


def test_it_formats_days_and_nothing_as_the_date_filter() -> None:
    day = datetime.date(2026, 12, 3)
    with translation.override("id"):
        assert short_day(day) == Template('{{ v|date:"j M" }}').render(Context({"v": day}))
    assert short_moment(None) == short_day(None) == full_moment(None) == ""


def test_it_writes_the_url_the_url_tag_gives() -> None:
    key = uuid.uuid4()
    assert url_for("case")(key) == reverse("case", args=[key])
    assert url_for("triage_request")(key) == reverse("triage_request", args=[key])
    assert url_for("case")(12) == reverse("case", args=[12])


class _Form(forms.Form):
    name = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Who may read it"), choices=[("a", _("Home"))])


def test_it_renders_an_unbound_form_once_per_language_as_django_does() -> None:
    for language in ("id", "en", "id"):
        with translation.override(language):
            assert rendered_form(_Form).as_div() == _Form().as_div()
            assert rendered_form(_Form).non_field_errors() == ""
    with translation.override("en"):
        assert "Home" in rendered_form(_Form).as_div()
    with translation.override("id"):
        assert "Home" not in rendered_form(_Form).as_div()


def test_it_keys_a_form_by_what_its_html_depends_on() -> None:
    def build(initial: str) -> _Form:
        return _Form(initial={"name": initial})

    first = rendered_form(_Form, "one", build=lambda: build("one")).as_div()
    second = rendered_form(_Form, "two", build=lambda: build("two")).as_div()
    assert "one" in first and "two" in second


def test_it_refuses_a_bound_form() -> None:
    with pytest.raises(ValueError):
        rendered_form(_Form, "bound", build=lambda: _Form({"name": "x"}))
