"""The session engine of `SESSION_STORE=database`: Django's database sessions, with the read
that every signed-in request makes compiled to SQL once per process (lib/prepared.py).

Django's store builds and compiles `Session.objects.get(session_key=…, expire_date__gt=now)`
on every request, about three times the CPU of the same read prepared. Everything else (the
table, the encoding, saving, expiry, `clearsessions`) is Django's own, so sessions written
by either store are read by the other.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from rangkul.lib.prepared import Prepared


def _live_session(session_key: str, now: datetime.datetime) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


_LIVE_SESSION = Prepared(_live_session, session_key=str, now=datetime.datetime)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        # As Django's store: the live session of this key, or None and the key forgotten
        # (a key that is unknown, expired or malformed starts a new session when saved).
        key = self.session_key
        rows = _LIVE_SESSION.run(session_key=key, now=timezone.now()) if key else []
        if not rows:
            self._session_key = None
            return None
        return rows[0]
