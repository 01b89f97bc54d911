"""The document model both writers read: a title, then headings, paragraphs and tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Django-style placeholders so a caller can pass `_("Page %(page)s of %(pages)s")` unchanged.
DEFAULT_PAGE_LABEL = "पृष्ठ %(page)s / %(pages)s"


@dataclass(frozen=True)
class Heading:
    """A bold section heading; level 1 is larger than level 2."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Running text, wrapped to the page width."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A grid with one header row, repeated at the top of every page the table reaches.

    `widths` are relative (1, 3, 2 means one sixth, half, one third of the text width);
    None shares the width equally.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        columns = len(self.header)
        if columns == 0:
            raise ValueError("a table needs at least one column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != columns:
                raise ValueError(f"row {number} has {len(row)} cells, the header has {columns}")
        if self.widths is not None and (
            len(self.widths) != columns or any(w <= 0 for w in self.widths)
        ):
            raise ValueError(f"widths must be {columns} positive numbers")

    def fractions(self) -> tuple[float, ...]:
        """Each column's share of the text width, summing to 1."""
        widths = self.widths or (1.0,) * len(self.header)
        total = sum(widths)
        return tuple(w / total for w in widths)


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """One document, written the same way to PDF and DOCX.

    `subtitle` is the dateline under the title ("कानपुर, 27 नवंबर 2026"). `footer` is printed at
    the bottom of every page next to `page_label`, a %-format string with `page` and `pages`.
    """

    title: str
    subtitle: str = ""
    footer: str = ""
    page_label: str = DEFAULT_PAGE_LABEL
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, *, level: int = 1) -> Document:
        self.blocks.append(Heading(text, level))
        return self

    def paragraph(self, text: str, *, bold: bool = False) -> Document:
        self.blocks.append(Paragraph(text, bold))
        return self

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
    ) -> Document:
        self.blocks.append(
            Table(
                header=tuple(header),
                rows=tuple(tuple(str(cell) for cell in row) for row in rows),
                widths=tuple(widths) if widths is not None else None,
            )
        )
        return self

    def page_text(self, page: int | str, pages: int | str) -> str:
        """The page label with its numbers filled in."""
        return self.page_label % {"page": page, "pages": pages}
