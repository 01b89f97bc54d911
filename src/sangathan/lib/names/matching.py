"""Tokens, blocking keys and the similarity score built on the phonetic codes."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from sangathan.lib.names.honorifics import normalise_name
from sangathan.lib.names.phonetic import (
    block_key,
    coarse_code,
    latin_word,
    phonetic_code,
    token_weight,
)

# Bump when any rule that changes a code or a key changes; stored keys carry it, and
# `sangathan people rekey` recomputes rows whose version is older.
KEY_VERSION = 2

# The key of a whole name (every word's code, sorted) starts with this: its block holds only
# people of that very name, in either script and any word order.
WHOLE_NAME_PREFIX = "="

# Scores at and above this are "the same name". Tuned on tests/lib/name_pairs.py: the
# positives score 100 unless a spelling survives the folding (lowest 90.9), hard negatives
# score at most 80.
DEFAULT_THRESHOLD = 85.0

_WORD = re.compile(r"[\u0900-\u0963\u0971-\u097f]+|[A-Za-z\u00c0-\u024f]+")


class Word(NamedTuple):
    latin: str  # lowercase Latin spelling (romanized when typed in Devanagari)
    code: str  # phonetic code
    key: str  # blocking key of the word alone


@lru_cache(maxsize=131072)
def _chunk_words(chunk: str) -> tuple[Word, ...]:
    # A chunk is what lies between spaces: usually one word, sometimes "R.K." or "Md.".
    words = []
    for match in _WORD.finditer(chunk):
        latin = latin_word(match.group(0))
        if latin:
            code = phonetic_code(latin)
            words.append(Word(latin, code, block_key(code)))
    return tuple(words)


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[Word, ...]:
    """The words of a name, honorifics set aside, each with its Latin spelling and code."""
    words: list[Word] = []
    for chunk in normalise_name(name).split(" "):
        words.extend(_chunk_words(chunk))
    return tuple(words)


def name_tokens(name: str) -> list[str]:
    """Phonetic codes of the words of a name, the same for either script and for the usual
    spelling variants: "संतोष शुक्ला", "Santosh Shukla" and "Santosh Sukla" give
    ["sntos", "sukla"]."""
    return [w.code for w in name_words(name)]


def _joined_code(words: tuple[Word, ...]) -> str:
    # Reduce the joined spelling, not the joined codes: the last "a" of Kanhaiya is medial in
    # Kanhaiyalal and drops there, exactly as it does when the name is typed as one word.
    return phonetic_code("".join(w.latin for w in words))


@lru_cache(maxsize=131072)
def _pair_key(left: str, right: str) -> str:
    return block_key(phonetic_code(left + right))


def match_keys(name: str) -> list[str]:
    """Blocking keys for an indexed table: rows sharing any key with a query are candidates.

    - one key per word, so a one-word query finds people (common words get the "c:" prefix:
      see ``is_common_key``);
    - one per pair of neighbouring words joined, so Kanhaiya Lal meets Kanhaiyalal and
      Ram Kumar meets Ramkumar;
    - one for the first and last word in sorted order ("skl+snts"): selective, and found
      whichever order the name was written in (lists often put the surname first);
    - one for the whole name ("=sntos sukla"): in a state's registry the first+last block of a
      common name holds thousands of other names (Santosh Kumar Shukla, Sanjay Shukla), while
      this one holds only the people of this very name, so a search looks it up first.
    """
    return list(_match_keys(name))


@lru_cache(maxsize=65536)
def _match_keys(name: str) -> tuple[str, ...]:
    words = name_words(name)
    keys = [w.key for w in words]
    for i in range(len(words) - 1):
        keys.append(_pair_key(words[i].latin, words[i + 1].latin))
    if len(words) >= 2:
        first = coarse_code(words[0].code)
        last = coarse_code(words[-1].code)
        keys.append((first + "+" + last if first <= last else last + "+" + first)[:32])
        keys.append(whole_name_key(words))
    return tuple(dict.fromkeys(k for k in keys if k and k != "c:"))


def whole_name_key(words: tuple[Word, ...]) -> str:
    """The key of a whole name: its words' phonetic codes, sorted (see ``match_keys``)."""
    return (WHOLE_NAME_PREFIX + " ".join(sorted(w.code for w in words)))[:32]


def is_whole_name_key(key: str) -> bool:
    return key.startswith(WHOLE_NAME_PREFIX)


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str) -> float:
    """0..100 for two phonetic codes."""
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    if len(a) == 1 or len(b) == 1:
        # An initial (R. K. Sharma) fits any word with that letter, but never surely.
        return 75.0 if a[0] == b[0] else 0.0
    score = Levenshtein.normalized_similarity(a, b) * 100.0
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_[:-1] == short and long_[-1] in "aeiou":
        # Sunil/Sunila, Kamal/Kamla, Kumar/Kumari: a final vowel marks gender in Hindi. A long
        # word with a final a is the exception (Dharmendr/Dharmendra, Srivastav/Srivastava).
        consonants = sum(1 for ch in long_ if ch not in "aeiou")
        if long_[-1] != "a" or consonants < 5:
            score = min(score, 60.0)
    if a[0] != b[0]:
        score -= 15.0  # Mohan/Sohan, Arun/Varun: the first sound is what people hear
    return max(score, 0.0)


@lru_cache(maxsize=65536)
def _variants(words: tuple[Word, ...]) -> tuple[tuple[str, ...], ...]:
    """The name as written, and with each neighbouring pair (and all words) run together."""
    codes = tuple(w.code for w in words)
    out = [codes]
    for i in range(len(words) - 1):
        out.append((*codes[:i], _joined_code(words[i : i + 2]), *codes[i + 2 :]))
    if len(words) > 2:
        out.append((_joined_code(words),))
    return tuple(out)


# What a word left without a partner costs: little for Devi or Kumar (often left out), more
# for a surname, most for a rare word.
def _unmatched_weight(code: str) -> float:
    return {0.25: 0.1, 0.5: 0.4}.get(token_weight(code), 0.6)


# Keyed by phonetic codes, not by spelling: संतोष शुक्ला, Santosh Shukla and Santosh Sukla are
# one entry, so a block of people sharing a name is scored once whatever the script.
@lru_cache(maxsize=131072)
def _aligned_score(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    pairs = sorted(
        ((token_similarity(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    total = weights = 0.0
    worst = 100.0
    for sim, i, j in pairs:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        weight = max(token_weight(left[i]), token_weight(right[j]))
        total += sim * weight
        weights += weight
        worst = min(worst, sim)
    for i, code in enumerate(left):
        if i not in used_left:
            weights += _unmatched_weight(code)
    for j, code in enumerate(right):
        if j not in used_right:
            weights += _unmatched_weight(code)
    if not weights:
        return 0.0
    # One clearly different word (Ram/Shyam in Ram Yadav/Shyam Yadav) is a different person
    # however common the shared words are, so the worst pair caps the average.
    return min(total / weights, 50.0 + worst / 2.0)


# Rolls repeat names (a booth has dozens of राम यादव): a duplicate check or a search scores the
# same two names over and over.
@lru_cache(maxsize=131072)
def name_similarity(a: str, b: str) -> float:
    """0..100: how alike two names sound, across scripts, word order, words run together or
    split, and a dropped middle word; common words weigh little."""
    words_a, words_b = name_words(a), name_words(b)
    if not words_a or not words_b:
        return 0.0
    # Words are run together only on the side that has more of them: that reconciles
    # "Kanhaiya Lal" with "Kanhaiyalal", while two names of equal length are compared word by
    # word (joined, Jitendra Sharma and Jitendra Verma would differ by one letter in twelve).
    lefts = _variants(words_a) if len(words_a) > len(words_b) else [tuple(w.code for w in words_a)]
    rights = _variants(words_b) if len(words_b) > len(words_a) else [tuple(w.code for w in words_b)]
    best = 0.0
    for left in lefts:
        for right in rights:
            best = max(best, _aligned_score(left, right))
    return round(best, 1)


@lru_cache(maxsize=131072)
def name_query_score(query: str, name: str) -> float:
    """0..100: how well a search ``query`` is found in ``name``. Unlike ``name_similarity``,
    words of the name that the query leaves out cost nothing: "रोहित" finds रोहित साहू, and
    "santosh sukla" finds Santosh Kumar Shukla."""
    query_words, name_words_ = name_words(query), name_words(name)
    if not query_words or not name_words_:
        return 0.0
    best = 0.0
    for left in _variants(query_words):
        for right in _variants(name_words_):
            best = max(best, _covered_score(left, right))
            if best >= 100.0:
                return 100.0  # found as written: no other way of joining words beats it
    return round(best, 1)


@lru_cache(maxsize=131072)
def _covered_score(query: tuple[str, ...], name: tuple[str, ...]) -> float:
    pairs = sorted(
        ((token_similarity(a, b), i, j) for i, a in enumerate(query) for j, b in enumerate(name)),
        reverse=True,
    )
    used_query: set[int] = set()
    used_name: set[int] = set()
    total = weights = 0.0
    worst = 100.0
    for sim, i, j in pairs:
        if i in used_query or j in used_name:
            continue
        used_query.add(i)
        used_name.add(j)
        weight = token_weight(query[i])
        total += sim * weight
        weights += weight
        worst = min(worst, sim)
    for i, code in enumerate(query):
        if i not in used_query:
            weights += token_weight(code)
            worst = 0.0
    if not weights:
        return 0.0
    return min(total / weights, 50.0 + worst / 2.0)
