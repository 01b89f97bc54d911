"""The repeating-meeting journey on a 360 px phone: the district's editor opens the monthly
review, moves it to the mandal office at 17:30 (its meetings to come follow), then plans two
more; no page scrolls sideways. Same browser set-up as test_journey.py (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import Role
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.models import MeetingSeries, Recurrence
from sangathan.meetings.series import series_create, series_schedule
from sangathan.people.models import Gender
from sangathan.people.services import person_create
from sangathan.units.services import levels_ensure_default, unit_create
from tests.e2e.browser import PHONE_WIDTH, chromium, fits_a_phone

pytestmark = pytest.mark.e2e

PASSWORD = "journey-Pass-2026"
SCREENSHOTS = "/tmp/sg_e2e_series_{}_360.png"


@pytest.fixture
def review(transactional_db: None, settings: Settings) -> MeetingSeries:
    """कानपुर महानगर उत्तर's monthly review on the 5th, three meetings planned; its editor."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    state_l, region_l, district_l, *_rest = levels_ensure_default()
    state = unit_create(level=state_l, name_hi="उत्तर प्रदेश", name_en="Uttar Pradesh", code="UP")
    region = unit_create(level=region_l, name_hi="अवध क्षेत्र", name_en="Awadh", parent=state)
    district = unit_create(
        level=district_l, name_hi="कानपुर महानगर उत्तर", name_en="Kanpur North", parent=region
    )
    santosh = person_create(name="संतोष शुक्ला", gender=Gender.MALE, home_unit=district)
    user = user_create(username="district", password=PASSWORD, person=santosh)
    grant_set(user=user, unit=district, role=Role.EDITOR)
    series = series_create(
        unit=district,
        title="मासिक समीक्षा बैठक",
        recurrence=Recurrence.MONTHLY,
        day=5,
        start_time=time(11),
        venue="जिला कार्यालय",
    )
    series_schedule(series=series, after=timezone.localdate() + timedelta(days=1))
    return series


@pytest.fixture
def browser(review: MeetingSeries, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def _phone(browser: Browser, base: str) -> Page:
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="hi-IN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill("district")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def test_the_editor_changes_the_series_and_plans_more_on_a_phone(
    browser: Browser, live_server: LiveServer, review: MeetingSeries
) -> None:
    page = _phone(browser, live_server.url)
    page.goto(f"{live_server.url}/meetings/series/{review.uuid}/")
    fits_a_phone(page, "the series page")

    page.locator(f"a[href='/meetings/series/{review.uuid}/edit/']").click()
    fits_a_phone(page, "the series form")
    page.screenshot(path=SCREENSHOTS.format("form"), full_page=True)
    page.locator("#id_venue").fill("मंडल कार्यालय")
    page.locator("#id_start_time").fill("17:30")
    page.locator("main form button[type=submit].primary").click()
    expect(page.locator(".msg-success")).to_be_visible()
    fits_a_phone(page, "the series page after the change")
    assert review.meetings.filter(venue="मंडल कार्यालय").count() == 3

    page.locator("#id_count").fill("2")
    page.locator("#plan button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    assert review.meetings.count() == 5
    fits_a_phone(page, "the series page with five meetings")
    page.screenshot(path=SCREENSHOTS.format("page"), full_page=True)
