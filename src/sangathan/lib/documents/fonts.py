"""The fonts shipped inside this package, so no machine needs them installed."""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# Noto Sans Devanagari has digits and punctuation but no Latin letters, so English words
# ("PDF", "Kanpur Nagar") fall back to Noto Sans, drawn to match it.
DEVANAGARI_REGULAR = FONT_DIR / "NotoSansDevanagari-Regular.ttf"
DEVANAGARI_BOLD = FONT_DIR / "NotoSansDevanagari-Bold.ttf"
LATIN_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
LATIN_BOLD = FONT_DIR / "NotoSans-Bold.ttf"
LICENCE = FONT_DIR / "OFL.txt"

# The names Word and LibreOffice look up for a DOCX; the PDF embeds the files above instead.
DEVANAGARI_FAMILY = "Noto Sans Devanagari"
LATIN_FAMILY = "Noto Sans"
