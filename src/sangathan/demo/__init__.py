"""The demo organisation: कानपुर महानगर उत्तर as the seed report describes it, with its mandals,
shakti kendras and about 300 booths, office-bearers (the people named in the report among
them), realistic vacancies, and the five persona logins.

Everything is written through the services, as an operator would, so the demo also exercises
the rules (seats, reservation for women, audit). The organisation is first *planned* from a
fixed random seed, without looking at the database, and then *applied*: a unit is recognised by
its code, a person by name and unit, an appointment by person, post and unit, an account by
username. Applying the same plan a second time therefore finds everything in place and writes
nothing.

A package with one module per feature, run in order by ``runner``: ``organisation`` (units,
posts, office-bearers, logins; planned in ``plan`` from the data in ``seed``) and ``people``
(residents and households). What the command and the tests use is importable from here.
"""

from __future__ import annotations

from sangathan.demo.context import DEFAULT_PASSWORD, DemoError, DemoResult, Login
from sangathan.demo.plan import plan_organisation
from sangathan.demo.runner import demo_build, demo_size
from sangathan.demo.seed import DISTRICT_CODE, SEED, SEED_DISTRICT, SEED_WORKERS, SIBLING_CODE

__all__ = [
    "DEFAULT_PASSWORD",
    "DISTRICT_CODE",
    "SEED",
    "SEED_DISTRICT",
    "SEED_WORKERS",
    "SIBLING_CODE",
    "DemoError",
    "DemoResult",
    "Login",
    "demo_build",
    "demo_size",
    "plan_organisation",
]
