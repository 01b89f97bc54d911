"""Synthetic organisations of a given size, written straight to the tables in bulk.

Paths are computed the way treebeard computes them (``Unit._get_path``), so the result is a
valid tree (``Unit.find_problems()`` finds nothing) built in seconds rather than hours.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sangathan.people.models import Gender, Person
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.services import levels_ensure_default, post_type_save


def _get_path(parent_path: str | None, depth: int, step: int) -> str:
    # treebeard's own path arithmetic, so the rows are exactly what add_child would write.
    path: str = Unit._get_path(parent_path, depth, step)  # type: ignore[attr-defined]
    return path


@dataclass(frozen=True)
class Shape:
    """How many children each unit has, level by level below the state."""

    regions: int = 6
    districts_per_region: int = 16
    mandals_per_district: int = 20
    kendras_per_mandal: int = 16
    booths_per_kendra: int = 5

    @property
    def booths(self) -> int:
        return (
            self.regions
            * self.districts_per_region
            * self.mandals_per_district
            * self.kendras_per_mandal
            * self.booths_per_kendra
        )


STATE = Shape()  # 6 × 16 × 20 × 16 × 5 = 1,53,600 booths: Uttar Pradesh's order of size
DISTRICT_ONLY = Shape(regions=1, districts_per_region=1)


@dataclass
class Built:
    units: int
    booths: int
    appointments: int
    state: Unit
    booth_post: PostType


@transaction.atomic
def build(shape: Shape, *, fill: float = 0.8, seed: int = 7) -> Built:
    """One state of ``shape``; ``fill`` of the booths get a social-media in-charge."""
    levels = levels_ensure_default()
    counts = [
        1,
        shape.regions,
        shape.districts_per_region,
        shape.mandals_per_district,
        shape.kendras_per_mandal,
        shape.booths_per_kendra,
    ]
    now = timezone.now()
    parents: list[Unit | None] = [None]
    made = 0
    for depth, (level, per_parent) in enumerate(zip(levels, counts, strict=True), start=1):
        rows: list[Unit] = []
        for parent in parents:
            for i in range(1, per_parent + 1):
                path = _get_path(parent.path if parent else None, depth, i)
                n = made + len(rows) + 1
                rows.append(
                    Unit(
                        path=path,
                        depth=depth,
                        numchild=counts[depth] if depth < len(counts) else 0,
                        level=level,
                        name_hi=f"{level.name_hi} {n}",
                        name_en=f"{level.name_en} {n}",
                        code=f"S{n}",
                        created_at=now,
                    )
                )
        Unit.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
        parents = list(Unit.objects.filter(depth=depth).only("id", "path").order_by("path"))
    booths = [b for b in parents if b is not None]
    booth_level: Level = levels[-1]
    booth_post = post_type_save(
        level=booth_level,
        code="social-media",
        name_hi="सोशल मीडिया प्रभारी",
        name_en="Social media in-charge",
    )
    rng = random.Random(seed)
    chosen = [b for b in booths if rng.random() < fill]
    people = [
        Person(
            name=f"कार्यकर्ता {i}",
            gender=Gender.MALE if i % 3 else Gender.FEMALE,
            home_unit_id=b.pk,
            unit_path=b.path,
        )
        for i, b in enumerate(chosen)
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    today = timezone.localdate()
    appointments = [
        Appointment(
            person=p, post_type=booth_post, unit_id=b.pk, unit_path=b.path, start_date=today
        )
        for p, b in zip(people, chosen, strict=True)
    ]
    Appointment.objects.bulk_create(appointments, batch_size=5000)
    state = Unit.objects.get(depth=1)
    return Built(
        units=made,
        booths=len(booths),
        appointments=len(appointments),
        state=state,
        booth_post=booth_post,
    )
