"""A person's page has places that later features fill: the meetings the person attended,
what they received in relief drives, the visits to their household.

The people app knows nothing of meetings or relief. A feature registers a section at start-up
(from its ``AppConfig.ready``), the way ``core.home`` takes pending-work sections::

    @person_section(order=20, template="relief/person_section.html")
    def received(request: HttpRequest, person: Person) -> dict[str, Any] | None:
        rows = distributions_for_person(request.user, person)[:20]
        return {"distributions": rows} if rows else None

The function returns the context for its template (which sees it as ``data``, and the person
as ``person``), or ``None`` when it has nothing for this person, so an empty section takes no
room. Sections are shown in ``order``; keep each to one or two cheap queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest

from sangathan.core.home import RenderedSection

if TYPE_CHECKING:
    from sangathan.people.models import Person

logger = logging.getLogger("sangathan.people.sections")

SectionFunc = Callable[[HttpRequest, "Person"], "dict[str, Any] | None"]


@dataclass(frozen=True)
class PersonSection:
    name: str
    order: int
    template: str
    func: SectionFunc


_SECTIONS: dict[str, PersonSection] = {}


def person_section(
    order: int, template: str, *, name: str | None = None
) -> Callable[[SectionFunc], SectionFunc]:
    """Register ``func(request, person) -> dict | None`` as a section of the person page.

    Registering the same name again replaces the earlier section (module reloads, tests)."""

    def register(func: SectionFunc) -> SectionFunc:
        key = name or f"{func.__module__}.{func.__qualname__}"
        _SECTIONS[key] = PersonSection(name=key, order=order, template=template, func=func)
        return func

    return register


def person_section_remove(name: str) -> None:
    """Forget a section (tests that register their own)."""
    _SECTIONS.pop(name, None)


def person_sections(request: HttpRequest, person: Person) -> list[RenderedSection]:
    """The sections that have something about ``person`` for this request's user, in order."""
    rendered: list[RenderedSection] = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        try:
            context = section.func(request, person)
        except Exception:
            # One broken feature must not take the person's page down with it; a developer
            # running with DEBUG sees the error instead.
            if settings.DEBUG:
                raise
            logger.exception("person section %s failed", section.name)
            continue
        if context:
            rendered.append(
                RenderedSection(name=section.name, template=section.template, context=context)
            )
    return rendered
