"""The relief pages on a 360 px phone: the district editor adds a newcomer at a point (people
alike show up while the name is typed; priority categories ticked, who referred them picked by
a Latin spelling of a Hindi name), then opens the drive, the store and the beneficiaries list.
None of the four pages scrolls sideways. Without JavaScript the same form asks the server: the
people alike and the people a typed referrer matches come back listed, on a page that fits too.

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
from sangathan.relief.beneficiaries import beneficiary_add
from sangathan.relief.models import Beneficiary, DistributionPoint, Drive, Store
from tests.e2e.browser import PHONE_WIDTH, chromium, fits_a_phone
from tests.e2e.relief_world import weekend_drive

pytestmark = pytest.mark.e2e

PASSWORD = "journey-Pass-2026"
SCREENSHOT = "/tmp/sg_e2e_relief_beneficiaries_360.png"
SCREENSHOT_POINT = "/tmp/sg_e2e_relief_quick_add_360.png"
SCREENSHOT_NO_JS = "/tmp/sg_e2e_relief_quick_add_no_js_360.png"


@dataclass
class World:
    drive: Drive
    point: DistributionPoint
    store: Store
    santosh: Person


@pytest.fixture
def world(transactional_db: None, settings: Settings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    base = weekend_drive()
    booth, drive, point, store = base.booth, base.drive, base.point, base.store
    editor = person_create(name="वीरेश त्रिपाठी", gender=Gender.MALE, home_unit=base.district)
    user = user_create(username="district", password=PASSWORD, person=editor)
    grant_set(user=user, unit=base.district, role=Role.EDITOR)
    home = household_create(unit=booth, address="112 दादा नगर")
    santosh = person_create(
        name="संतोष शुक्ला",
        gender=Gender.MALE,
        phone="9839012345",
        home_unit=booth,
        household=home,
    )
    beneficiary_add(person=santosh, categories=["daily-wage"], actor=None)
    return World(drive=drive, point=point, store=store, santosh=santosh)


@pytest.fixture
def browser(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def _signed_in(browser: Browser, base: str, *, javascript: bool = True) -> Page:
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740},
        locale="hi-IN",
        is_mobile=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill("district")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def test_district_editor_adds_a_newcomer_and_every_relief_pagefits_a_phone(
    live_server: LiveServer, browser: Browser, world: World
) -> None:
    base = live_server.url
    page = _signed_in(browser, base)
    context = page.context

    # The point: "add them" opens the quick-add form.
    page.goto(f"{base}/relief/points/{world.point.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("पॉइंट 3")
    page.locator("#quick-add summary").click()
    fits_a_phone(page, "the point page with the quick-add form open")

    # Typing a name like संतोष's shows him before anyone is added.
    page.locator("#qa-name").fill("santosh sukla")
    expect(page.locator(f"#qa-alike a[href*='{world.santosh.uuid}']")).to_be_visible()
    fits_a_phone(page, "the point page with people alike")

    # Someone else: रीना देवी, a domestic worker, referred by संतोष (picked by a Latin spelling).
    page.locator("#qa-name").fill("रीना देवी")
    page.locator("#qa-locality").fill("दादा नगर")
    page.locator("#quick-add input[value=domestic-worker]").check()
    page.locator("#qa-ref-q").fill("santosh")
    pick = page.locator(f"#quick-add [data-pick='{world.santosh.uuid}']")
    expect(pick).to_be_visible()
    pick.click()
    expect(page.locator("#quick-add [data-picked-name]")).to_have_text("संतोष शुक्ला")
    fits_a_phone(page, "the quick-add form filled in")
    page.screenshot(path=SCREENSHOT_POINT, full_page=True)
    page.locator("#quick-add button.primary[type=submit]").click()
    expect(page.locator("#recipient h2")).to_have_text("रीना देवी")
    row = Beneficiary.objects.get(person__name="रीना देवी")
    assert row.referred_by_id == world.santosh.pk
    assert [t.code for t in row.categories.all()] == ["domestic-worker"]
    expect(page.locator("#recipient-categories")).to_contain_text("घरेलू कामगार")
    fits_a_phone(page, "the point page with the newcomer chosen")

    # The drive page links to the beneficiaries.
    page.goto(f"{base}/relief/drives/{world.drive.uuid}/")
    fits_a_phone(page, "the drive page")
    page.locator("#drive-beneficiaries").click()
    expect(page.locator("#beneficiaries")).to_contain_text("रीना देवी")
    expect(page.locator("#beneficiaries")).to_contain_text("संतोष शुक्ला")
    fits_a_phone(page, "the beneficiaries page")
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.goto(f"{base}/relief/stores/{world.store.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.store.name)
    fits_a_phone(page, "the store page")

    # The planning, catalogue and report pages fit as well.
    for path, what in (
        (f"/relief/drives/{world.drive.uuid}/plan/", "the plan of the drive"),
        ("/relief/drives/new/", "the new drive form"),
        ("/relief/stores/", "the list of stores"),
        ("/relief/stores/new/", "the new store form"),
        ("/relief/catalogue/", "the catalogue"),
        ("/relief/reports/", "the reports page"),
    ):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.ok, path
        fits_a_phone(page, what)
    context.close()


def test_without_javascript_the_server_lists_people_alike_and_referrers_to_choose(
    live_server: LiveServer, browser: Browser, world: World
) -> None:
    namesake = person_create(
        name="संतोष वर्मा", gender=Gender.MALE, home_unit=world.santosh.home_unit
    )
    base = live_server.url
    page = _signed_in(browser, base, javascript=False)
    page.goto(f"{base}/relief/points/{world.point.uuid}/")
    page.locator("#quick-add summary").click()
    page.locator("#qa-name").fill("santosh sukla")
    page.locator("#qa-locality").fill("दादा नगर")
    page.locator("#qa-ref-q").fill("संतोष")
    page.locator("#quick-add button.primary[type=submit]").click()

    # Nobody added yet: संतोष शुक्ला is listed to pick, and both Santoshes to say who referred.
    expect(page.locator(f"#qa-alike-list a[href*='{world.santosh.uuid}']")).to_be_visible()
    expect(page.locator(f"#quick-add input[type=radio][value='{namesake.uuid}']")).to_be_visible()
    expect(page.locator("#qa-name")).to_have_value("santosh sukla")
    assert not Person.objects.filter(name="santosh sukla").exists()
    fits_a_phone(page, "the point page asking about people alike without JavaScript")
    page.screenshot(path=SCREENSHOT_NO_JS, full_page=True)

    # Enter in a field is not "none of these": the question comes back.
    page.locator("#qa-locality").press("Enter")
    expect(page.locator(f"#qa-alike-list a[href*='{world.santosh.uuid}']")).to_be_visible()
    assert not Person.objects.filter(name="santosh sukla").exists()

    # Someone new after all, referred by संतोष वर्मा.
    page.locator(f"#quick-add input[type=radio][value='{namesake.uuid}']").check()
    page.locator("#qa-confirm-new").click()
    expect(page.locator("#recipient h2")).to_have_text("santosh sukla")
    assert Beneficiary.objects.get(person__name="santosh sukla").referred_by_id == namesake.pk
    fits_a_phone(page, "the point page with the newcomer chosen without JavaScript")
    page.context.close()
