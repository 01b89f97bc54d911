"""What a word of a name can be (a given name, the first half of a two-word given name, a
middle part, a surname, an initial), looked up by phonetic code in the lexicon and in the
registry's known names. The word lists that add to the lexicon live here too."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from sangathan.lib.names.lexicon import (
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    MUSLIM_NAMES,
    SURNAMES,
)
from sangathan.lib.names.matching import name_words
from sangathan.lib.names.phonetic import latin_word, phonetic_code


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
