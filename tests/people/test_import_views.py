"""The people import and export pages (people_import:*)."""

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
from openpyxl import load_workbook

from sangathan.core.models import AuditEntry
from sangathan.people.models import Gender, Person
from sangathan.people.services import person_create, tags_ensure_default
from tests.conftest import World


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _tags(db: None) -> None:
    tags_ensure_default()


def csv_upload(rows: list[list[str]], header: list[str], name: str = "people.csv") -> Any:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


# Hindi headers, a Kruti Dev name column (राम शर्मा, सीता देवी) and an unknown column.
HEADER = ["नाम", "पति का नाम", "लिंग", "मोबाइल", "बूथ", "टिप्पणी"]
GOOD = [
    ["jke 'kekZ", "", "पुरुष", "98390 12345", "101", "x"],
    ["lhrk nsoh", "राम शर्मा", "महिला", "", "102", ""],
]
BAD = [*GOOD, ["मोहन लाल", "", "M", "12345", "101", ""], ["सोहन लाल", "", "M", "", "901", ""]]


def upload(client: Client, rows: list[list[str]], header: list[str] = HEADER) -> str:
    response = client.post(reverse("people_import:upload"), {"file": csv_upload(rows, header)})
    assert response.status_code == 302
    match = re.search(r"/people/import/([0-9a-f-]{36})/", response["Location"])
    assert match
    return match.group(1)


def check(client: Client, token: str, **extra: str) -> Any:
    """Post the mapping as the page pre-fills it (suggested columns, detected Kruti Dev)."""
    page = client.get(reverse("people_import:mapping", args=[token]))
    form = page.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, False):
            continue
        data[name] = "on" if value is True else value
    data.update(extra)
    return client.post(reverse("people_import:mapping", args=[token]), data)


def confirm(client: Client, token: str, **extra: str) -> str:
    response = client.post(reverse("people_import:confirm", args=[token]), extra)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


def test_an_editor_sees_the_upload_page(as_district: Client) -> None:
    response = as_district.get(reverse("people_import:upload"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_a_worker_may_not_import(as_booth: Client) -> None:
    assert as_booth.get(reverse("people_import:upload")).status_code == 403
    assert as_booth.get(reverse("people_import:export")).status_code == 403


def test_a_file_that_is_not_csv_or_xlsx_is_refused(as_district: Client) -> None:
    upload_file = SimpleUploadedFile("people.pdf", b"%PDF", content_type="application/pdf")
    response = as_district.post(reverse("people_import:upload"), {"file": upload_file})
    assert response.status_code == 200
    assert b"Upload a .csv or .xlsx file." in response.content


def test_the_mapping_step_suggests_columns_and_kruti_dev(as_district: Client) -> None:
    token = upload(as_district, GOOD)
    response = as_district.get(reverse("people_import:mapping", args=[token]))
    assert response.status_code == 200
    form = response.context["form"]
    assert [form.initial[f"col_{i}"] for i in range(6)] == [
        "name", "relation_name", "gender", "phone", "unit_code", "",
    ]  # fmt: skip
    assert form.initial["kd_0"] is True  # the name column looks typed in Kruti Dev
    assert form.initial["kd_1"] is False
    assert "पति का नाम" in response.content.decode()


def test_upload_preview_and_confirm_import_the_file(world: World, as_district: Client) -> None:
    token = upload(as_district, GOOD)
    preview = check(as_district, token)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.created, result.bad) == (2, 0)
    assert result.krutidev == ["name"]
    assert b"Converted from Kruti Dev to Unicode Hindi: name." in preview.content
    assert not Person.objects.filter(name="राम शर्मा").exists()  # a preview writes nothing
    page = confirm(as_district, token)
    assert "People imported" in page
    assert "<progress" in page
    ram = Person.objects.get(name="राम शर्मा")
    assert ram.home_unit == world.booth
    assert ram.phone == "+919839012345"
    sita = Person.objects.get(name="सीता देवी")
    assert (sita.gender, sita.relation_kind) == (Gender.FEMALE, "husband")
    assert AuditEntry.objects.filter(action="people.imported").count() == 1
    # A second click changes nothing: the upload is gone.
    second = as_district.post(reverse("people_import:confirm", args=[token]))
    assert second.status_code == 404


def test_a_column_can_be_mapped_and_kruti_dev_unticked(as_district: Client) -> None:
    token = upload(as_district, GOOD)
    preview = check(as_district, token, col_5="locality", kd_0="")
    result = preview.context["result"]
    assert result.krutidev == []
    assert result.columns["टिप्पणी"] == "locality"


def test_bad_rows_are_shown_downloaded_and_skipped(world: World, as_district: Client) -> None:
    token = upload(as_district, BAD)
    preview = check(as_district, token)
    result = preview.context["result"]
    assert result.bad == 2
    content = preview.content.decode()
    assert "12345 is not a valid phone number." in content
    assert "The unit 901 is outside your units." in content
    bad = as_district.get(reverse("people_import:bad_rows", args=[token]))
    assert bad.status_code == 200
    lines = b"".join(bad.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join([*HEADER, "error"])
    assert len(lines) == 3
    page = confirm(as_district, token, skip_bad="1")
    assert "Rows skipped because of errors" in page
    assert Person.objects.filter(name__in=["राम शर्मा", "सीता देवी"]).count() == 2
    assert not Person.objects.filter(name="मोहन लाल").exists()
    assert as_district.get(reverse("people_import:bad_rows", args=[token])).status_code == 200


def test_bad_rows_without_skipping_import_nothing(world: World, as_district: Client) -> None:
    token = upload(as_district, BAD)
    check(as_district, token)
    page = confirm(as_district, token)
    assert "Nothing was imported" in page
    assert not Person.objects.filter(name="राम शर्मा").exists()


def test_outsider_gets_404_for_another_accounts_upload(
    as_district: Client, as_outsider: Client
) -> None:
    token = upload(as_district, GOOD)
    assert as_outsider.get(reverse("people_import:mapping", args=[token])).status_code == 404
    assert as_outsider.post(reverse("people_import:mapping", args=[token])).status_code == 404
    assert as_outsider.post(reverse("people_import:confirm", args=[token])).status_code == 404
    assert as_outsider.get(reverse("people_import:bad_rows", args=[token])).status_code == 404


def test_outsider_cannot_import_into_kanpur_north(world: World, as_outsider: Client) -> None:
    token = upload(as_outsider, GOOD)
    preview = check(as_outsider, token)
    assert preview.context["result"].bad == 2
    assert "The unit 101 is outside your units." in preview.content.decode()
    assert b"Import the good rows" not in preview.content


def test_outsider_cannot_choose_a_kanpur_north_unit_for_the_file(
    world: World, as_outsider: Client
) -> None:
    token = upload(as_outsider, [["Ramesh Verma"]], header=["name"])
    response = check(as_outsider, token, unit="101")
    assert response.status_code == 200
    assert b"You are not an editor of any unit with the code 101." in response.content
    preview = check(as_outsider, token, unit="901")
    assert preview.context["result"].created == 1


def test_export_downloads_csv_and_xlsx_of_the_subtree(
    world: World, as_district: Client, as_outsider: Client
) -> None:
    person_create(name="बाहरी व्यक्ति", gender=Gender.FEMALE, home_unit=world.sibling_booth)
    person_create(name="=cmd|calc", gender=Gender.MALE, home_unit=world.booth)
    response = as_district.get(reverse("people_import:export"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffname,")
    assert "सुनील बजाज" in text
    assert "'=cmd|calc" in text
    assert "बाहरी व्यक्ति" not in text
    xlsx = as_district.get(reverse("people_import:export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "सुनील बजाज" in names and "बाहरी व्यक्ति" not in names
    outside = as_outsider.get(reverse("people_import:export"))
    outside_text = b"".join(outside.streaming_content).decode("utf-8")
    assert "बाहरी व्यक्ति" in outside_text
    assert "सुनील बजाज" not in outside_text
    assert AuditEntry.objects.filter(action="people.exported").count() == 3


def test_outsider_cannot_export_a_kanpur_north_unit(world: World, as_outsider: Client) -> None:
    response = as_outsider.get(reverse("people_import:export") + "?unit=KNP-N")
    assert response.status_code == 404
