"""Cutting a segment of several names: each candidate chunk is scored by the roles of its words
(or as a known name from the registry), and a small dynamic programme picks the reading of the
whole segment with the best total."""

from __future__ import annotations

from enum import StrEnum

from sangathan.lib.names.phonetic import phonetic_code
from sangathan.lib.names.splitting.roles import (
    _MAX_KNOWN_WORDS,
    _MAX_PATTERN_WORDS,
    GIVEN,
    INITIAL,
    PART,
    PREFIX,
    SURNAME,
    UNKNOWN,
    _Known,
)
from sangathan.lib.names.splitting.tokens import _Token


class Doubt(StrEnum):
    """Why a chunk may not be one whole name (the UI shows the chunk for a check)."""

    SINGLE_WORD = "single-word"  # a given name or a surname alone
    NO_SURNAME = "no-surname"  # known given names but nothing that ends a name
    UNKNOWN_WORD = "unknown-word"  # a word that is neither in the lexicon nor in the registry
    ODD_ORDER = "odd-order"  # e.g. surname first, or two surnames
    LONG_NAME = "long-name"  # three or four words that might be two names


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
