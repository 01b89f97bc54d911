"""The compiled list of names as a workbook or a Hindi PDF, ready to send upward. Audited like
every export; phone numbers in full only where the reader is an editor."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sangathan.core.access import reach_of
from sangathan.core.audit import audit
from sangathan.core.models import Role
from sangathan.lib.documents import Document, render_pdf
from sangathan.lib.phones import phone_display, phone_mask
from sangathan.nominations.selectors import compiled_nominations, provenance_map

if TYPE_CHECKING:
    from sangathan.core.models import User
    from sangathan.nominations.models import Nomination, Requisition
    from sangathan.people.models import Person

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


@dataclass
class Export:
    file: IO[bytes]
    filename: str
    rows: int


def _bold(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[Any]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def compiled_export(*, requisition: Requisition, actor: User, **filters: Any) -> Export:
    """Write the compiled names (``filters`` as for ``compiled_nominations``) to a temporary
    XLSX file and record the export. The caller has checked that ``actor`` sees every panel."""
    nominations = list(compiled_nominations(requisition, **filters))
    chains = provenance_map(nominations)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", _("Names"))[:31])
    assert isinstance(sheet, WriteOnlyWorksheet)
    sheet.append(_bold(sheet, [requisition.title]))
    sheet.append(
        _bold(
            sheet,
            [
                _("Unit"),
                _("Post"),
                _("Position"),
                _("Name"),
                _("Gender"),
                _("Age"),
                _("Phone"),
                _("Note"),
                _("Proposed by"),
                _("Came through"),
                _("Outcome"),
            ],
        )
    )
    phones = _Phones(actor)
    year = timezone.localdate().year
    for n in nominations:
        person = n.person
        phone = phones.shown(person)
        sheet.append(
            [
                n.submission.unit.name,
                n.ask.post_type.name,
                n.position,
                person.name,
                person.get_gender_display(),
                year - person.birth_year if person.birth_year else "",
                phone,
                n.note,
                n.proposed_by.name,
                " › ".join(u.name for u in chains[n.pk]),
                n.get_outcome_display(),
            ]
        )
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    workbook.save(out)
    out.seek(0)
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.exported",
        target=requisition,
        changes={
            "rows": len(nominations),
            "filters": {k: str(v) for k, v in filters.items() if v is not None},
            "full_phones": phones.any_full,
            "format": "xlsx",
        },
    )
    return Export(file=out, filename=_filename(requisition, "xlsx"), rows=len(nominations))


class _Phones:
    """A person's phone as ``actor`` may read it: in full where they are an editor."""

    def __init__(self, actor: User) -> None:
        self.reach = reach_of(actor)
        self.any_full = False

    def shown(self, person: Person) -> str:
        role = self.reach.role_at(person.unit_path) if person.unit_path else None
        if role is not None and Role.rank(role) >= Role.rank(Role.EDITOR):
            self.any_full = self.any_full or bool(person.phone)
            return phone_display(person.phone)
        return phone_mask(person.phone)


def _filename(requisition: Requisition, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"nominations-{str(requisition.uuid)[:8]}-{stamp}.{extension}"


def compiled_pdf(*, requisition: Requisition, actor: User, **filters: Any) -> Export:
    """The compiled names as a PDF in Hindi (in the active language), one table per post,
    ready to send to the unit above. Same filters, same phone rule and same audit as the
    workbook."""
    nominations = list(compiled_nominations(requisition, **filters))
    chains = provenance_map(nominations)
    phones = _Phones(actor)
    year = timezone.localdate().year
    document = Document(
        title=requisition.title,
        subtitle=_("%(unit)s, %(date)s")
        % {"unit": requisition.issuer.name, "date": date_format(timezone.localdate())},
        footer=requisition.issuer.name,
        page_label=_("Page %(page)s of %(pages)s"),
    )
    by_post: dict[int, list[Nomination]] = {}
    for n in nominations:
        by_post.setdefault(n.ask.post_type_id, []).append(n)
    if not by_post:
        document.paragraph(_("No names have been sent yet."))
    for rows in by_post.values():
        post = rows[0].ask.post_type
        document.heading(
            ngettext("%(post)s: %(count)s name", "%(post)s: %(count)s names", len(rows))
            % {"post": post.name, "count": len(rows)}
        )
        document.table(
            [_("No."), _("Name"), _("Age"), _("Phone"), _("Came through"), _("Note")],
            [
                [
                    str(i),
                    n.person.name,
                    str(year - n.person.birth_year) if n.person.birth_year else "",
                    phones.shown(n.person),
                    " › ".join(u.name for u in chains[n.pk]),
                    n.note,
                ]
                for i, n in enumerate(rows, start=1)
            ],
            widths=[1, 5, 1.5, 3, 5, 4],
        )
    out = tempfile.TemporaryFile(suffix=".pdf")  # noqa: SIM115 (the response closes it)
    out.write(render_pdf(document))
    out.seek(0)
    audit(
        actor=actor,
        unit=requisition.issuer,
        action="nominations.exported",
        target=requisition,
        changes={
            "rows": len(nominations),
            "filters": {k: str(v) for k, v in filters.items() if v is not None},
            "full_phones": phones.any_full,
            "format": "pdf",
        },
    )
    return Export(file=out, filename=_filename(requisition, "pdf"), rows=len(nominations))
