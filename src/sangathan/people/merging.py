"""Merging two records of one person, and undoing it from the audit log.

A merge re-points every row of every app that refers to the merged record (found through the
model registry, so tables added by later features are covered without a change here), fills
the survivor's blank fields from the merged record, and keeps the merged row as history
(status "merged", ``merged_into`` the survivor). What it changed is written to a
``MergeRecord``: the rows it re-pointed and the survivor's fields before, so that the merge can
be undone exactly. The review queue and scoring are in ``people.dedupe``, which re-exports the
functions here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ForeignObjectRel, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sangathan.core.access import require_role
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.people.models import (
    DuplicateBand,
    DuplicatePair,
    DuplicateStatus,
    Gender,
    MergeRecord,
    Person,
    PersonKey,
    PersonStatus,
)
from sangathan.people.services import person_keys_write

if TYPE_CHECKING:
    from sangathan.core.models import AuditEntry, User

# The review's own bookkeeping: keys are rebuilt, pairs and records describe the merge itself.
_NOT_REFERENCES = ("people.personkey", "people.duplicatepair", "people.mergerecord")
# Pairs of the merged record closed by the merge, reopened by an undo.
CLOSED_PAIRS = "people.duplicatepair.status"
DROPPED = ":dropped"
_LIVE = (PersonStatus.ACTIVE, PersonStatus.HELD)
# Survivor fields a merge fills when they are blank (phones and relation are handled apart).
_FILLABLE = (
    "name_deva",
    "name_latin",
    "honorifics",
    "birth_year",
    "locality",
    "address",
    "voter_id",
    "ration_card",
    "aadhaar_last4",
)


# --- Shared with the review queue -----------------------------------------------------------


def require_editor_of(actor: User | None, person: Person) -> None:
    """Editor role on the person's unit; people with no unit are the superuser's."""
    if actor is None:
        return
    if person.home_unit is None:
        if not actor.is_superuser:
            raise Http404
        return
    require_role(actor, person.home_unit, Role.EDITOR)


def open_probable_exists(person: Person) -> bool:
    return DuplicatePair.objects.filter(
        Q(person_a=person) | Q(person_b=person),
        status=DuplicateStatus.OPEN,
        band=DuplicateBand.PROBABLE,
    ).exists()


def release_if_clear(person: Person) -> bool:
    """A held person with no open probable pair counts again."""
    if person.status == PersonStatus.HELD and not open_probable_exists(person):
        person.status = PersonStatus.ACTIVE
        person.save(update_fields=["status", "updated_at"])
        return True
    return False


# --- Finding references ---------------------------------------------------------------------


def person_references() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every (model, foreign key) in the project that points at a person, hidden ones
    (``related_name="+"``) and many-to-many tables included, our own bookkeeping left out."""
    found = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel):
            continue
        if rel.many_to_many:
            continue  # its table's foreign key to Person is listed on its own
        model = rel.related_model
        assert isinstance(model, type) and issubclass(model, models.Model)
        if model._meta.label_lower in _NOT_REFERENCES:
            continue
        fk = rel.field
        assert isinstance(fk, models.ForeignKey)
        found.append((model, fk))
    return found


def _key(model: type[models.Model], fk: models.Field[Any, Any]) -> str:
    return f"{model._meta.label_lower}.{fk.name}"


def _field_of(key: str) -> tuple[type[models.Model], models.Field[Any, Any]]:
    app_label, model_name, field_name = key.split(".")
    model = apps.get_model(app_label, model_name)
    return model, model._meta.get_field(field_name)


def _unique_sets(
    model: type[models.Model], fk: models.Field[Any, Any]
) -> list[tuple[tuple[str, ...], Q | None]]:
    """The unique rules a row's foreign key takes part in: (fields, condition)."""
    sets: list[tuple[tuple[str, ...], Q | None]] = []
    if fk.unique:
        sets.append(((fk.name,), None))
    for together in model._meta.unique_together:
        if fk.name in together:
            sets.append((tuple(together), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk.name in constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition))
    return sets


def _clashes(row: models.Model, fk: models.Field[Any, Any], survivor: Person) -> bool:
    """Would pointing ``row`` at ``survivor`` break a unique rule of its table?"""
    model = type(row)
    manager = model._base_manager
    for fields, condition in _unique_sets(model, fk):
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue
        same: dict[str, Any] = {fk.attname: survivor.pk}
        for name in fields:
            if name != fk.name:
                column = model._meta.get_field(name)
                assert isinstance(column, models.Field)
                attname = column.attname
                same[attname] = getattr(row, attname)
        if any(value is None for value in same.values()):
            continue  # NULLs never clash
        others = manager.filter(**same).exclude(pk=row.pk)
        if condition is not None:
            others = others.filter(condition)
        if others.exists():
            return True
    return False


@dataclass
class _Plan:
    moves: dict[str, list[Any]] = field(default_factory=dict)
    dropped: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)


def _plan(merged: Person, survivor: Person) -> _Plan:
    plan = _Plan()
    for model, fk in person_references():
        key = _key(model, fk)
        rows = model._base_manager.filter(**{fk.attname: merged.pk}).order_by("pk")
        if not _unique_sets(model, fk):
            pks = list(rows.values_list("pk", flat=True))
            if pks:
                plan.moves[key] = pks
            continue
        for row in rows:
            if not _clashes(row, fk, survivor):
                plan.moves.setdefault(key, []).append(row.pk)
            elif model._meta.auto_created:
                # A many-to-many row both records have (a tag, a meeting attended): the
                # survivor's copy is enough; the merged one is kept in the record for undo.
                values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
                plan.dropped.setdefault(key + DROPPED, []).append(values)
            elif model._meta.label_lower == "core.user":
                plan.conflicts.append(
                    _(
                        "Both records have an account (%(first)s and %(second)s). Deactivate "
                        "one account and unlink it from its person before merging."
                    )
                    % {
                        "first": getattr(getattr(survivor, "account", None), "username", ""),
                        "second": getattr(row, "username", row),
                    }
                )
            else:
                plan.conflicts.append(
                    _("Both records have the same %(kind)s: %(row)s. End or remove one first.")
                    % {"kind": model._meta.verbose_name, "row": row}
                )
    return plan


# --- Merge ----------------------------------------------------------------------------------


def _lock(*pks: int) -> dict[int, Person]:
    # Lock in id order so two merges touching the same people cannot deadlock.
    rows = Person.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    return {p.pk: p for p in rows}


def _fill_blanks(survivor: Person, merged: Person) -> dict[str, Any]:
    """Give the survivor what only the merged record knew; return the fields' old values."""
    before: dict[str, Any] = {}

    def take(attname: str, value: Any) -> None:
        before.setdefault(attname, getattr(survivor, attname))
        setattr(survivor, attname, value)

    for name in _FILLABLE:
        if getattr(survivor, name) in ("", None) and getattr(merged, name) not in ("", None):
            take(name, getattr(merged, name))
    if not survivor.relation_name and merged.relation_name:
        take("relation_kind", merged.relation_kind)
        take("relation_name", merged.relation_name)
    if survivor.gender == Gender.UNKNOWN and merged.gender != Gender.UNKNOWN:
        take("gender", merged.gender)
    # A number the survivor does not have becomes its phone, or its second phone.
    for number in (merged.phone, merged.phone2):
        if not number or number in (survivor.phone, survivor.phone2):
            continue
        if not survivor.phone:
            take("phone", number)
        elif not survivor.phone2:
            take("phone2", number)
    if survivor.home_unit_id is None and merged.home_unit_id is not None:
        take("home_unit_id", merged.home_unit_id)
        take("unit_path", merged.unit_path)
    if (
        survivor.household_id is None
        and merged.household_id is not None
        and merged.household is not None
        and merged.household.unit_id == survivor.home_unit_id
    ):
        take("household_id", merged.household_id)
    return before


@transaction.atomic
def duplicate_merge(*, pair: DuplicatePair, survivor: Person, actor: User | None) -> MergeRecord:
    """Merge the other person of ``pair`` into ``survivor``. Refused, with the reason, when a
    row cannot be moved without breaking a rule (both hold the same open post; both have an
    account)."""
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != DuplicateStatus.OPEN:
        raise ValidationError(_("This pair has already been decided."))
    if survivor.pk not in (pair.person_a_id, pair.person_b_id):
        raise ValidationError(_("The record to keep must be one of the pair."))
    merged_pk = pair.person_b_id if survivor.pk == pair.person_a_id else pair.person_a_id
    locked = _lock(survivor.pk, merged_pk)
    survivor, merged = locked[survivor.pk], locked[merged_pk]
    for person in (survivor, merged):
        require_editor_of(actor, person)
        if person.status not in _LIVE:
            raise ValidationError(
                _("%(name)s has already been merged or erased.") % {"name": person.name}
            )
    plan = _plan(merged, survivor)
    if plan.conflicts:
        raise ValidationError(plan.conflicts)
    before = _fill_blanks(survivor, merged)
    for key, rows in plan.dropped.items():
        model, _fk = _field_of(key.removesuffix(DROPPED))
        pk_name = model._meta.pk.attname
        model._base_manager.filter(pk__in=[r[pk_name] for r in rows]).delete()
    for key, pks in plan.moves.items():
        model, fk = _field_of(key)
        model._base_manager.filter(pk__in=pks).update(**{fk.attname: survivor.pk})
    now = timezone.now()
    decider = actor if actor is not None and actor.is_authenticated else None
    DuplicatePair.objects.filter(pk=pair.pk).update(
        status=DuplicateStatus.MERGED, decided_by=decider, decided_at=now
    )
    closed = list(
        DuplicatePair.objects.filter(
            Q(person_a=merged) | Q(person_b=merged), status=DuplicateStatus.OPEN
        ).values_list("pk", flat=True)
    )
    DuplicatePair.objects.filter(pk__in=closed).update(
        status=DuplicateStatus.MERGED, decided_by=decider, decided_at=now
    )
    if survivor.status == PersonStatus.HELD and not open_probable_exists(survivor):
        before.setdefault("status", survivor.status)
        survivor.status = PersonStatus.ACTIVE
    survivor.save()
    if {"name_latin", "unit_path"} & set(before):
        person_keys_write(survivor)
    merged.status = PersonStatus.MERGED
    merged.merged_into = survivor
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    # A merged record is found through its survivor, never by its own name.
    PersonKey.objects.filter(person=merged).delete()
    repointed: dict[str, Any] = {**plan.moves, **plan.dropped}
    if closed:
        repointed[CLOSED_PAIRS] = closed
    record = MergeRecord.objects.create(
        survivor=survivor,
        merged=merged,
        repointed=_jsonable(repointed),
        survivor_before=_jsonable(before),
        actor=decider,
    )
    audit(
        actor=actor,
        unit=survivor.home_unit,
        action="people.merged",
        target=survivor,
        changes={
            "merge_record": str(record.uuid),
            "survivor": str(survivor.uuid),
            "merged": str(merged.uuid),
            "pair": str(pair.uuid),
            "repointed": {k: len(v) for k, v in repointed.items()},
            "filled": sorted(before),
        },
    )
    return record


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # uuids and dates of a dropped many-to-many row


# --- Undo -----------------------------------------------------------------------------------


@transaction.atomic
def merge_undo(*, record: MergeRecord, actor: User | None) -> Person:
    """Reverse a merge from its record: the re-pointed rows go back, the survivor's fields and
    tags are as they were, the merged record counts again (held, if its pair is probable) and
    its pair is back in the queue.
    Returns the restored person."""
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    locked = _lock(record.survivor_id, record.merged_id)
    survivor, merged = locked[record.survivor_id], locked[record.merged_id]
    for person in (survivor, merged):
        require_editor_of(actor, person)
    if merged.status != PersonStatus.MERGED or merged.merged_into_id != survivor.pk:
        raise ValidationError(
            _("The merged record has changed since; this merge cannot be undone.")
        )
    if survivor.status not in _LIVE:
        raise ValidationError(
            _("%(name)s has since been merged or erased; undo that first.")
            % {"name": survivor.name}
        )
    try:
        with transaction.atomic():
            _put_back(record.repointed, survivor=survivor, merged=merged)
    except IntegrityError as exc:
        raise ValidationError(
            _("Rows added since the merge stand in the way; this merge cannot be undone.")
        ) from exc
    for attname, value in record.survivor_before.items():
        setattr(survivor, attname, value)
    survivor.save()
    if {"name_latin", "unit_path"} & set(record.survivor_before):
        person_keys_write(survivor)
    a, b = sorted((survivor.pk, merged.pk))
    DuplicatePair.objects.filter(person_a_id=a, person_b_id=b).update(
        status=DuplicateStatus.OPEN, decided_by=None, decided_at=None
    )
    # Back in the queue undecided: held again if a probable pair waits, as before the merge.
    merged.status = PersonStatus.HELD if open_probable_exists(merged) else PersonStatus.ACTIVE
    merged.merged_into = None
    merged.save(update_fields=["status", "merged_into", "updated_at"])
    person_keys_write(merged)
    record.undone_at = timezone.now()
    record.save(update_fields=["undone_at"])
    audit(
        actor=actor,
        unit=survivor.home_unit,
        action="people.merge_undone",
        target=merged,
        changes={"merge_record": str(record.uuid), "survivor": str(survivor.uuid)},
    )
    return merged


def _put_back(repointed: dict[str, Any], *, survivor: Person, merged: Person) -> None:
    for key, rows in repointed.items():
        if key == CLOSED_PAIRS:
            DuplicatePair.objects.filter(pk__in=rows, status=DuplicateStatus.MERGED).update(
                status=DuplicateStatus.OPEN, decided_by=None, decided_at=None
            )
        elif key.endswith(DROPPED):
            model, _fk = _field_of(key.removesuffix(DROPPED))
            model._base_manager.bulk_create([model(**values) for values in rows])
        else:
            model, fk = _field_of(key)
            # Only rows still pointing at the survivor: one moved on since stays where it is.
            model._base_manager.filter(pk__in=rows, **{fk.attname: survivor.pk}).update(
                **{fk.attname: merged.pk}
            )


def merge_record_for_audit_entry(entry: AuditEntry) -> MergeRecord | None:
    """The merge an audit entry of ``people.merged`` describes, for the log's "undo"."""
    if entry.action != "people.merged":
        return None
    uuid = (entry.changes or {}).get("merge_record")
    if not uuid:
        return None
    try:
        return MergeRecord.objects.select_related("survivor", "merged").filter(uuid=uuid).first()
    except ValidationError:
        return None
