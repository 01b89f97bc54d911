"""A Document as an A4 PDF, Devanagari shaped by HarfBuzz (fpdf2 + uharfbuzz)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from typing import cast

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableHeadingsDisplay
from fpdf.util import Padding

from . import fonts
from .model import Document, Heading, Paragraph, Table

MARGIN_MM = 18.0
FOOTER_MM = 14.0  # space kept free at the bottom of each page for the footer line
BODY_PT = 11.0
TABLE_PT = 10.0
TITLE_PT = 18.0
HEADING_PT = {1: 14.0, 2: 12.0}
# Devanagari needs room above the headline for ि ी े ै ँ and below it for ु ू ृ ्; 1.5 keeps
# stacked matras of adjacent lines from touching.
LEADING = 1.5
GREY = (90, 90, 90)
HEADER_FILL = (232, 232, 232)
CELL_PADDING = Padding(top=0.8, right=1.5, bottom=0.8, left=1.5)  # mm

_DEVANAGARI = "notosansdevanagari"  # fpdf2 lower-cases family names in its font keys
_LATIN = "notosans"


class _Pdf(FPDF):
    """FPDF with our fonts, shaping switched on, and the footer every page gets."""

    def __init__(self, document: Document, *, shaping: bool) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document = document
        self.add_font(_DEVANAGARI, "", str(fonts.DEVANAGARI_REGULAR))
        self.add_font(_DEVANAGARI, "B", str(fonts.DEVANAGARI_BOLD))
        self.add_font(_LATIN, "", str(fonts.LATIN_REGULAR))
        self.add_font(_LATIN, "B", str(fonts.LATIN_BOLD))
        self.set_fallback_fonts([_LATIN])
        self.set_text_shaping(shaping)
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + FOOTER_MM / 2)
        self.set_title(document.title)
        self.set_lang("hi-IN")
        self.set_creator("Sangathan")

    def use(self, size_pt: float, *, bold: bool = False) -> float:
        """Switch font; return the line height (mm) that suits it."""
        self.set_font(_DEVANAGARI, "B" if bold else "", size_pt)
        return self.font_size * LEADING

    def wrapped(self, text: str, *, width: float, line_height: float) -> list[str]:
        """The lines a table cell `width` wide breaks `text` into, without drawing it."""
        lines = self.multi_cell(
            width,
            line_height,
            text,
            padding=CELL_PADDING,
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        return cast(list[str], lines)

    def lines_at_most(self, text: str, *, width: float) -> float:
        """A cheap upper bound on `wrapped(text)`'s length (shaped line breaking is slow).

        Word wrapping leaves a line short only when the next word does not fit, so two
        consecutive lines always hold more than one column width of text.
        """
        usable = width - CELL_PADDING.left - CELL_PADDING.right
        return 2 * self.get_string_width(text) / usable + text.count("\n") + 1

    def footer(self) -> None:
        top = self.h - MARGIN_MM - FOOTER_MM / 2 + 2
        self.set_draw_color(*GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, top, self.w - self.r_margin, top)
        self.set_text_color(*GREY)
        line_height = self.use(8.5)
        self.set_xy(self.l_margin, top + 1)
        # fpdf2 writes the page total where "{nb}" stands once the last page is known.
        label = self.document.page_text(self.page_no(), "{nb}")
        label_width = self.get_string_width(label.replace("{nb}", "000")) + 2
        self.cell(self.epw - label_width, line_height, self.document.footer, align="L")
        self.cell(label_width, line_height, label, align="R")
        self.set_text_color(0, 0, 0)


def render_pdf(document: Document, *, shaping: bool = True) -> bytes:
    """The document as PDF bytes. `shaping=False` exists only to prove the tests can tell."""
    pdf = _Pdf(document, shaping=shaping)
    pdf.add_page()
    _title(pdf, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())


def _title(pdf: _Pdf, document: Document) -> None:
    line_height = pdf.use(TITLE_PT, bold=True)
    pdf.multi_cell(0, line_height, document.title, align="L", new_x="LMARGIN", new_y="NEXT")
    if document.subtitle:
        pdf.set_text_color(*GREY)
        line_height = pdf.use(BODY_PT)
        pdf.multi_cell(0, line_height, document.subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)


def _heading(pdf: _Pdf, heading: Heading) -> None:
    line_height = pdf.use(HEADING_PT[heading.level], bold=True)
    # Keep a heading with at least two lines of what follows, not alone at a page's foot.
    if pdf.will_page_break(line_height * 3):
        pdf.add_page()
    else:
        pdf.ln(2)
    pdf.multi_cell(0, line_height, heading.text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: _Pdf, paragraph: Paragraph) -> None:
    line_height = pdf.use(BODY_PT, bold=paragraph.bold)
    pdf.multi_cell(0, line_height, paragraph.text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf: _Pdf, table: Table) -> None:
    line_height = pdf.use(TABLE_PT)
    with pdf.table(
        col_widths=table.fractions(),
        width=pdf.epw,
        first_row_as_headings=True,
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=line_height,
        text_align="LEFT",
        v_align="TOP",
        padding=CELL_PADDING,
    ) as grid:
        for cells in (table.header, *_rows_that_fit(pdf, table, line_height)):
            row = grid.row()
            for text in cells:
                row.cell(text)
    pdf.ln(3)


def _rows_that_fit(pdf: _Pdf, table: Table, line_height: float) -> Iterator[tuple[str, ...]]:
    """The table's rows, a row too tall for one page cut into continuation rows.

    fpdf2 never splits a row across pages (it raises instead), and a long remark typed into
    one cell must not make the whole document fail.
    """
    # Room for the repeated header row (up to three lines) and the cell padding.
    page_lines = max(1, int((pdf.eph - 4 * line_height) / line_height) - 1)
    widths = [pdf.epw * fraction for fraction in table.fractions()]
    for row in table.rows:
        if all(
            pdf.lines_at_most(text, width=width) <= page_lines
            for width, text in zip(widths, row, strict=True)
        ):
            yield row
            continue
        lines = [
            pdf.wrapped(text, width=width, line_height=line_height)
            for width, text in zip(widths, row, strict=True)
        ]
        chunks = [
            [
                "\n".join(cell[start : start + page_lines])
                for start in range(0, len(cell), page_lines)
            ]
            for cell in lines
        ]
        yield from (tuple(part) for part in zip_longest(*chunks, fillvalue=""))
