"""Hindi documents as PDF and DOCX: one small model, two writers, fonts bundled.

Build a `Document` (title, dateline, headings, paragraphs, tables with a header row) and hand
it to `render_pdf` or `render_docx`; both return bytes and never touch the network::

    doc = Document(title="प्रेस विज्ञप्ति", subtitle="कानपुर, 27 नवंबर 2026", footer="जिला कार्यालय")
    doc.heading("बैठक के निर्णय").paragraph("जिला कार्यसमिति की बैठक में क्षेत्रीय प्रभारी उपस्थित रहे।")
    doc.table(["क्र.", "नाम", "पद"], [["1", "श्री रामप्रसाद द्विवेदी", "अध्यक्ष"]], widths=[1, 5, 3])
    pdf_bytes = render_pdf(doc)  # e.g. HttpResponse(pdf_bytes, content_type="application/pdf")
    docx_bytes = render_docx(doc)

The PDF is A4, Devanagari shaped by HarfBuzz (conjuncts such as क्ष, श्र, द्ध are joined glyphs),
English words drawn in Noto Sans, tables wrap long cells and repeat their header row on every
page, and each page ends with the footer text and "पृष्ठ 2 / 5". Pass a translated
`page_label` ("Page %(page)s of %(pages)s") for another language. The DOCX names Noto Sans
Devanagari as the complex-script font of every run, language hi-IN, header rows marked to
repeat. Fonts and their licence (SIL OFL 1.1) live in `fonts/`.
"""

from __future__ import annotations

from .model import DEFAULT_PAGE_LABEL, Block, Document, Heading, Paragraph, Table
from .pdf import render_pdf
from .word import render_docx

__all__ = [
    "DEFAULT_PAGE_LABEL",
    "Block",
    "Document",
    "Heading",
    "Paragraph",
    "Table",
    "render_docx",
    "render_pdf",
]
