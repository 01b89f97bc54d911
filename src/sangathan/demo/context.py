"""What the steps of a demo run share: the options it was given, what earlier steps made
(units by code, logins), and what was created or left alone, for the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sangathan.demo.seed import DISTRICT_CODE
from sangathan.units.models import Unit

DEFAULT_PASSWORD = "sangathan-demo"


class DemoError(Exception):
    """The database cannot take the demo (e.g. its levels are not the default ones)."""


@dataclass
class Login:
    username: str
    role: str
    unit: Unit
    password: str  # what to type, or a note when the account's password was changed since


@dataclass
class DemoResult:
    created: Counter[str]
    skipped: list[str]
    logins: list[Login]
    district: Unit

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


@dataclass
class DemoContext:
    """Handed to each step in turn. A step adds to ``created`` only what it wrote, so that a
    second run, which writes nothing, reports nothing."""

    password: str = DEFAULT_PASSWORD
    password_given: bool = False
    advance: Callable[[int], None] | None = None  # one tick per unit of the organisation
    created: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # what an operator changed, left alone
    units: dict[str, Unit] = field(default_factory=dict)  # by code
    logins: list[Login] = field(default_factory=list)

    @property
    def district(self) -> Unit:
        return self.units[DISTRICT_CODE]

    def result(self) -> DemoResult:
        return DemoResult(
            created=self.created, skipped=self.skipped, logins=self.logins, district=self.district
        )
