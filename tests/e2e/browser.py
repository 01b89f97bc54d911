"""What every browser journey shares: Debian's Chromium launched headless (never a download),
and the check that a page does not scroll sideways on a phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_WIDTH = 360

# The elements sticking out past the right edge, to say which one breaks the layout.
_OVERFLOWING = """(width) => Array.from(document.querySelectorAll('body *'))
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .slice(0, 8)
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className
      ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
    + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')"""


def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """For a ``browser`` fixture: ``yield from chromium(monkeypatch)``. Skips without Chromium,
    except under CI, where that is a failure."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "The browser journey needs Debian's Chromium at /usr/bin/chromium under CI "
                "(apt-get install chromium)."
            )
        pytest.skip("Chromium not installed: apt-get install chromium")
    # Playwright's sync API keeps an event loop in this thread; Django would take the test's
    # own ORM calls for calls from async code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def too_wide(page: Page, what: str, width: int = PHONE_WIDTH) -> str | None:
    """What is wrong, naming what sticks out, when the page is wider than the phone."""
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll <= width:
        return None
    wide = page.evaluate(_OVERFLOWING, width)
    return f"{what} is {scroll} px wide at a {width} px viewport; too wide: {wide}"


def fits_a_phone(page: Page, what: str, width: int = PHONE_WIDTH) -> None:
    """Fail, naming what sticks out, when the page is wider than the phone."""
    problem = too_wide(page, what, width)
    if problem:
        pytest.fail(problem)
