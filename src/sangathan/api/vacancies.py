"""Vacancies: which posts are empty where, for any subtree, with a drill-down per post."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sangathan.api.appointments import post_get
from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS
from sangathan.api.pagination import MAX_LIMIT
from sangathan.api.schemas import VacancyDrillOut, VacancyOut
from sangathan.core.access import unit_get_for_user
from sangathan.units.selectors import vacancy_by_child, vacancy_summary, vacant_units

router = Router(tags=["vacancies"])


class VacantPage(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="How many vacant units, at most 500.")
    offset: int = Field(0, ge=0)


@router.get(
    "/units/{uuid}/vacancies/",
    summary="Vacancies in a subtree",
    response={200: list[VacancyOut], **ERRORS},
)
def unit_vacancies(request: HttpRequest, uuid: UUID) -> Any:
    """For each post at or below this unit's level: units and seats in the subtree, filled and
    empty."""
    unit = unit_get_for_user(request_user(request), uuid=uuid)
    return vacancy_summary(unit)


@router.get(
    "/units/{uuid}/vacancies/{post_uuid}/",
    summary="Vacancies of one post, by child unit",
    response={200: VacancyDrillOut, **ERRORS},
)
def unit_vacancy_drill(
    request: HttpRequest, uuid: UUID, post_uuid: UUID, page: Query[VacantPage]
) -> Any:
    """One post across the subtree: empty units under each child, and a page of the units
    where nobody holds it."""
    unit = unit_get_for_user(request_user(request), uuid=uuid)
    post_type = post_get(post_uuid)
    empty = vacant_units(unit, post_type)
    return {
        "unit": unit,
        "post": post_type,
        "by_child": vacancy_by_child(unit, post_type),
        "vacant_units": {
            "items": list(empty[page.offset : page.offset + page.limit]),
            "count": empty.count(),
        },
    }
