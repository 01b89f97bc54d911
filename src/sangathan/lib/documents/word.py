"""A Document as DOCX (python-docx), marked so Word draws Hindi with a Devanagari font.

Word picks a run's font by script: Devanagari is a "complex script", drawn with the font in
`w:rFonts/@w:cs`, bold with `w:bCs`, sized with `w:szCs`, spell-checked in `w:lang/@w:bidi`.
Leaving those to the template gives Mangal or a box font depending on the machine, so every
run carries them explicitly.
"""

from __future__ import annotations

import io
import re

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from .fonts import DEVANAGARI_FAMILY, LATIN_FAMILY
from .model import Document, Heading, Paragraph, Table

LANGUAGE = "hi-IN"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210.0, 297.0, 18.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
BODY_PT, TABLE_PT, TITLE_PT, FOOTER_PT = 11.0, 10.0, 18.0, 8.5
HEADING_PT = {1: 14.0, 2: 12.0}
GREY = "5A5A5A"
HEADER_FILL = "E8E8E8"

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
_FIELD_FOR = {"page": "PAGE", "pages": "NUMPAGES"}


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    word = new_word_document()
    word.core_properties.title = document.title
    word.core_properties.language = LANGUAGE
    _set_defaults(word)
    _page_setup(word, document)

    _add_text(word.add_paragraph(), document.title, size_pt=TITLE_PT, bold=True)
    if document.subtitle:
        _add_text(word.add_paragraph(), document.subtitle, size_pt=BODY_PT, color=GREY)
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = word.add_paragraph(style=f"Heading {block.level}")
            _add_text(paragraph, block.text, size_pt=HEADING_PT[block.level], bold=True)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _add_text(paragraph, block.text, size_pt=BODY_PT, bold=block.bold)
        else:
            _add_table(word, block)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _run_properties(*, size_pt: float, bold: bool = False, color: str = "000000") -> str:
    """A w:rPr with Latin and Devanagari fonts, sizes and language (children in schema order)."""
    half_points = round(size_pt * 2)
    bold_xml = "<w:b/><w:bCs/>" if bold else ""
    return (
        f"<w:rPr {nsdecls('w')}>"
        f'<w:rFonts w:ascii="{LATIN_FAMILY}" w:hAnsi="{LATIN_FAMILY}"'
        f' w:eastAsia="{DEVANAGARI_FAMILY}" w:cs="{DEVANAGARI_FAMILY}"/>'
        f"{bold_xml}"
        f'<w:color w:val="{color}"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="{LANGUAGE}"/>'
        "</w:rPr>"
    )


def _add_text(
    paragraph: WordParagraph,
    text: str,
    *,
    size_pt: float,
    bold: bool = False,
    color: str = "000000",
) -> None:
    if not text:
        return
    run = paragraph.add_run(text)  # python-docx turns "\n" into line breaks
    run._r.insert(0, parse_xml(_run_properties(size_pt=size_pt, bold=bold, color=color)))


def _set_defaults(word: WordDocument) -> None:
    """Document-wide fallback, so text typed later in Word also gets the Devanagari font."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    for old in run_defaults.findall(qn("w:rPr")):
        run_defaults.remove(old)
    run_defaults.append(parse_xml(_run_properties(size_pt=BODY_PT)))


def _page_setup(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    footer = section.footer.paragraphs[0]
    tab_stops = footer.paragraph_format.tab_stops
    # The template's Footer style has centre and right tabs for US Letter; clear them so the
    # page label goes to our right margin, not the middle of the line.
    if footer.style is not None:
        for inherited in footer.style.paragraph_format.tab_stops:
            tab_stops.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    _add_text(footer, document.footer + "\t", size_pt=FOOTER_PT, color=GREY)
    # The page label becomes text runs around PAGE / NUMPAGES fields Word fills in.
    position = 0
    label = document.page_label
    for match in _PLACEHOLDER.finditer(label):
        _add_text(footer, label[position : match.start()], size_pt=FOOTER_PT, color=GREY)
        _add_field(footer, _FIELD_FOR[match.group(1)])
        position = match.end()
    _add_text(footer, label[position:], size_pt=FOOTER_PT, color=GREY)


def _add_field(paragraph: WordParagraph, instruction: str) -> None:
    properties = _run_properties(size_pt=FOOTER_PT, color=GREY)
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}">'
        f"<w:r>{properties}<w:t>1</w:t></w:r></w:fldSimple>"
    )
    paragraph._p.append(field)


def _add_table(word: WordDocument, table: Table) -> None:
    grid: WordTable = word.add_table(rows=0, cols=len(table.header))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [Mm(TEXT_WIDTH_MM * fraction) for fraction in table.fractions()]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for index, cells in enumerate((table.header, *table.rows)):
        row = grid.add_row()
        is_header = index == 0
        if is_header:
            # w:tblHeader makes Word repeat this row at the top of each page the table reaches.
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text, width in zip(row.cells, cells, widths, strict=True):
            cell.width = width
            if is_header:
                cell._tc.get_or_add_tcPr().append(
                    parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="{HEADER_FILL}"/>')
                )
            _add_text(cell.paragraphs[0], text, size_pt=TABLE_PT, bold=is_header)
    word.add_paragraph()
