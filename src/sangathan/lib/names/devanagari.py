"""Devanagari → Latin the way Hindi speakers spell their own names.

Library schemes (ITRANS, IAST, ISO 15919) write every inherent vowel: संतोष → "saMtoSha".
Nobody writes their name like that, so the romanizer here parses the word into phonemes,
applies Hindi schwa deletion (the unwritten "a" that is not pronounced) and renders the result
with the spelling conventions seen on voter rolls and office lists: ā → a, श/ष → sh, anusvara
→ n or m, nukta letters as z/f/q.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

VIRAMA = "\u094d"
NUKTA = "\u093c"
ANUSVARA = "\u0902"
CHANDRABINDU = "\u0901"
VISARGA = "\u0903"

_CONSONANTS: dict[str, str] = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n",
    "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n",
    "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m",
    "य": "y", "र": "r", "ल": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "ळ": "l",
}  # fmt: skip
# NFC keeps क़ and friends decomposed (base + nukta: they are composition exclusions).
_NUKTA_CONSONANTS: dict[str, str] = {
    "क": "q", "ख": "kh", "ग": "gh", "ज": "z", "फ": "f", "ड": "r", "ढ": "rh", "य": "y",
}  # fmt: skip
_MATRAS: dict[str, str] = {
    "\u093e": "aa", "\u093f": "i", "\u0940": "ii", "\u0941": "u", "\u0942": "uu",
    "\u0943": "ri", "\u0944": "ri", "\u0945": "e", "\u0946": "e", "\u0947": "e",
    "\u0948": "ai", "\u0949": "o", "\u094a": "o", "\u094b": "o", "\u094c": "au",
}  # fmt: skip
_VOWELS: dict[str, str] = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ii", "उ": "u", "ऊ": "uu", "ऋ": "ri",
    "ऍ": "e", "ऎ": "e", "ए": "e", "ऐ": "ai", "ऑ": "o", "ऒ": "o", "ओ": "o", "औ": "au",
}  # fmt: skip
_LABIALS = frozenset({"p", "ph", "b", "bh", "m", "f"})
# व after these is the "w" of Swami, Ashwani, Dwivedi, Jwala; after r/l it stays "v" (Sarvesh).
_W_AFTER = frozenset({"s", "sh", "d", "dh", "t", "th", "j", "h", "k", "g"})

# Where the rules give a spelling that is correct but not the one people use. Display only:
# the phonetic keys reduce both spellings to the same code anyway.
DISPLAY_OVERRIDES: dict[str, str] = {
    "अवधेश": "awadhesh",
    "तिवारी": "tiwari",
    "पूजा": "pooja",
    "पूनम": "poonam",
    "राय": "rai",
    "श्रीवास्तव": "srivastava",
    "प्रदीप": "pradeep",
    "संदीप": "sandeep",
    "कुलदीप": "kuldeep",
    "मनदीप": "mandeep",
    "नवीन": "naveen",
    "प्रवीण": "praveen",
    "प्रवीन": "praveen",
    "राजीव": "rajeev",
    "संजीव": "sanjeev",
    "शकील": "shakeel",
    "जमील": "jameel",
    "नसीम": "naseem",
    "वसीम": "waseem",
    "रहीम": "rahim",
    "नदीम": "nadeem",
    "सलीम": "salim",
    "उपाध्याय": "upadhyay",
    "सिंह": "singh",
    "बेगम": "begum",
    "वाजपेयी": "vajpayee",
    "बाजपेयी": "bajpai",
    "वर्मा": "verma",
    "दुबे": "dubey",
    "चौबे": "chaubey",
    "पांडे": "pandey",
    "पाण्डे": "pandey",
    "पाण्डेय": "pandey",
    "पांडेय": "pandey",
}


class Phoneme(NamedTuple):
    kind: str  # "C" consonant, "V" vowel, "N" nasal sign, "H" visarga
    text: str
    schwa: bool = False  # an inherent vowel, which schwa deletion may drop


def is_devanagari_letter(ch: str) -> bool:
    return "\u0900" <= ch <= "\u0963" or "\u0971" <= ch <= "\u097f"


def _parse(word: str) -> list[Phoneme]:
    out: list[Phoneme] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in _CONSONANTS:
            roman = _CONSONANTS[ch]
            i += 1
            if i < n and word[i] == NUKTA:
                roman = _NUKTA_CONSONANTS.get(ch, roman)
                i += 1
            # ज्ञ is said "gy" in Hindi (ज्ञान → Gyan), not "jn".
            if ch == "ज" and word[i : i + 2] == VIRAMA + "ञ":
                out.append(Phoneme("C", "g"))
                roman = "y"
                i += 2
            out.append(Phoneme("C", roman))
            if i < n and word[i] in _MATRAS:
                out.append(Phoneme("V", _MATRAS[word[i]]))
                i += 1
            elif i < n and word[i] == VIRAMA:
                i += 1
            else:
                out.append(Phoneme("V", "a", schwa=True))
        elif ch in _VOWELS:
            out.append(Phoneme("V", _VOWELS[ch]))
            i += 1
        elif ch in (ANUSVARA, CHANDRABINDU):
            out.append(Phoneme("N", "n" if ch == ANUSVARA else "~"))
            i += 1
        elif ch == VISARGA:
            out.append(Phoneme("H", "h"))
            i += 1
        else:  # stray matra, nukta, avagraha: nothing to pronounce
            i += 1
    return out


def _is_vowel(phonemes: list[Phoneme | None], i: int) -> bool:
    return 0 <= i < len(phonemes) and (p := phonemes[i]) is not None and p.kind == "V"


def _is_compound_onset(work: list[Phoneme | None], i: int) -> bool:
    """A consonant + r onset after the schwa: names are often compounds (ओम+प्रकाश,
    राम+प्रसाद), and the first part loses its final schwa there too (Omprakash, Ramprasad)."""
    if i + 2 >= len(work):
        return False
    second, vowel = work[i + 1], work[i + 2]
    return (
        second is not None
        and second.kind == "C"
        and second.text == "r"
        and vowel is not None
        and vowel.kind == "V"
    )


def _is_vati_suffix(work: list[Phoneme | None], i: int) -> bool:
    """-वती/-मती closing a woman's name is its own morpheme and keeps its vowel: Mayawati,
    Bhagwati, Phoolmati (not Mayavti)."""
    if i != len(work) - 3:
        return False
    before, after, last = work[i - 1], work[i + 1], work[i + 2]
    return (
        before is not None
        and before.text in ("v", "m")
        and after is not None
        and after.text == "t"
        and last is not None
        and last.text == "ii"
    )


def _delete_schwas(phonemes: list[Phoneme]) -> list[Phoneme]:
    """Hindi schwa deletion (after Ohala 1983 and Choudhury et al. 2004), simplified for names.

    Final: the last inherent vowel goes unless a cluster precedes it (शुक्ल → Shukla, मिश्र →
    Mishra, but राम → Ram). Medial, scanning right to left: V C a C V loses its a (कमला → Kamla,
    इरफ़ान → Irfan, सोनकर → Sonkar); a deletion leaves a cluster, so its left neighbour keeps
    its vowel (परमानंद → Parmanand, not Prmanand).
    """
    work: list[Phoneme | None] = list(phonemes)
    vowel_count = sum(1 for p in phonemes if p.kind == "V")
    last = len(work) - 1
    if vowel_count > 1 and last >= 1 and phonemes[last].schwa:
        cluster = last >= 2 and phonemes[last - 2].kind == "C"
        if not cluster:
            work[last] = None
    for i in range(last - 1, 1, -1):
        p = work[i]
        if p is None or not p.schwa:
            continue
        after = work[i + 1]
        if after is None or after.kind != "C":
            continue  # a nasal or vowel follows: the syllable is heavy, keep it
        before = work[i - 1]
        if before is None or before.kind != "C":
            continue
        left = work[i - 2]
        left_ok = left is not None and (
            left.kind == "V" or (left.kind == "N" and _is_vowel(work, i - 3))
        )
        if _is_vati_suffix(work, i):
            continue
        if left_ok and (_is_vowel(work, i + 2) or _is_compound_onset(work, i + 1)):
            work[i] = None
    return [p for p in work if p is not None]


def _render(phonemes: list[Phoneme]) -> str:
    parts: list[str] = []
    first_vowel_seen = False
    n = len(phonemes)
    for i, p in enumerate(phonemes):
        prev = phonemes[i - 1] if i else None
        nxt = phonemes[i + 1] if i + 1 < n else None
        if p.kind == "C":
            text = p.text
            if text == "v":
                text = _render_v(prev, nxt)
            parts.append(text)
        elif p.kind == "V":
            text = p.text
            if text == "aa":
                text = "a"
            elif text == "uu":
                text = "u"
            elif text == "ii":
                # Deepak, Geeta, Neeraj: a long ī in the first syllable is usually "ee";
                # later it is "i" (Sunil, Balmiki, Lakshmi).
                closed = nxt is not None and nxt.kind == "C"
                text = "ee" if not first_vowel_seen and closed and prev is not None else "i"
            parts.append(text)
            first_vowel_seen = True
        elif p.kind == "N":
            if nxt is None:
                parts.append("n" if p.text == "n" else "")
            elif nxt.kind == "C" and nxt.text in _LABIALS:
                parts.append("m")
            elif nxt.kind == "C":
                parts.append("n")
            # a nasalised vowel before another vowel (गाँव): nothing people write
        else:
            parts.append("h")
    return "".join(parts)


def _render_v(prev: Phoneme | None, nxt: Phoneme | None) -> str:
    if prev is None or nxt is None or nxt.kind != "V":
        return "v"  # Vinod, Yadav, Gaurav
    if prev.kind == "C":
        return "w" if prev.text in _W_AFTER else "v"
    if prev.kind == "V" and prev.text in ("a", "aa") and nxt.text in ("a", "aa"):
        return "w"  # Pawan, Jawahar, Bhawani, Sawan
    return "v"  # Devi, Naveen, Shivam, Kavita


@lru_cache(maxsize=65536)
def romanize_word(word: str) -> str:
    """One Devanagari word in lowercase Latin: संतोष → "santosh", शुक्ल → "shukla"."""
    override = DISPLAY_OVERRIDES.get(word)
    if override is not None:
        return override
    return _render(_delete_schwas(_parse(word)))
