"""The beneficiaries of a drive: who is enrolled in its units, their priority categories, who
referred them and what their household received in the drive; filtered by category and unit,
searched by name in either script. Editors download it as CSV or Excel (audited).

The list and the export are ``relief.beneficiaries``; this module only translates HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from sangathan.core.access import has_role, units_visible
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest
from sangathan.relief import selectors
from sangathan.relief.beneficiaries import (
    beneficiaries_export,
    beneficiaries_of_drive,
    beneficiary_rows,
    priority_categories,
)
from sangathan.relief.models import Drive
from sangathan.relief.reports import XLSX_TYPE
from sangathan.units.models import Unit

PER_PAGE = 50
# The unit filter offers the drive's unit and two levels below it (district → mandal → shakti
# kendra); a booth is found by searching its people.
UNIT_LEVELS_BELOW = 2


@dataclass
class Filters:
    unit: Unit
    category: str
    query: str

    def encoded(self, drive: Drive) -> str:
        """The filters as a query string (for the pages and the downloads)."""
        values = {"q": self.query, "category": self.category}
        if self.unit.pk != drive.unit.pk:
            values["unit"] = str(self.unit.uuid)
        return urlencode({k: v for k, v in values.items() if v})


def _units(request: AuthedRequest, drive: Drive) -> list[Unit]:
    return list(
        units_visible(request.user)
        .filter(
            path__subtree=drive.unit.path,
            level__depth__lte=drive.unit.level.depth + UNIT_LEVELS_BELOW,
        )
        .select_related("level")
        .order_by("path")[:200]
    )


def _filters(request: AuthedRequest, drive: Drive, units: list[Unit]) -> Filters:
    """The filters asked for; a unit or category that is not on offer is ignored."""
    chosen = request.GET.get("unit", "")
    unit = next((u for u in units if str(u.uuid) == chosen), drive.unit)
    category = request.GET.get("category", "")
    if category not in {t.code for t in priority_categories()}:
        category = ""
    return Filters(unit=unit, category=category, query=request.GET.get("q", "").strip()[:100])


@require_GET
@login_required
def beneficiaries_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = selectors.drive_get_for_user(request.user, uuid=uuid)
    units = _units(request, drive)
    filters = _filters(request, drive, units)
    rows = beneficiaries_of_drive(
        request.user,
        drive=drive,
        unit=filters.unit,
        category=filters.category,
        query=filters.query,
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "drive": drive,
        "units": units,
        "categories": priority_categories(),
        "filters": filters,
        "query_string": filters.encoded(drive),
        "page": page,
        "rows": beneficiary_rows(request.user, drive=drive, beneficiaries=page.object_list),
        "may_export": has_role(request.user, filters.unit, Role.EDITOR),
    }
    return render(request, "relief/beneficiaries.html", context)


def _download(request: AuthedRequest, uuid: UUID, fmt: str, content_type: str) -> HttpResponse:
    drive = selectors.drive_get_for_user(request.user, uuid=uuid)
    filters = _filters(request, drive, _units(request, drive))
    body = beneficiaries_export(
        drive=drive,
        unit=filters.unit,
        category=filters.category,
        query=filters.query,
        fmt=fmt,
        actor=request.user,
    )
    name = f"{slugify(drive.title, allow_unicode=True) or 'drive'}-beneficiaries.{fmt}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@login_required
def beneficiaries_csv(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _download(request, uuid, "csv", "text/csv; charset=utf-8")


@require_GET
@login_required
def beneficiaries_xlsx(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _download(request, uuid, "xlsx", XLSX_TYPE)
