"""One phonetic alphabet for names written in Devanagari or Latin.

Every word is first written in Latin (Devanagari through the romanizer, with schwa deletion),
then reduced by the same rules whichever script it came from, so संतोष, Santosh and Santhosh
meet at one code. The reduction folds what Hindi spellers vary and keeps what tells names apart:

- aspirates and sibilants fold (kh → k, sh/ṣ → s, th → t, ph → f), z → j, q → k, x → ks, and
  v/w/b are one letter (Valmiki = Balmiki, Vinod = Binod);
- long and short vowels fold (ee → i, oo → u, aa → a), au/ou → o, and ai is "ay" (Jaiswal =
  जायसवाल, Sanjai = Sanjay);
- an "a" between two consonants is dropped, because that is exactly the vowel Hindi deletes
  and Latin spellers write or omit at will (Awadhesh/Avdhesh, Parmanand/Paramanand,
  Kamlesh/Kamalesh);
- every other vowel stays, with the first and the last, so Kamal ≠ Komal and Kamal ≠ Kamla.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sangathan.lib.names.devanagari import romanize_word

_SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("nder", "ndra"),  # Punjabi spelling: Narender = Narendra, Inder = Indra
    ("que", "k"),  # Farooque, Siddique
    ("ore", "or"),  # Kishore = किशोर, Rathore = राठौर: an English silent e
)
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("x", "ks"),
    ("chh", "C"),
    ("ch", "C"),
    ("ck", "k"),
    ("c", "k"),
    ("C", "c"),
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "g"),
    ("jh", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("bh", "b"),
    ("rh", "r"),
    ("q", "k"),
    ("z", "j"),
)
_VOWEL_FOLDS: tuple[tuple[str, str], ...] = (
    ("aa", "a"),
    ("ee", "i"),
    ("ii", "i"),
    ("oo", "u"),
    ("uu", "u"),
    ("ai", "ay"),
    ("ei", "e"),
    ("au", "o"),
    ("ou", "o"),
    ("w", "v"),
    ("v", "b"),
)
_QU = re.compile(r"qu(?=[ie])")  # Siddiqui = सिद्दीक़ी
_OW = re.compile(r"ow(?![aeiou])")  # Chowdhury = Chaudhary
_EH = re.compile(r"eh(?![aeiou])")  # Rehman = Rahman, Mehmood = Mahmood
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnprstvy])h")  # Kanhaiya = Kanaiya
_H_SILENT = re.compile(r"h(?![aeiou])")  # Ahmad, Shah: the h is not heard
_FINAL_AI = re.compile(r"ai$")  # Sanjai = Sanjay
_EY = re.compile(r"ey(?![aeiou])")  # Pandey = Pande, Radheyshyam = Radheshyam
_FINAL_Y = re.compile(r"(?<=[^aeiou])y$")  # Tiwary = Tiwari
_IY = re.compile(r"iy(?=[aeiou])")  # Bhadauriya = Bhadoria
_ER = re.compile(r"er(?![aeiou])")  # Sonker = Sonkar, Verma = Varma
_M_LABIAL = re.compile(r"m(?=[pbf])")  # anusvara before a labial is written n or m
_DOUBLE = re.compile(r"(.)\1+")
_MEDIAL_A = re.compile(r"(?<=[^aeiou])a(?=[^aeiou])")
_VOWELS = re.compile(r"[aeiou]")

# Words whose spellings differ by more than the rules fold, as (variant, canonical).
_CANONICAL_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("mohd", "mohammad"),
    ("md", "mohammad"),
    ("mo", "mohammad"),  # मो. on Hindi lists
    ("mohammed", "mohammad"),
    ("muhammad", "mohammad"),
    ("muhammed", "mohammad"),
    ("mohamad", "mohammad"),
    ("mohamed", "mohammad"),
    ("mohmad", "mohammad"),
    ("ahmed", "ahmad"),
    ("syed", "saiyad"),
    ("sayed", "saiyad"),
    ("sayyed", "saiyad"),
    ("sayyad", "saiyad"),
    ("begam", "begum"),
    ("shaikh", "shekh"),
    ("yousuf", "yusuf"),
    ("yousaf", "yusuf"),
    ("bajpeyi", "bajpai"),
    ("bajpayee", "bajpai"),
    ("vajpeyi", "bajpai"),
    ("balmik", "balmiki"),
    ("valmik", "balmiki"),
    ("srivastava", "srivastav"),
    ("shiva", "shiv"),
    ("krishan", "krishna"),
    ("rajinder", "rajendra"),
    ("kr", "kumar"),  # "Ajay Kr. Singh"
    ("pd", "prasad"),
)

# Words so frequent in North Indian names that sharing them says little: given-name fillers
# (Kumar, Devi, Ram, Lal) weigh least, the commonest surnames a little more.
FILLER_WORDS: tuple[str, ...] = (
    "kumar", "kumari", "devi", "singh", "ram", "prasad", "lal", "chand", "nath", "das",
    "bai", "begum", "khatoon", "bano", "bibi", "mohammad", "rani", "bhai", "babu",
)  # fmt: skip
COMMON_SURNAMES: tuple[str, ...] = (
    "yadav", "sharma", "verma", "gupta", "khan", "mishra", "pandey", "tiwari", "shukla",
    "srivastava", "dubey", "chauhan", "maurya", "kushwaha", "ansari", "qureshi", "siddiqui",
    "patel", "rajput", "jaiswal", "saxena", "tripathi", "dwivedi", "awasthi", "bajpai", "pal",
    "nishad", "sonkar", "kashyap", "thakur", "ahmad", "ali", "hussain", "shaikh", "prajapati",
    "gautam", "chaudhary", "saini", "rathore", "agarwal",
)  # fmt: skip

COMMON_KEY_PREFIX = "c:"
MAX_KEY_LENGTH = 32


def _ascii_letters(word: str) -> str:
    """Lowercase a–z only: IAST or accented input (Lakṣmī) loses its marks first."""
    if not word.isascii():
        word = "".join(
            ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
        )
    return "".join(ch for ch in word.lower() if "a" <= ch <= "z")


def _reduce(word: str) -> str:
    w = word
    for suffix, replacement in _SUFFIX_RULES:
        if w.endswith(suffix) and len(w) > len(suffix):
            w = w[: -len(suffix)] + replacement
    w = _QU.sub("k", w)
    w = _OW.sub("o", w)
    for old, new in _DIGRAPHS:
        w = w.replace(old, new)
    w = _EH.sub("ah", w)
    w = _H_AFTER_CONSONANT.sub("", w)
    w = _H_SILENT.sub("", w)
    w = _FINAL_AI.sub("ay", w)
    w = _EY.sub("e", w)
    w = _FINAL_Y.sub("i", w)
    for old, new in _VOWEL_FOLDS:
        w = w.replace(old, new)
    w = _IY.sub("i", w)
    w = _ER.sub("ar", w)
    w = _M_LABIAL.sub("n", w)
    w = _DOUBLE.sub(r"\1", w)
    return _MEDIAL_A.sub("", w)


# code of a variant → the canonical Latin spelling, which then gives the code and, when
# words are joined (Mohd Irfan → "mohammadirfan"), the joined code.
_CANONICAL: dict[str, str] = {_reduce(v): c for v, c in _CANONICAL_SPELLINGS}
FILLER_CODES: frozenset[str] = frozenset(_reduce(w) for w in FILLER_WORDS)
COMMON_TOKENS: frozenset[str] = FILLER_CODES | frozenset(_reduce(w) for w in COMMON_SURNAMES)


@lru_cache(maxsize=131072)
def latin_word(word: str) -> str:
    """The lowercase Latin spelling of one word of either script (Devanagari romanized), with
    abbreviations and odd variants replaced by their usual spelling (Mohd → mohammad)."""
    deva = bool(word) and "\u0900" <= word[0] <= "\u097f"
    latin = romanize_word(word) if deva else _ascii_letters(word)
    return _CANONICAL.get(_reduce(latin), latin)


@lru_cache(maxsize=131072)
def phonetic_code(latin: str) -> str:
    """The phonetic code of one lowercase Latin word: "shukla" → "sukla", "laxmi" → "lksmi"."""
    code = _reduce(latin)
    canonical = _CANONICAL.get(code)
    return code if canonical is None else _reduce(canonical)


@lru_cache(maxsize=131072)
def coarse_code(code: str) -> str:
    """The blocking form of a code: first letter, then consonants only (Chaudhary and
    Chowdhury differ by a vowel in their codes and meet here)."""
    return code[:1] + _VOWELS.sub("", code[1:])


def token_weight(code: str) -> float:
    if code in FILLER_CODES:
        return 0.25
    if code in COMMON_TOKENS:
        return 0.5
    return 1.0


# Commonness of a key is decided on the coarse form, so Chowdhury is as common as Chaudhary.
_COMMON_COARSE: frozenset[str] = frozenset(coarse_code(c) for c in COMMON_TOKENS)


def block_key(code: str) -> str:
    key = coarse_code(code)[:MAX_KEY_LENGTH]
    return COMMON_KEY_PREFIX + key if key in _COMMON_COARSE else key


def is_common_key(key: str) -> bool:
    """A key made from a very common word (Kumar, Devi, Singh, Yadav): a searcher should look
    it up only when the query has no rarer key."""
    return key.startswith(COMMON_KEY_PREFIX)
