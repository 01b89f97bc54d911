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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from sangathan.core.home import RenderedSection
from sangathan.core.sections import Sections

if TYPE_CHECKING:
    from sangathan.people.models import Person

SectionFunc = Callable[[HttpRequest, "Person"], "dict[str, Any] | None"]

_SECTIONS: Sections[Person] = Sections("person")


def person_section(
    order: int, template: str, *, name: str | None = None
) -> Callable[[SectionFunc], SectionFunc]:
    """Register ``func(request, person) -> dict | None`` as a section of the person page."""
    return _SECTIONS.register(order, template, name=name)


def person_section_remove(name: str) -> None:
    """Forget a section (tests that register their own)."""
    _SECTIONS.remove(name)


def person_sections(request: HttpRequest, person: Person) -> list[RenderedSection]:
    """The sections that have something about ``person`` for this request's user, in order."""
    return _SECTIONS.render(request, person)
