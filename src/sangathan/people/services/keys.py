"""A person's match keys: written with every change of name (``person_keys_write``), and
recomputed in bulk when the rules change (``people_rekey``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from sangathan.lib import names
from sangathan.people.models import Person, PersonKey


def person_keys_write(person: Person) -> None:
    """Replace the person's match keys with keys made by the current rules."""
    PersonKey.objects.filter(person=person).delete()
    keys = set(names.match_keys(person.name))
    if person.name_latin and person.name_latin != person.name:
        keys.update(names.match_keys(person.name_latin))
    PersonKey.objects.bulk_create(
        [PersonKey(person=person, key=key[:32], unit_path=person.unit_path) for key in keys]
    )
    if person.key_version != names.KEY_VERSION:
        Person.objects.filter(pk=person.pk).update(key_version=names.KEY_VERSION)
        person.key_version = names.KEY_VERSION


def people_rekey(
    *,
    everyone: bool = False,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Recompute match keys made by older rules (or everyone's), a batch per transaction so a
    state-size registry is rekeyed without one huge lock. Returns how many people were
    rekeyed. Not audited per person: it changes no fact about anyone."""
    done = 0
    last_pk = 0
    while True:
        people = Person.objects.filter(pk__gt=last_pk).order_by("pk")
        if not everyone:
            people = people.exclude(key_version=names.KEY_VERSION)
        rows = list(people.values_list("pk", "name", "name_latin", "unit_path")[:batch_size])
        if not rows:
            return done
        with transaction.atomic():
            pks = [row[0] for row in rows]
            PersonKey.objects.filter(person_id__in=pks).delete()
            keys: list[PersonKey] = []
            for pk, name, latin, path in rows:
                made = set(names.match_keys(name))
                if latin and latin != name:
                    made.update(names.match_keys(latin))
                keys.extend(PersonKey(person_id=pk, key=k[:32], unit_path=path) for k in made)
            PersonKey.objects.bulk_create(keys, batch_size=5000)
            Person.objects.filter(pk__in=pks).update(key_version=names.KEY_VERSION)
        done += len(rows)
        last_pk = rows[-1][0]
        if progress is not None:
            progress(len(rows))
