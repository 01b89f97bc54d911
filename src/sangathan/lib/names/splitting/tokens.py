"""The pasted text as words and segments: runs of words between hard boundaries (lines,
punctuation, list numbers, WhatsApp headers, honorifics, conjunctions and the words around a
list). Titles before a name and respect after it are set aside on their segment."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from sangathan.lib.names.honorifics import PREFIX_HONORIFICS, SUFFIX_HONORIFICS
from sangathan.lib.names.phonetic import latin_word, phonetic_code
from sangathan.lib.names.splitting.roles import _words

# Words that separate names and are dropped: conjunctions, the words a report puts around its
# list ("बैठक में ... आदि उपस्थित रहे"), and post titles ("जिला अध्यक्ष सुनील बजाज").
STOP_WORDS: frozenset[str] = frozenset(
    _words(
        """
    और एवं तथा व आदि इत्यादि वगैरह वगैरा उपस्थित अनुपस्थित मौजूद शामिल रहे रही रहीं थे थी
    थीं है हैं भी लोग गण सहित समेत बैठक में के की का को ने से साथ द्वारा हेतु लिए सूची नाम
    उपस्थिति कार्यक्रम सर्वश्री अध्यक्ष जिलाध्यक्ष उपाध्यक्ष महामंत्री मंत्री कोषाध्यक्ष
    प्रभारी संयोजक सह सदस्य पदाधिकारी पदाधिकारीगण कार्यकर्ता कार्यकर्तागण जिला मंडल बूथ
    प्रदेश क्षेत्र पार्षद विधायक सांसद पूर्व वरिष्ठ नेता आज कल दिनांक हुई
    and etc present absent attendees attendance others other with in the of meeting list
    were was also members member president secretary incharge mandal district booth today
    forwarded media omitted message deleted
    """
    )
)

_PREFIX_TITLES = frozenset(h.casefold() for h in PREFIX_HONORIFICS)
_SUFFIX_TITLES = frozenset(h.casefold() for h in SUFFIX_HONORIFICS)

# A word: Devanagari letters and signs, or Latin letters (accented, or with combining marks),
# with zero-width joiners inside (they are removed from the stored word).
_WORD = re.compile(
    r"(?:[\u0900-\u0963\u0971-\u097f]|[\u200c\u200d])+"
    r"|[A-Za-z\u00c0-\u024f\u1e00-\u1eff](?:[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f']*"
    r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f])?"
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_DOTS = ".\u0970"  # full stop and the Devanagari abbreviation sign (डॉ॰)
# "[12/05, 10:31] Ramesh:" (iOS), "12/05/21, 10:31 pm - Ramesh:" (Android): who forwarded the
# list is not an attendee.
_WHATSAPP_HEADER = re.compile(
    r"^\s*\[?\s*\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?,?\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*\]?\s*(?:-\s*)?[^:\n]{1,60}?:(?:\s|$)"
)


class _Token(NamedTuple):
    word: str  # as stored: NFC, zero-width gone, an abbreviation keeps its dot ("R.", "डॉ.")
    start: int
    end: int  # after the abbreviation dot, when there is one
    latin: str
    code: str
    abbreviation: bool  # an initial or an abbreviated word followed by its dot


class _Segment(NamedTuple):
    tokens: list[_Token]
    before: list[str]  # titles just before the first word (श्री, Dr.)
    after: list[str]  # respect just after the last word (जी)


def _clean_word(raw: str) -> str:
    return unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", raw))


def _is_short(word: str) -> bool:
    """A word short enough that a dot after it marks an abbreviation (R., Kr., आर., मो.)."""
    if word.isascii():
        return len(word) <= 2 or word.casefold() in {"mohd", "prof"}
    return len(word) <= 2  # one letter and its vowel sign: आर., के., मो.


def _segments(text: str) -> list[_Segment]:
    segments: list[_Segment] = []
    current: list[_Token] = []
    titles: list[str] = []

    def close(after: tuple[str, ...] = ()) -> None:
        nonlocal current, titles
        if current:
            segments.append(_Segment(current, titles, list(after)))
            titles = []
        current = []

    offset = 0
    for line in text.splitlines(keepends=True):
        header = _WHATSAPP_HEADER.match(line)
        position = header.end() if header else 0
        previous_end: int | None = None
        for match in _WORD.finditer(line, position):
            word = _clean_word(match.group(0))
            end = match.end()
            dotted = end < len(line) and line[end] in _DOTS
            gap = line[previous_end : match.start()] if previous_end is not None else ""
            if previous_end is not None and not _joins(gap):
                close()
            folded = word.casefold()
            if folded in _PREFIX_TITLES:
                # A title starts a name: whatever came before is finished.
                close()
                titles.append(word + ("." if dotted else ""))
                previous_end = end + (1 if dotted else 0)
                continue
            if folded in _SUFFIX_TITLES:
                # "शर्मा जी": respect after a name, which also ends it.
                close((word,))
                previous_end = end
                continue
            if folded in STOP_WORDS and not (dotted and _is_short(word)):
                close()
                titles = []
                previous_end = end
                continue
            abbreviation = dotted and _is_short(word)
            stored = word + "." if abbreviation else word
            latin = latin_word(word)
            current.append(
                _Token(
                    word=stored,
                    start=offset + match.start(),
                    end=offset + end + (1 if abbreviation else 0),
                    latin=latin,
                    code=phonetic_code(latin),
                    abbreviation=abbreviation,
                )
            )
            previous_end = end + (1 if abbreviation else 0)
        close()
        offset += len(line)
    return segments


def _joins(gap: str) -> bool:
    """Whether the characters between two words keep them in one run of words."""
    if not gap.strip():
        return True
    # Ram-Prakash, राम-प्रकाश: a hyphen inside a name, not a dash between two names.
    return gap == "-"
