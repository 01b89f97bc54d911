"""Pages of relief (सेवा): the list of drives and stores, and a drive's page with its items
and rules, points, duty roster, live totals and the summary downloads.

The distribution point page is in ``views_point``; stores and transfers in ``views_store``.
Every view fetches through ``relief.selectors`` (404 outside reach) and the reports come from
``relief.reports`` (the same functions the API uses)."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from sangathan.core.views_common import AuthedRequest
from sangathan.relief import selectors
from sangathan.relief.models import Drive, Duty
from sangathan.relief.reports import (
    PDF_TYPE,
    XLSX_TYPE,
    drive_summary,
    summary_pdf,
    summary_text,
    summary_xlsx,
)


@require_GET
@login_required
def relief_home(request: AuthedRequest) -> HttpResponse:
    """The user's drives (latest first) and stores."""
    user = request.user
    context = {
        "drives": selectors.drives_for_user(user).order_by("-starts_on")[:50],
        "stores": selectors.stores_for_user(user).order_by("unit_path", "name")[:100],
    }
    return render(request, "relief/home.html", context)


@require_GET
@login_required
def drive_page(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    user = request.user
    drive = selectors.drive_get_for_user(user, uuid=uuid)
    points = list(drive.points.select_related("store", "unit", "drive__unit").order_by("name"))
    duties = (
        Duty.objects.filter(point__drive=drive)
        .select_related("point", "person")
        .order_by("day", "point__name", "shift")
    )
    context = {
        "drive": drive,
        "items": drive.items.select_related("item").order_by("pk"),
        "points": [(p, selectors.may_distribute(user, p)) for p in points],
        "duties": duties,
        "summary": drive_summary(drive, user=user),
        "may_plan": selectors.may_plan(user, drive),
    }
    return render(request, "relief/drive.html", context)


def _filename(drive: Drive, ext: str) -> str:
    return f"{slugify(drive.title, allow_unicode=True) or 'drive'}-{drive.starts_on}.{ext}"


def _download(body: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@login_required
def drive_summary_text(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The summary as text, ready to paste into WhatsApp."""
    drive = selectors.drive_get_for_user(request.user, uuid=uuid)
    text = summary_text(drive_summary(drive, user=request.user))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@require_GET
@login_required
def drive_summary_xlsx(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = selectors.drive_get_for_user(request.user, uuid=uuid)
    body = summary_xlsx(drive=drive, actor=request.user)
    return _download(body, XLSX_TYPE, _filename(drive, "xlsx"))


@require_GET
@login_required
def drive_summary_pdf(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    drive = selectors.drive_get_for_user(request.user, uuid=uuid)
    body = summary_pdf(drive=drive, actor=request.user)
    return _download(body, PDF_TYPE, _filename(drive, "pdf"))
