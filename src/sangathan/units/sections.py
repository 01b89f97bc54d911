"""A unit's page has places that later features fill (open action items of its meetings,
its relief drives): see ``core.sections``. Templates see the unit as ``unit``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from sangathan.core.home import RenderedSection
from sangathan.core.sections import Sections

if TYPE_CHECKING:
    from sangathan.units.models import Unit

SectionFunc = Callable[[HttpRequest, "Unit"], "dict[str, Any] | None"]

_SECTIONS: Sections[Unit] = Sections("unit")


def unit_section(
    order: int, template: str, *, name: str | None = None
) -> Callable[[SectionFunc], SectionFunc]:
    """Register ``func(request, unit) -> dict | None`` as a section of the unit page."""
    return _SECTIONS.register(order, template, name=name)


def unit_sections(request: HttpRequest, unit: Unit) -> list[RenderedSection]:
    return _SECTIONS.render(request, unit)
