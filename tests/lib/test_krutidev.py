from __future__ import annotations

import unicodedata

import pytest

from sangathan.lib.krutidev import (
    TABLE,
    krutidev_score,
    krutidev_to_unicode,
    looks_like_krutidev,
)

# The attendees, reporter and places of the founding meeting report
# (/work/shared/seed/000_*.txt), typed as a Kruti Dev 010 office would have typed them.
SEED_NAMES: list[tuple[str, str]] = [
    ("lquhy ctkt", "सुनील बजाज"),
    ("larks\"k 'kqDyk", "संतोष शुक्ला"),
    ("ohjs'k f=ikBh", "वीरेश त्रिपाठी"),
    ("vo/ks'k lksudj", "अवधेश सोनकर"),
    ("ftrsanz 'kekZ", "जितेंद्र शर्मा"),
    ("jathr HknkSfj;k", "रंजीत भदौरिया"),
    ("/khjt ckYfed", "धीरज बाल्मिक"),
    ("vfer xqIrk", "अमित गुप्ता"),
    ("nhid pkSgku", "दीपक चौहान"),
    ("ijekuan 'kqDyk", "परमानंद शुक्ला"),
    ("lR;e 'kqDyk", "सत्यम शुक्ला"),
    ("fnus'k ekS;Z", "दिनेश मौर्य"),
    ("jksfgr lkgw", "रोहित साहू"),
    ("vfiZr xqIrk", "अर्पित गुप्ता"),
    ("lfpu 'kqDyk", "सचिन शुक्ला"),
    ("bj'kkn vgen", "इरशाद अहमद"),
    ("izse flag ikjl", "प्रेम सिंह पारस"),
]

OTHER_WORDS: list[tuple[str, str]] = [
    # simple syllables, matras, the "k" stroke
    ("jke", "राम"),
    ("'kekZ", "शर्मा"),
    ("eerk", "ममता"),
    ("vkse", "ओम"),
    ("Jherh lhrk nsoh", "श्रीमती सीता देवी"),
    # places and phrases of the report
    ("dkuiqj egkuxj mRrj", "कानपुर महानगर उत्तर"),
    ("vo/k {ks=", "अवध क्षेत्र"),
    ("Hkkjrh; turk ikVhZ", "भारतीय जनता पार्टी"),
    ("fo/kkulHkk pquko", "विधानसभा चुनाव"),
    ("lsok gh laxBu", "सेवा ही संगठन"),
    ("ekLd] lSfuVkbtj", "मास्क, सैनिटाइजर"),
    ("cwFk ua- 12", "बूथ नं. 12"),
    ("xksfoan uxj", "गोविंद नगर"),
    ("fdnobZ uxj", "किदवई नगर"),
    # ि typed before a half-letter cluster
    ("fLFkfr", "स्थिति"),
    ("ØkfUrdkjh", "क्रान्तिकारी"),
    ("/khjt ckfYed", "धीरज बाल्मिक"),
    ("fiz;adk", "प्रियंका"),
    ("fpà", "चिह्न"),
    # reph after matras, with ि, with half letters
    ("fl)kFkZ", "सिद्धार्थ"),
    ("/kesZanz", "धर्मेंद्र"),
    ("prqosZnh", "चतुर्वेदी"),
    (",s'o;kZ", "ऐश्वर्या"),
    ("oekZ", "वर्मा"),
    # conjunct keys and ligature glyphs
    ("}kjk", "द्वारा"),
    ("fo|k", "विद्या"),
    ("Kku", "ज्ञान"),
    ('Ñ".k', "कृष्ण"),
    ("czkã.k", "ब्राह्मण"),
    ('jk"Vªh;', "राष्ट्रीय"),
    ("LokLF;", "स्वास्थ्य"),
    ("'kkafr", "शांति"),
    # independent vowels, chandrabindu, visarga, ॉ
    ('_f"k', "ऋषि"),
    ('Å"kk', "ऊषा"),
    ("bZ'oj", "ईश्वर"),
    ("vkSjS;k", "औरैया"),
    (">k¡lh", "झाँसी"),
    ("nq%[k", "दुःख"),
    ("dkWyst", "कॉलेज"),
    # nukta
    ("fQ+jkst+", "फ़िरोज़"),
    ("yM+dh", "लड़की"),
    ("eksgEen bjQku", "मोहम्मद इरफान"),
    # danda and Kruti Dev digits
    ("jke jke A", "राम राम ।"),
    ("okMZ ƒ„", "वार्ड १२"),
]


@pytest.mark.parametrize(("kruti", "unicode"), SEED_NAMES + OTHER_WORDS)
def test_kruti_dev_converts_to_unicode(kruti: str, unicode: str) -> None:
    assert krutidev_to_unicode(kruti) == unicodedata.normalize("NFC", unicode)


def test_the_table_has_enough_cases() -> None:
    assert len(SEED_NAMES + OTHER_WORDS) >= 40


def test_output_is_nfc_and_nukta_matches_clean_text() -> None:
    # क़ is a composition exclusion: NFC keeps क + nukta, the form clean_text stores.
    assert krutidev_to_unicode("d+") == "\u0915\u093c"
    out = krutidev_to_unicode("fQ+jkst+ ")
    assert out == unicodedata.normalize("NFC", out)


def test_anusvara_typed_before_the_vowel_sign_is_put_after_it() -> None:
    assert krutidev_to_unicode("eas") == krutidev_to_unicode("esa") == "में"


def test_digits_spaces_and_empty_pass_through() -> None:
    assert krutidev_to_unicode("") == ""
    assert krutidev_to_unicode("  12 ") == "  12 "


def test_every_key_of_the_table_can_be_stored_in_windows_1252() -> None:
    # Kruti Dev files arrive as cp1252; a key outside it could never be matched.
    for key in TABLE:
        key.encode("cp1252")


KD_NAMES = [kd for kd, _ in SEED_NAMES] + [
    "jke",
    "lhrk",
    "lquhrk nsoh",
    "jkts'k ;kno",
    "jes'k dqekj",
]
KD_PLACES = [
    "dkuiqj",
    "xksfoan uxj",
    "fdnobZ uxj",
    "egkuxj mRrj",
    "vkxjk",
    "y[kuÅ",
    "okjk.klh",
    "'kkL=h uxj",
    "jkoriqj",
    "fcYgkSj",
]
ROMAN_NAMES = [
    "Santosh Shukla",
    "Ramesh Kumar",
    "Mohd Irfan",
    "Sunita Devi",
    "Rajesh Yadav",
    "Amit Gupta",
    "Deepak Chauhan",
    "Ekta Singh",
    "Vivek Malik",
    "Tariq Iqbal",
    "Om Prakash",
    "Sunil Bajaj",
]
ROMAN_LOWER = ["santosh shukla", "ramesh kumar", "ram", "sita", "uma", "mamta", "vikas"]
ROMAN_UPPER = ["SANTOSH SHUKLA", "RAMESH KUMAR", "MOHD IRFAN", "SUNITA DEVI"]
ENGLISH_ADDRESSES = [
    "Govind Nagar, Kanpur",
    "12 Civil Lines",
    "Sector 5, Noida",
    "MG Road",
    "Flat 4B, Shastri Nagar",
    "Kidwai Nagar",
    "Swaroop Nagar",
    "Near Railway Station",
    "H.No. 12, Govind Nagar",
    "Tilak Nagar",
    "Old Kanpur",
]
NUMBERS = ["9876543210", "+91 98390 12345", "0512-2345678", "1985", ""]


@pytest.mark.parametrize("column", [KD_NAMES, KD_PLACES])
def test_kruti_dev_columns_are_flagged(column: list[str]) -> None:
    assert krutidev_score(column) > 0.8
    assert looks_like_krutidev(column)


@pytest.mark.parametrize(
    "column", [ROMAN_NAMES, ROMAN_LOWER, ROMAN_UPPER, ENGLISH_ADDRESSES, ["UPX1234567"]]
)
def test_romanized_and_english_columns_are_not_flagged(column: list[str]) -> None:
    assert krutidev_score(column) < 0.25
    assert not looks_like_krutidev(column)


def test_numbers_unicode_and_empty_columns_score_zero() -> None:
    assert krutidev_score(NUMBERS) == 0.0
    assert krutidev_score(["संतोष शुक्ला", "सुनील बजाज"]) == 0.0
    assert krutidev_score([]) == 0.0


def test_the_threshold_can_be_overridden() -> None:
    assert looks_like_krutidev(ROMAN_NAMES, threshold=0.0)
    assert not looks_like_krutidev(KD_NAMES, threshold=1.01)
