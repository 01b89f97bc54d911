"""Every page fits a phone: one browser walks every route a person can open with a GET, at a
360 px viewport, and each HTML page answers 200 (or redirects to one), does not scroll
sideways, raises no Content Security Policy violation or script error, and has an <h1>.

The state admin opens every route, with the objects the outsider sweep builds
(tests/sweep.py, ``OBJECT_FOR`` in tests/test_outsider_sweep.py); the booth worker opens the
pages a worker uses. Downloads (xlsx, csv, pdf, ics, json, txt) are told apart by their
Content-Type and routes that only take a POST by their 405. Every failing page is named in one
assertion, so one run shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import User
from sangathan.relief.drives import duty_add
from sangathan.relief.models import DistributionPoint, Item
from tests.conftest import PASSWORD, World
from tests.e2e.browser import PHONE_WIDTH, chromium, too_wide
from tests.sweep import district_objects_build
from tests.test_outsider_sweep import OBJECT_FOR

pytestmark = pytest.mark.e2e

# Routes with an id that are not unit-scoped, so the outsider sweep leaves them out; their
# objects are easy to name here. Upload tokens are not: the import journeys open those pages.
MORE_OBJECT_FOR: dict[str, list[str]] = {
    "units/posts/<uuid:uuid>/": ["post"],
    "relief/catalogue/<uuid:uuid>/": ["item"],
}

# Pieces of a page that htmx asks for (search hits, a picked person, a count): laid out inside
# their page, which the sweep opens, and some answer 404 without the query htmx sends.
FRAGMENTS = {
    "units/<uuid:uuid>/people/",
    "nominations/units/<uuid:uuid>/pick/",
    "nominations/panels/<uuid:uuid>/search/",
    "meetings/people/",
    "meetings/people/pick/",
    "meetings/<uuid:uuid>/invite/by-post/count/",
    "relief/points/<uuid:uuid>/search/",
    "relief/drives/<uuid:uuid>/plan/people/",
}

# Not pages of the app: django-ninja's API root (404 outside DEBUG) and its Swagger UI, which
# developers read at a desk.
NOT_PAGES = {"api/v1/", "api/v1/docs"}

# Lists again with a query or a filter, so their results are laid out on the phone too.
WITH_QUERIES = [
    "/people/?q=रोहित साहू",
    "/people/households/?q=दादा नगर",
    "/units/search/?q=कानपुर",
    "/units/search/?q=101",
    "/meetings/?when=past",
    "/audit/?q=रोहित",
]

# What a booth worker opens in a day: home, inbox, their booth, its people, the point they are
# on duty at, meetings and relief.
WORKER_PAGES = [
    "/",
    "/inbox/",
    "/units/{unit}/",
    "/people/",
    "/people/?q=रोहित साहू",
    "/people/{person}/",
    "/people/households/",
    "/people/households/{household}/",
    "/relief/",
    "/relief/points/{point}/",
    "/relief/drives/{drive}/",
    "/meetings/",
    "/nominations/",
]

_PARAMETER = re.compile(r"<[^>]+>")

# Opens every closed <details>; says how many it opened.
_OPEN_DETAILS = """() => {
  const closed = Array.from(document.querySelectorAll('details:not([open])'));
  closed.forEach((d) => { d.open = true; });
  return closed.length;
}"""


def _routes() -> Iterator[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/"):
            yield route


def _fill(route: str, ids: list[str]) -> str:
    values = iter(ids)
    return "/" + _PARAMETER.sub(lambda _: next(values), route)


def _paths(objects: dict[str, str]) -> list[str]:
    """Every route as a path to open: as is, or with the objects its ids name."""
    kinds_for = OBJECT_FOR | MORE_OBJECT_FOR
    paths: dict[str, None] = {}  # a route taking GET and POST from two views is listed twice
    for route in _routes():
        if route in FRAGMENTS or route in NOT_PAGES:
            continue
        if "<" not in route:
            paths["/" + route] = None
        elif route in kinds_for:
            paths[_fill(route, [objects[kind] for kind in kinds_for[route]])] = None
    return list(paths)


@dataclass
class Sweep:
    """One page reused for every visit, and what went wrong on any of them."""

    page: Page
    base: str
    who: str
    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    pages: int = 0

    def listen(self) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.console.append(f"CSP: {message.text}")

        def on_response(response: Response) -> None:
            # A stylesheet that is not found leaves the page unstyled, and it may still fit.
            if response.status >= 400 and response.request.resource_type != "document":
                self.console.append(f"{response.status} for {response.url}")

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"script error: {error}"))
        self.page.on("response", on_response)

    def visit(self, path: str) -> None:
        where = f"{self.who} {path}"
        # Asked first without the page: a download would abort the page's navigation.
        probe = self.page.request.get(self.base + path)
        if probe.status == 405:  # a POST-only route
            return
        if probe.status != 200:
            self.problems.append(f"{where}: GET answered {probe.status}")
            return
        if not probe.headers.get("content-type", "").startswith("text/html"):
            return
        self.console.clear()
        try:
            response = self.page.goto(self.base + path)
        except Error as e:
            self.problems.append(f"{where}: {e.message.splitlines()[0]}")
            return
        self.pages += 1
        if response is None or response.status != 200:
            self.problems.append(f"{where}: the page answered {response and response.status}")
            return
        if self.page.locator("main.page").count() == 0:
            self.problems.append(f"{where}: not a whole page (no main.page)")
        elif self.page.locator("main.page h1").count() == 0:
            self.problems.append(f"{where}: no <h1> in the page")
        wide = too_wide(self.page, where)
        # Forms folded into <details> are laid out only when opened: they must fit too.
        if not wide and self.page.evaluate(_OPEN_DETAILS):
            wide = too_wide(self.page, f"{where} with every <details> open")
        if wide:
            self.problems.append(wide)
        self.problems.extend(f"{where}: {line}" for line in self.console)


def _signed_in(browser: Browser, base: str, username: str) -> Sweep:
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="hi-IN", is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sweep = Sweep(page=page, base=base, who=username)
    sweep.listen()
    # The login page is the first one anybody sees on their phone.
    sweep.visit("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return sweep


@pytest.fixture
def objects(
    world: World, district_editor: User, state_admin: User, booth_worker: User
) -> dict[str, str]:
    """The outsider sweep's objects, the catalogue's mask, and the booth worker on duty today at
    the drive's point (so the point is theirs to open)."""
    built = district_objects_build(world, district_editor)
    point = DistributionPoint.objects.select_related("drive").get(uuid=built["point"])
    assert booth_worker.person is not None
    duty_add(
        point=point,
        person=booth_worker.person,
        day=timezone.localdate(),
        shift="morning",
        actor=None,
    )
    built["item"] = str(Item.objects.get(name_en="Mask").uuid)
    return built


@pytest.fixture
def browser(objects: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def test_every_page_fits_a_phone_for_the_state_admin_and_a_booth_worker(
    live_server: LiveServer, browser: Browser, objects: dict[str, str]
) -> None:
    base = live_server.url
    paths = _paths(objects) + WITH_QUERIES
    admin = _signed_in(browser, base, "state")
    for path in paths:
        admin.visit(path)
    worker = _signed_in(browser, base, "booth")
    for path in WORKER_PAGES:
        worker.visit(path.format(**objects))

    problems = admin.problems + worker.problems
    assert not problems, f"{len(problems)} problems on the phone:\n" + "\n".join(problems)
    # The sweep really opened the pages (most other routes only take a POST or download).
    assert admin.pages > 60 and worker.pages == len(WORKER_PAGES) + 1
