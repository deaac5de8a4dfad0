"""Home page tiles of training, per role (see rangkul/lib/tiles.py)."""

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.lib.tiles import Tile, TileFn
from rangkul.training import permissions, queries


def programmes_tile(user: Any, org: Any) -> Tile | None:
    """The lead's and the assessors' way to the programmes."""
    if not permissions.can_run_training(user, org.id) and not permissions.can_assess(user, org.id):
        return None
    return Tile(
        "training_programmes",
        _("Training programmes"),
        "training/tiles/training.html",
        {"programmes": queries.visible_programmes(user, org.id).count()},
        reverse("training_programmes"),
    )


def my_training_tile(user: Any, org: Any) -> Tile | None:
    count = queries.own_enrolments(user, org.id).count()
    if not count:
        return None
    return Tile(
        "my_training",
        _("My training"),
        "training/tiles/mine.html",
        {"enrolments": count},
        reverse("training_mine"),
    )


def cpd_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_keep_cpd(user, org.id):
        return None
    hours = (
        queries.own_cpd(user, org.id)
        .filter(on__year=timezone.localdate().year)
        .aggregate(total=Sum("hours"))["total"]
    )
    return Tile(
        "my_cpd",
        _("My CPD"),
        "training/tiles/cpd.html",
        {"hours": hours or Decimal(0)},
        reverse("training_cpd"),
    )


TILES: dict[str, list[TileFn]] = {
    "coordinator": [programmes_tile],
    "counselor": [programmes_tile, cpd_tile],
    "peer_supporter": [my_training_tile],
}
