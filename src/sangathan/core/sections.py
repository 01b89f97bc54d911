"""Pages with places that later features fill: a person's page (meetings attended, relief
received), a unit's page (open action items, drives). The page's app knows nothing of those
features; each registers a section at start-up (from its ``AppConfig.ready``)::

    @unit_section(order=20, template="meetings/unit_action_items.html")
    def open_items(request: HttpRequest, unit: Unit) -> dict[str, Any] | None:
        rows = list(action_items_for_unit(request.user, unit)[:10])
        return {"items": rows} if rows else None

The function returns the context for its template (which sees it as ``data``, and the object
under the page's name), or ``None`` when it has nothing to show, so an empty section takes no
room. Sections are shown in ``order``; keep each to one or two cheap queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest

from sangathan.core.home import RenderedSection

logger = logging.getLogger("sangathan.core.sections")

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    name: str
    order: int
    template: str
    func: Callable[[HttpRequest, T], dict[str, Any] | None]


class Sections(Generic[T]):
    """The registry of one kind of page."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._sections: dict[str, Section[T]] = {}

    def register(
        self, order: int, template: str, *, name: str | None = None
    ) -> Callable[
        [Callable[[HttpRequest, T], dict[str, Any] | None]],
        Callable[[HttpRequest, T], dict[str, Any] | None],
    ]:
        """Register ``func(request, obj) -> dict | None``. Registering the same name again
        replaces the earlier section (module reloads, tests)."""

        def register(
            func: Callable[[HttpRequest, T], dict[str, Any] | None],
        ) -> Callable[[HttpRequest, T], dict[str, Any] | None]:
            key = name or f"{func.__module__}.{func.__qualname__}"
            self._sections[key] = Section(name=key, order=order, template=template, func=func)
            return func

        return register

    def remove(self, name: str) -> None:
        """Forget a section (tests that register their own)."""
        self._sections.pop(name, None)

    def render(self, request: HttpRequest, obj: T) -> list[RenderedSection]:
        """The sections that have something about ``obj`` for this request's user, in order."""
        rendered: list[RenderedSection] = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.name)):
            try:
                context = section.func(request, obj)
            except Exception:
                # One broken feature must not take the page down with it; a developer running
                # with DEBUG sees the error instead.
                if settings.DEBUG:
                    raise
                logger.exception("%s section %s failed", self.page, section.name)
                continue
            if context:
                rendered.append(
                    RenderedSection(name=section.name, template=section.template, context=context)
                )
        return rendered
