"""The browser journey: the district office-bearer logs in, opens a mandal, sees its booths and
what is vacant in Hindi, switches to English, and the page fits a 360 px phone.

Runs in Debian's Chromium (/usr/bin/chromium). Outside CI a machine without it skips this test;
under CI (CI=true) a missing Chromium is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.demo import DEFAULT_PASSWORD, DemoResult, demo_build
from tests.e2e.browser import chromium

pytestmark = pytest.mark.e2e

SCREENSHOT = Path("/tmp/sg_e2e_mobile.png")


@pytest.fixture
def demo(transactional_db: None, settings: Settings) -> DemoResult:
    # The live server reads the same settings: logins check an MD5 hash instead of PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_build()


@pytest.fixture
def browser(demo: DemoResult, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # A phone in Kanpur set to Hindi; the app follows the browser until the user chooses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="hi-IN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_district_office_bearer_opens_a_mandal_sees_booths_and_vacancies_and_switches_language(
    live_server: LiveServer, page: Page
) -> None:
    base = live_server.url

    # The login page is in Hindi for a first-time visitor.
    page.goto(f"{base}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    page.locator("#id_username").fill("district")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # Home lists the person's units; the district leads to its mandals.
    page.get_by_role("link", name="कानपुर महानगर उत्तर", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("कानपुर महानगर उत्तर")
    page.get_by_role("link", name="गोविंद नगर", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("गोविंद नगर")
    mandal_url = page.url

    # The mandal's shakti kendras are listed with how many booths each holds.
    expect(page.get_by_text(re.compile(r"बूथ: \d+")).first).to_be_visible()

    # What is vacant, in Hindi, with a count.
    vacancies = page.locator("section").filter(
        has=page.get_by_role("heading", name="रिक्त पद", exact=True)
    )
    expect(vacancies).to_be_visible()
    expect(
        vacancies.get_by_role("listitem").filter(has_text=re.compile(r"\d")).first
    ).to_be_visible()

    # The language switch turns the same page into English.
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Vacancies", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Govind Nagar")

    # A shakti kendra lists its booths, named as the electoral roll names its parts.
    page.locator("section").filter(
        has=page.get_by_role("heading", name="Units under it", exact=True)
    ).get_by_role("link", name="Dada Nagar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dada Nagar")
    booths = page.get_by_role("link", name=re.compile(r"^\d+ – .*Dada Nagar"))
    expect(booths.first).to_be_visible()
    assert booths.count() >= 4

    # On a 360 px phone the mandal page fits: nothing scrolls sideways.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(mandal_url)
    expect(page.get_by_role("heading", name="Vacancies", exact=True)).to_be_visible()
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the page is {scroll_width} px wide at a 360 px viewport"
