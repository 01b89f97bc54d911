"""Settings every browser journey shares."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture(autouse=True, scope="session")
def patient_expectations() -> None:
    # Playwright's expect() gives up after 5 s, whatever page.set_default_timeout says. With the
    # suite in two workers on two cores a live-server round trip plus htmx can take longer than
    # that; waiting longer only slows a failing run, never a passing one.
    expect.set_options(timeout=20_000)
