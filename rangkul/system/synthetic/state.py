"""The state and small helpers a synthetic data run shares between its modules."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from rangkul.accounts.models import User
from rangkul.people.models import Gender
from rangkul.screenings.engine import Instrument
from rangkul.system.demo import FIRST_F, FIRST_M, LAST
from rangkul.system.synthetic.insert import fast_insert
from rangkul.system.synthetic.scale import Report, Scale

# Scored answer patterns of one instrument: (answers, the stored score) pairs.
Pool = list[tuple[dict[str, Any], dict[str, Any]]]


class RunState:
    """What every part of a run shares: the scale, the seeded random source, the dates, the
    batch writer and what was written. `generator.Generator` runs it; `pathway` and
    `screenings` write their rows through it."""

    def __init__(
        self,
        scale: Scale,
        *,
        seed: int = 1,
        today: date | None = None,
        password: str | None = None,
        prefix: str = "sint",
        out: Callable[[str], None] = lambda _s: None,
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.start = datetime.combine(self.today - timedelta(days=365), datetime.min.time())
        self.start = timezone.make_aware(self.start)
        self.prefix = prefix
        self.out = out
        self.report = Report()
        last = User.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self._user_ids = itertools.count(last + 1)
        self.now = timezone.now()
        self.staff_password = make_password(password) if password else "!"
        self.unusable = "!"
        self.instruments: dict[str, Instrument] = {}
        self.answer_pools: dict[str, Pool] = {}

    # --- small helpers -------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, after: datetime | None = None, within_days: int = 365) -> datetime:
        base = after or self.start
        limit = (self.start + timedelta(days=365) - base).total_seconds()
        span = max(0.0, min(within_days * 86400.0, limit))
        return base + timedelta(seconds=self.rng.random() * span)

    def name(self) -> tuple[str, str]:
        female = self.rng.random() < 0.5
        first = self.rng.choice(FIRST_F if female else FIRST_M)
        return f"{first} {self.rng.choice(LAST)}", Gender.FEMALE if female else Gender.MALE

    def bulk(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        fast_insert(model, rows, self.now)
        self.report.add(model._meta.db_table, len(rows))
