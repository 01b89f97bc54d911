"""The meetings journey, as in the seed: the district creates its meeting at the district
office, pastes the report's attendee line (fourteen names run together) on a 360 px phone,
confirms the matches, marks one latecomer with a tap, records two decisions with owners,
writes the press note and downloads its PDF.

The world is built through the services here (not the demo). Same browser set-up as
test_journey.py (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import Role
from sangathan.core.services import grant_set, user_create
from sangathan.meetings.models import ActionItem, Meeting, Presence
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create
from sangathan.units.models import Unit
from sangathan.units.services import (
    appointment_create,
    levels_ensure_default,
    post_type_save,
    unit_create,
)
from tests.e2e.browser import chromium

pytestmark = pytest.mark.e2e

PASSWORD = "journey-Pass-2026"
SCREENSHOT = "/tmp/sg_e2e_meetings_attendance_360.png"
SEED_FILE = next(Path("/work/shared/seed").glob("000_*.txt"), None)
# The report's closing line, as it stands in the seed (/work/shared/seed/000_*.txt).
SEED_LINE = (
    "बैठक में संतोष शुक्ला वीरेश त्रिपाठी अवधेश सोनकर जितेंद्र शर्मा रंजीत भदौरिया धीरज बाल्मिक "
    "अमित गुप्ता दीपक चौहान परमानंद शुक्ला सत्यम शुक्ला दिनेश मौर्य रोहित साहू अर्पित गुप्ता "
    "सचिन शुक्ला आदि रहे।"
)
NAMES = SEED_LINE.removeprefix("बैठक में ").removesuffix(" आदि रहे।").split(" ")
SEED_NAMES = [" ".join(NAMES[i : i + 2]) for i in range(0, len(NAMES), 2)]


@dataclass
class World:
    district: Unit
    people: dict[str, Person]


@pytest.fixture
def world(transactional_db: None, settings: Settings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    state_l, region_l, district_l, mandal_l, _kendra, booth_l = levels_ensure_default()
    state = unit_create(level=state_l, name_hi="उत्तर प्रदेश", name_en="Uttar Pradesh", code="UP")
    region = unit_create(level=region_l, name_hi="अवध क्षेत्र", name_en="Awadh", parent=state)
    district = unit_create(
        level=district_l, name_hi="कानपुर महानगर उत्तर", name_en="Kanpur North", parent=region
    )
    mandal = unit_create(
        level=mandal_l, name_hi="गोविंद नगर मंडल", name_en="Govind Nagar", parent=district
    )
    booth = unit_create(level=booth_l, name_hi="बूथ 101", name_en="Booth 101", parent=mandal)
    president = post_type_save(
        level=district_l, code="president", name_hi="अध्यक्ष", name_en="President"
    )
    santosh = person_create(name=SEED_NAMES[0], gender=Gender.MALE, home_unit=district)
    user = user_create(username="district", password=PASSWORD, person=santosh)
    grant_set(user=user, unit=district, role=Role.EDITOR)
    people = {SEED_NAMES[0]: santosh}
    for name in SEED_NAMES[1:]:
        people[name] = person_create(name=name, gender=Gender.MALE, home_unit=booth)
    sunil = person_create(name="सुनील बजाज", gender=Gender.MALE, home_unit=district)
    appointment_create(person=sunil, post_type=president, unit=district)
    return World(district=district, people=people)


@pytest.fixture
def browser(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def _login(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="hi-IN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def _fits_a_phone(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{what} is {width} px wide at a 360 px viewport"


def _decision_with_owner(page: Page, text: str, action: str, owner: str) -> None:
    box = page.locator("details.decision-add")
    if not box.evaluate("el => el.open"):
        box.locator("summary").click()
    box.locator("textarea[name=text]").fill(text)
    box.locator("button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    decision = page.locator("li.decision").filter(has_text=text)
    form = decision.locator("details.action-add form")
    form.locator("textarea[name=text]").fill(action)
    form.locator("input[name=owners_query]").fill(owner)
    hit = decision.locator("li.hit").filter(has_text=owner)
    hit.locator("button").click()
    expect(form.locator(".chosen input[name=owners]")).to_have_count(1)
    form.locator("button[type=submit]").click()
    expect(page.locator(".msg-success")).to_contain_text(owner)


def test_district_records_the_seed_meeting_from_paste_to_press_note_pdf(
    live_server: LiveServer, browser: Browser, world: World
) -> None:
    if SEED_FILE is not None:  # the line is the seed's own
        assert SEED_LINE in SEED_FILE.read_text(encoding="utf-8")
    assert len(SEED_NAMES) == 14
    base = live_server.url
    page = _login(browser, base, "district")

    # 1. A new meeting: held an hour ago at the district office, chaired by the president.
    page.locator("nav.topnav a[href='/meetings/']").click()
    page.locator("a[href^='/meetings/new/']").click()
    starts = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#id_title").fill("विधानसभा चुनाव की तैयारी बैठक")
    page.locator("#id_starts_at").fill(starts)
    page.locator("#id_venue").fill("जिला कार्यालय")
    page.locator("#id_place").fill("कानपुर")
    page.locator("#id_chair_query").fill("सुनील बजाज")
    page.locator("#chair-hits li.hit button").first.click()
    expect(page.locator("#chosen-chair input[name=chair]")).to_have_count(1)
    page.locator("#id_agenda").fill("सोशल मीडिया व आईटी पैनल\nलॉकडाउन में राहत\nटीकाकरण जागरूकता")
    page.locator("form.meeting-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("विधानसभा चुनाव की तैयारी बैठक")
    meeting = Meeting.objects.get()
    assert meeting.chair is not None and meeting.chair.name == "सुनील बजाज"

    # 2. On a phone: paste the report's line, check the fourteen matches, save.
    page.set_viewport_size({"width": 360, "height": 740})
    page.locator("#paste-text").fill(SEED_LINE)
    page.locator("#paste button[type=submit]").click()
    rows = page.locator("li.paste-row")
    expect(rows).to_have_count(14)
    expect(page.locator("li.paste-row.status-matched")).to_have_count(14)
    for i, name in enumerate(SEED_NAMES):
        expect(rows.nth(i).locator(".name-line strong")).to_have_text(name)
        expect(rows.nth(i).locator("input[type=radio]:checked")).to_have_count(1)
    _fits_a_phone(page, "the paste preview")
    page.locator("form.paste-apply > button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.locator("li.att-row")).to_have_count(14)
    present = meeting.attendances.filter(presence=Presence.PRESENT)
    assert {a.person.name for a in present} == set(SEED_NAMES)

    # One tap marks a latecomer; htmx redraws that row alone (no reload).
    page.evaluate("window.__still_here = true")
    row = page.locator("li.att-row").filter(has_text="सचिन शुक्ला")
    row.locator("button.mark-late").click()
    expect(
        page.locator("li.att-row").filter(has_text="सचिन शुक्ला").locator("button.mark-late")
    ).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__still_here === true")
    assert meeting.attendances.get(person=world.people["सचिन शुक्ला"]).presence == Presence.LATE
    page.screenshot(path=SCREENSHOT, full_page=True)
    _fits_a_phone(page, "the meeting page")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. Two decisions, each with an owner found by name.
    _decision_with_owner(
        page,
        "सभी मंडलों से सोशल मीडिया व आईटी के 7 नामों की सूची मांगी जाएगी।",
        "मंडलों से 7 नाम मंगाना",
        "वीरेश त्रिपाठी",
    )
    _decision_with_owner(
        page,
        "कार्यकर्ता रविवार से लोगों को वैक्सीनेशन हेतु जागरूक करेंगे।",
        "रविवार से टीकाकरण जागरूकता",
        "अमित गुप्ता",
    )
    assert ActionItem.objects.filter(meeting=meeting).count() == 2

    # 4. The press note: written from the record, then its PDF downloaded.
    page.locator(f"a[href='/meetings/{meeting.uuid}/press-note/']").first.click()
    page.locator("form[action$='/press-note/write/'] button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.locator("#id_text_hi")).to_contain_text("रविवार")
    expect(page.locator("#id_text_hi")).to_contain_text("आदि रहे")
    page.set_viewport_size({"width": 360, "height": 740})
    _fits_a_phone(page, "the press note page")
    with page.expect_download() as info:
        page.locator("#pdf-hi").click()
    download = info.value
    path = download.path()
    assert path is not None
    assert download.suggested_filename.endswith(".pdf")
    assert Path(path).read_bytes().startswith(b"%PDF")
