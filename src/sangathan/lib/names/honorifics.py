"""Titles people put around a name (श्री, Smt., Dr., …जी), set aside before storing or matching."""

from __future__ import annotations

import re
from functools import lru_cache

from sangathan.lib.text import clean_text

# Titles taken off the front of a name. Written without the dot; a dot after any of them is
# accepted ("Smt.", "डॉ.") and lets the name follow without a space ("Dr.Ajay").
PREFIX_HONORIFICS: tuple[str, ...] = (
    "श्री", "श्रीमती", "श्रीमान", "सुश्री", "कुमारी", "कु", "डॉ", "डॉक्टर", "डा", "स्व",
    "स्वर्गीय", "प्रो", "इंजी", "एड", "जनाब", "हाजी", "मौलाना",
    "shri", "sri", "shree", "shrimati", "smt", "mrs", "mr", "ms", "miss", "km", "kumari",
    "dr", "late", "er", "adv", "prof", "janab", "haji", "maulana",
)  # fmt: skip
# Respect added after a name: "शर्मा जी", "Sharma ji".
SUFFIX_HONORIFICS: tuple[str, ...] = ("जी", "ji", "jee")
HONORIFICS: frozenset[str] = frozenset(PREFIX_HONORIFICS + SUFFIX_HONORIFICS)

_alternatives = "|".join(sorted(map(re.escape, set(PREFIX_HONORIFICS)), key=len, reverse=True))
# Without a dot the title must be a word of its own, so Shrikant and Drishti are left alone.
_PREFIX = re.compile(rf"^({_alternatives})(?:\.\s*|\s+)", re.IGNORECASE)
_SUFFIX = re.compile(
    r"[\s\-]+(" + "|".join(SUFFIX_HONORIFICS) + r")\.?$",
    re.IGNORECASE,
)


def split_honorifics(raw: str) -> tuple[str, list[str]]:
    """("Sunita Devi", ["Smt."]) from "Smt. Sunita Devi"; a title is only removed when a name
    is left behind it, so a person actually called "Kumari" keeps her name."""
    text = clean_text(raw)
    found: list[str] = []
    while True:
        match = _PREFIX.match(text)
        if match is None:
            break
        rest = text[match.end() :].strip(" .,")
        if not rest:
            break
        found.append(match.group(0).strip())
        text = rest
    match = _SUFFIX.search(text)
    if match is not None and match.start() > 0:
        found.append(match.group(0).strip(" -"))
        text = text[: match.start()].rstrip(" ,-")
    return text, found


_EDGE_PUNCTUATION = " ,;:-/"


@lru_cache(maxsize=65536)
def normalise_name(raw: str) -> str:
    """The name to store: NFC, zero-width characters and extra spaces gone, titles set aside."""
    name, _ = split_honorifics(raw)
    return name.strip(_EDGE_PUNCTUATION)
