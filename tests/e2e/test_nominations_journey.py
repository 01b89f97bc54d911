"""The nominations journey, as in the seed: the state asks कानपुर महानगर उत्तर for 5 social-media
and 2 IT names; the district asks its mandals for those 7. The mandal sends 7 names, the
district returns another mandal's panel with a reason, builds its own panel from the mandal's
names and sends it up; the state selects and the appointments appear.

The world is built through the services here (not the demo), so the journey does not depend
on the demo's data. Same browser set-up as test_journey.py (Debian's Chromium).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import Role, User
from sangathan.core.services import grant_set, user_create
from sangathan.nominations.models import (
    Nomination,
    Outcome,
    Requisition,
    Submission,
    SubmissionStatus,
    Target,
)
from sangathan.nominations.panels import nominee_add, panel_submit
from sangathan.nominations.services import AskSpec, requisition_create, requisition_issue
from sangathan.people.models import Gender, Person
from sangathan.people.services import PersonFields, person_create
from sangathan.units.models import Appointment, Unit
from sangathan.units.services import levels_ensure_default, post_type_save, unit_create
from tests.e2e.browser import chromium

pytestmark = pytest.mark.e2e

PASSWORD = "journey-Pass-2026"
SCREENSHOT = "/tmp/sg_e2e_nominations_panel_360.png"

SOCIAL_NAMES = ["अमित गुप्ता", "दीपक चौहान", "रंजीत भदौरिया", "सत्यम शुक्ला", "प्रिया वर्मा"]
IT_NAMES = ["गौरव निगम", "अंकिता श्रीवास्तव"]
WOMEN = {"प्रिया वर्मा", "अंकिता श्रीवास्तव", "नेहा सिंह"}
MANDAL2_NAMES = ["धीरज बाल्मिक", "अर्पित गुप्ता", "सचिन शुक्ला", "नेहा सिंह", "परमानंद शुक्ला"]
MANDAL2_IT = ["विवेक पाल", "रोहित साहू"]


@dataclass
class Seed:
    district: Unit
    mandal: Unit
    mandal2: Unit
    state_ask: Requisition
    district_ask: Requisition
    district_panel: Submission
    mandal_panel: Submission
    mandal2_panel: Submission


def _user(username: str, unit: Unit, role: str, name: str) -> User:
    person = person_create(name=name, gender=Gender.MALE, home_unit=unit)
    user = user_create(username=username, password=PASSWORD, person=person)
    grant_set(user=user, unit=unit, role=role)
    return user


def _people(booth: Unit, names: list[str], start: int) -> list[Person]:
    return [
        person_create(
            details=PersonFields(
                name=name,
                gender=Gender.FEMALE if name in WOMEN else Gender.MALE,
                birth_year=1988 + i,
                phone=f"98390{start + i:05d}",
            ),
            home_unit=booth,
        )
        for i, name in enumerate(names)
    ]


@pytest.fixture
def seed(transactional_db: None, settings: Settings) -> Seed:
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
    mandal2 = unit_create(
        level=mandal_l, name_hi="किदवई नगर मंडल", name_en="Kidwai Nagar", parent=district
    )
    booth = unit_create(level=booth_l, name_hi="बूथ 101", name_en="Booth 101", parent=mandal)
    booth2 = unit_create(level=booth_l, name_hi="बूथ 201", name_en="Booth 201", parent=mandal2)
    social = post_type_save(
        level=district_l,
        code="social-media",
        name_hi="सोशल मीडिया संयोजक",
        name_en="Social media convener",
        seats=5,
    )
    it = post_type_save(
        level=district_l, code="it", name_hi="आईटी संयोजक", name_en="IT convener", seats=2
    )
    _user("state", state, Role.ADMIN, "प्रदेश प्रभारी")
    _user("district", district, Role.EDITOR, "संतोष शुक्ला")
    _user("mandal", mandal, Role.EDITOR, "वीरेश त्रिपाठी")
    _people(booth, SOCIAL_NAMES + IT_NAMES, 100)
    mandal2_people = _people(booth2, MANDAL2_NAMES + MANDAL2_IT, 200)

    state_ask = requisition_create(
        issuer=state,
        title="सोशल मीडिया व आईटी पैनल",
        deadline=timezone.now() + timedelta(days=10),
        asks=[
            AskSpec(post_type=social, min_count=5, min_women=1),
            AskSpec(post_type=it, min_count=2),
        ],
        target=Target.CHOSEN,
        chosen_units=[district],
        instructions_hi="जिले के सोशल मीडिया व आईटी विभाग के लिए नाम भेजें।",
    )
    requisition_issue(requisition=state_ask)
    district_panel = Submission.objects.get(requisition=state_ask, unit=district)
    district_ask = requisition_create(
        issuer=district,
        title="मंडलों से 7 नाम",
        deadline=timezone.now() + timedelta(days=5),
        asks=[AskSpec(post_type=social, min_count=5), AskSpec(post_type=it, min_count=2)],
        answers=district_panel,
    )
    requisition_issue(requisition=district_ask)
    mandal2_panel = Submission.objects.get(requisition=district_ask, unit=mandal2)
    social_ask, it_ask = district_ask.asks.all()
    for p in mandal2_people:
        ask = it_ask if p.name in MANDAL2_IT else social_ask
        nominee_add(submission=mandal2_panel, ask=ask, person=p)
    panel_submit(submission=mandal2_panel)
    return Seed(
        district=district,
        mandal=mandal,
        mandal2=mandal2,
        state_ask=state_ask,
        district_ask=district_ask,
        district_panel=district_panel,
        mandal_panel=Submission.objects.get(requisition=district_ask, unit=mandal),
        mandal2_panel=mandal2_panel,
    )


@pytest.fixture
def browser(seed: Seed, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    yield from chromium(monkeypatch)


def _login(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="hi-IN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")
    return page


def _add_by_search(page: Page, ask_uuid: str, name: str) -> None:
    """Type the name in the post's search box; add the hit the htmx results offer."""
    page.locator(f"#q-{ask_uuid}").fill(name)
    hits = page.locator(f"#hits-{ask_uuid}")
    hit = hits.locator("li.hit").filter(has_text=name)
    expect(hit).to_be_visible()
    hit.locator("button[type=submit]").click()
    expect(page.locator(f"#ask-{ask_uuid} li.name-row").filter(has_text=name)).to_be_visible()


def test_mandal_sends_seven_names_district_returns_and_forwards_state_selects(
    live_server: LiveServer, browser: Browser, seed: Seed
) -> None:
    base = live_server.url
    social_ask, it_ask = seed.district_ask.asks.all()

    # 1. The mandal finds its panel on the home page and sends 7 names.
    mandal = _login(browser, base, "mandal")
    mandal.locator(f"a[href='/nominations/panels/{seed.mandal_panel.uuid}/']").first.click()
    expect(mandal.get_by_role("heading", level=1)).to_contain_text("गोविंद नगर मंडल")
    for name in SOCIAL_NAMES:
        _add_by_search(mandal, str(social_ask.uuid), name)
    for name in IT_NAMES:
        _add_by_search(mandal, str(it_ask.uuid), name)
    # Ranked by hand: the last social-media name moves up one place.
    last = mandal.locator(f"#ask-{social_ask.uuid} li.name-row").last
    last.locator("form[action$='/move/'] button").first.click()
    expect(mandal.locator(f"#ask-{social_ask.uuid} li.name-row").nth(3)).to_contain_text(
        SOCIAL_NAMES[-1]
    )
    # The page fits a 360 px phone.
    mandal.set_viewport_size({"width": 360, "height": 740})
    mandal.screenshot(path=SCREENSHOT, full_page=True)
    width = mandal.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the panel page is {width} px wide at a 360 px viewport"
    mandal.locator("section.panel-send button[type=submit]").click()
    expect(mandal.locator(".msg-success")).to_be_visible()
    seed.mandal_panel.refresh_from_db()
    assert seed.mandal_panel.status == SubmissionStatus.SUBMITTED

    # 2. The district sees the board, and returns the other mandal's panel with a reason.
    district = _login(browser, base, "district")
    district.goto(f"{base}/nominations/{seed.district_ask.uuid}/")
    board = district.locator("section.board")
    expect(board.locator("tr.status-submitted")).to_have_count(2)
    board.locator("a.chip-submitted").click()
    district.locator(f"a[href='/nominations/panels/{seed.mandal2_panel.uuid}/']").first.click()
    district.locator("details.return-box summary").click()
    district.locator("details.return-box textarea[name=reason]").fill(
        "आईटी के लिए कम से कम एक महिला का नाम दें।"
    )
    district.locator("details.return-box button[type=submit]").click()
    expect(district.locator(".msg-success")).to_be_visible()
    seed.mandal2_panel.refresh_from_db()
    assert seed.mandal2_panel.status == SubmissionStatus.RETURNED

    # The board fits a 360 px phone too (its table scrolls inside its own box).
    district.set_viewport_size({"width": 360, "height": 740})
    district.goto(f"{base}/nominations/{seed.district_ask.uuid}/")
    width = district.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the board is {width} px wide at a 360 px viewport"
    district.set_viewport_size({"width": 1280, "height": 900})

    # 3. The district builds its own panel from the mandal's names and sends it up.
    district.goto(f"{base}/nominations/panels/{seed.district_panel.uuid}/")
    for _ in range(7):
        district.locator("#lower form[action$='/take/'] button").first.click()
        expect(district.locator(".msg-success")).to_be_visible()
    expect(district.locator("#lower form[action$='/take/']")).to_have_count(0)
    expect(district.locator("li.name-row .provenance").first).to_contain_text("गोविंद नगर मंडल")
    district.locator("section.panel-send button[type=submit]").click()
    expect(district.locator(".msg-success")).to_be_visible()
    seed.district_panel.refresh_from_db()
    assert seed.district_panel.status == SubmissionStatus.SUBMITTED

    # 4. The state selects two names; the appointments appear on the district's page.
    state = _login(browser, base, "state")
    state.goto(f"{base}/nominations/{seed.state_ask.uuid}/names/")
    expect(state.locator("table.compiled .provenance").first).to_contain_text("गोविंद नगर मंडल")
    for name in (SOCIAL_NAMES[0], IT_NAMES[0]):
        row = state.locator("table.compiled tbody tr").filter(has_text=name)
        row.locator("form[action$='/select/'] button").click()
        expect(state.locator(".msg-success")).to_be_visible()
        expect(
            state.locator("table.compiled tbody tr").filter(has_text=name).locator(".badge.ok")
        ).to_be_visible()
    assert Appointment.objects.filter(unit=seed.district).count() == 2
    state.goto(f"{base}/units/{seed.district.uuid}/")
    expect(state.get_by_text(SOCIAL_NAMES[0]).first).to_be_visible()
    expect(state.get_by_text(IT_NAMES[0]).first).to_be_visible()
    # The mandal's own rows carry the outcome down the cascade.
    selected = Nomination.objects.filter(
        submission=seed.mandal_panel, outcome=Outcome.SELECTED
    ).count()
    assert selected == 2
