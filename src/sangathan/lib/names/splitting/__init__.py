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

The steps are modules of this package: ``tokens`` (words and segments), ``roles`` (what each
word can be), ``scoring`` (the chunks' scores and the programme).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sangathan.lib.names.matching import name_similarity
from sangathan.lib.names.splitting.roles import (
    DEFAULT_GIVEN_NAMES,
    DEFAULT_SURNAMES,
    _code,
    _known_index,
    _lexicon_roles,
)
from sangathan.lib.names.splitting.scoring import Doubt, _best_cut, _roles, _score
from sangathan.lib.names.splitting.tokens import _Segment, _segments

__all__ = [
    "DEFAULT_GIVEN_NAMES",
    "DEFAULT_SURNAMES",
    "Doubt",
    "NameChunk",
    "split_names",
]


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
