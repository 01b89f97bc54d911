from __future__ import annotations

import pytest

from sangathan.lib.names.splitting import Doubt, NameChunk, split_names

# The closing line of the seed's press note, as printed.
SEED_LINE = (
    "बैठक में संतोष शुक्ला वीरेश त्रिपाठी अवधेश सोनकर जितेंद्र शर्मा रंजीत भदौरिया धीरज बाल्मिक "
    "अमित गुप्ता दीपक चौहान परमानंद शुक्ला सत्यम शुक्ला दिनेश मौर्य रोहित साहू अर्पित गुप्ता "
    "सचिन शुक्ला आदि रहे।"
)
SEED_NAMES = [
    "संतोष शुक्ला",
    "वीरेश त्रिपाठी",
    "अवधेश सोनकर",
    "जितेंद्र शर्मा",
    "रंजीत भदौरिया",
    "धीरज बाल्मिक",
    "अमित गुप्ता",
    "दीपक चौहान",
    "परमानंद शुक्ला",
    "सत्यम शुक्ला",
    "दिनेश मौर्य",
    "रोहित साहू",
    "अर्पित गुप्ता",
    "सचिन शुक्ला",
]


def texts(chunks: list[NameChunk]) -> list[str]:
    return [c.text for c in chunks]


def test_the_seed_line_gives_its_fourteen_attendees_all_sure() -> None:
    chunks = split_names(SEED_LINE)
    assert texts(chunks) == SEED_NAMES
    assert len(chunks) == 14
    assert all(c.sure for c in chunks)
    assert all(c.duplicate_of is None for c in chunks)  # four Shuklas, four different people


def test_each_name_knows_where_it_stands_in_the_input() -> None:
    chunks = split_names(SEED_LINE)
    for chunk in chunks:
        assert SEED_LINE[chunk.start : chunk.end] == chunk.text
    assert [c.index for c in chunks] == list(range(14))
    assert chunks[0].words == ("संतोष", "शुक्ला")


def test_a_comma_list_gives_one_name_per_item() -> None:
    text = "संतोष शुक्ला, वीरेश त्रिपाठी; अवधेश सोनकर। जितेंद्र शर्मा / रंजीत भदौरिया | धीरज बाल्मिक"
    assert texts(split_names(text)) == SEED_NAMES[:6]


def test_a_numbered_whatsapp_paste_loses_the_header_numbers_and_bullets() -> None:
    text = (
        "[12/05, 10:31] Ramesh Kumar: आज की बैठक में उपस्थित:\n"
        "1. संतोष शुक्ला\n"
        "२) वीरेश त्रिपाठी 🙏\n"
        "(3) अवधेश सोनकर\n"
        "• जितेंद्र शर्मा\n"
        "- रंजीत भदौरिया\n"
        "12/05/21, 10:32 pm - Suresh: <Media omitted>\n"
    )
    chunks = split_names(text)
    assert texts(chunks) == SEED_NAMES[:5]
    assert all(c.sure for c in chunks)


def test_a_latin_list_is_split_like_the_devanagari_one() -> None:
    text = "Santosh Shukla, Viresh Tripathi, Avdhesh Sonkar, Jitendra Sharma, Ranjeet Bhadoria"
    assert texts(split_names(text)) == [
        "Santosh Shukla",
        "Viresh Tripathi",
        "Avdhesh Sonkar",
        "Jitendra Sharma",
        "Ranjeet Bhadoria",
    ]


def test_latin_names_run_together_are_cut_through_the_phonetic_keys() -> None:
    text = (
        "Santosh Sukla Viresh Tiwari Awadhesh Sonker Dheeraj Valmiki Deepak Chouhan "
        "Dinesh Morya Rohit Sahu etc."
    )
    assert texts(split_names(text)) == [
        "Santosh Sukla",
        "Viresh Tiwari",
        "Awadhesh Sonker",
        "Dheeraj Valmiki",
        "Deepak Chouhan",
        "Dinesh Morya",
        "Rohit Sahu",
    ]


def test_mixed_scripts_in_one_list() -> None:
    assert texts(split_names("संतोष शुक्ला Viresh Tripathi अवधेश सोनकर")) == [
        "संतोष शुक्ला",
        "Viresh Tripathi",
        "अवधेश सोनकर",
    ]


def test_honorifics_start_a_name_and_are_set_aside() -> None:
    chunks = split_names(
        "श्री संतोष शुक्ला श्रीमती सुनीता देवी डॉ. अजय सिंह Smt. Rekha Verma Dr.Ajay Gupta"
    )
    assert texts(chunks) == ["संतोष शुक्ला", "सुनीता देवी", "अजय सिंह", "Rekha Verma", "Ajay Gupta"]
    assert [c.honorifics for c in chunks] == [("श्री",), ("श्रीमती",), ("डॉ.",), ("Smt.",), ("Dr.",)]


def test_ji_after_a_name_ends_it() -> None:
    chunks = split_names("शर्मा जी की उपस्थिति में संतोष शुक्ला जी वीरेश त्रिपाठी जी")
    assert texts(chunks) == ["शर्मा", "संतोष शुक्ला", "वीरेश त्रिपाठी"]
    assert chunks[1].honorifics == ("जी",)


def test_initials_stay_with_their_name() -> None:
    assert texts(split_names("R.K. Sharma, आर. के. गुप्ता")) == ["R. K. Sharma", "आर. के. गुप्ता"]


@pytest.mark.parametrize(
    "ending",
    ["आदि रहे।", "आदि उपस्थित रहे।", "आदि लोग मौजूद थे", "etc.", "and others", "इत्यादि"],
)
def test_the_closing_words_of_a_list_are_not_a_name(ending: str) -> None:
    text = f"संतोष शुक्ला, वीरेश त्रिपाठी एवं अवधेश सोनकर {ending}"
    assert texts(split_names(text)) == SEED_NAMES[:3]


@pytest.mark.parametrize("conjunction", ["और", "एवं", "तथा", "व", "and", "&"])
def test_a_conjunction_between_names_separates_them(conjunction: str) -> None:
    text = f"संतोष शुक्ला वीरेश त्रिपाठी {conjunction} अवधेश सोनकर"
    assert texts(split_names(text)) == SEED_NAMES[:3]


def test_a_line_with_a_single_given_name_is_kept_and_marked_unsure() -> None:
    chunks = split_names("संतोष शुक्ला\nरमेश\nवीरेश त्रिपाठी")
    assert texts(chunks) == ["संतोष शुक्ला", "रमेश", "वीरेश त्रिपाठी"]
    assert chunks[1].doubt == Doubt.SINGLE_WORD
    assert chunks[0].sure and chunks[2].sure


def test_three_word_names_stay_whole_in_a_run() -> None:
    text = "राम नारायण शुक्ला संतोष शुक्ला अजय कुमार सिंह कन्हैया लाल गुप्ता मोहम्मद इरफ़ान अहमद"
    chunks = split_names(text)
    assert texts(chunks) == [
        "राम नारायण शुक्ला",
        "संतोष शुक्ला",
        "अजय कुमार सिंह",
        "कन्हैया लाल गुप्ता",
        "मोहम्मद इरफ़ान अहमद",
    ]
    assert all(c.sure for c in chunks)


def test_multi_word_given_names_without_a_surname_are_one_name() -> None:
    chunks = split_names("राम प्रकाश, मोहम्मद इरफ़ान, कन्हैया लाल, Ram Prakash Yadav Shyam Lal")
    assert texts(chunks) == [
        "राम प्रकाश",
        "मोहम्मद इरफ़ान",
        "कन्हैया लाल",
        "Ram Prakash Yadav",
        "Shyam Lal",
    ]


def test_a_name_missing_its_surname_does_not_shift_the_names_after_it() -> None:
    chunks = split_names("संतोष शुक्ला वीरेश अवधेश सोनकर जितेंद्र शर्मा रंजीत भदौरिया")
    assert texts(chunks) == ["संतोष शुक्ला", "वीरेश", "अवधेश सोनकर", "जितेंद्र शर्मा", "रंजीत भदौरिया"]
    assert chunks[1].doubt == Doubt.SINGLE_WORD
    assert [c.sure for c in chunks] == [True, False, True, True, True]


def test_a_surname_missing_its_given_name_does_not_shift_the_names_after_it() -> None:
    chunks = split_names("संतोष शुक्ला त्रिपाठी अवधेश सोनकर जितेंद्र शर्मा")
    assert texts(chunks) == ["संतोष शुक्ला", "त्रिपाठी", "अवधेश सोनकर", "जितेंद्र शर्मा"]


def test_an_unknown_given_name_before_a_surname_is_a_name() -> None:
    chunks = split_names("संतोष शुक्ला झुन्नू त्रिपाठी अवधेश सोनकर")
    assert texts(chunks) == ["संतोष शुक्ला", "झुन्नू त्रिपाठी", "अवधेश सोनकर"]
    assert all(c.sure for c in chunks)


def test_an_odd_word_is_left_alone_as_unsure() -> None:
    chunks = split_names("संतोष शुक्ला झुन्नू अवधेश सोनकर जितेंद्र शर्मा")
    assert texts(chunks) == ["संतोष शुक्ला", "झुन्नू", "अवधेश सोनकर", "जितेंद्र शर्मा"]
    assert not chunks[1].sure


def test_an_unknown_middle_word_keeps_a_three_word_name_whole_but_unsure() -> None:
    chunks = split_names("संतोष शुक्ला राम बिलास यादव अवधेश सोनकर")
    assert texts(chunks) == ["संतोष शुक्ला", "राम बिलास यादव", "अवधेश सोनकर"]
    assert chunks[1].doubt == Doubt.UNKNOWN_WORD


def test_known_names_from_the_registry_win_over_the_lexicon() -> None:
    text = "प्रेम सिंह पारस संतोष शुक्ला"
    assert texts(split_names(text)) != ["प्रेम सिंह पारस", "संतोष शुक्ला"]
    chunks = split_names(text, known_names=["Prem Singh Paras", "संतोष शुक्ला"])
    assert texts(chunks) == ["प्रेम सिंह पारस", "संतोष शुक्ला"]
    assert all(c.sure for c in chunks)


def test_the_longest_known_name_wins() -> None:
    chunks = split_names(
        "राम नारायण शुक्ला वीरेश त्रिपाठी", known_names=["राम नारायण", "राम नारायण शुक्ला"]
    )
    assert texts(chunks) == ["राम नारायण शुक्ला", "वीरेश त्रिपाठी"]


def test_the_lexicon_can_be_replaced() -> None:
    text = "Foo Bar Baz Qux"
    assert len(split_names(text, surnames=["Bar", "Qux"], given_names=["Foo", "Baz"])) == 2


def test_the_same_name_twice_points_to_the_first() -> None:
    chunks = split_names("संतोष शुक्ला, वीरेश त्रिपाठी, Santosh Sukla, संतोष शुक्ला, संतोष")
    assert [c.duplicate_of for c in chunks] == [None, None, 0, 0, None]


def test_empty_and_junk_text_give_no_names() -> None:
    assert split_names("") == []
    assert split_names("  \n 1. 2. 🙏 — आदि उपस्थित रहे।") == []
