"""Fetching relief objects for a user, and who may do what with them.

- See a store, drive, point, transfer, distribution: any role whose reach covers its unit
  (a store's named keepers see their store too).
- Move a store's stock (receipt, adjustment, assembly, sending a transfer): an editor of the
  store's unit or one of its named keepers. Receiving a transfer: the same for the receiving
  store.
- Plan a drive (items, rules, points, duty): editor of the drive's unit.
- Hand over at a point: a worker of the point's unit or of the drive's unit, a volunteer on
  duty at the point, or a keeper of the point's store.
- Look people up (and hand over to them) at a point: ``point_reach``. Whoever serves there
  because of the point itself, without a grant over its unit, looks up the point's catchment.
Outside reach (or an unknown id) is a 404; inside it, too low a role is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sangathan.core.access import has_role, path_filter, reach_of, role_for_unit
from sangathan.core.models import Role
from sangathan.relief.models import (
    Beneficiary,
    Distribution,
    DistributionPoint,
    Drive,
    DriveStatus,
    Item,
    Store,
    Transfer,
)

if TYPE_CHECKING:
    from sangathan.core.access import AnyUser
    from sangathan.units.models import Unit


def _get(queryset: QuerySet[Any], uuid: Any) -> Any:
    try:
        return queryset.get(uuid=uuid)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _is_keeper(user: AnyUser, store: Store) -> bool:
    return user.pk is not None and store.keepers.filter(pk=user.pk).exists()


def may_keep(user: AnyUser | None, store: Store) -> bool:
    """Whether ``user`` may move this store's stock (``None`` is the system: CLI, demo)."""
    if user is None:
        return True
    return has_role(user, store.unit, Role.EDITOR) or _is_keeper(user, store)


def require_keeper(user: AnyUser | None, store: Store) -> None:
    if not may_keep(user, store):
        raise PermissionDenied(
            _("Only the keepers of %(store)s or an editor of %(unit)s can move its stock.")
            % {"store": store.name, "unit": store.unit.name}
        )


def may_plan(user: AnyUser | None, drive: Drive) -> bool:
    return user is None or has_role(user, drive.unit, Role.EDITOR)


def _serves_by_point(user: AnyUser, point: DistributionPoint) -> bool:
    """On duty at the point (any day) or a keeper of its store: serving there because of the
    point itself, whatever the user's grants."""
    person_id = getattr(user, "person_id", None)
    if person_id is not None and point.duties.filter(person_id=person_id).exists():
        return True
    return _is_keeper(user, point.store)


def may_distribute(user: AnyUser | None, point: DistributionPoint) -> bool:
    if user is None:
        return True
    if has_role(user, point.unit, Role.WORKER) or has_role(user, point.drive.unit, Role.WORKER):
        return True
    return _serves_by_point(user, point)


@dataclass(frozen=True)
class PointReach:
    """Whom one user may look up, and hand over to, at one point: the people ``user`` may see
    (``None``: nobody's grants limit it) inside ``within``. Pass both to ``person_search``."""

    user: AnyUser | None
    within: Unit

    def people(self, field: str = "unit_path") -> Q:
        """A filter for rows (people, households) this reach covers."""
        q = Q(**{f"{field}__subtree": self.within.path})
        if self.user is not None:
            q &= path_filter(self.user, field)
        return q

    def covers(self, path: str) -> bool:
        if not path.startswith(self.within.path):
            return False
        return self.user is None or reach_of(self.user).role_at(path) is not None


def point_reach(user: AnyUser, point: DistributionPoint) -> PointReach:
    """How ``user`` looks people up at ``point``: the one rule for the point page's search,
    people-alike check, referrer, the person picked by id, and the hand-over itself.

    A user whose grants cover the point's unit keeps their reach, inside the drive's unit.
    A user who serves there only because of the point (on duty, or keeping its store) looks
    up the point's catchment: the point's unit and below, never beyond the drive's unit. A
    duty on any day of the point counts (a hand-over is only ever possible within the drive's
    dates), but only while the drive is not closed: a closed drive hands out nothing, and
    its volunteers go back to their own reach."""
    drive = point.drive
    if (
        role_for_unit(user, point.unit) is None
        and drive.status != DriveStatus.CLOSED
        and _serves_by_point(user, point)
    ):
        inside = point.unit.path.startswith(drive.unit.path)
        return PointReach(user=None, within=point.unit if inside else drive.unit)
    return PointReach(user=user, within=drive.unit)


# --- Lists ------------------------------------------------------------------------------------


def items_active() -> QuerySet[Item]:
    """The catalogue (shared by the whole organisation)."""
    return Item.objects.filter(is_active=True).prefetch_related("components__component")


def stores_for_user(user: AnyUser, *, unit: Any = None) -> QuerySet[Store]:
    q = path_filter(user, "unit_path")
    if user.is_authenticated:
        q |= Q(keepers=user)
    stores = Store.objects.filter(q, is_active=True).distinct().select_related("unit")
    if unit is not None:
        stores = stores.filter(unit_path__subtree=unit.path)
    return stores


def _serving(user: AnyUser) -> Q:
    """Drives the user serves without reaching their unit: a point in reach, or on duty."""
    points = DistributionPoint.objects.filter(path_filter(user, "unit_path"))
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        points = points | DistributionPoint.objects.filter(duties__person_id=person_id)
    return Q(pk__in=points.values("drive_id"))


def drives_for_user(user: AnyUser, *, unit: Any = None) -> QuerySet[Drive]:
    """Drives of units in reach, and drives with a point the user serves at."""
    drives = Drive.objects.filter(path_filter(user, "unit_path") | _serving(user)).select_related(
        "unit"
    )
    if unit is not None:
        drives = drives.filter(unit_path__subtree=unit.path)
    return drives


def beneficiaries_for_user(user: AnyUser, *, unit: Any = None) -> QuerySet[Beneficiary]:
    rows = Beneficiary.objects.filter(path_filter(user, "unit_path")).select_related(
        "person", "person__household", "referred_by"
    )
    if unit is not None:
        rows = rows.filter(unit_path__subtree=unit.path)
    return rows.prefetch_related("categories")


def transfers_for_store(store: Store) -> QuerySet[Transfer]:
    return (
        Transfer.objects.filter(Q(from_store=store) | Q(to_store=store))
        .select_related("from_store", "to_store")
        .prefetch_related("lines__item")
    )


# --- One object -------------------------------------------------------------------------------


def store_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Store:
    """404 outside reach (unless a named keeper); ``write=True`` needs a keeper (403)."""
    store: Store = _get(Store.objects.select_related("unit"), uuid)
    if role_for_unit(user, store.unit) is None and not _is_keeper(user, store):
        raise Http404
    if write:
        require_keeper(user, store)
    return store


def transfer_get_for_user(user: AnyUser, *, uuid: Any) -> Transfer:
    """Seen from either end: by whoever may see the sending or the receiving store."""
    transfer: Transfer = _get(
        Transfer.objects.select_related("from_store__unit", "to_store__unit"), uuid
    )
    for store in (transfer.from_store, transfer.to_store):
        if role_for_unit(user, store.unit) is not None or _is_keeper(user, store):
            return transfer
    raise Http404


def drive_get_for_user(user: AnyUser, *, uuid: Any, write: bool = False) -> Drive:
    """404 outside reach (a volunteer who may hand over at one of its points sees it);
    ``write=True`` needs an editor of the drive's unit (403)."""
    drive: Drive = _get(Drive.objects.select_related("unit"), uuid)
    if role_for_unit(user, drive.unit) is None and not any(
        may_distribute(user, p) for p in drive.points.select_related("unit", "drive__unit", "store")
    ):
        raise Http404
    if write and not may_plan(user, drive):
        raise PermissionDenied
    return drive


def point_get_for_user(user: AnyUser, *, uuid: Any) -> DistributionPoint:
    point: DistributionPoint = _get(
        DistributionPoint.objects.select_related("drive__unit", "unit", "store__unit"), uuid
    )
    if role_for_unit(user, point.drive.unit) is None and not may_distribute(user, point):
        raise Http404
    return point


def point_get(drive: Drive, *, uuid: Any) -> DistributionPoint:
    """One of the drive's points (404 otherwise)."""
    point: DistributionPoint = _get(
        drive.points.select_related("drive__unit", "unit", "store__unit"), uuid
    )
    return point


def distribution_get_for_user(user: AnyUser, *, uuid: Any) -> Distribution:
    row: Distribution = _get(
        Distribution.objects.filter(path_filter(user, "unit_path")).select_related(
            "item", "point", "drive", "person", "household"
        ),
        uuid,
    )
    return row


def beneficiary_get_for_user(user: AnyUser, *, uuid: Any) -> Beneficiary:
    row: Beneficiary = _get(
        Beneficiary.objects.filter(path_filter(user, "unit_path")).select_related("person"), uuid
    )
    return row
