"""`sangathan levels set/list`."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from sangathan.units.models import Level
from tests.conftest import World


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_levels_set_on_a_new_installation_creates_them(db: None) -> None:
    out = io.StringIO()
    call_command("levels", "set", "प्रदेश:State", "जिला:District", "बूथ:Booth", stdout=out)
    assert list(Level.objects.values_list("name_hi", "name_en")) == [
        ("प्रदेश", "State"),
        ("जिला", "District"),
        ("बूथ", "Booth"),
    ]
    assert "2. जिला: District (0 units)" in out.getvalue()


def test_levels_set_is_refused_when_units_would_not_fit(world: World) -> None:
    err = io.StringIO()
    before = list(Level.objects.values_list("depth", "name_hi"))
    with pytest.raises(CommandError, match="The levels were not changed"):
        call_command(
            "levels",
            "set",
            "प्रदेश:State",
            "बूथ:Booth",
            "मंडल:Mandal",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "क्षेत्र" in err.getvalue()  # a level in use would disappear
    assert "would no longer be above it" in err.getvalue()
    assert list(Level.objects.values_list("depth", "name_hi")) == before


def test_levels_set_refuses_a_malformed_argument(db: None) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("levels", "set", "प्रदेश", stdout=io.StringIO(), stderr=err)
    assert "HINDI:ENGLISH" in err.getvalue()


def test_levels_set_renames_a_level_and_keeps_its_units(world: World) -> None:
    call_command(
        "levels",
        "set",
        "प्रदेश:State",
        "क्षेत्र:Region",
        "जिला/महानगर:District",
        "मंडल:Mandal",
        "शक्ति केंद्र:Shakti Kendra",
        "मतदान केंद्र:Booth",
        stdout=io.StringIO(),
    )
    booth_level = Level.objects.get(name_en="Booth")
    assert booth_level.name_hi == "मतदान केंद्र"
    assert booth_level.units.count() == 4


def test_levels_list_prints_them_top_first(world: World) -> None:
    out = io.StringIO()
    call_command("levels", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "1. प्रदेश: State (1 units)"
    assert lines[-1] == "6. बूथ: Booth (4 units)"


def test_the_command_listing_shows_one_line_for_each(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from sangathan.cli import main

    main(["--help"])
    listing = capsys.readouterr().out
    assert "levels" in listing and "Show or set the levels of the unit tree" in listing
    assert "Import or export the unit tree as CSV or XLSX." in listing
