"""Split a pasted attendee list into names.

Offices get attendance as a WhatsApp message or a line in a report: one name per line, comma
separated, or run together with nothing between the names ("संतोष शुक्ला वीरेश त्रिपाठी अवधेश
सोनकर ... आदि रहे"). ``split_names`` cuts the text in two steps:

1. Hard boundaries: lines, punctuation (, ; । / | brackets), list numbers ("1.", "१)"),
   bullets and emoji, WhatsApp headers ("[12/05, 10:31] Ramesh:"), honorifics (श्री, Smt., Dr.
   start a name), conjunctions (और, एवं, तथा, व, and) and the words around a list ("बैठक में",
   "आदि उपस्थित रहे", "etc."). What lies between two boundaries is a *segment*.
2. Inside a segment of several names a small dynamic programme picks the cut with the best
   total score: known full names from the registry first (longer beats shorter), then the
   shape of a name from the lexicon (given name + surname, given name + "middle" word + surname,
   राम प्रकाश, मोहम्मद इरफ़ान), and a single leftover word as a last resort. Because every cut is
   scored as a whole, one odd word costs one unsure chunk instead of shifting every later name.

Words are compared through their phonetic codes, so शुक्ला, Shukla and Sukla are one surname
and the same rules work in both scripts. Pure Python, no Django.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from sangathan.lib.names.honorifics import PREFIX_HONORIFICS, SUFFIX_HONORIFICS
from sangathan.lib.names.lexicon import (
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    MUSLIM_NAMES,
    SURNAMES,
)
from sangathan.lib.names.matching import name_similarity, name_words
from sangathan.lib.names.phonetic import latin_word, phonetic_code

__all__ = [
    "DEFAULT_GIVEN_NAMES",
    "DEFAULT_SURNAMES",
    "Doubt",
    "NameChunk",
    "split_names",
]


class Doubt(StrEnum):
    """Why a chunk may not be one whole name (the UI shows the chunk for a check)."""

    SINGLE_WORD = "single-word"  # a given name or a surname alone
    NO_SURNAME = "no-surname"  # known given names but nothing that ends a name
    UNKNOWN_WORD = "unknown-word"  # a word that is neither in the lexicon nor in the registry
    ODD_ORDER = "odd-order"  # e.g. surname first, or two surnames
    LONG_NAME = "long-name"  # three or four words that might be two names


@dataclass(frozen=True)
class NameChunk:
    """One name cut out of the pasted text."""

    text: str  # the words joined by single spaces: what to search for
    words: tuple[str, ...]  # as typed (NFC, zero-width characters gone), titles set aside
    index: int  # position in the list of chunks
    start: int  # character offsets of the name in the input text, end exclusive
    end: int
    segment: int  # chunks with the same segment were cut out of one unbroken run of words
    doubt: Doubt | None = None
    honorifics: tuple[str, ...] = ()  # श्री, Dr., जी found around the name
    duplicate_of: int | None = None  # index of an earlier chunk with the same name

    @property
    def sure(self) -> bool:
        return self.doubt is None


def _words(text: str) -> tuple[str, ...]:
    # Written as running text so the lists stay readable in Devanagari.
    return tuple(text.split())


# ---------------------------------------------------------------------------------------------
# Word lists. The lexicon's lists give given names and surnames; these add the words that sit
# between them or make two-word given names, which the lexicon does not tell apart.

# First halves of given names written as two words: राम प्रकाश, मोहम्मद इरफ़ान, श्याम नारायण.
NAME_PREFIXES: tuple[str, ...] = _words(
    """
    राम श्याम शिव हरि ओम जय कृष्ण सत्य प्रेम देव राज चंद्र सूर्य विष्णु ब्रज गंगा जगत
    मोहम्मद मुहम्मद अब्दुल सैयद शेख़
    """
)
# Words that follow a given name: the second half of a compound given name, a middle name, or
# a word that closes a name without being a family name (Kanhaiya Lal, Sunita Devi, Ajay Kumar).
NAME_PARTS: tuple[str, ...] = _words(
    """
    प्रकाश प्रसाद नारायण कुमार कुमारी लाल चंद चंद्र शंकर नाथ दत्त सिंह बहादुर प्रताप किशोर
    मोहन बाबू दास स्वरूप शरण सरन देव कांत मणि पाल देवी रानी बाई बेगम ख़ातून बानो गोपाल
    कृष्ण भूषण बिहारी दयाल दीन मुरारी शेखर सागर सेवक रतन वीर भान नंदन किशन नरेश
    उद्दीन उल्लाह
    """
)
# Muslim names that are also written last, as the family name (इरशाद अहमद, सलमान ख़ान).
_FAMILY_LIKE: tuple[str, ...] = _words("अहमद अली हुसैन हसन रज़ा अब्बास सिद्दीकी क़ुरैशी")
# Lexicon surnames that are really name parts: they close a name but are not a family name.
_NOT_FAMILY = frozenset(_words("कुमार देवी कुमारी प्रसाद लाल चंद नाथ दास"))

DEFAULT_SURNAMES: tuple[str, ...] = (
    *(s for s in SURNAMES if s not in _NOT_FAMILY),
    *_FAMILY_LIKE,
    "बाल्मिक",
    "वाल्मीकि",
    "पांडे",
    "पाण्डेय",
)
DEFAULT_GIVEN_NAMES: tuple[str, ...] = GIVEN_NAMES_MALE + GIVEN_NAMES_FEMALE + MUSLIM_NAMES

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

# The longest chunk the programme considers without a registry name that long.
_MAX_PATTERN_WORDS = 4
_MAX_KNOWN_WORDS = 6


# ---------------------------------------------------------------------------------------------
# Roles of a word, looked up by phonetic code so spelling and script do not matter.

GIVEN, PREFIX, PART, SURNAME, INITIAL, UNKNOWN = "G", "P", "M", "S", "I", "U"


def _code(word: str) -> str:
    return phonetic_code(latin_word(word))


@lru_cache(maxsize=8)
def _lexicon_roles(
    surnames: tuple[str, ...], given_names: tuple[str, ...]
) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for role, words in (
        (GIVEN, given_names),
        (SURNAME, surnames),
        (PREFIX, NAME_PREFIXES),
        (PART, NAME_PARTS),
    ):
        for word in words:
            code = _code(word)
            if code:
                table.setdefault(code, set()).add(role)
    return {code: frozenset(roles) for code, roles in table.items()}


class _Known(NamedTuple):
    joined: frozenset[str]  # joined phonetic code of every known name of two words or more
    roles: dict[str, frozenset[str]]  # first word given, last word surname, others middle


def _known_index(known_names: Iterable[str]) -> _Known:
    joined: set[str] = set()
    roles: dict[str, set[str]] = {}
    for name in known_names:
        words = name_words(name)
        if len(words) < 2 or len(words) > _MAX_KNOWN_WORDS:
            continue
        joined.add(phonetic_code("".join(w.latin for w in words)))
        for position, word in enumerate(words):
            role = GIVEN if position == 0 else SURNAME if position == len(words) - 1 else PART
            roles.setdefault(word.code, set()).add(role)
    return _Known(frozenset(joined), {c: frozenset(r) for c, r in roles.items()})


# ---------------------------------------------------------------------------------------------
# Tokens and segments.


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


# ---------------------------------------------------------------------------------------------
# Scoring a candidate chunk. The programme compares whole readings of a run of words: the sum
# of the chunks' scores, less ``_PER_CHUNK`` for each chunk. Without that cost more chunks would
# always add up to more, and "कन्हैया लाल गुप्ता मोहम्मद इरफ़ान अहमद" would come out as three
# names (9 + 2 + 10 > 9 + 9) instead of two (9 + 9 - 12 > 9 + 2 + 10 - 18). The numbers are
# tuned on the cases in tests/lib/test_splitting.py; the comments at each rule say which
# reading it must win or lose against.

_PER_CHUNK = 6.0
_SINGLE = -8.0
_IMPOSSIBLE = -1000.0


def _roles(token: _Token, lexicon: dict[str, frozenset[str]], known: _Known) -> frozenset[str]:
    roles = lexicon.get(token.code, frozenset()) | known.roles.get(token.code, frozenset())
    if not roles and (token.abbreviation or (token.word.isascii() and len(token.latin) == 1)):
        return frozenset({INITIAL})
    if PREFIX in roles:
        roles |= {GIVEN}
    return roles or frozenset({UNKNOWN})


def _starts(roles: frozenset[str]) -> bool:
    return bool(roles & {GIVEN, PREFIX, INITIAL})


def _ends(roles: frozenset[str]) -> bool:
    return bool(roles & {SURNAME, PART})


def _score_two(a: frozenset[str], b: frozenset[str]) -> tuple[float, Doubt | None]:
    rules: tuple[tuple[bool, float, Doubt | None], ...] = (
        (GIVEN in a and SURNAME in b, 10.0, None),
        (GIVEN in a and PART in b, 9.0, None),
        (INITIAL in a and _ends(b), 8.0, None),
        (UNKNOWN in a and SURNAME in b, 8.0, None),
        (PART in a and SURNAME in b, 7.0, None),
        (PREFIX in a and GIVEN in b, 7.0, None),  # a two-word given name: मोहम्मद इरफ़ान
        (UNKNOWN in a and PART in b, 6.0, Doubt.UNKNOWN_WORD),
        (GIVEN in a and UNKNOWN in b, 5.0, Doubt.UNKNOWN_WORD),
        (SURNAME in a and GIVEN in b, 2.0, Doubt.ODD_ORDER),
        (GIVEN in a and GIVEN in b, 3.0, Doubt.NO_SURNAME),
        (UNKNOWN in a or UNKNOWN in b, 2.0, Doubt.UNKNOWN_WORD),
    )
    for applies, score, doubt in rules:
        if applies:
            return score, doubt
    return 1.0, Doubt.ODD_ORDER


def _score_three(
    a: frozenset[str], b: frozenset[str], c: frozenset[str]
) -> tuple[float, Doubt | None]:
    if _starts(a) and b & {PART, INITIAL} and _ends(c):
        return 9.0, None  # राम नारायण शुक्ला, अजय कुमार सिंह, R. K. Sharma
    if PREFIX in a and GIVEN in b and _ends(c):
        return 9.0, None  # राम नरेश यादव, मोहम्मद इरफ़ान अहमद
    if UNKNOWN in a and PART in b and SURNAME in c:
        return 7.0, None  # an unknown first half before a known middle: बिंदा प्रसाद शुक्ला
    if _starts(a) and UNKNOWN in b and SURNAME in c:
        # Above one word left over plus "unknown + surname": राम बिलास यादव stays one name.
        return 3.0, Doubt.UNKNOWN_WORD
    if _starts(a) and GIVEN in b and _ends(c):
        # Two given names and a surname: more often a name whose surname was left out, then a
        # whole name (वीरेश, अवधेश सोनकर), so this loses to that reading.
        return -6.0, Doubt.LONG_NAME
    if _starts(a) and SURNAME in b and SURNAME in c:
        # Likewise a whole name, then a surname whose given name was left out.
        return -7.0, Doubt.ODD_ORDER
    return -10.0, Doubt.LONG_NAME


def _score_long(roles: list[frozenset[str]]) -> tuple[float, Doubt | None]:
    middle_ok = all(r & {GIVEN, PART, INITIAL, PREFIX} for r in roles[1:-1])
    if len(roles) == _MAX_PATTERN_WORDS and _starts(roles[0]) and middle_ok and _ends(roles[-1]):
        return 3.0, Doubt.LONG_NAME
    return -10.0, Doubt.LONG_NAME


def _score(
    tokens: list[_Token], roles: list[frozenset[str]], known: _Known
) -> tuple[float, Doubt | None]:
    n = len(tokens)
    if n >= 2 and known.joined:
        joined = phonetic_code("".join(t.latin for t in tokens))
        if joined in known.joined:
            # A name the registry has: longer ones win ("longest match first"), and a known
            # name of four words beats two lexicon names of two words (22 - 6 > 2 * (10 - 6)).
            return 5.0 * n + 2.0, None
    if n == 1:
        return _SINGLE, Doubt.SINGLE_WORD
    if n == 2:
        return _score_two(roles[0], roles[1])
    if n == 3:
        return _score_three(roles[0], roles[1], roles[2])
    if n <= _MAX_PATTERN_WORDS:
        return _score_long(roles)
    return _IMPOSSIBLE, Doubt.LONG_NAME


def _best_cut(
    tokens: list[_Token], roles: list[frozenset[str]], known: _Known
) -> list[tuple[int, int, Doubt | None]]:
    """The reading of a run of words with the highest total score, as (start, end, doubt)
    word ranges. Ties go to fewer chunks."""
    n = len(tokens)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(_IMPOSSIBLE * (n + 1), 0)] * n
    back: list[tuple[int, Doubt | None]] = [(0, None)] * (n + 1)
    for end in range(1, n + 1):
        for length in range(1, min(_MAX_KNOWN_WORDS, end) + 1):
            start = end - length
            score, doubt = _score(tokens[start:end], roles[start:end], known)
            if score <= _IMPOSSIBLE:
                continue
            total = (best[start][0] + score - _PER_CHUNK, best[start][1] - 1)
            if total > best[end]:
                best[end] = total
                back[end] = (start, doubt)
    cuts: list[tuple[int, int, Doubt | None]] = []
    end = n
    while end > 0:
        start, doubt = back[end]
        cuts.append((start, end, doubt))
        end = start
    return cuts[::-1]


def _is_list(segments: list[_Segment]) -> bool:
    """Whether the text is already a list with one name per segment (commas, lines, numbers),
    rather than names run together."""
    if len(segments) < 2:
        return False
    return statistics.median(len(s.tokens) for s in segments) <= 3


# ---------------------------------------------------------------------------------------------


def split_names(
    text: str,
    *,
    surnames: Iterable[str] | None = None,
    given_names: Iterable[str] | None = None,
    known_names: Iterable[str] = (),
) -> list[NameChunk]:
    """The names in a pasted attendee list, in the order they were written.

    ``surnames`` and ``given_names`` replace the lexicon's lists (``DEFAULT_SURNAMES``,
    ``DEFAULT_GIVEN_NAMES``); ``known_names`` are full names from the registry, which win over
    the lexicon when a run of words has to be cut. Same name twice: the later chunk carries
    ``duplicate_of``."""
    lexicon = _lexicon_roles(
        tuple(DEFAULT_SURNAMES if surnames is None else surnames),
        tuple(DEFAULT_GIVEN_NAMES if given_names is None else given_names),
    )
    known = _known_index(known_names)
    segments = _segments(text)
    listed = _is_list(segments)
    chunks: list[NameChunk] = []
    for number, segment in enumerate(segments):
        tokens = segment.tokens
        roles = [_roles(t, lexicon, known) for t in tokens]
        if listed and len(tokens) <= 3:
            # The writer already put one name here; only say how sure its shape is.
            cuts = [(0, len(tokens), _score(tokens, roles, known)[1])]
        else:
            cuts = _best_cut(tokens, roles, known)
        for i, (start, end, doubt) in enumerate(cuts):
            words = tuple(t.word for t in tokens[start:end])
            chunks.append(
                NameChunk(
                    text=" ".join(words),
                    words=words,
                    index=len(chunks),
                    start=tokens[start].start,
                    end=tokens[end - 1].end,
                    segment=number,
                    doubt=doubt,
                    honorifics=(
                        (tuple(segment.before) if i == 0 else ())
                        + (tuple(segment.after) if i == len(cuts) - 1 else ())
                    ),
                )
            )
    return _mark_duplicates(chunks)


def _mark_duplicates(chunks: list[NameChunk]) -> list[NameChunk]:
    """Point a name written twice at its first occurrence. Only chunks sharing a word are
    compared, so a long list costs little."""
    by_code: dict[str, list[int]] = {}
    out: list[NameChunk] = []
    for chunk in chunks:
        codes = {_code(w) for w in chunk.words}
        earlier = sorted({i for c in codes for i in by_code.get(c, ())})
        first = next(
            (i for i in earlier if name_similarity(chunks[i].text, chunk.text) >= 100.0), None
        )
        if first is not None:
            chunk = replace(chunk, duplicate_of=first)
        out.append(chunk)
        for c in codes:
            by_code.setdefault(c, []).append(chunk.index)
    return out
