"""The periodic jobs, run by ``sangathan serve`` itself on a laptop, or from cron on a server.

Every reminder in Sangathan is sent by a job that is safe to run at any moment and any number of
times: each remembers what it sent (nominations, meetings, relief duties). On a server cron runs
``sangathan remind`` (see docs/OPERATIONS.md). A district office on one laptop has no cron to
speak of, so ``sangathan serve`` runs the same jobs in a background thread every few minutes;
``--no-reminders`` turns that off where cron does it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import close_old_connections, connection

logger = logging.getLogger("sangathan.scheduler")

# Meeting reminders come an hour before: ten minutes late at most is close enough, and a
# laptop's database barely notices three small queries every ten minutes.
EVERY_SECONDS = 600


def _nominations() -> str:
    from sangathan.nominations.reminders import reminders_send_due

    result = reminders_send_due()
    return f"nominations {result}"


def _meetings() -> str:
    from sangathan.meetings.reminders import reminders_send_due

    result = reminders_send_due()
    return f"meetings {result}"


def _relief() -> str:
    from sangathan.relief.reminders import duty_reminders_send_due

    return f"relief duties {duty_reminders_send_due()}"


JOBS: tuple[Callable[[], str], ...] = (_nominations, _meetings, _relief)


@dataclass
class TickResult:
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def run_due_jobs(jobs: tuple[Callable[[], str], ...] | None = None) -> TickResult:
    """Run every job once. One job failing (a database hiccup) does not stop the others; it is
    logged and tried again next time."""
    result = TickResult()
    for job in JOBS if jobs is None else jobs:
        try:
            result.done.append(job())
        except Exception:
            logger.exception("scheduled job %s failed", job.__name__)
            result.failed.append(job.__name__.lstrip("_"))
    return result


class ReminderThread(threading.Thread):
    """Runs the jobs at once and then every ``every`` seconds until ``stop()``."""

    def __init__(
        self, every: float = EVERY_SECONDS, jobs: tuple[Callable[[], str], ...] | None = None
    ) -> None:
        super().__init__(name="sangathan-reminders", daemon=True)
        self.every = every
        self.jobs = jobs
        self.ticks = 0
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            # This thread's connection outlives CONN_MAX_AGE between ticks, and a job that
            # failed may have left it broken: as a request would, start and end with a sound
            # one. (Not in run_due_jobs: inside a transaction this would close it.)
            close_old_connections()
            try:
                result = run_due_jobs(self.jobs)
            finally:
                close_old_connections()
            self.ticks += 1
            logger.info("reminders: %s", "; ".join(result.done) or "-")
            self._stopping.wait(self.every)
        connection.close()

    def stop(self) -> None:
        self._stopping.set()
