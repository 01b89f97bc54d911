"""The people import journey: the district office-bearer uploads an old office sheet whose
headers are not the canonical ones, matches its columns, checks the preview, imports, and
watches the progress page run to the end and show what was added.

Same browser set-up as test_journey.py (Debian's Chromium; under CI a missing Chromium fails).
The page is in Hindi, as the browser asks; the checks read the page's structure and numbers,
not its wording.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from sangathan.core.models import AuditEntry
from sangathan.demo import DEFAULT_PASSWORD
from sangathan.people.models import Person, Source
from tests.e2e.test_journey import browser, demo, page, pytestmark  # noqa: F401

# A booth of गोविंद नगर in the demo (assembly constituency 212, part 1) and three residents
# with names the demo does not have, so that none is taken for someone already registered.
BOOTH = "212001"
SHEET = (
    "क्रम,नाम,पिता/पति,मोबाइल नंबर,बूथ कोड\n"
    f"1,ज़ेबुन्निसा क़ुरैशी,अनवर क़ुरैशी,9839011101,{BOOTH}\n"
    f"2,हरगोविंद निरंजन,रामदयाल निरंजन,,{BOOTH}\n"
    f"3,तेजबहादुर उपाध्याय,शिवबालक उपाध्याय,9415011103,{BOOTH}\n"
)
# How the office's headers are read: the serial number is left out.
MAPPING = {
    "क्रम": "",
    "नाम": "name",
    "पिता/पति": "relation_name",
    "मोबाइल नंबर": "phone",
    "बूथ कोड": "unit_code",
}


def test_district_imports_an_office_sheet_and_watches_it_to_the_end(
    live_server: LiveServer,
    page: Page,  # noqa: F811
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.DATA_DIR = tmp_path  # the upload waits here between the steps
    sheet = tmp_path / "purani-suchi.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    base = live_server.url
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill("district")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")

    # Upload: the people pages link to it.
    page.goto(f"{base}/people/")
    page.locator("a[href='/people/import/']").first.click()
    page.locator("input[type=file]").set_input_files(sheet)
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()

    # Match the columns: each header of the file has a select and a Kruti Dev box.
    expect(page.locator("main table").first).to_contain_text("ज़ेबुन्निसा क़ुरैशी")
    for header, column in MAPPING.items():
        page.get_by_role("combobox", name=header, exact=True).select_option(column)
    for box in page.locator("main form input[type=checkbox][name^=kd_]").all():
        box.set_checked(False)  # typed in Unicode, not the Kruti Dev font
    page.locator("main form.card button[type=submit]").click()

    # The preview: three rows read, three people to add, no errors, nothing written yet.
    counts = page.locator("main table td.num")
    expect(counts.first).to_have_text("3")  # rows read
    expect(counts.nth(1)).to_have_text("3")  # people to add
    expect(counts.last).to_have_text("0")  # rows with errors
    assert not Person.objects.filter(name="हरगोविंद निरंजन").exists()

    # Import: the page streams its progress, then the result.
    page.locator("main form[action$='/confirm/'] button[type=submit]").click()
    progress = page.locator(".import-progress progress").last
    expect(progress).to_have_attribute("value", "3")
    expect(progress).to_have_attribute("max", "3")
    result = page.locator(".import-result")
    expect(result.locator("h2")).to_be_visible()
    added = result.locator("td.num")
    expect(added.first).to_have_text("3")  # people added
    expect(added.last).to_have_text("0")  # rows skipped

    imported = Person.objects.filter(source=Source.IMPORT, home_unit__code=BOOTH)
    assert sorted(imported.values_list("name", flat=True)) == [
        "ज़ेबुन्निसा क़ुरैशी",
        "तेजबहादुर उपाध्याय",
        "हरगोविंद निरंजन",
    ]
    assert imported.get(name="हरगोविंद निरंजन").relation_name == "रामदयाल निरंजन"
    assert AuditEntry.objects.filter(action="people.imported", actor__username="district").exists()
