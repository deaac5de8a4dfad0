"""The dependent region picker: province -> regency/city -> district -> village.

Four selects; `static/js/regions.js` fills each one from `region_children` when the one above
changes. Without JavaScript the page still offers the levels the chosen code allows, and
posting again after each choice walks down the levels."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rangkul.regions import queries
from rangkul.regions.models import Level
from rangkul.regions.validators import validate_region_code

LEVEL_LABELS = [
    gettext_lazy("Province"),
    gettext_lazy("Regency or city"),
    gettext_lazy("District"),
    gettext_lazy("Village"),
]


class RegionPicker(forms.Widget):
    template_name = "regions/_picker.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        chosen = ""
        for level in range(1, 5):
            value = (data.get(f"{name}_{level}") or "").strip()
            if not value:
                break
            chosen = value
        return chosen

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        # The project's template engine (templates/regions/), not the form renderer's.
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_1" if id_ else id_

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_1" not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        code = str(value or "")
        chosen = queries.chain(code)
        levels = []
        for n, options in enumerate(queries.options_for(code)):
            levels.append(
                {
                    "name": f"{name}_{n + 1}",
                    "id": f"id_{name}_{n + 1}",
                    "label": LEVEL_LABELS[n],
                    "level": n + 1,
                    "options": options,
                    "chosen": chosen[n] if n < len(chosen) else "",
                }
            )
        context["levels"] = levels
        context["children_url"] = reverse("region_children")
        return context


class RegionField(forms.CharField):
    """A region code from the picker; `min_level` asks for at least that level."""

    widget = RegionPicker

    def __init__(self, *args: Any, min_level: int = Level.PROVINCE, **kwargs: Any) -> None:
        self.min_level = min_level
        kwargs.setdefault("max_length", 13)
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        validate_region_code(value)
        if value.count(".") + 1 < self.min_level:
            raise ValidationError(
                _("Choose down to the %(level)s.") % {"level": Level(self.min_level).label.lower()}
            )
