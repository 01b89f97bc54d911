"""What nominations add to a person's page: the panels the person is proposed on (that the
viewer may see) and what became of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from sangathan.nominations.models import Nomination
from sangathan.nominations.selectors import submissions_for_user
from sangathan.people.sections import person_section

if TYPE_CHECKING:
    from sangathan.people.models import Person

SHOWN = 20


@person_section(order=40, template="nominations/person_section.html", name="nominations.person")
def nominations_of_person(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    rows = list(
        Nomination.objects.filter(
            person=person, submission__in=submissions_for_user(request.user).values("pk")
        )
        .select_related("ask__post_type", "submission__unit", "submission__requisition")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    return {"nominations": rows} if rows else None
