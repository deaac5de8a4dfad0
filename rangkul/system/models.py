from django.db import models

from rangkul.lib import ratelimit


class Heartbeat(models.Model):
    """The last time a background component proved it was alive."""

    name = models.CharField(max_length=32, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class RateCount(models.Model):
    """One fixed-window count of attempts, written and read by `rangkul.lib.ratelimit` in one
    SQL statement each (the table's name is that module's, which sits below every app)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = ratelimit.COUNTS_TABLE

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
