"""A sweep over every route: the outsider (editor of the sibling district) is refused every
object of कानपुर महानगर उत्तर, whichever method they try.

Each app's own tests check its views in depth; this one makes sure no route is forgotten.
A new route that takes an id must be added to ``OBJECT_FOR`` below, or this test fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, token_create
from tests.conftest import World
from tests.sweep import district_objects_build

# Routes whose objects are not in any unit: organisation-wide settings (refused with 403 to
# anyone but the organisation's administrators) and upload tokens private to their uploader.
NOT_UNIT_SCOPED = {
    "people/import/<uuid:token>/",
    "people/import/<uuid:token>/confirm/",
    "people/import/<uuid:token>/bad-rows/",
    "units/posts/<uuid:uuid>/",
    "units/import/<uuid:token>/confirm/",
    "units/import/<uuid:token>/bad-rows/",
    # Relief items: one catalogue for the whole organisation, seen by everyone. Changing one is
    # refused (403) unless every store and drive using it is in your units: tested by
    # tests/relief/test_views_catalogue.py and tests/relief/test_api.py.
    "relief/catalogue/<uuid:uuid>/",
    "api/v1/relief/items/<uuid>/",
}


def _routes() -> Iterator[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/") and "<" in route:
            yield route


@pytest.fixture
def district_objects(world: World, district_editor: User) -> dict[str, str]:
    """One object of each kind inside कानपुर महानगर उत्तर, by the name its route gives it."""
    return district_objects_build(world, district_editor)


# route -> the kinds of object its parameters name, in order.
OBJECT_FOR: dict[str, list[str]] = {
    "inbox/<uuid:uuid>/read/": ["notification"],
    "accounts/new/<uuid:unit>/": ["district"],
    "accounts/<uuid:uuid>/": ["account"],
    "accounts/<uuid:uuid>/grant/": ["account"],
    "accounts/<uuid:uuid>/revoke/<uuid:unit>/": ["account", "district"],
    "accounts/<uuid:uuid>/password/": ["account"],
    "units/appointments/<uuid:uuid>/end/": ["appointment"],
    "units/<uuid:uuid>/": ["unit"],
    "units/<uuid:uuid>/appoint/": ["unit"],
    "units/<uuid:uuid>/people/": ["unit"],
    "units/<uuid:uuid>/add/": ["unit"],
    "units/<uuid:uuid>/edit/": ["unit"],
    "units/<uuid:uuid>/move/": ["unit"],
    "units/<uuid:uuid>/vacancies/": ["district"],
    "units/<uuid:uuid>/vacancies.xlsx": ["district"],
    "api/v1/units/<uuid>/": ["unit"],
    "api/v1/units/<uuid>/children/": ["district"],
    "api/v1/units/<uuid>/move/": ["unit"],
    "api/v1/units/<uuid>/appointments/": ["district"],
    "api/v1/appointments/<uuid>/": ["appointment"],
    "api/v1/appointments/<uuid>/end/": ["appointment"],
    "api/v1/units/<uuid>/vacancies/": ["district"],
    "api/v1/units/<uuid>/vacancies/<post_uuid>/": ["district", "post"],
    "people/households/<uuid:uuid>/": ["household"],
    "people/households/<uuid:uuid>/edit/": ["household"],
    "people/households/<uuid:uuid>/members/": ["household"],
    "people/duplicates/<uuid:uuid>/": ["pair"],
    "people/duplicates/<uuid:uuid>/merge/": ["pair"],
    "people/duplicates/<uuid:uuid>/not-same/": ["pair"],
    "people/merges/<uuid:uuid>/undo/": ["merge"],
    "people/consents/<uuid:uuid>/withdraw/": ["consent"],
    "people/<uuid:uuid>/": ["person"],
    "people/<uuid:uuid>/edit/": ["person"],
    "people/<uuid:uuid>/move/": ["person"],
    "people/<uuid:uuid>/consents/": ["person"],
    "people/<uuid:uuid>/data/": ["person"],
    "people/<uuid:uuid>/erase/": ["person"],
    "api/v1/people/<uuid>/": ["person"],
    "api/v1/people/<uuid>/duplicates/": ["person"],
    "api/v1/people/<uuid>/household/": ["person"],
    "api/v1/households/<uuid>/": ["household"],
    "api/v1/households/<uuid>/members/": ["household"],
    "api/v1/requisitions/<uuid>/": ["requisition"],
    "api/v1/requisitions/<uuid>/issue/": ["requisition"],
    "api/v1/requisitions/<uuid>/extend/": ["requisition"],
    "api/v1/requisitions/<uuid>/withdraw/": ["requisition"],
    "api/v1/requisitions/<uuid>/close/": ["requisition"],
    "api/v1/requisitions/<uuid>/panels/": ["requisition"],
    "api/v1/requisitions/<uuid>/board/": ["requisition"],
    "api/v1/requisitions/<uuid>/flags/": ["requisition"],
    "api/v1/requisitions/<uuid>/nominations/": ["requisition"],
    "api/v1/panels/<uuid>/": ["panel"],
    "api/v1/panels/<uuid>/nominees/": ["panel"],
    "api/v1/panels/<uuid>/submit/": ["panel"],
    "api/v1/panels/<uuid>/return/": ["panel"],
    "api/v1/panels/<uuid>/accept/": ["panel"],
    "api/v1/panels/<uuid>/allow-late/": ["panel"],
    "api/v1/panels/<uuid>/remind/": ["panel"],
    "api/v1/nominations/<uuid>/": ["nomination"],
    "api/v1/nominations/<uuid>/select/": ["nomination"],
    "nominations/units/<uuid:uuid>/pick/": ["district"],
    "nominations/<uuid:uuid>/": ["requisition"],
    "nominations/<uuid:uuid>/edit/": ["requisition"],
    "nominations/<uuid:uuid>/issue/": ["requisition"],
    "nominations/<uuid:uuid>/extend/": ["requisition"],
    "nominations/<uuid:uuid>/withdraw/": ["requisition"],
    "nominations/<uuid:uuid>/close/": ["requisition"],
    "nominations/<uuid:uuid>/names/": ["requisition"],
    "nominations/<uuid:uuid>/names.xlsx": ["requisition"],
    "nominations/<uuid:uuid>/names.pdf": ["requisition"],
    "nominations/panels/<uuid:uuid>/": ["panel"],
    "nominations/panels/<uuid:uuid>/search/": ["panel"],
    "nominations/panels/<uuid:uuid>/add/": ["panel"],
    "nominations/panels/<uuid:uuid>/new-person/": ["panel"],
    "nominations/panels/<uuid:uuid>/take/": ["panel"],
    "nominations/panels/<uuid:uuid>/submit/": ["panel"],
    "nominations/panels/<uuid:uuid>/return/": ["panel"],
    "nominations/panels/<uuid:uuid>/accept/": ["panel"],
    "nominations/panels/<uuid:uuid>/remind/": ["panel"],
    "nominations/panels/<uuid:uuid>/extend/": ["panel"],
    "nominations/panels/<uuid:uuid>/allow-late/": ["panel"],
    "nominations/names/<uuid:uuid>/move/": ["nomination"],
    "nominations/names/<uuid:uuid>/note/": ["nomination"],
    "nominations/names/<uuid:uuid>/remove/": ["nomination"],
    "nominations/names/<uuid:uuid>/select/": ["nomination"],
    "api/v1/meetings/<uuid>/": ["meeting"],
    "api/v1/meetings/<uuid>/held/": ["meeting"],
    "api/v1/meetings/<uuid>/cancel/": ["meeting"],
    "api/v1/meetings/<uuid>/reopen/": ["meeting"],
    "api/v1/meetings/<uuid>/calendar.ics": ["meeting"],
    "api/v1/meetings/<uuid>/agenda/": ["meeting"],
    "api/v1/meetings/<uuid>/statements/": ["meeting"],
    "api/v1/meetings/<uuid>/decisions/": ["meeting"],
    "api/v1/meetings/<uuid>/press-note/": ["meeting"],
    "api/v1/meetings/<uuid>/attendance/": ["meeting"],
    "api/v1/meetings/<uuid>/invitees/": ["meeting"],
    "api/v1/meetings/<uuid>/invitees/by-post/": ["meeting"],
    "api/v1/meetings/<uuid>/attendance/paste/preview/": ["meeting"],
    "api/v1/meetings/<uuid>/attendance/paste/apply/": ["meeting"],
    "api/v1/agenda-items/<uuid>/": ["agenda_item"],
    "api/v1/agenda-items/<uuid>/move/": ["agenda_item"],
    "api/v1/statements/<uuid>/": ["statement"],
    "api/v1/decisions/<uuid>/": ["decision"],
    "api/v1/decisions/<uuid>/action-items/": ["decision"],
    "api/v1/action-items/<uuid>/": ["action_item"],
    "api/v1/action-items/<uuid>/status/": ["action_item"],
    "api/v1/action-items/<uuid>/links/": ["action_item"],
    "api/v1/press-notes/<uuid>/": ["press_note"],
    "api/v1/press-notes/<uuid>/finalise/": ["press_note"],
    "api/v1/press-notes/<uuid>/reopen/": ["press_note"],
    "api/v1/press-notes/<uuid>/export/": ["press_note"],
    "api/v1/attendance/<uuid>/": ["attendance"],
    "api/v1/unmatched/<uuid>/": ["unmatched"],
    "api/v1/unmatched/<uuid>/resolve/": ["unmatched"],
    "meetings/units/<uuid:uuid>/numbers/": ["district"],
    "meetings/<uuid:uuid>/": ["meeting"],
    "meetings/<uuid:uuid>/edit/": ["meeting"],
    "meetings/<uuid:uuid>/held/": ["meeting"],
    "meetings/<uuid:uuid>/cancel/": ["meeting"],
    "meetings/<uuid:uuid>/reopen/": ["meeting"],
    "meetings/<uuid:uuid>/calendar.ics": ["meeting"],
    "meetings/<uuid:uuid>/invite/": ["meeting"],
    "meetings/<uuid:uuid>/invite/by-post/": ["meeting"],
    "meetings/<uuid:uuid>/invite/by-post/count/": ["meeting"],
    "meetings/<uuid:uuid>/walk-in/": ["meeting"],
    "meetings/<uuid:uuid>/paste/": ["meeting"],
    "meetings/<uuid:uuid>/paste/apply/": ["meeting"],
    "meetings/<uuid:uuid>/agenda/": ["meeting"],
    "meetings/<uuid:uuid>/statements/": ["meeting"],
    "meetings/<uuid:uuid>/decisions/": ["meeting"],
    "meetings/<uuid:uuid>/press-note/": ["meeting"],
    "meetings/<uuid:uuid>/press-note/write/": ["meeting"],
    "meetings/press-notes/<uuid:uuid>/edit/": ["press_note"],
    "meetings/press-notes/<uuid:uuid>/final/": ["press_note"],
    "meetings/press-notes/<uuid:uuid>/reopen/": ["press_note"],
    "meetings/press-notes/<uuid:uuid>/note.txt": ["press_note"],
    "meetings/press-notes/<uuid:uuid>/note.docx": ["press_note"],
    "meetings/press-notes/<uuid:uuid>/note.pdf": ["press_note"],
    "meetings/agenda/<uuid:uuid>/edit/": ["agenda_item"],
    "meetings/agenda/<uuid:uuid>/move/": ["agenda_item"],
    "meetings/agenda/<uuid:uuid>/remove/": ["agenda_item"],
    "meetings/statements/<uuid:uuid>/remove/": ["statement"],
    "meetings/statements/<uuid:uuid>/edit/": ["statement"],
    "meetings/decisions/<uuid:uuid>/edit/": ["decision"],
    "meetings/series/<uuid:uuid>/": ["series"],
    "meetings/series/<uuid:uuid>/stop/": ["series"],
    "meetings/series/<uuid:uuid>/edit/": ["series"],
    "meetings/series/<uuid:uuid>/extend/": ["series"],
    "meetings/attendance/<uuid:uuid>/mark/": ["attendance"],
    "meetings/attendance/<uuid:uuid>/rsvp/": ["attendance"],
    "meetings/attendance/<uuid:uuid>/remove/": ["attendance"],
    "meetings/unmatched/<uuid:uuid>/resolve/": ["unmatched"],
    "meetings/unmatched/<uuid:uuid>/remove/": ["unmatched"],
    "meetings/decisions/<uuid:uuid>/public/": ["decision"],
    "meetings/decisions/<uuid:uuid>/remove/": ["decision"],
    "meetings/decisions/<uuid:uuid>/actions/": ["decision"],
    "meetings/actions/<uuid:uuid>/": ["action_item"],
    "meetings/actions/<uuid:uuid>/edit/": ["action_item"],
    "meetings/actions/<uuid:uuid>/status/": ["action_item"],
    "meetings/actions/<uuid:uuid>/link/": ["action_item"],
    "meetings/actions/<uuid:uuid>/unlink/": ["action_item"],
    "api/v1/relief/stores/<uuid>/": ["store"],
    "api/v1/relief/stores/<uuid>/ledger/": ["store"],
    "api/v1/relief/stores/<uuid>/receipts/": ["store"],
    "api/v1/relief/stores/<uuid>/adjustments/": ["store"],
    "api/v1/relief/stores/<uuid>/assemblies/": ["store"],
    "api/v1/relief/stores/<uuid>/transfers/": ["store"],
    "api/v1/relief/stores/<uuid>/keepers/": ["store"],
    "api/v1/relief/stores/<uuid>/thresholds/": ["store"],
    "api/v1/relief/transfers/<uuid>/": ["transfer"],
    "api/v1/relief/transfers/<uuid>/receive/": ["transfer"],
    "api/v1/relief/transfers/<uuid>/cancel/": ["transfer"],
    "api/v1/relief/drives/<uuid>/": ["drive"],
    "api/v1/relief/drives/<uuid>/items/": ["drive"],
    "api/v1/relief/drives/<uuid>/status/": ["drive"],
    "api/v1/relief/drives/<uuid>/points/": ["drive"],
    "api/v1/relief/drives/<uuid>/distributions/": ["drive"],
    "api/v1/relief/drives/<uuid>/similar/": ["drive"],
    "api/v1/relief/drives/<uuid>/summary/": ["drive"],
    "api/v1/relief/points/<uuid>/duty/": ["point"],
    "relief/drives/<uuid:uuid>/": ["drive"],
    "relief/drives/<uuid:uuid>/summary.txt": ["drive"],
    "relief/drives/<uuid:uuid>/summary.xlsx": ["drive"],
    "relief/drives/<uuid:uuid>/summary.pdf": ["drive"],
    "relief/points/<uuid:uuid>/": ["point"],
    "relief/points/<uuid:uuid>/search/": ["point"],
    "relief/points/<uuid:uuid>/give/": ["point"],
    "relief/points/<uuid:uuid>/count/": ["point"],
    "relief/points/<uuid:uuid>/quick-add/": ["point"],
    "relief/points/<uuid:uuid>/enrol/": ["point"],
    "relief/drives/<uuid:uuid>/beneficiaries/": ["drive"],
    "relief/drives/<uuid:uuid>/beneficiaries.csv": ["drive"],
    "relief/drives/<uuid:uuid>/beneficiaries.xlsx": ["drive"],
    "relief/stores/<uuid:uuid>/": ["store"],
    "relief/stores/<uuid:uuid>/receipt/": ["store"],
    "relief/stores/<uuid:uuid>/adjust/": ["store"],
    "relief/stores/<uuid:uuid>/send/": ["store"],
    "relief/stores/<uuid:uuid>/assemble/": ["store"],
    "relief/transfers/<uuid:uuid>/cancel/": ["transfer"],
    "relief/transfers/<uuid:uuid>/": ["transfer"],
    "relief/transfers/<uuid:uuid>/receive/": ["transfer"],
    "relief/drives/<uuid:uuid>/plan/": ["drive"],
    "relief/drives/<uuid:uuid>/plan/status/": ["drive"],
    "relief/drives/<uuid:uuid>/plan/items/": ["drive"],
    "relief/drives/<uuid:uuid>/plan/points/": ["drive"],
    "relief/drives/<uuid:uuid>/plan/duty/": ["drive"],
    "relief/drives/<uuid:uuid>/plan/people/": ["drive"],
    "relief/points/<uuid:uuid>/edit/": ["point"],
    "relief/duties/<uuid:uuid>/remove/": ["duty"],
    "relief/stores/<uuid:uuid>/keepers/": ["store"],
    "relief/stores/<uuid:uuid>/thresholds/": ["store"],
}


def _fill(route: str, ids: list[str]) -> str:
    values = iter(ids)
    return "/" + re.sub(r"<[^>]+>", lambda _: next(values), route)


def test_every_route_with_an_id_is_in_the_sweep() -> None:
    missing = [r for r in _routes() if r not in OBJECT_FOR and r not in NOT_UNIT_SCOPED]
    assert missing == [], "add these routes to OBJECT_FOR in tests/test_outsider_sweep.py"


@pytest.mark.parametrize("route", sorted(OBJECT_FOR))
def test_outsider_is_refused_every_district_object(
    route: str,
    world: World,
    outsider: User,
    district_objects: dict[str, str],
) -> None:
    # The outsider at full strength in their own district: admin, with a device token too.
    grant_set(user=outsider, unit=world.sibling, role=Role.ADMIN)
    url = _fill(route, [district_objects[kind] for kind in OBJECT_FOR[route]])
    clients: list[Callable[[str, str], Any]] = []
    session = Client()
    session.force_login(outsider)
    clients.append(lambda method, u: getattr(session, method)(u))
    if route.startswith("api/"):
        _, raw = token_create(user=outsider)
        token_client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        clients.append(
            lambda method, u: getattr(token_client, method)(
                u, data={}, content_type="application/json"
            )
        )
    # The outsider must learn nothing: every method answers exactly as it does for an id that
    # exists nowhere (404, or 405/400/422 for a method or body refused before any lookup).
    nowhere = _fill(route, [str(uuid4()) for _ in OBJECT_FOR[route]])
    for call in clients:
        statuses = {m: call(m, url).status_code for m in ("get", "post", "patch")}
        baseline = {m: call(m, nowhere).status_code for m in ("get", "post", "patch")}
        assert statuses == baseline, f"{url}: {statuses} but {baseline} for an unknown id"
        assert all(s >= 400 for s in statuses.values()), f"{url}: {statuses}"
        assert 404 in statuses.values() or route.startswith("api/"), f"{url}: {statuses}"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/units/search/?q=कानपुर",
        "/units/search/?q=101",
        "/audit/",
        "/accounts/",
        "/inbox/",
        "/units/import/export/",
        "/api/v1/units/?q=कानपुर",
        "/api/v1/units/",
        "/api/v1/me/",
        "/people/",
        "/people/?q=रोहित साहू",
        "/people/households/",
        "/people/duplicates/",
        "/api/v1/people/",
        "/api/v1/people/?q=rohit sahu",
        "/api/v1/households/",
        "/api/v1/requisitions/",
        "/api/v1/meetings/",
        "/api/v1/action-items/",
        "/nominations/",
        "/meetings/",
        "/meetings/?when=past",
        "/meetings/series/",
        "/meetings/people/?q=रोहित साहू&mode=invite",
        "/api/v1/relief/stores/",
        "/api/v1/relief/drives/",
        "/api/v1/relief/beneficiaries/",
        "/api/v1/relief/warnings/",
        "/relief/",
        "/relief/stores/",
        "/relief/reports/",
        "/api/v1/relief/reports/distributed/",
        "/api/v1/relief/reports/served/",
        "/api/v1/relief/reports/stock/",
    ],
)
def test_lists_and_searches_never_show_the_outsider_a_district_unit(
    url: str, world: World, outsider: User, district_objects: dict[str, str]
) -> None:
    grant_set(user=outsider, unit=world.sibling, role=Role.ADMIN)
    client = Client()
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert "कानपुर महानगर उत्तर" not in text
    for kind in ("district", "unit", "person", "household", "pair"):
        assert district_objects[kind] not in text, kind
    if "q=" not in url:  # a search page echoes its own query back
        assert "रोहित" not in text and "Rohit" not in text
