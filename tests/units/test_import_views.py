"""The import and export pages (units_import:*)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from sangathan.core.models import AuditEntry, Role, User
from sangathan.core.services import grant_set
from sangathan.units.models import Unit
from tests.conftest import World, login


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def csv_upload(rows: list[list[str]], name: str = "units.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["level", "code", "name_hi", "name_en", "parent_code"])
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def token_of(response: Any) -> str:
    match = re.search(r"/units/import/([0-9a-f-]{36})/confirm/", response.content.decode())
    assert match, "the preview offers a confirm button"
    return match.group(1)


GOOD = [["मंडल", "M-WEB", "वेब मंडल", "Web Mandal", "KNP-N"], ["बूथ", "W-1", "बूथ W1", "", "M-WEB"]]
MIXED = [*GOOD, ["बूथ", "W-2", "बूथ W2", "", "NOPE"]]


def test_state_admin_sees_the_upload_page(as_state: Client) -> None:
    response = as_state.get(reverse("units_import:upload"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_an_editor_may_not_import(as_district: Client) -> None:
    assert as_district.get(reverse("units_import:upload")).status_code == 403


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(as_state: Client) -> None:
    response = as_state.post(reverse("units_import:upload"), {"file": csv_upload(GOOD)})
    assert response.status_code == 200
    assert response.context["result"].created == 2
    assert not Unit.objects.filter(code="M-WEB").exists()

    confirmed = as_state.post(reverse("units_import:confirm", args=[token_of(response)]))

    assert confirmed.status_code == 200
    assert confirmed.context["result"].created == 2
    assert Unit.objects.get(code="W-1").depth == 5
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert AuditEntry.objects.get(action="units.imported").actor is not None


def test_preview_lists_bad_rows_with_their_numbers(as_state: Client) -> None:
    response = as_state.post(reverse("units_import:upload"), {"file": csv_upload(MIXED)})
    assert response.status_code == 200
    assert [(e.row, "NOPE" in e.reason) for e in response.context["errors"]] == [(4, True)]
    assert b"Import the good rows, skip the bad ones" in response.content


def test_confirm_without_skipping_bad_rows_imports_nothing(as_state: Client) -> None:
    response = as_state.post(reverse("units_import:upload"), {"file": csv_upload(MIXED)})
    again = as_state.post(reverse("units_import:confirm", args=[token_of(response)]))
    assert again.status_code == 200
    assert again.context["result"].bad == 1
    assert not Unit.objects.filter(code="M-WEB").exists()


def xlsx_upload(rows: list[list[str]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["level", "code", "name_hi", "name_en", "parent_code"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("units.xlsx", buffer.getvalue())


def test_skipping_bad_rows_imports_the_rest_and_offers_them_as_a_file(as_state: Client) -> None:
    response = as_state.post(
        reverse("units_import:upload"), {"file": csv_upload(MIXED), "skip_bad": "on"}
    )
    token = token_of(response)
    done = as_state.post(reverse("units_import:confirm", args=[token]), {"skip_bad": "1"})
    assert done.context["result"].created == 2
    assert Unit.objects.filter(code="W-1").exists()

    download = as_state.get(reverse("units_import:bad_rows", args=[token]))
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "error"
    assert rows[1][1] == "W-2" and "NOPE" in rows[1][5]


def test_an_xlsx_upload_gives_its_bad_rows_back_as_xlsx(as_state: Client) -> None:
    response = as_state.post(
        reverse("units_import:upload"), {"file": xlsx_upload(MIXED), "skip_bad": "on"}
    )
    token = token_of(response)
    as_state.post(reverse("units_import:confirm", args=[token]), {"skip_bad": "1"})
    download = as_state.get(reverse("units_import:bad_rows", args=[token]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "W-2"
    assert Unit.objects.filter(code="W-1").exists()


def test_a_second_confirm_is_refused(as_state: Client) -> None:
    response = as_state.post(reverse("units_import:upload"), {"file": csv_upload(GOOD)})
    token = token_of(response)
    as_state.post(reverse("units_import:confirm", args=[token]))
    assert as_state.post(reverse("units_import:confirm", args=[token])).status_code == 404


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(as_state: Client) -> None:
    upload = SimpleUploadedFile("units.xlsx", b"not a zip", content_type="application/zip")
    response = as_state.post(reverse("units_import:upload"), {"file": upload})
    assert response.status_code == 200
    assert b"not a readable XLSX file" in response.content


# --- Outsider -------------------------------------------------------------------------------


@pytest.fixture
def as_outsider_admin(outsider: User, world: World) -> Client:
    grant_set(user=outsider, unit=world.sibling, role=Role.ADMIN)
    return login(outsider)


def test_outsider_cannot_import_rows_under_kanpur_north(as_outsider_admin: Client) -> None:
    response = as_outsider_admin.post(
        reverse("units_import:upload"), {"file": csv_upload(GOOD), "skip_bad": "on"}
    )
    reasons = [e.reason for e in response.context["errors"]]
    assert "The parent KNP-N is outside your units." in reasons
    assert b"No row can be imported" in response.content
    assert not Unit.objects.filter(code="M-WEB").exists()


def test_outsider_cannot_confirm_or_download_someone_elses_import(
    as_state: Client, as_outsider_admin: Client
) -> None:
    response = as_state.post(
        reverse("units_import:upload"), {"file": csv_upload(MIXED), "skip_bad": "on"}
    )
    token = token_of(response)
    confirm = reverse("units_import:confirm", args=[token])
    assert as_outsider_admin.post(confirm, {"skip_bad": "1"}).status_code == 404
    as_state.post(confirm, {"skip_bad": "1"})
    bad = reverse("units_import:bad_rows", args=[token])
    assert as_outsider_admin.get(bad).status_code == 404


def test_outsider_cannot_use_the_import_page(as_outsider: Client) -> None:
    assert as_outsider.get(reverse("units_import:upload")).status_code == 403


# --- Export ---------------------------------------------------------------------------------


def exported_codes(client: Client, fmt: str = "csv") -> list[str]:
    response = client.get(reverse("units_import:export"), {"format": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [row[1] for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_district_editor_exports_their_district(as_district: Client, fmt: str) -> None:
    codes = exported_codes(as_district, fmt)
    assert codes[0] == "KNP-N"
    assert "101" in codes and "KNP-S" not in codes and "UP" not in codes
    assert AuditEntry.objects.filter(action="units.exported").count() == 1


def test_outsider_cannot_export_kanpur_north(as_outsider: Client) -> None:
    codes = exported_codes(as_outsider)
    assert "KNP-S" in codes
    assert not {"KNP-N", "M-GN", "M-KN", "SK-1", "101", "102", "201"} & set(codes)


def test_export_needs_a_login(client: Client, world: World) -> None:
    assert client.get(reverse("units_import:export")).status_code == 302
