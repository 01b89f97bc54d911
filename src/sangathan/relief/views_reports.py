"""The relief reports page: for a unit the user sees (their top unit unless ``?unit=`` names
another), an optional drive and a period, what was given by item × day and by the unit's
children (each a drill-down link), who was served by category, and the stock of the subtree's
stores; and the same as a workbook for the unit's workers and editors.

The numbers come from ``relief.reports`` (the same functions the API uses)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sangathan.core.access import has_role, role_for_unit, unit_get_for_user
from sangathan.core.models import Role
from sangathan.core.views_common import AuthedRequest
from sangathan.relief.models import Drive
from sangathan.relief.reports import (
    XLSX_TYPE,
    category_counts,
    distributed_report,
    drive_covers,
    report_drive,
    report_drives,
    report_period,
    report_units,
    report_xlsx,
    served_by_category,
    stock_position,
)
from sangathan.units.models import Unit

DRIVES_OFFERED = 100  # the drive picker lists the latest ones


def _unit(request: AuthedRequest) -> Unit | None:
    """The unit asked for (404 outside reach), else the user's first top unit."""
    raw = request.GET.get("unit", "")
    if raw:
        try:
            return unit_get_for_user(request.user, uuid=UUID(raw))
        except ValueError as exc:
            raise Http404 from exc
    top = report_units(request.user)
    return top[0] if top else None


def _ask(
    request: AuthedRequest, unit: Unit
) -> tuple[Drive | None, date | None, date | None, dict[str, list[str]]]:
    """The drive and the period asked for, and what was wrong with them, per field."""
    errors: dict[str, list[str]] = {}
    drive = None
    try:
        drive = report_drive(request.user, unit=unit, uuid=request.GET.get("drive"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        start, end = report_period(
            start=request.GET.get("start"), end=request.GET.get("end"), drive=drive
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return drive, None, None, errors
    return drive, start, end, errors


def _link(unit: Unit, drive: Drive | None, start: date, end: date) -> str:
    params = {"unit": str(unit.uuid), "start": start.isoformat(), "end": end.isoformat()}
    if drive is not None:
        params["drive"] = str(drive.uuid)
    return "?" + urlencode(params)


def _picker(user: Any, unit: Unit, ancestors: list[Unit], children: list[Unit]) -> list[Any]:
    """The units offered in the unit picker, in tree order: the user's top units, the units
    between them and this one, this one and its children."""
    found = {u.path: u for u in [*report_units(user), *ancestors, unit, *children]}
    rows = [found[p] for p in sorted(found)]
    top = min((u.depth for u in rows), default=1)
    return [(u, "— " * (u.depth - top)) for u in rows]


@require_GET
@login_required
def reports_page(request: AuthedRequest) -> HttpResponse:
    user = request.user
    unit = _unit(request)
    if unit is None:
        return render(request, "relief/reports.html", {"unit": None})
    drive, start, end, errors = _ask(request, unit)
    ancestors = [a for a in Unit.objects.get_ancestors(unit) if role_for_unit(user, a) is not None]
    context: dict[str, Any] = {
        "unit": unit,
        "drive": drive,
        "drives": list(report_drives(user, unit=unit).select_related("unit")[:DRIVES_OFFERED]),
        "errors": errors,
        "asked": {k: request.GET.get(k, "") for k in ("start", "end")},
        "start": start,
        "end": end,
    }
    if errors or start is None or end is None:
        context["units"] = _picker(user, unit, ancestors, [])
        return render(request, "relief/reports.html", context, status=400)
    given = distributed_report(user, unit=unit, drive=drive, start=start, end=end)
    served = served_by_category(user, unit=unit, drive=drive, start=start, end=end)
    children = [line.key for line in given.by_unit if line.key.pk != unit.pk]
    context.update(
        {
            "units": _picker(user, unit, ancestors, children),
            "crumbs": [(a, _link(a, drive, start, end)) for a in ancestors],
            "given": given,
            # A child outside the chosen drive's area gave nothing for it: no link.
            "unit_rows": [
                (
                    line,
                    _link(line.key, drive, start, end)
                    if line.key.pk != unit.pk and (drive is None or drive_covers(drive, line.key))
                    else "",
                )
                for line in given.by_unit
            ],
            "served": served,
            "categories": category_counts(served),
            "stock": stock_position(user, unit=unit),
            "may_export": has_role(user, unit, Role.WORKER),
            "export_query": _link(unit, drive, start, end),
        }
    )
    return render(request, "relief/reports.html", context)


@require_GET
@login_required
def reports_xlsx(request: AuthedRequest) -> HttpResponse:
    """The page's numbers as a workbook (workers and editors of the unit; audited)."""
    unit = _unit(request)
    if unit is None:
        return reports_page(request)
    drive, start, end, errors = _ask(request, unit)
    if errors or start is None or end is None:
        return reports_page(request)
    body = report_xlsx(unit=unit, drive=drive, start=start, end=end, actor=request.user)
    name = f"relief-{unit.code or unit.uuid}-{start.isoformat()}-{end.isoformat()}.xlsx"
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
