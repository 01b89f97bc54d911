"""The audit log: every write made through a service leaves one entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sangathan.core.models import AuditEntry, describe

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sangathan.core.models import User
    from sangathan.units.models import Unit


def audit(
    *,
    actor: User | AnonymousUser | None,
    unit: Unit | None,
    action: str,
    target: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record ``action`` (``app.verb``, e.g. ``units.moved``) by ``actor`` on ``target``.

    ``changes`` maps a field to ``[old, new]`` (or to a value for a creation); values must be
    JSON-serialisable. Call it inside the service's transaction so that a write that rolls back
    leaves no entry behind."""
    target_type, target_id, target_repr = describe(target)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        unit=unit,
        unit_path=unit.path if unit is not None else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        changes=_jsonable(changes or {}),
    )


def diff(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """The ``[old, new]`` pairs of ``fields`` whose value differs from ``obj``'s."""
    changed: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [old, new]
    return changed


def save_changes(
    obj: Any,
    fields: dict[str, Any],
    *,
    actor: User | AnonymousUser | None,
    unit: Unit | None,
    action: str,
) -> dict[str, list[Any]]:
    """Set ``fields`` on ``obj``, save it, and audit what really changed (nothing changed: no
    entry). The ``[old, new]`` changes are returned."""
    changes = diff(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    if changes:
        audit(actor=actor, unit=unit, action=action, target=obj, changes=changes)
    return changes


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "_meta"):
        return describe(value)[2]
    return str(value)
