"""Relief drives, beneficiaries and batch distributions (mounted by ``api.relief``).

Distributions are uploaded in batches and answered per record; a record sent twice (same
uuid) is stored once. A drive outside your units is a 404 (a volunteer who serves at one of
its points sees it)."""

# No ``from __future__ import annotations`` here: ninja's @paginate wraps the view, and ninja
# then resolves string annotations in the wrapper's module, where UUID is unknown.

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sangathan.api import relief_schemas as s
from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS, FieldsInvalid
from sangathan.api.pagination import Page
from sangathan.core.access import path_filter, unit_get_for_user
from sangathan.people.models import Household, Person
from sangathan.relief import beneficiaries, distribution, drives, reports
from sangathan.relief import selectors as sel
from sangathan.relief.models import DistributionPoint, Drive, Store

router = Router(tags=["relief"])


# --- Drives -----------------------------------------------------------------------------------


@router.get("/relief/drives/", summary="List drives", response={200: list[s.DriveOut], **ERRORS})
@paginate(Page)
def drive_list(request: HttpRequest, filters: Query[s.UnitQuery]) -> Any:
    """Drives of your units, and drives with a point you serve at; ``unit`` narrows to a
    subtree."""
    user = request_user(request)
    return [
        s.drive_out(d)
        for d in sel.drives_for_user(user, unit=s.unit_or_none(request_user(request), filters.unit))
    ]


@router.post("/relief/drives/", summary="Plan a drive", response={201: s.DriveOut, **ERRORS})
def drive_add(request: HttpRequest, payload: s.DriveIn) -> Any:
    """A drive of a unit's subtree (editor of the unit)."""
    user = request_user(request)
    drive = drives.drive_create(
        unit=unit_get_for_user(user, uuid=payload.unit),
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        note=payload.note,
        actor=user,
    )
    return Status(201, s.drive_out(drive, full=True))


@router.get("/relief/drives/{uuid}/", summary="Show a drive", response={200: s.DriveOut, **ERRORS})
def drive_detail(request: HttpRequest, uuid: UUID) -> Any:
    """The drive with its items, rules and points."""
    return s.drive_out(sel.drive_get_for_user(request_user(request), uuid=uuid), full=True)


@router.post(
    "/relief/drives/{uuid}/items/",
    summary="Offer an item with its rules",
    response={200: s.DriveOut, **ERRORS},
)
def drive_item(request: HttpRequest, uuid: UUID, payload: s.DriveItemIn) -> Any:
    """Offer an item in the drive, or change its rules per household: ``per_drive``,
    ``per_day``, ``min_interval_hours`` (empty: no limit). Editor of the drive's unit."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid, write=True)
    drives.drive_item_set(
        drive=drive,
        item=s.item_by_code(payload.item),
        per_drive=payload.per_drive,
        per_day=payload.per_day,
        min_interval_hours=payload.min_interval_hours,
        actor=user,
    )
    return s.drive_out(drive, full=True)


@router.post(
    "/relief/drives/{uuid}/points/",
    summary="Add a distribution point",
    response={201: s.PointOut, **ERRORS},
)
def point_add(request: HttpRequest, uuid: UUID, payload: s.PointIn) -> Any:
    """A distribution point drawing from a store of the drive's subtree. Editor of the
    drive's unit."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid, write=True)
    store = Store.objects.filter(uuid=payload.store, is_active=True).first()
    if store is None:
        raise FieldsInvalid({"store": [_("There is no such store.")]})
    unit = s.unit_or_none(request_user(request), payload.unit)
    point = drives.point_add(drive=drive, name=payload.name, store=store, unit=unit, actor=user)
    return Status(201, s.point_out(point))


@router.post(
    "/relief/points/{uuid}/duty/",
    summary="Put a volunteer on duty",
    response={201: s.PointOut, **ERRORS},
)
def duty_add(request: HttpRequest, uuid: UUID, payload: s.DutyIn) -> Any:
    """Put a person on duty at the point for one shift of a drive day; they may then hand
    over there. Editor of the drive's unit."""
    user = request_user(request)
    point = sel.point_get_for_user(user, uuid=uuid)
    person = Person.objects.filter(path_filter(user, "unit_path"), uuid=payload.person).first()
    if person is None:
        raise FieldsInvalid({"person": [_("There is no such person in your units.")]})
    drives.duty_add(point=point, person=person, day=payload.day, shift=payload.shift, actor=user)
    return Status(201, s.point_out(point))


class StatusIn(Schema):
    status: str = Field(description="planned, active or closed (a closed drive hands out nothing).")


@router.post(
    "/relief/drives/{uuid}/status/",
    summary="Open or close a drive",
    response={200: s.DriveOut, **ERRORS},
)
def drive_status(request: HttpRequest, uuid: UUID, payload: StatusIn) -> Any:
    """Set the drive's status. Editor of the drive's unit."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid, write=True)
    drives.drive_set_status(drive=drive, status=payload.status, actor=user)
    return s.drive_out(drive, full=True)


# --- Beneficiaries ----------------------------------------------------------------------------


def _beneficiary(row: Any) -> dict[str, Any]:
    return {
        "uuid": row.uuid,
        "person": s.ref(row.person),
        "household": row.person.household.uuid if row.person.household_id else None,
        "unit": s.ref(row.unit),
        "categories": [t.code for t in row.categories.all()],
        "referred_by": s.ref(row.referred_by) if row.referred_by else None,
    }


@router.get(
    "/relief/beneficiaries/",
    summary="List beneficiaries",
    response={200: list[s.BeneficiaryOut], **ERRORS},
)
@paginate(Page)
def beneficiary_list(request: HttpRequest, filters: Query[s.UnitQuery]) -> Any:
    """People marked as in need, with their priority categories and who referred them."""
    user = request_user(request)
    rows = sel.beneficiaries_for_user(
        user, unit=s.unit_or_none(request_user(request), filters.unit)
    )
    return [_beneficiary(r) for r in rows.select_related("unit")]


@router.post(
    "/relief/beneficiaries/",
    summary="Add a beneficiary",
    response={201: s.BeneficiaryOut, **ERRORS},
)
def beneficiary_add(request: HttpRequest, payload: s.BeneficiaryIn) -> Any:
    """Someone from the registry (``person``), or a quick-add at the point: a name in either
    script and a phone or locality (the duplicate checks run on the new person)."""
    user = request_user(request)
    unit = unit_get_for_user(user, uuid=payload.unit)
    referred = None
    if payload.referred_by is not None:
        referred = Person.objects.filter(
            path_filter(user, "unit_path"), uuid=payload.referred_by
        ).first()
        if referred is None:
            raise FieldsInvalid({"referred_by": [_("There is no such person in your units.")]})
    if payload.person is not None:
        person = Person.objects.filter(path_filter(user, "unit_path"), uuid=payload.person).first()
        if person is None:
            raise FieldsInvalid({"person": [_("There is no such person in your units.")]})
        row = beneficiaries.beneficiary_add(
            person=person,
            unit=unit,
            categories=payload.categories,
            referred_by=referred,
            actor=user,
        )
    else:
        row = beneficiaries.beneficiary_quick_add(
            unit=unit,
            referred_by=referred,
            uuid=payload.uuid,
            actor=user,
            details=beneficiaries.QuickAdd(
                name=payload.name,
                phone=payload.phone,
                locality=payload.locality,
                gender=payload.gender,
                categories=payload.categories,
            ),
        )
    return Status(201, _beneficiary(row))


# --- Distributions ----------------------------------------------------------------------------


@router.post(
    "/relief/drives/{uuid}/distributions/",
    summary="Upload distributions",
    response={200: s.BatchOut, **ERRORS},
)
def distribution_upload(request: HttpRequest, uuid: UUID, payload: s.BatchIn) -> Any:
    """A batch of hand-overs, answered per record in order: ``stored``, ``already_stored``
    (the uuid was sent before) or ``refused`` with ``code`` (``entitlement``,
    ``likely_duplicate`` with the ``similar`` grants, ``over_issue``, ``invalid``,
    ``forbidden``) and the sentence to show. A person or household is accepted only if the
    caller may look them up at the record's point, as on the point page: their own units
    inside the drive's, or for a volunteer there only by duty (or keeping its store) the
    point's catchment while the drive is not closed; anyone else is ``invalid``."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid)
    results: list[Any] = []
    for rec in payload.records:
        try:
            point = sel.point_get(drive, uuid=rec.point)
        except Http404:
            results.append(_bad(rec.uuid, {"point": [_("This point is not part of the drive.")]}))
            continue
        try:
            spec = distribution.DistributionSpec(
                uuid=rec.uuid,
                point=point,
                item=s.item_by_code(rec.item),
                quantity=rec.quantity,
                household=s.in_drive_area(Household, rec.household, drive, "household"),
                person=s.in_drive_area(Person, rec.person, drive, "person"),
                given_at=rec.given_at,
                override_reason=rec.override_reason,
            )
        except FieldsInvalid as exc:
            results.append(_bad(rec.uuid, exc.fields))
            continue
        [result] = distribution.distribution_batch(drive=drive, records=[spec], actor=user)
        results.append(result)
    return {"results": [s.result_out(r) for r in results]}


def _bad(uuid: UUID, fields: dict[str, list[str]]) -> Any:
    return distribution.BatchResult(
        uuid=uuid,
        status="refused",
        code="invalid",
        error=" ".join(m for msgs in fields.values() for m in msgs),
        fields=fields,
    )


@router.get(
    "/relief/drives/{uuid}/distributions/",
    summary="List a drive's distributions",
    response={200: list[s.DistributionOut], **ERRORS},
)
@paginate(Page)
def distribution_list(request: HttpRequest, uuid: UUID) -> Any:
    """The drive's hand-overs at points in your units, newest first."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid)
    rows = drive.distributions.filter(path_filter(user, "unit_path")).select_related(
        "point", "item", "household", "person"
    )
    return [s.distribution_out(r) for r in rows]


class SimilarQuery(Schema):
    name: str = ""
    household: UUID | None = None
    point: UUID | None = None
    item: str | None = None


@router.get(
    "/relief/drives/{uuid}/similar/",
    summary="Who like this was served today",
    response={200: list[s.SimilarOut], **ERRORS},
)
def similar(request: HttpRequest, uuid: UUID, filters: Query[SimilarQuery]) -> Any:
    """Grants of the drive today to names like ``name`` in either script (or to
    ``household``): show them before handing over."""
    drive = sel.drive_get_for_user(request_user(request), uuid=uuid)
    point = None
    if filters.point is not None:
        point = DistributionPoint.objects.filter(drive=drive, uuid=filters.point).first()
    found = distribution.recent_similar_grants(
        drive,
        name=filters.name,
        household=s.in_drive_area(Household, filters.household, drive, "household"),
        point=point,
        item=s.item_by_code(filters.item) if filters.item else None,
    )
    return [{"distribution": f.distribution.uuid, "name": f.name, "text": f.text} for f in found]


@router.get(
    "/relief/drives/{uuid}/summary/",
    summary="The drive summary",
    response={200: s.SummaryOut, **ERRORS},
)
def summary(request: HttpRequest, uuid: UUID, format: str = "json") -> Any:
    """Totals so far (live), with the WhatsApp text. ``format=xlsx`` or ``pdf`` (Hindi)
    answers the file instead."""
    user = request_user(request)
    drive = sel.drive_get_for_user(user, uuid=uuid)
    if format == "xlsx":
        return _file(
            reports.summary_xlsx(drive=drive, actor=user), reports.XLSX_TYPE, drive, "xlsx"
        )
    if format == "pdf":
        return _file(reports.summary_pdf(drive=drive, actor=user), reports.PDF_TYPE, drive, "pdf")
    data = reports.drive_summary(drive, user=user)
    return {
        "text": reports.summary_text(data),
        "items": [{"item": i.code, "quantity": q, "grants": n} for i, q, n in data.items],
        "households": data.served.households,
        "people": data.served.people,
        "anonymous": data.served.anonymous,
        "by_category": data.served.by_category,
    }


def _file(body: bytes, content_type: str, drive: Drive, ext: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="relief-{stamp}-{drive.uuid}.{ext}"'
    return response
