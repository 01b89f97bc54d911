"""Names in two scripts: storage form, display in the other script, phonetic keys, similarity.

Pure Python, no Django. Typical use on write::

    name = normalise_name(raw)              # what is stored
    latin = to_latin(name)                  # display romanization, e.g. for search results
    keys = match_keys(name)                 # rows in the key table, with KEY_VERSION

and on search: look up rows sharing the query's keys (rare keys first, ``is_common_key``), then
rank them with ``name_similarity``; ``DEFAULT_THRESHOLD`` and above is "the same name".
"""

from __future__ import annotations

import re
from functools import lru_cache

from sangathan.lib.names.devanagari import is_devanagari_letter, romanize_word
from sangathan.lib.names.honorifics import HONORIFICS, normalise_name, split_honorifics
from sangathan.lib.names.lexicon import LEXICON, devanagari_word
from sangathan.lib.names.matching import (
    DEFAULT_THRESHOLD,
    KEY_VERSION,
    Word,
    is_whole_name_key,
    match_keys,
    name_query_score,
    name_similarity,
    name_tokens,
    name_words,
)
from sangathan.lib.names.phonetic import COMMON_TOKENS, is_common_key

__all__ = [
    "COMMON_TOKENS",
    "DEFAULT_THRESHOLD",
    "HONORIFICS",
    "KEY_VERSION",
    "LEXICON",
    "Word",
    "is_common_key",
    "is_whole_name_key",
    "match_keys",
    "name_query_score",
    "name_similarity",
    "name_tokens",
    "name_words",
    "normalise_name",
    "script_of",
    "split_honorifics",
    "to_devanagari",
    "to_latin",
]

_DEVANAGARI_RUN = re.compile(r"[\u0900-\u0963\u0971-\u097f]+")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def script_of(text: str) -> str:
    """ "deva", "latn", "mixed" (letters of both) or "other" (neither)."""
    deva = latn = False
    for ch in text:
        if is_devanagari_letter(ch):
            deva = True
        elif (ch.isalpha() and ch.isascii()) or "\u00c0" <= ch <= "\u024f":
            latn = True
        if deva and latn:
            return "mixed"
    return "deva" if deva else "latn" if latn else "other"


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


@lru_cache(maxsize=131072)
def _display_chunk(chunk: str) -> str:
    text = _DEVANAGARI_RUN.sub(lambda m: _title(romanize_word(m.group(0))), chunk)
    text = _LATIN_RUN.sub(lambda m: _title(m.group(0)), text)
    return text.replace("\u0964", "").replace("\u093d", "")


@lru_cache(maxsize=65536)
def to_latin(name: str) -> str:
    """Display romanization as the person would likely write it: संतोष शुक्ला → "Santosh
    Shukla", मोहम्मद इरफ़ान → "Mohammad Irfan". Latin words are only title-cased."""
    chunks = (_display_chunk(chunk) for chunk in normalise_name(name).split(" "))
    return " ".join(c for c in chunks if c)


def to_devanagari(name: str) -> str:
    """Devanagari for a Latin name when every word is a known name word ("Santosh Shukla" →
    "संतोष शुक्ला"), otherwise "": a hint for display, never stored as the name."""
    text = normalise_name(name)
    if not text or script_of(text) == "deva":
        return text if text else ""
    unknown = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        deva = devanagari_word(match.group(0))
        unknown = unknown or not deva
        return deva

    result = _LATIN_RUN.sub(replace, text)
    return "" if unknown else result
