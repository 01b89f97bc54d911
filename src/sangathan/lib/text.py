"""Text as people type it: one normal form for storage and comparison."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """NFC, zero-width characters removed, runs of white space made one space."""
    text = unicodedata.normalize("NFC", value or "")
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def indian_grouping(value: int | float | str) -> str:
    """12,34,567: the lakh/crore grouping Indians read, whatever the interface language."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if number < 0 else ""
    digits = str(abs(number))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join([*groups, tail])
