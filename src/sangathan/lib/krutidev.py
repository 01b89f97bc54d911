"""Kruti Dev 010: Hindi typed with a legacy font, converted to Unicode Devanagari.

Before Unicode fonts were common, most Hindi office work (including the spreadsheets of
party offices) was typed in the *Kruti Dev 010* font. The file stores plain ASCII and a few
Windows-1252 characters; only the font makes them look like Devanagari. "jke" is राम, "'kekZ"
is शर्मा. Such cells must be converted before they can be stored, searched or matched.

The layout follows the Remington typewriter, which shows in three places the code must handle:

* the short-i sign "f" (ि) is typed *before* the consonant it follows in speech (it is drawn
  there), so it moves after the consonant, after the whole half-letter cluster ("fLFkr" →
  स्थित);
* the reph "Z" (the र् drawn above a letter) is typed *after* the syllable, matras included,
  so it moves before the consonant cluster it belongs to ("'kekZ" → शर्मा);
* a half letter followed by the "k" stroke is the full letter ("'" is श्, "'k" is श).

The mapping below was written from the Kruti Dev 010 layout itself. Characters the font does
not use (digits, spaces) pass through unchanged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

# The reph is first emitted as a private-use marker, so that it can be told apart from a
# र् typed as "j~" and moved to the front of its cluster afterwards.
_REPH = "\ue000"

# Half forms: the key gives "consonant + ्"; the same key followed by "k" is the full letter.
_HALF: dict[str, str] = {
    "D": "क",
    "[": "ख",
    "X": "ग",
    "?": "घ",
    "P": "च",
    "T": "ज",
    ".": "ण",
    "R": "त",
    "F": "थ",
    "/": "ध",
    "è": "ध",  # the alternative ध glyph ("èk")
    "U": "न",
    "I": "प",
    "¶": "फ",
    "C": "ब",
    "H": "भ",
    "E": "म",
    "¸": "य",
    "Y": "ल",
    "O": "व",
    "'": "श",
    "Ü": "श",  # the alternative श glyph ("Ük")
    '"': "ष",
    "L": "स",
    "º": "ह",
    "{": "क्ष",
    "«": "त्र",
    "Ù": "त्त",
    "™": "न्न",
}

# Keys that give a full consonant or a whole conjunct.
_FULL: dict[str, str] = {
    "d": "क",
    "x": "ग",
    "³": "ङ",
    "p": "च",
    "N": "छ",
    "t": "ज",
    ">": "झ",
    "¥": "ञ",
    "V": "ट",
    "B": "ठ",
    "M": "ड",
    "<": "ढ",
    "r": "त",
    "n": "द",
    "u": "न",
    "i": "प",
    "Q": "फ",
    "c": "ब",
    "e": "म",
    ";": "य",
    "j": "र",
    "y": "ल",
    "G": "ळ",
    "o": "व",
    "l": "स",
    "g": "ह",
    # Conjuncts that have their own key or glyph.
    "K": "ज्ञ",
    "J": "श्र",
    "=": "त्र",
    ")": "द्ध",
    "|": "द्य",
    "}": "द्व",
    "Ø": "क्र",
    "Ý": "फ्र",
    "æ": "द्र",
    "ç": "प्र",
    "Á": "प्र",
    "à": "ह्न",
    "á": "ह्य",
    "â": "हृ",
    "ã": "ह्म",
    "í": "द्द",
    "Ì": "द्द",
    "ô": "क्क",
    "ê": "ट्ट",
    "Í": "ट्ट",
    "ë": "ट्ठ",
    "Î": "ट्ठ",
    "ì": "ड्ड",
    "Ï": "ड्ड",
    "ï": "ड्ढ",
    "Ô": "ड्ढ",
    "é": "न्न",
    "Ñ": "कृ",
    "—": "कृ",
    "–": "दृ",
    "#": "रु",
    ":": "रू",
}

# Independent vowels. The long forms are drawn from the short ones plus a stroke, so they are
# typed as two or three keys ("vk" = अ + ा-stroke = आ, "bZ" = इ + hook = ई).
_VOWELS: dict[str, str] = {
    "v": "अ",
    "vk": "आ",
    "vks": "ओ",
    "vkS": "औ",
    "v‚": "ऑ",
    "vkW": "ऑ",
    "b": "इ",
    "bZ": "ई",
    "b±": "ईं",
    "m": "उ",
    "Å": "ऊ",
    "_": "ऋ",
    ",": "ए",
    ",s": "ऐ",
}

# Vowel signs and other marks. "f" (ि) is reordered after conversion.
_SIGNS: dict[str, str] = {
    "k": "ा",
    "f": "ि",
    "h": "ी",
    "È": "ीं",
    "q": "ु",
    "w": "ू",
    "`": "ृ",
    "s": "े",
    "S": "ै",
    "ks": "ो",
    "kS": "ौ",
    "‚": "ॉ",
    "kW": "ॉ",
    "W": "ॅ",
    "a": "ं",
    "¡": "ँ",
    "%": "ः",
    "~": "्",
    "+": "़",
    "z": "्र",  # the subscript ra of प्र, ग्र ...
    "ª": "्र",  # the same, in the shape used under ट ड ढ छ
    "î": "्य",  # the subscript ya used under ट ठ ड ढ छ
    "Z": _REPH,
    "±": _REPH + "ं",  # reph and anusvara drawn as one glyph
}

# Punctuation and digits: the font moves some ASCII punctuation to free keys for letters
# ("," is ए, "." is ण्, ";" is य), so the punctuation itself sits on other keys.
_OTHER: dict[str, str] = {
    "A": "।",
    "]": ",",
    "-": ".",
    "&": "-",
    "(": ";",
    "\\": "?",
    "@": "/",
    "$": "+",
    "^": "‘",
    "*": "’",
    "¼": "(",
    "½": ")",
    "å": "०",
    "ƒ": "१",
    "„": "२",
    "…": "३",
    "†": "४",
    "‡": "५",
    "ˆ": "६",
    "‰": "७",
    "Š": "८",
    "‹": "९",
}


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, consonant in _HALF.items():
        table[key] = consonant + "्"
        table[key + "k"] = consonant  # the "k" stroke completes the half letter
        table[key + "+"] = consonant + "़्"
        table[key + "+k"] = consonant + "़"
    for part in (_FULL, _VOWELS, _SIGNS, _OTHER):
        table.update(part)
    return table


TABLE: dict[str, str] = _build_table()

# One regular expression, longest keys first, so "vks" wins over "vk" and "v", and "'k"
# (श) wins over "ks" (ो) in "'ks" (शे).
_TOKEN = re.compile("|".join(re.escape(k) for k in sorted(TABLE, key=len, reverse=True)))

_C = "[\u0915-\u0939\u0958-\u095f]"  # a consonant
_NUKTA = "\u093c"
_VIRAMA = "\u094d"
_CLUSTER = f"(?:{_C}{_NUKTA}?{_VIRAMA})*{_C}{_NUKTA}?"  # half letters, then a full one
_I_SIGN = re.compile(f"\u093f({_CLUSTER})")
# Everything that may sit between a syllable's last consonant and a reph typed after it.
_MARKS = "[\u0900-\u0903\u093c\u093e-\u094c\u0955-\u0957\u0962\u0963]"
_REPH_MOVE = re.compile(f"({_CLUSTER})({_MARKS}*){_REPH}")
# Anusvara/chandrabindu typed before a vowel sign: Unicode wants the vowel sign first.
_NASAL_FIRST = re.compile("([\u0901\u0902])([\u093e-\u094c\u0962\u0963])")


def krutidev_to_unicode(text: str) -> str:
    """Convert text typed in the Kruti Dev 010 font to NFC Unicode Devanagari."""
    if not text:
        return text
    out = _TOKEN.sub(lambda m: TABLE[m.group()], text)
    # The reordering passes are skipped when there is nothing to reorder (imports convert
    # whole columns, so this is the hot path).
    if "\u093f" in out:
        out = _I_SIGN.sub(lambda m: m.group(1) + "\u093f", out)
    out = _NASAL_FIRST.sub(r"\2\1", out)
    if _REPH in out:
        out = _REPH_MOVE.sub(lambda m: "र्" + m.group(1) + m.group(2), out)
        # A reph with no consonant before it (a typing slip) is kept where it was typed.
        out = out.replace(_REPH, "र्")
    return unicodedata.normalize("NFC", out)


# --- Detection -------------------------------------------------------------------------------
#
# A column is judged value by value. Each value collects evidence in log-odds: patterns that
# Kruti Dev typing produces all the time but English and romanized Hindi almost never do
# (positive), and patterns that would be impossible Devanagari if the text were Kruti Dev,
# i.e. that only English/romanized text produces (negative). The column score is the mean
# probability over the values that contain letters.

_NON_ASCII_KEYS = "".join(sorted({ch for key in TABLE for ch in key if ord(ch) > 127}))

_EVIDENCE: list[tuple[re.Pattern[str], float, int]] = [
    # (pattern, weight per match, at most this many matches counted)
    # Capital letter inside a lowercase word: half letters (cTkt, xqIrk, 'kqDyk), ै, reph.
    (re.compile(r"(?<=[a-z;'\"/\[{=|])[A-Z]"), 2.5, 3),
    # The "k" stroke (ा, or completing a half letter) after consonant keys: jke, dkuiqj, 'kekZ.
    (re.compile(r"(?<=[dgjptvxy;'\"/\[{.A-Z])k"), 2.5, 3),
    (re.compile(r"(?<=[ecl r])k"), 1.0, 2),
    # Kruti Dev punctuation keys used as letters.
    (re.compile(r"['\"/\[{](?=k)"), 2.5, 3),  # 'k श, "k ष, /k ध, [k ख, {k क्ष
    (re.compile(r"'(?=o)"), 2.0, 2),  # 'o श्व
    (re.compile(r";(?=[a-zA-Z])"), 2.5, 2),  # ;k या
    (re.compile(r"(?<=[a-zA-Z]);"), 1.0, 2),
    (re.compile(r"(?<=[a-zA-Z])[=|}]|[=|}](?=[a-zA-Z])"), 2.0, 2),
    (re.compile(r"(?<=[a-zA-Z])\]"), 1.0, 2),
    (re.compile(f"[{re.escape(_NON_ASCII_KEYS)}]"), 1.5, 3),
    # q is ु: followed by anything but "u" it is not English.
    (re.compile(r"q(?=[a-tv-zA-TV-Z;'\"/\[{])"), 2.0, 2),
    # f is ि, typed before a consonant key.
    (re.compile(r"(?<![a-zA-Z])f(?=[bcdgjnopxyBCDGHIJKLMNOPQRTUVXY;'\"/\[{=|])"), 2.0, 2),
    (re.compile(r"(?<![a-zA-Z])f(?=[lrt])"), 1.0, 2),
    (re.compile(r"(?<=[a-zA-Z])f(?=[bcdgjnpx;'\"/\[{=|A-Z])"), 1.0, 2),
    # --- against: sequences that would be broken Devanagari ---
    (re.compile(r"sh|Sh|SH"), -3.0, 2),  # े followed by ी
    # A word starting with a vowel sign, anusvara or reph: Santosh, Amit, Ward, kumar.
    (re.compile(r"(?<![a-zA-Z;'\"/\[{=|])[SWZAaskhqwz](?=[a-zA-Z])"), -2.0, 2),
    # A half letter followed by a vowel sign, a vowel or nothing: Ramesh, Yadav, "R. K."
    (re.compile(r"[CDEFHILOPRTUXY](?=[ahqwsSvbmWAz]|[^a-zA-Z;'\"/\[{=|~+]|$)"), -2.0, 3),
    # ि before a vowel sign or at the end of a word: Irfan, Asif.
    (re.compile(r"f(?=[ahqwsSkvbm]|[^a-zA-Z;'\"/\[{=|]|$)"), -1.5, 2),
    # Anusvara followed by a vowel sign: Pathak, Prakash, Ahmad's "ah".
    (re.compile(r"a(?=[ahkqwsS])"), -1.0, 2),
    (re.compile(r"aa"), -2.0, 1),
    (re.compile(r"oo|ou"), -1.0, 1),
    (re.compile(r"(?<=[a-zA-Z]),\s"), -0.5, 2),  # an English comma (Kruti Dev "," is ए)
]
_LETTERS = re.compile(r"[A-Za-z]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
_BIAS = -1.5


def _value_probability(value: str) -> float:
    logit = _BIAS
    for pattern, weight, cap in _EVIDENCE:
        found = len(pattern.findall(value))
        if found:
            logit += weight * min(found, cap)
    # Kruti Dev words often have no English vowel letter at all (ctkt बजाज, lhrk सीता);
    # all-capital abbreviations (BJP, MLA) are left out.
    for word in _LETTERS.findall(value):
        if len(word) >= 3 and not word.isupper() and not _VOWEL.search(word):
            logit += 1.5
            break
    return 1.0 / (1.0 + math.exp(-max(-10.0, min(10.0, logit))))


def krutidev_score(values: Iterable[str]) -> float:
    """0..1: how likely these values (one column) are Kruti Dev text rather than English,
    romanized Hindi, numbers or real Unicode Devanagari."""
    total = 0.0
    counted = 0
    for raw in values:
        value = (raw or "").strip()
        if len(_LETTERS.findall(value)) == 0 or sum(map(len, _LETTERS.findall(value))) < 2:
            continue  # empty cells, numbers, phones, single initials: no evidence either way
        counted += 1
        if _DEVANAGARI.search(value):
            continue  # already Unicode Hindi
        total += _value_probability(value)
    return total / counted if counted else 0.0


DEFAULT_THRESHOLD = 0.5


def looks_like_krutidev(values: Iterable[str], threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when a column should be converted with :func:`krutidev_to_unicode`."""
    return krutidev_score(values) >= threshold
