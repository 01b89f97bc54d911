"""The demo runner: its steps run in order, each sees what the earlier ones made, and a step
that fails leaves nothing of the run behind. (The demo itself is tested in test_demo.py.)"""

from __future__ import annotations

import pytest

from sangathan.demo import DISTRICT_CODE, organisation, people, runner
from sangathan.demo.context import DemoContext
from sangathan.people.models import Person
from sangathan.people.services import person_create
from tests.conftest import World


def test_the_organisation_comes_first_and_the_residents_after_it() -> None:
    assert runner.STEPS[:2] == [organisation.build, people.build]


def test_each_step_sees_what_the_steps_before_it_made(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def units(context: DemoContext) -> None:
        context.units[DISTRICT_CODE] = world.district
        context.created["units"] += 1

    def meetings(context: DemoContext) -> None:
        seen.append(context.district.name_hi)

    monkeypatch.setattr(runner, "STEPS", [units, meetings])
    result = runner.demo_build()
    assert seen == ["कानपुर महानगर उत्तर"]
    assert result.district == world.district and result.created["units"] == 1


def test_a_failing_step_leaves_nothing_of_the_run_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def residents(context: DemoContext) -> None:
        person_create(name="रामू", home_unit=world.booth)

    def broken(context: DemoContext) -> None:
        raise RuntimeError("a step failed")

    monkeypatch.setattr(runner, "STEPS", [residents, broken])
    with pytest.raises(RuntimeError):
        runner.demo_build()
    assert not Person.objects.filter(name="रामू").exists()
