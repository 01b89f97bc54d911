"""The home page's "pending work": a place where every feature adds what waits for the user.

The home view knows nothing of nominations, meetings or relief drives. A feature registers a
section at start-up (import its ``home`` module from its ``AppConfig.ready``)::

    @home_section(order=20, template="nominations/home_section.html")
    def names_asked_of_me(request: HttpRequest) -> dict[str, Any] | None:
        asked = requisitions_waiting_for(request.user)
        return {"requisitions": asked} if asked else None

The function returns the context for its template (which sees it as ``data``), or ``None`` when
nothing waits, so an empty section takes no room on a cheap phone's screen. Sections are shown
in ``order``; keep each to one or two cheap queries, the home page is opened many times a day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("sangathan.home")

SectionFunc = Callable[[HttpRequest], "dict[str, Any] | None"]


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    template: str
    func: SectionFunc


@dataclass(frozen=True)
class RenderedSection:
    name: str
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, HomeSection] = {}


def home_section(
    order: int, template: str, *, name: str | None = None
) -> Callable[[SectionFunc], SectionFunc]:
    """Register ``func(request) -> dict | None`` as a pending-work section of the home page.

    Registering the same name again replaces the earlier section (module reloads, tests)."""

    def register(func: SectionFunc) -> SectionFunc:
        key = name or f"{func.__module__}.{func.__qualname__}"
        _SECTIONS[key] = HomeSection(name=key, order=order, template=template, func=func)
        return func

    return register


def home_section_remove(name: str) -> None:
    """Forget a section (tests that register their own)."""
    _SECTIONS.pop(name, None)


def home_sections(request: HttpRequest) -> list[RenderedSection]:
    """The sections that have something for this request's user, in order."""
    rendered: list[RenderedSection] = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        try:
            context = section.func(request)
        except Exception:
            # One broken feature must not take the whole home page down with it; a developer
            # running with DEBUG sees the error instead.
            if settings.DEBUG:
                raise
            logger.exception("home section %s failed", section.name)
            continue
        if context:
            rendered.append(
                RenderedSection(name=section.name, template=section.template, context=context)
            )
    return rendered
