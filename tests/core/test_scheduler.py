"""The periodic jobs: `sangathan remind` for cron, and the same jobs in a thread of
`sangathan serve` for a laptop with no cron. Each reminder still goes out once."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sangathan.core import scheduler
from sangathan.core.models import Notification, User
from sangathan.meetings.attendance import invitee_add
from sangathan.meetings.services import meeting_create
from sangathan.relief.catalogue import store_create
from sangathan.relief.drives import drive_create, duty_add, point_add
from sangathan.relief.models import Shift
from tests.conftest import World
from tests.core.test_inbox import Capture


@pytest.fixture
def due(world: World, district_editor: User, mandal_editor: User, booth_worker: User) -> None:
    """A meeting in 20 hours with the mandal editor invited, and the booth worker on relief
    duty tomorrow: both reminders are due now (the duty's from 8 in the morning)."""
    meeting = meeting_create(
        unit=world.district, title="समीक्षा बैठक", starts_at=timezone.now() + timedelta(hours=20)
    )
    assert mandal_editor.person is not None and booth_worker.person is not None
    invitee_add(meeting=meeting, person=mandal_editor.person, actor=district_editor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    drive = drive_create(
        unit=world.district, title="लॉकडाउन सेवा", starts_on=tomorrow, ends_on=tomorrow, actor=None
    )
    store = store_create(unit=world.mandal, name="मंडल भंडार", actor=None)
    point = point_add(drive=drive, name="पॉइंट 1", store=store, actor=None)
    duty_add(
        point=point, person=booth_worker.person, day=tomorrow, shift=Shift.FULL_DAY, actor=None
    )


def _kinds(user: User) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_one_run_sends_every_app_s_due_reminders_once(
    due: None,
    mandal_editor: User,
    booth_worker: User,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Duty reminders go out from 8 in the morning: run no earlier than that.
    moment = max(timezone.now(), timezone.localtime().replace(hour=8, minute=30))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    Notification.objects.all().delete()  # the invitation and the duty notice themselves
    with django_capture_on_commit_callbacks(execute=True):
        first = scheduler.run_due_jobs()
        second = scheduler.run_due_jobs()
    assert first.failed == [] and second.failed == []
    assert len(first.done) == len(scheduler.JOBS)
    assert _kinds(mandal_editor) == ["meetings/reminder"]
    assert _kinds(booth_worker) == ["relief/duty_reminder"]


def test_a_failing_job_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture, db: None
) -> None:
    ran: list[str] = []

    def _broken() -> str:
        raise RuntimeError("database went away")

    def _fine() -> str:
        ran.append("fine")
        return "fine"

    result = scheduler.run_due_jobs((_broken, _fine))
    assert result.failed == ["broken"] and result.done == ["fine"] and ran == ["fine"]
    assert "scheduled job _broken failed" in caplog.text


def test_the_remind_command_prints_each_job_and_fails_loudly(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = StringIO()
    call_command("remind", stdout=out)
    assert len(out.getvalue().splitlines()) == len(scheduler.JOBS)

    def _broken() -> str:
        raise RuntimeError("no")

    monkeypatch.setattr(scheduler, "JOBS", (_broken,))
    with pytest.raises(CommandError, match="broken"):
        call_command("remind", stdout=StringIO())


def test_the_thread_runs_at_once_and_stops_when_asked(db: None) -> None:
    started = threading.Event()

    def _job() -> str:
        started.set()
        return "job"

    thread = scheduler.ReminderThread(every=3600, jobs=(_job,))
    thread.start()
    assert started.wait(30), "the first run did not happen"
    thread.stop()
    thread.join(30)
    assert not thread.is_alive() and thread.ticks == 1


class _FakeThread:
    made: list[_FakeThread] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.started = self.stopped = False
        _FakeThread.made.append(self)

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


@pytest.mark.parametrize("flag, runs", [([], True), (["--no-reminders"], False)])
def test_serve_sends_reminders_unless_told_not_to(
    flag: list[str], runs: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitress

    served: list[int] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.append(kw["port"]))
    monkeypatch.setattr(scheduler, "ReminderThread", _FakeThread)
    _FakeThread.made = []
    call_command("serve", "127.0.0.1:8765", *flag, stdout=StringIO())
    assert served == [8765]
    if runs:
        [thread] = _FakeThread.made
        assert thread.started and thread.stopped  # stopped when serving ends
    else:
        assert _FakeThread.made == []
