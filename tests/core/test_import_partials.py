"""The import pages of units and of people share their pieces (core/import/): the upload form,
the export card, the summary of counts, the error table and the confirm buttons. Each test
reads what a page shows, through both imports where both have the piece."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from sangathan.people.services import tags_ensure_default
from tests.people import test_import_views as people_pages
from tests.units import test_import_views as units_pages

# The same isolation as the import pages' own tests: uploads in a temporary folder, English.
from tests.units.test_import_views import _isolated  # noqa: F401


def rows_of(html: str) -> dict[str, str]:
    """The summary table as {label: number}."""
    return dict(re.findall(r'<tr><th>([^<]+)</th><td class="num">([^<]+)</td></tr>', html))


def test_both_upload_pages_show_the_shared_form_and_export_card(
    as_state: Client, as_district: Client
) -> None:
    units = as_state.get(reverse("units_import:upload")).content.decode()
    people = as_district.get(reverse("people_import:upload")).content.decode()
    for html, url, button in (
        (units, reverse("units_import:export"), "Check the file"),
        (people, reverse("people_import:export"), "Upload"),
    ):
        assert 'enctype="multipart/form-data"' in html
        assert f'<button type="submit" class="primary">{button}</button>' in html
        assert f'href="{url}?format=xlsx"' in html and f'href="{url}"' in html
    assert 'name="skip_bad"' in units and 'name="skip_bad"' not in people


def test_the_units_preview_counts_and_lists_the_bad_row(as_state: Client) -> None:
    response = as_state.post(
        reverse("units_import:upload"), {"file": units_pages.csv_upload(units_pages.MIXED)}
    )
    html = response.content.decode()
    assert rows_of(html) == {
        "Units to add": "2",
        "Units to rename": "0",
        "Units already up to date": "0",
        "Rows with errors": "1",
    }
    assert "<th>Column</th>" not in html  # a units row error names no column
    assert re.search(r'<td class="num">4</td><td>[^<]*NOPE', html)
    assert "Import the good rows, skip the bad ones" in html


def test_the_people_preview_counts_and_lists_bad_rows_with_their_column(
    as_district: Client, db: None
) -> None:
    tags_ensure_default()
    token = people_pages.upload(as_district, people_pages.BAD)
    html = people_pages.check(as_district, token).content.decode()
    counts = rows_of(html)
    assert counts["Rows read"] == "4" and counts["People to add"] == "2"
    assert counts["Rows with errors"] == "2"
    assert "<th>Column</th>" in html
    assert reverse("people_import:confirm", args=[token]) in html


def test_the_units_result_page_counts_what_was_imported(as_state: Client) -> None:
    preview = as_state.post(
        reverse("units_import:upload"), {"file": units_pages.csv_upload(units_pages.GOOD)}
    )
    token = units_pages.token_of(preview)
    done = as_state.post(reverse("units_import:confirm", args=[token])).content.decode()
    assert rows_of(done)["Units added"] == "2"


def test_a_long_error_list_ends_with_how_many_more_there_are() -> None:
    errors = [{"row": n, "reason": "bad", "column": "phone"} for n in range(2, 5)]
    html = render_to_string(
        "core/import/_errors.html", {"errors": errors, "hidden_errors": 1200, "with_column": True}
    )
    assert html.count("<tr><td") == 3 and "<td>phone</td>" in html
    assert "…and 1200 more errors." in html
    assert render_to_string("core/import/_errors.html", {"errors": []}).strip() == ""


def test_nothing_to_import_and_nothing_good_are_said_plainly() -> None:
    empty = render_to_string("core/import/_confirm.html", {"has_bad": False, "good": 0})
    assert "The file has no rows to import." in empty
    none_good = render_to_string("core/import/_confirm.html", {"has_bad": True, "good": 0})
    assert "No row can be imported." in none_good and "<form" not in none_good
