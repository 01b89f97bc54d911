"""The relief journey on a 360 px phone, as in issue §8: the `booth` volunteer on duty at a
point of the weekend-lockdown drive looks up a household by a Latin spelling of a Hindi name
("santosh sukla" → संतोष शुक्ला), hands over a ration kit, tries a second and is stopped by
the drive's rule; a second family with a similar name brings up the likely-duplicate warning.

The world is built through the services here (not the demo). Same browser set-up as
test_journey.py (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import Role
from sangathan.core.services import grant_set, user_create
from sangathan.people.models import Gender, Person
from sangathan.people.services import household_create, person_create
from sangathan.relief.catalogue import item_create
from sangathan.relief.drives import drive_item_set, duty_add
from sangathan.relief.ledger import receipt_record
from sangathan.relief.models import Distribution, DistributionPoint, Item, Shift
from tests.e2e.browser import chromium, fits_a_phone
from tests.e2e.relief_world import weekend_drive

pytestmark = pytest.mark.e2e

PASSWORD = "journey-Pass-2026"
SCREENSHOT = "/tmp/sg_e2e_relief_point_360.png"


@dataclass
class World:
    point: DistributionPoint
    kit: Item
    santosh: Person
    namesake: Person


@pytest.fixture
def world(transactional_db: None, settings: Settings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    base = weekend_drive()
    booth, point, today = base.booth, base.point, base.today
    volunteer = person_create(name="अवधेश सोनकर", gender=Gender.MALE, home_unit=booth)
    user = user_create(username="booth", password=PASSWORD, person=volunteer)
    grant_set(user=user, unit=booth, role=Role.WORKER)
    kit = base.kit
    lunch = item_create(name_hi="लंच पैकेट", name_en="Lunch packet", code="lunch")
    receipt_record(store=base.store, item=lunch, quantity=100, source="दानदाता", actor=None)
    drive_item_set(drive=base.drive, item=lunch, actor=None)
    duty_add(point=point, person=volunteer, day=today, shift=Shift.FULL_DAY, actor=None)

    home = household_create(unit=booth, address="112 दादा नगर")
    santosh = person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=booth, household=home)
    other_home = household_create(unit=booth, address="7 किदवई नगर")
    namesake = person_create(
        name="सन्तोष शुक्ल", gender=Gender.MALE, home_unit=booth, household=other_home
    )
    return World(point=point, kit=kit, santosh=santosh, namesake=namesake)


@pytest.fixture
def browser(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def _look_up(page: Page, typed: str, person: Person) -> None:
    page.locator("#relief-q").fill(typed)
    hit = page.locator(f"#relief-hits a[href*='{person.uuid}']")
    expect(hit).to_be_visible()
    hit.click()
    expect(page.locator("#recipient h2")).to_have_text(person.name)


def _hand_over(page: Page, kit: Item) -> None:
    page.locator("#give-item").select_option(kit.code)
    page.locator("#give-qty").fill("1")
    page.locator("#recipient form.row button[type=submit]").click()


def test_booth_volunteer_hands_over_a_kit_and_is_stopped_by_the_rule(
    live_server: LiveServer, browser: Browser, world: World
) -> None:
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="hi-IN", is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill("booth")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # The home page says where the volunteer is on duty today.
    page.locator(f"a[href='/relief/points/{world.point.uuid}/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("पॉइंट 3")
    fits_a_phone(page, "the point page")

    # A Latin spelling finds the Hindi name; one ration kit goes to the household.
    _look_up(page, "santosh sukla", world.santosh)
    _hand_over(page, world.kit)
    expect(page.locator(".msg-success")).to_contain_text("संतोष शुक्ला")
    assert Distribution.objects.filter(item=world.kit).count() == 1

    # A second kit: the drive's rule (one per household) says no, with the reason.
    _hand_over(page, world.kit)
    expect(page.locator(".msg-error")).to_be_visible()
    assert Distribution.objects.filter(item=world.kit).count() == 1

    # A second family with a similar name: the likely-duplicate warning comes first.
    _look_up(page, "सन्तोष शुक्ल", world.namesake)
    _hand_over(page, world.kit)
    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("संतोष शुक्ला")
    expect(warning).to_contain_text("पॉइंट 3")
    fits_a_phone(page, "the duplicate warning")
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert Distribution.objects.filter(item=world.kit).count() == 1

    # A real second family: give anyway, with the reason (audited).
    warning.locator("#override-reason").fill("अलग परिवार, राशन कार्ड देखा")
    warning.locator("button[type=submit]").click()
    expect(page.locator(".msg-success")).to_contain_text("सन्तोष शुक्ल")
    assert Distribution.objects.filter(item=world.kit).count() == 2
    context.close()
