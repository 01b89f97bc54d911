from __future__ import annotations

import pytest

from sangathan.lib.names import (
    COMMON_TOKENS,
    DEFAULT_THRESHOLD,
    KEY_VERSION,
    is_common_key,
    is_whole_name_key,
    match_keys,
    name_similarity,
    name_tokens,
    normalise_name,
    script_of,
    split_honorifics,
    to_devanagari,
    to_latin,
)
from tests.lib.name_pairs import HARD_NEGATIVES, POSITIVE_PAIRS


def test_the_labelled_set_is_large_enough_to_mean_something() -> None:
    assert len(POSITIVE_PAIRS) >= 150
    assert len(HARD_NEGATIVES) >= 75


def test_recall_on_positive_pairs_is_at_least_99_percent() -> None:
    missed = [(a, b) for a, b in POSITIVE_PAIRS if name_similarity(a, b) < DEFAULT_THRESHOLD]
    recall = 1 - len(missed) / len(POSITIVE_PAIRS)
    assert recall >= 0.99, missed


def test_precision_against_hard_negatives_is_at_least_95_percent() -> None:
    true_positives = sum(name_similarity(a, b) >= DEFAULT_THRESHOLD for a, b in POSITIVE_PAIRS)
    false = [(a, b) for a, b in HARD_NEGATIVES if name_similarity(a, b) >= DEFAULT_THRESHOLD]
    precision = true_positives / (true_positives + len(false))
    assert precision >= 0.95, false


def test_every_positive_pair_shares_a_match_key() -> None:
    apart = [(a, b) for a, b in POSITIVE_PAIRS if not set(match_keys(a)) & set(match_keys(b))]
    assert apart == []


@pytest.mark.parametrize(
    "names",
    [
        ("संतोष शुक्ला", "Santosh Shukla", "Santosh Sukla"),
        ("अवधेश सोनकर", "Awadhesh Sonkar", "Avdhesh Sonkar"),
        ("बाल्मीकि", "Balmiki", "Valmiki"),
        ("मोहम्मद इरफ़ान", "Mohd Irfan"),
        ("Laxmi", "Lakshmi", "लक्ष्मी"),
        ("Kanhaiyalal", "Kanhaiya Lal"),
    ],
)
def test_the_examples_from_the_issue_are_the_same_name(names: tuple[str, ...]) -> None:
    first, *others = names
    for other in others:
        assert name_similarity(first, other) == 100.0, other


def test_both_scripts_give_the_same_tokens() -> None:
    assert name_tokens("संतोष शुक्ला") == name_tokens("Santosh Shukla")
    assert name_tokens("Santosh Sukla") == name_tokens("Santosh Shukla")


def test_similarity_is_symmetric_and_ignores_word_order() -> None:
    assert name_similarity("Shukla Santosh", "संतोष शुक्ला") == 100.0
    assert name_similarity("Rakesh", "Rajesh") == name_similarity("Rajesh", "Rakesh")


def test_a_dropped_common_middle_word_still_matches_but_a_dropped_surname_does_not() -> None:
    assert name_similarity("Anil Kumar Sharma", "Anil Sharma") >= DEFAULT_THRESHOLD
    assert name_similarity("Santosh", "Santosh Shukla") < DEFAULT_THRESHOLD


def test_a_shared_surname_does_not_make_different_people_the_same() -> None:
    assert name_similarity("Amit Gupta", "Arpit Gupta") < DEFAULT_THRESHOLD
    assert name_similarity("Ram Yadav", "Shyam Yadav") < DEFAULT_THRESHOLD


def test_empty_names_score_zero() -> None:
    assert name_similarity("", "Santosh") == 0.0
    assert name_similarity("श्री", "") == 0.0


@pytest.mark.parametrize(
    ("raw", "name", "honorifics"),
    [
        ("Smt. Sunita Devi", "Sunita Devi", ["Smt."]),
        ("Dr.Ajay", "Ajay", ["Dr."]),
        ("Dr. Ajay Kumar", "Ajay Kumar", ["Dr."]),
        ("श्रीमती कमला देवी", "कमला देवी", ["श्रीमती"]),
        ("श्री संतोष शुक्ला", "संतोष शुक्ला", ["श्री"]),
        ("डॉ. दिनेश मौर्य", "दिनेश मौर्य", ["डॉ."]),
        ("स्व. श्री गोपाल दास", "गोपाल दास", ["स्व.", "श्री"]),
        ("Late Shri Mohan Lal", "Mohan Lal", ["Late", "Shri"]),
        ("सुनील बजाज जी", "सुनील बजाज", ["जी"]),
        ("Sharma ji", "Sharma", ["ji"]),
        ("कुमारी पूजा", "पूजा", ["कुमारी"]),
        ("Km. Priyanka", "Priyanka", ["Km."]),
        ("Mrs. Rekha Sonkar", "Rekha Sonkar", ["Mrs."]),
        ("Adv. Amit Gupta", "Amit Gupta", ["Adv."]),
        ("Er. Rohit Sahu", "Rohit Sahu", ["Er."]),
    ],
)
def test_honorifics_are_set_aside(raw: str, name: str, honorifics: list[str]) -> None:
    assert split_honorifics(raw) == (name, honorifics)
    assert normalise_name(raw) == name


@pytest.mark.parametrize(
    "name",
    ["Shrikant Tiwari", "Drishti Sharma", "Pooja Kumari", "Kumari", "Srinivas", "Mohd Irfan"],
)
def test_words_that_only_look_like_titles_are_kept(name: str) -> None:
    assert normalise_name(name) == name


def test_a_title_alone_is_not_taken_for_a_name_and_removed() -> None:
    assert normalise_name("Smt.") == "Smt."


def test_zero_width_joiners_nfc_and_spaces_are_cleaned() -> None:
    assert normalise_name("  संतोष\u200d   शुक्ला\u200b ") == "संतोष शुक्ला"
    # फ़ typed as one code point or as फ + nukta stores and matches alike
    assert normalise_name("इर\u095eान") == normalise_name("इर\u092b\u093cान")
    assert name_tokens("इर\u095eान") == name_tokens("Irfan")


@pytest.mark.parametrize(
    ("deva", "latin"),
    [
        ("संतोष शुक्ला", "Santosh Shukla"),
        ("अवधेश सोनकर", "Awadhesh Sonkar"),
        ("मोहम्मद इरफ़ान", "Mohammad Irfan"),
        ("लक्ष्मी", "Lakshmi"),
        ("बाल्मीकि", "Balmiki"),
        ("जितेंद्र शर्मा", "Jitendra Sharma"),
        ("रंजीत भदौरिया", "Ranjit Bhadauriya"),
        ("धीरज बाल्मिक", "Dheeraj Balmik"),
        ("दीपक चौहान", "Deepak Chauhan"),
        ("परमानंद शुक्ला", "Parmanand Shukla"),
        ("सत्यम शुक्ला", "Satyam Shukla"),
        ("दिनेश मौर्य", "Dinesh Maurya"),
        ("रोहित साहू", "Rohit Sahu"),
        ("सुनील बजाज", "Sunil Bajaj"),
        ("इरशाद अहमद", "Irshad Ahmad"),
        ("प्रेम सिंह पारस", "Prem Singh Paras"),
        ("कन्हैयालाल", "Kanhaiyalal"),
        ("कमला देवी", "Kamla Devi"),
        ("राजकुमार यादव", "Rajkumar Yadav"),
        ("ओमप्रकाश", "Omprakash"),
        ("ज्ञानेंद्र", "Gyanendra"),
        ("कृष्ण कुमार", "Krishna Kumar"),
        ("पवन तिवारी", "Pawan Tiwari"),
        ("श्वेता श्रीवास्तव", "Shweta Srivastava"),
        ("ज़ाकिर हुसैन", "Zakir Husain"),
        ("फ़ातिमा बेगम", "Fatima Begum"),
        ("चंपा", "Champa"),
        ("चाँदनी", "Chandni"),
        ("मायावती", "Mayawati"),
        ("विश्वनाथ", "Vishwanath"),
        ("शुक्ल", "Shukla"),
        ("श्रीमती सुनीता देवी", "Sunita Devi"),
    ],
)
def test_devanagari_names_are_romanized_as_people_write_them(deva: str, latin: str) -> None:
    assert to_latin(deva) == latin


def test_latin_names_are_only_cleaned_and_title_cased() -> None:
    assert to_latin("  santosh   SHUKLA ") == "Santosh Shukla"
    assert to_latin("Smt. sunita devi") == "Sunita Devi"


def test_known_latin_names_get_a_devanagari_hint_and_unknown_ones_none() -> None:
    assert to_devanagari("Santosh Shukla") == "संतोष शुक्ला"
    assert to_devanagari("Santosh Sukla") == "संतोष शुक्ला"
    assert to_devanagari("Mohd Irfan") == "मोहम्मद इरफ़ान"
    assert to_devanagari("Laxmi") == "लक्ष्मी"
    assert to_devanagari("Santosh Xyzzyplugh") == ""
    assert to_devanagari("संतोष शुक्ला") == "संतोष शुक्ला"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("संतोष शुक्ला", "deva"),
        ("Santosh Shukla", "latn"),
        ("Santosh शुक्ला", "mixed"),
        ("१२३ - 45", "other"),
        ("", "other"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_keys_are_short_ascii_and_include_a_per_word_and_a_combined_key() -> None:
    keys = match_keys("संतोष शुक्ला")
    assert all(k.isascii() and 0 < len(k) <= 32 for k in keys)
    assert set(match_keys("Santosh")) <= set(keys)  # a one-word query finds the person
    assert any("+" in k for k in keys)
    assert match_keys("Shukla Santosh") != keys and set(match_keys("Shukla Santosh")) & {
        k for k in keys if "+" in k
    }


def test_the_whole_name_key_is_shared_across_scripts_and_word_order_only() -> None:
    whole = [k for k in match_keys("संतोष शुक्ला") if is_whole_name_key(k)]
    assert len(whole) == 1
    for same in ("Santosh Shukla", "Santosh Sukla", "Shukla Santosh"):
        assert whole[0] in match_keys(same), same
    for other in ("Santosh Kumar Shukla", "Sanjay Shukla", "Santosh"):
        assert whole[0] not in match_keys(other), other


def test_very_common_words_give_keys_marked_common() -> None:
    keys = match_keys("रमेश कुमार सिंह")
    common = [k for k in keys if is_common_key(k)]
    assert len(common) == 2  # कुमार and सिंह
    for word in ("Kumar", "देवी", "Singh", "राम", "Yadav", "प्रसाद", "Lal"):
        assert all(is_common_key(k) for k in match_keys(word)), word
        assert name_tokens(word)[0] in COMMON_TOKENS
    assert not any(is_common_key(k) for k in match_keys("Awadhesh"))


def test_keys_of_a_long_name_stay_within_32_characters() -> None:
    keys = match_keys("Chandrashekharanandaswaminathan Vishwanathanarayanaswami")
    assert all(len(k) <= 32 for k in keys)


def test_key_version_is_a_positive_integer() -> None:
    assert isinstance(KEY_VERSION, int) and KEY_VERSION >= 1


def test_held_out_pairs_meet_the_targets_too() -> None:
    # Pairs the rules were never tuned on (tests/lib/name_pairs_heldout.py): at the time they
    # were written, 60 of 60 positives matched and one negative (Naseem/Nadeem) did too.
    from tests.lib.name_pairs_heldout import HELD_OUT_NEGATIVE, HELD_OUT_POSITIVE

    found = [name_similarity(a, b) >= DEFAULT_THRESHOLD for a, b in HELD_OUT_POSITIVE]
    false = [(a, b) for a, b in HELD_OUT_NEGATIVE if name_similarity(a, b) >= DEFAULT_THRESHOLD]
    recall = sum(found) / len(found)
    precision = sum(found) / (sum(found) + len(false))
    assert recall >= 0.99, [p for p, ok in zip(HELD_OUT_POSITIVE, found, strict=True) if not ok]
    assert precision >= 0.95, false
    apart = [(a, b) for a, b in HELD_OUT_POSITIVE if not set(match_keys(a)) & set(match_keys(b))]
    assert apart == []
