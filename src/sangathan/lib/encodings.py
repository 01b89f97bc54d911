"""Which text encoding a spreadsheet export uses, and opening it for the csv module.

What arrives in practice: UTF-8 (with a BOM when Excel "CSV UTF-8" wrote it), UTF-16 ("Unicode
text" from Excel, usually with a BOM), and Windows-1252, which is what Excel on Windows writes
for plain "CSV". Windows-1252 cannot hold Devanagari, but it does hold Kruti Dev text (ASCII
plus characters such as ¡ ƒ Ø Ü): decoded as cp1252 those bytes become exactly the characters
the Kruti Dev table in :mod:`sangathan.lib.krutidev` is keyed on, because the font is an
ANSI font and cp1252 is the ANSI code page the text was typed in.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TextIO

SAMPLE_SIZE = 64 * 1024

# cp1252 leaves five bytes undefined; Python refuses them, Windows maps them to the C1
# control of the same number. Do the same so that one stray byte does not stop an import
# half-way (the detection only sees the first 64 KiB).
_CP1252_ERRORS = "sangathan-cp1252"


def _cp1252_undefined(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(b) for b in bad), exc.end


codecs.register_error(_CP1252_ERRORS, _cp1252_undefined)


def _decodes(data: bytes, encoding: str) -> bool:
    # Incremental and not final: the sample may end in the middle of a character.
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _printable(data: bytes, encoding: str) -> bool:
    """Binary files (xlsx, images) have NULs too; decoded text must be mostly printable."""
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, final=False)
    good = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n")
    return good >= 0.95 * len(text)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text has no NUL byte at all, while in UTF-16 every ASCII
    character (and a CSV always has commas, digits or newlines) has a NUL high byte, in the
    same position of each byte pair; Devanagari (U+09xx) has 0x09 in that position."""
    sample = data[: len(data) - len(data) % 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        nul_high = high.count(0)
        if nul_high == 0 or low.count(0) > half * 0.05:
            continue
        plausible_high = (nul_high + high.count(0x09)) / half
        found = nul_high / half >= 0.2 or plausible_high >= 0.6
        if found and _decodes(sample, encoding) and _printable(sample, encoding):
            return encoding
    return None


def detect_encoding(data: bytes) -> str:
    """The Python codec name for the start of a text file.

    ``utf-8-sig`` (UTF-8 with BOM), ``utf-16`` (with a BOM, either byte order; the codec
    drops the BOM), ``utf-16-le``/``utf-16-be`` (no BOM), ``utf-8``, else ``cp1252``.
    Plain ASCII is reported as ``utf-8``.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _bomless_utf16(data)
    if utf16:
        return utf16
    if _decodes(data, "utf-8"):
        return "utf-8"
    return "cp1252"


def open_text(path: Path, encoding: str | None = None) -> TextIO:
    """Open ``path`` for ``csv.reader``: detected (or given) encoding, ``newline=""``.

    Only the first 64 KiB are read to detect; the file is then streamed, never loaded whole.
    """
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_SIZE)
    chosen = encoding or detect_encoding(head)
    name = codecs.lookup(chosen).name
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        chosen = "utf-8-sig"  # a BOM would otherwise stick to the first column's header
    errors = _CP1252_ERRORS if name == "cp1252" else "strict"
    return path.open("r", encoding=chosen, errors=errors, newline="")
