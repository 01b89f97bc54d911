"""A demo run: its steps in order, in one transaction.

Each step is a module with ``build(context)``: idempotent (it recognises what an earlier run
made and writes only what is missing), and free to use what the steps before it left in the
context (the units by code, the logins). A new feature's demo (nominations, meetings, ...) is
a new module added to ``STEPS`` after the ones whose records it needs."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from sangathan.demo import meetings, nominations, organisation, people, relief
from sangathan.demo.context import DEFAULT_PASSWORD, DemoContext, DemoResult

Step = Callable[[DemoContext], None]

STEPS: list[Step] = [
    organisation.build,  # units, posts, office-bearers, the five logins
    people.build,  # residents and households of the district's booths, planted duplicates
    nominations.build,  # the seed's requisitions: state -> district -> mandals
    meetings.build,  # the seed's district-office meeting, three mandal meetings
    relief.build,  # last weekend's drive (closed, ~400 handovers), this weekend's under way
]


def demo_size() -> int:
    """The length of a progress bar: the steps tick once per unit of the organisation."""
    return organisation.size()


def demo_build(
    *,
    password: str = DEFAULT_PASSWORD,
    password_given: bool = False,
    advance: Callable[[int], None] | None = None,
) -> DemoResult:
    """Build (or complete) the demo organisation. Idempotent: a second call writes nothing.

    Existing persona accounts keep their password unless ``password_given`` (the operator
    asked for one), so a demo re-run never undoes a password someone chose."""
    context = DemoContext(password=password, password_given=password_given, advance=advance)
    with transaction.atomic():
        for step in STEPS:
            step(context)
    return context.result()
