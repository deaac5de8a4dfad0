"""The one scheduler: it enqueues the periodic jobs of `schedule.py` while it holds a lock.

Several copies may run (one per host, for failover); only the one holding the lock
schedules. The others stand by and try again every `SCHEDULER_STANDBY_SECONDS`, so when the
holder stops or dies the next one takes over and no job is enqueued twice by two copies.

On PostgreSQL the lock is a session advisory lock on a connection of its own: it is
released by the server as soon as that connection ends, including when the process is
killed. On SQLite (one machine by design) it is an exclusive lock on a file.
"""

import fcntl
import logging
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Protocol

from apscheduler.schedulers.background import BackgroundScheduler
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

log = logging.getLogger(__name__)

# pg_try_advisory_lock takes a 64-bit key; advisory locks are scoped to one database.
ADVISORY_KEY = zlib.crc32(b"rangkul.scheduler")
# How often the holder checks that it still holds the lock.
CHECK_SECONDS = 5.0

Job = tuple[Any, str, dict[str, Any]]


class SchedulerLock(Protocol):
    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


class AdvisoryLock:
    """A PostgreSQL session advisory lock on its own connection (not the one Django
    closes between jobs), kept for the life of the scheduler."""

    def __init__(self, alias: str = "default") -> None:
        self.connection = connections[alias].copy()
        self._held = False

    def acquire(self) -> bool:
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
                self._held = bool(cursor.fetchone()[0])
        except DatabaseError as exc:
            log.warning("Scheduler lock: database not reachable (%s)", exc)
            self.connection.close()
            self._held = False
        return self._held

    def held(self) -> bool:
        if not self._held:
            return False
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND objid = %s",
                    [ADVISORY_KEY],
                )
                return bool(cursor.fetchone()[0])
        except DatabaseError:
            return False

    def release(self) -> None:
        # Unlock first: closing the connection alone releases the lock only once the server
        # has ended that backend, a moment later, so a standby asking at once was refused.
        # Ending the session still releases it if the unlock cannot be sent.
        if self._held:
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
            except DatabaseError as exc:
                log.warning("Scheduler lock: unlock not sent (%s)", exc)
        self._held = False
        self.connection.close()


class FileLock:
    """An exclusive `flock` on a file: one holder per machine, released when the process
    ends, however it ends."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.handle: IO[str] | None = None

    def acquire(self) -> bool:
        if self.handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.handle = handle
        return True

    def held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file drops the lock
            self.handle = None


def scheduler_lock() -> SchedulerLock:
    if connections["default"].vendor == "postgresql":
        return AdvisoryLock()
    return FileLock(settings.SCHEDULER_LOCK_FILE)


def _enqueue(task: Any) -> None:
    close_old_connections()
    result = task.enqueue()
    log.info("Enqueued %s as %s", task.name, result.id)


def build(jobs: Iterable[Job]) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE)
    for task, trigger, kwargs in jobs:
        if trigger == "interval":
            # Interval jobs run once at start-up too, so health is known at once.
            kwargs = {**kwargs, "next_run_time": timezone.now()}
        scheduler.add_job(
            _enqueue,
            trigger,
            args=[task],
            id=task.name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=60,
            **kwargs,
        )
    return scheduler


class LostLock(RuntimeError):
    pass


def run(
    jobs: Iterable[Job],
    *,
    stop: threading.Event,
    lock: SchedulerLock | None = None,
    say: Callable[[str], None] = log.info,
) -> None:
    """Stand by until the lock is ours, then schedule until `stop` is set. Raises LostLock
    when the lock goes (the database connection dropped): the process should exit and be
    restarted, and will then stand by or take the lock again."""
    lock = lock or scheduler_lock()
    if not lock.acquire():
        say("Another scheduler holds the lock; standing by.")
        while not lock.acquire():
            if stop.wait(settings.SCHEDULER_STANDBY_SECONDS):
                return
    scheduler = build(jobs)
    scheduler.start()
    say("Scheduler lock taken; scheduling.")
    try:
        while not stop.wait(CHECK_SECONDS):
            if not lock.held():
                raise LostLock("The scheduler lock was lost; stopping.")
    finally:
        scheduler.shutdown(wait=True)
        lock.release()
