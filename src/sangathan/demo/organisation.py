"""Demo step one: the unit tree, the posts of each level, the office-bearers with their
appointments (and a few that ended), and the five persona logins.

Everything goes through the services, as an operator would, so the demo exercises the rules
(seats, reservation for women, audit). A unit is recognised by its code, a person by name and
unit, an appointment by person, post and unit, an account by username."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from sangathan.core.models import Grant, User
from sangathan.core.services import grant_set, user_create, user_set_password
from sangathan.demo.context import DemoContext, DemoError, Login
from sangathan.demo.plan import PersonaSpec, PersonSpec, SeatSpec, UnitSpec, plan_organisation
from sangathan.demo.seed import POSTS
from sangathan.people.models import Person
from sangathan.people.services import person_create
from sangathan.units.models import Appointment, Level, PostType, Unit
from sangathan.units.services import (
    appointment_create,
    appointment_end,
    levels_ensure_default,
    post_type_save,
    unit_create,
)


def build(context: DemoContext) -> None:
    """Apply the plan: what is there already is recognised and left alone."""
    root, personas = plan_organisation()
    loader = _Loader(root, context.password, context.password_given)
    loader.tree(root, None, context.advance)
    context.logins.extend(login for spec in personas if (login := loader.persona(spec)) is not None)
    context.created.update(loader.created)
    context.skipped.extend(loader.skipped)
    context.units.update(loader.units)


def size() -> int:
    """How many units the demo has: the ticks this step gives ``advance``."""
    root, _ = plan_organisation()
    return len(root.walk())


class _Loader:
    def __init__(self, root: UnitSpec, password: str, password_given: bool) -> None:
        self.password = password
        self.password_given = password_given
        self.created: Counter[str] = Counter()
        self.skipped: list[str] = []
        self.levels = self._levels()
        specs = root.walk()
        codes = [spec.code for spec in specs]
        # Everything already there is read up front, in a few queries, so that a second run
        # does no per-booth lookups at all.
        self.units: dict[str, Unit] = {
            u.code: u for u in Unit.objects.filter(code__in=codes).select_related("level")
        }
        self.people: dict[tuple[str, int], Person] = {
            (p.name, p.home_unit_id): p
            for p in Person.objects.filter(home_unit__code__in=codes)
            if p.home_unit_id is not None
        }
        self.appointments: set[tuple[int, int, int]] = set(
            Appointment.objects.filter(unit__code__in=codes).values_list(
                "person_id", "post_type_id", "unit_id"
            )
        )
        self.posts = self._posts()

    def _levels(self) -> dict[str, Level]:
        levels = {level.name_en: level for level in levels_ensure_default()}
        missing = [name for name in POSTS if name not in levels] + [
            name for name in ("State", "Region") if name not in levels
        ]
        if missing:
            raise DemoError(
                "The demo needs the default levels; these are missing: " + ", ".join(missing)
            )
        return levels

    def _posts(self) -> dict[tuple[str, str], PostType]:
        existing = {
            (pt.level.name_en, pt.code): pt
            for pt in PostType.objects.filter(level__in=self.levels.values()).select_related(
                "level"
            )
        }
        for level_name, posts in POSTS.items():
            for order, (code, name_hi, name_en, seats, min_women) in enumerate(posts):
                if (level_name, code) in existing:
                    continue  # an operator may have changed it since; leave it be
                existing[(level_name, code)] = post_type_save(
                    level=self.levels[level_name],
                    code=code,
                    name_hi=name_hi,
                    name_en=name_en,
                    seats=seats,
                    min_women=min_women,
                    sort_order=order * 10,
                )
                self.created["posts"] += 1
        return existing

    def unit(self, spec: UnitSpec, parent: Unit | None) -> Unit:
        unit = self.units.get(spec.code)
        if unit is None:
            unit = unit_create(
                level=self.levels[spec.level],
                name_hi=spec.name_hi,
                name_en=spec.name_en,
                code=spec.code,
                parent=parent,
            )
            self.units[spec.code] = unit
            self.created["units"] += 1
        return unit

    def person(self, spec: PersonSpec, unit: Unit) -> Person:
        person = self.people.get((spec.name, unit.pk))
        if person is None:
            person = person_create(
                name=spec.name, gender=spec.gender, phone=spec.phone, home_unit=unit
            )
            self.people[(spec.name, unit.pk)] = person
            self.created["people"] += 1
        return person

    def seat(self, spec: SeatSpec, unit: Unit, level: str) -> None:
        person = self.person(spec.person, unit)
        post_type = self.posts[(level, spec.post)]
        key = (person.pk, post_type.pk, unit.pk)
        if key in self.appointments:
            return  # held now or once: either way the demo has been here
        try:
            appointment = appointment_create(
                person=person, post_type=post_type, unit=unit, start_date=spec.start
            )
        except ValidationError as exc:
            # An operator filled the seat meanwhile; their data wins over the demo's.
            self.skipped.append(f"{unit.name_hi}: {'; '.join(exc.messages)}")
            return
        self.appointments.add(key)
        self.created["appointments"] += 1
        if spec.ended is not None:
            until, reason = spec.ended
            appointment_end(appointment=appointment, end_date=until, reason=reason)

    def tree(
        self, spec: UnitSpec, parent: Unit | None, advance: Callable[[int], None] | None
    ) -> None:
        unit = self.unit(spec, parent)
        for resident in spec.residents:
            self.person(resident, unit)
        for seat in spec.seats:
            self.seat(seat, unit, spec.level)
        if advance is not None:
            advance(1)
        for child in spec.children:
            self.tree(child, unit, advance)

    def persona(self, spec: PersonaSpec) -> Login | None:
        unit = self.units[spec.unit_code]
        person = self.people[(spec.person_name, unit.pk)]
        user = User.objects.filter(username__iexact=spec.username).first()
        password = self.password
        if user is None:
            user = user_create(username=spec.username, password=self.password, person=person)
            self.created["accounts"] += 1
        elif user.person_id != person.pk:
            self.skipped.append(
                f"The account {spec.username} exists and is not the demo's; it was left alone."
            )
            return None
        elif not check_password(self.password, user.password):
            if self.password_given:
                user_set_password(user=user, password=self.password)
                self.created["passwords"] += 1
            else:
                password = "(changed since the demo was loaded)"
        if not Grant.objects.filter(user=user, unit=unit).exists():
            grant_set(user=user, unit=unit, role=spec.role)
            self.created["grants"] += 1
        role = Grant.objects.get(user=user, unit=unit).role
        return Login(username=spec.username, role=role, unit=unit, password=password)
