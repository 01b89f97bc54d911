from __future__ import annotations

import io
import re
from typing import Any

import pytest
import uharfbuzz as hb
from docx import Document as open_docx
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from sangathan.lib.documents import Document, fonts, render_docx, render_pdf

CONJUNCTS = ("क्ष", "श्र", "द्ध")
HEADER = ("क्रमांक", "नाम", "पता / Address")


def long_panel(rows: int = 60) -> Document:
    doc = Document(title="नामों का पैनल", subtitle="कानपुर महानगर उत्तर", footer="जिला कार्यालय")
    address = "ग्राम पंचायत, कानपुर महानगर उत्तर, शक्ति केंद्र संख्या 12, Kanpur Nagar "
    return doc.table(
        HEADER,
        [[str(n), "श्री रामप्रसाद द्विवेदी", address * (1 + n % 3)] for n in range(1, rows + 1)],
        widths=[1, 4, 8],
    )


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def shaped_glyphs(text: str) -> list[int]:
    """Glyph ids HarfBuzz picks for `text` in the bundled regular font."""
    font = hb.Font(hb.Face(fonts.DEVANAGARI_REGULAR.read_bytes()))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [info.codepoint for info in buffer.glyph_infos]


def outline(font: TTFont, glyph_name: str) -> list[tuple[float, float]]:
    coordinates, _ends, _flags = font["glyf"][glyph_name].getCoordinates(font["glyf"])
    return [tuple(point) for point in coordinates]


def embedded_devanagari(pdf: bytes) -> tuple[TTFont, dict[str, str]]:
    """The Devanagari font subset a PDF embeds, and its ToUnicode map (code -> text)."""
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    for reference in resources["/Font"].values():
        font = reference.get_object()
        if str(font["/BaseFont"]).endswith("+NotoSansDevanagari"):
            descendant = font["/DescendantFonts"][0].get_object()
            subset = descendant["/FontDescriptor"]["/FontFile2"].get_data()
            cmap = font["/ToUnicode"].get_data().decode("latin-1")
            to_unicode = {
                code: bytes.fromhex(text).decode("utf-16-be")
                for code, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
            }
            return TTFont(io.BytesIO(subset)), to_unicode
    raise AssertionError("the PDF embeds no Noto Sans Devanagari")


def conjuncts_drawn_joined(pdf: bytes) -> list[str]:
    """Which of CONJUNCTS the PDF draws with the font's own joined glyph."""
    full = TTFont(str(fonts.DEVANAGARI_REGULAR))
    subset, to_unicode = embedded_devanagari(pdf)
    subset_outlines = [outline(subset, name) for name in subset.getGlyphOrder()]
    joined = []
    for conjunct in CONJUNCTS:
        (glyph_id,) = shaped_glyphs(conjunct)
        drawn = outline(full, full.getGlyphName(glyph_id)) in subset_outlines
        if drawn and conjunct in to_unicode.values():
            joined.append(conjunct)
    return joined


def test_pdf_of_hindi_text_is_a_valid_one_page_pdf() -> None:
    pdf = render_pdf(Document(title="प्रेस विज्ञप्ति").paragraph("बैठक संपन्न हुई।"))

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata is not None and reader.metadata.title == "प्रेस विज्ञप्ति"
    assert "पृष्ठ 1 / 1" in reader.pages[0].extract_text()


@pytest.fixture(scope="module")
def long_panel_pages() -> list[str]:
    """The text of each page of a 60-row panel (rendered once: shaping a long table is slow)."""
    return pages_text(render_pdf(long_panel()))


def test_a_long_table_runs_over_pages_each_numbered_out_of_the_total(
    long_panel_pages: list[str],
) -> None:
    texts = long_panel_pages

    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"पृष्ठ {number} / {len(texts)}" in text


def test_a_table_longer_than_a_page_repeats_its_header_on_page_two(
    long_panel_pages: list[str],
) -> None:
    first, second, *_ = long_panel_pages

    assert "क्रमांक" in first and "क्रमांक" in second
    assert second.index("क्रमांक") < second.index("श्री")  # above the rows, not after them


def test_a_cell_too_long_for_one_page_continues_in_rows_on_the_next_pages() -> None:
    remark = "बैठक में लंबी चर्चा हुई। " * 600 + "अंत में धन्यवाद।"
    doc = Document(title="टिप्पणी").table(["क्र.", "टिप्पणी"], [["1", remark], ["2", "छोटी"]])

    texts = pages_text(render_pdf(doc))

    assert len(texts) >= 3
    assert "अंत में धन्यवाद।" in texts[-1] and "छोटी" in texts[-1]


@pytest.mark.parametrize("conjunct", CONJUNCTS)
def test_harfbuzz_joins_a_conjunct_into_one_glyph_of_its_own(conjunct: str) -> None:
    cmap = TTFont(str(fonts.DEVANAGARI_REGULAR)).getBestCmap()
    letters = {cmap[ord(letter)] for letter in conjunct}

    glyphs = shaped_glyphs(conjunct)

    assert len(glyphs) < len(conjunct)
    assert not letters & set(glyphs)


def test_the_pdf_draws_conjuncts_with_their_joined_glyphs() -> None:
    pdf = render_pdf(Document(title="संगठन").paragraph(" ".join(CONJUNCTS)))

    assert conjuncts_drawn_joined(pdf) == list(CONJUNCTS)


def test_the_conjunct_check_catches_a_pdf_written_without_shaping() -> None:
    pdf = render_pdf(Document(title="संगठन").paragraph(" ".join(CONJUNCTS)), shaping=False)

    assert conjuncts_drawn_joined(pdf) == []


def test_english_words_in_hindi_text_are_drawn_not_dropped() -> None:
    doc = Document(title="प्रेस विज्ञप्ति (Press note)").paragraph("बैठक District office में हुई।")

    (text,) = pages_text(render_pdf(doc))

    assert "Press note" in text and "District office" in text


def test_a_translated_page_label_is_used_in_the_footer() -> None:
    doc = Document(title="Press note", page_label="Page %(page)s of %(pages)s")

    (text,) = pages_text(render_pdf(doc))

    assert "Page 1 of 1" in text


def test_docx_opens_with_the_text_and_a_devanagari_complex_script_font() -> None:
    doc = Document(title="प्रेस विज्ञप्ति", subtitle="कानपुर, 27 नवंबर 2026")
    doc.heading("बैठक के निर्णय").paragraph("क्षेत्रीय प्रभारी उपस्थित रहे।")

    word = open_docx(io.BytesIO(render_docx(doc)))

    texts = [paragraph.text for paragraph in word.paragraphs]
    assert texts[:4] == [
        "प्रेस विज्ञप्ति",
        "कानपुर, 27 नवंबर 2026",
        "बैठक के निर्णय",
        "क्षेत्रीय प्रभारी उपस्थित रहे।",
    ]
    runs = [run for paragraph in word.paragraphs for run in paragraph.runs]
    for run in runs:
        properties = run._r.rPr
        assert properties is not None
        assert properties.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Sans Devanagari"
        assert properties.find(qn("w:lang")).get(qn("w:bidi")) == "hi-IN"
    assert runs[2].font.bold and runs[2].font.cs_bold


def test_docx_table_marks_only_its_header_row_to_repeat_on_each_page() -> None:
    word = open_docx(io.BytesIO(render_docx(long_panel(rows=5))))

    (table,) = word.tables
    assert [cell.text for cell in table.rows[0].cells] == list(HEADER)
    assert len(table.rows) == 6
    repeats = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows
    ]
    assert repeats == [True, False, False, False, False, False]


def test_docx_footer_counts_pages_with_word_fields() -> None:
    word = open_docx(io.BytesIO(render_docx(long_panel(rows=2))))

    footer = word.sections[0].footer.paragraphs[0]._p
    fields = [field.get(qn("w:instr")) for field in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "पृष्ठ" in footer.xml


def test_a_row_with_the_wrong_number_of_cells_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        Document(title="x").table(["क्र.", "नाम"], [["1", "राम"], ["2"]])


def test_the_fonts_and_their_licence_ship_inside_the_package() -> None:
    for path in (fonts.DEVANAGARI_REGULAR, fonts.DEVANAGARI_BOLD, fonts.LATIN_REGULAR):
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    licence = fonts.LICENCE.read_text()
    assert "Noto Sans Devanagari" in licence
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
