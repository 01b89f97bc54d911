"""The people journey: the mandal office-bearer searches "santosh sukla" in Latin letters and
finds संतोष शुक्ला, then resolves a duplicate from the review queue by merging it.

Same browser set-up as test_journey.py (Debian's Chromium; under CI a missing Chromium fails).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from sangathan.demo import DEFAULT_PASSWORD
from sangathan.people.models import DuplicatePair, DuplicateStatus, MergeRecord
from tests.e2e.test_journey import browser, demo, page, pytestmark  # noqa: F401


def test_mandal_finds_santosh_by_a_latin_spelling_and_merges_a_duplicate(
    live_server: LiveServer,
    page: Page,  # noqa: F811
) -> None:
    base = live_server.url
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill("mandal")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # Search as a worker types it: Latin letters, a dropped "h".
    page.goto(f"{base}/people/")
    page.locator("#people-q").fill("santosh sukla")
    page.locator("form.people-search button[type=submit]").click()
    expect(page.get_by_role("link", name="संतोष शुक्ला").first).to_be_visible()

    # The review queue holds the record entered twice; merge it into the first one.
    waiting = DuplicatePair.objects.filter(status=DuplicateStatus.OPEN).count()
    assert waiting > 0
    page.goto(f"{base}/people/duplicates/")
    page.locator("ul.duplicate-queue > li > a").first.click()
    page.locator("form[action*='/merge/'] button[type=submit]").first.click()
    expect(page.locator("form[action*='/undo/'] button[type=submit]")).to_be_visible()
    assert MergeRecord.objects.count() == 1
    assert DuplicatePair.objects.filter(status=DuplicateStatus.OPEN).count() < waiting
