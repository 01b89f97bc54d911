"""The vacancy workbook: a summary sheet, the vacant units with their place in the tree, and
who holds the posts. Written row by row (openpyxl write-only mode) from database iterators, so
a state's 1.6 lakh booths never sit in memory as cell objects. Every export is audited."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sangathan.core.access import reach_of
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.units.models import Appointment, Level, PostType, Unit, bilingual
from sangathan.units.selectors import breadcrumb, vacancy_summary, vacant_units

if TYPE_CHECKING:
    from sangathan.core.models import User

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Export:
    file: IO[bytes]
    filename: str
    vacant_rows: int


def vacancies_export(*, root: Unit, post_type: PostType | None, actor: User) -> Export:
    """Write the vacancy workbook for ``root``'s subtree (one post, or every post) to a
    temporary file and record the export. The caller has checked that ``actor`` may see
    ``root``; phones are shown in full only where ``actor`` is an editor."""
    posts = [post_type] if post_type is not None else [r.post_type for r in vacancy_summary(root)]
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, root)
    vacant_rows = _vacant_sheet(workbook, root, posts)
    full_phones = _holders_sheet(workbook, root, post_type, actor)
    # Handed to the response, which closes it after streaming: no ``with`` here.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(out)
    out.seek(0)
    audit(
        actor=actor,
        unit=root,
        action="units.vacancies_exported",
        target=root,
        changes={
            "post": post_type.name_hi if post_type is not None else None,
            "vacant_rows": vacant_rows,
            "full_phones": full_phones,
        },
    )
    stamp = timezone.localdate().isoformat()
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", root.code or "") or str(root.uuid)[:8]
    return Export(file=out, filename=f"vacancies-{code}-{stamp}.xlsx", vacant_rows=vacant_rows)


def _bold(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _sheet(workbook: Workbook, title: str) -> WriteOnlyWorksheet:
    # Excel refuses titles over 31 characters or with []:*?/\ in them.
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
    assert isinstance(sheet, WriteOnlyWorksheet)
    return sheet


def _summary_sheet(workbook: Workbook, root: Unit) -> None:
    sheet = _sheet(workbook, _("Summary"))
    sheet.append(_bold(sheet, [root.name, root.level.name]))
    sheet.append([_("As on"), timezone.localdate().isoformat()])
    sheet.append([])
    sheet.append(
        _bold(
            sheet,
            [
                _("Post"),
                _("Level"),
                _("Units"),
                _("Units with nobody"),
                _("Seats"),
                _("Seats filled"),
                _("Seats empty"),
            ],
        )
    )
    for row in vacancy_summary(root):
        sheet.append(
            [
                row.post_type.name,
                row.post_type.level.name,
                row.units,
                row.units_empty,
                row.seats,
                row.seats_filled,
                row.seats_empty,
            ]
        )


def _vacant_sheet(workbook: Workbook, root: Unit, posts: list[PostType]) -> int:
    """One row per (post, unit with nobody in it), with a column per level above the unit
    holding the name of its ancestor there."""
    sheet = _sheet(workbook, _("Vacant units"))
    deepest = max((p.level.depth for p in posts), default=root.level.depth)
    above = list(Level.objects.filter(depth__lt=deepest))
    sheet.append(
        _bold(
            sheet,
            [
                _("Post"),
                *[lv.name for lv in above],
                _("Level"),
                _("Code"),
                _("Hindi name"),
                _("English name"),
            ],
        )
    )
    names = _ancestor_names(root, deepest)
    column = {lv.depth: i for i, lv in enumerate(above)}
    steplen = Unit.steplen
    rows = 0
    for post in posts:
        units = vacant_units(root, post).values_list(
            "path", "code", "name_hi", "name_en", "level__name_hi", "level__name_en"
        )
        for path, code, name_hi, name_en, level_hi, level_en in units.iterator(chunk_size=2000):
            place = [""] * len(above)
            for end in range(steplen, len(path), steplen):
                ancestor = names.get(path[:end])
                if ancestor is not None and ancestor[0] in column:
                    place[column[ancestor[0]]] = ancestor[1]
            sheet.append(
                [post.name, *place, bilingual(level_hi, level_en), code or "", name_hi, name_en]
            )
            rows += 1
    return rows


def _ancestor_names(root: Unit, deepest: int) -> dict[str, tuple[int, str]]:
    """path -> (level depth, name) for every unit that can be an ancestor in the sheet: those
    above ``root`` and those in its subtree on levels above the deepest post. One query."""
    names = {u.path: (u.level.depth, u.name) for u in breadcrumb(root)}
    inside = (
        Unit.objects.filter(path__subtree=root.path, level__depth__lt=deepest)
        .values_list("path", "level__depth", "name_hi", "name_en")
        .iterator(chunk_size=5000)
    )
    for path, depth, name_hi, name_en in inside:
        names[path] = (depth, bilingual(name_hi, name_en))
    return names


def _holders(root: Unit, post_type: PostType | None) -> Iterator[Appointment]:
    appointments = Appointment.objects.active().filter(unit_path__subtree=root.path)
    if post_type is not None:
        appointments = appointments.filter(post_type=post_type)
    return (
        appointments.select_related("person", "post_type", "unit")
        .order_by("unit_path", "post_type__sort_order", "start_date")
        .iterator(chunk_size=2000)
    )


def _holders_sheet(workbook: Workbook, root: Unit, post_type: PostType | None, actor: User) -> bool:
    """Who holds the posts. Phones in full only on units where the actor is an editor;
    returns whether any full number was written (the audit entry says so)."""
    sheet = _sheet(workbook, _("Office-bearers"))
    sheet.append(_bold(sheet, [_("Post"), _("Code"), _("Unit"), _("Name"), _("Phone"), _("From")]))
    reach = reach_of(actor)
    editor = Role.rank(Role.EDITOR)
    any_full = False
    for appointment in _holders(root, post_type):
        role = reach.role_at(appointment.unit_path)
        phone = appointment.person.phone
        if role is not None and Role.rank(role) >= editor:
            shown = phone_display(phone)
            any_full = any_full or bool(phone)
        else:
            shown = phone_mask(phone)
        sheet.append(
            [
                appointment.post_type.name,
                appointment.unit.code or "",
                appointment.unit.name,
                appointment.person.name,
                shown,
                appointment.start_date,
            ]
        )
    return any_full
