from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sangathan.core.access import unit_get_for_user
from sangathan.units.selectors import breadcrumb, children_with_counts, office_bearers


@login_required
def unit_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    unit = unit_get_for_user(request.user, uuid=uuid)
    children, levels = children_with_counts(unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "breadcrumb": breadcrumb(unit),
            "children": children,
            "levels": levels,
            "office_bearers": office_bearers(unit),
        },
    )
