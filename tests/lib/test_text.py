from __future__ import annotations

import pytest

from sangathan.lib.text import clean_text, indian_grouping


@pytest.mark.parametrize(
    ("number", "grouped"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (100000, "1,00,000"),
        (1234567, "12,34,567"),
        (-40000000, "-4,00,00,000"),
    ],
)
def test_numbers_are_grouped_in_lakhs_and_crores(number: int, grouped: str) -> None:
    assert indian_grouping(number) == grouped


def test_zero_width_joiners_and_extra_spaces_are_removed() -> None:
    assert clean_text("  सुनील\u200d  बजाज\u200b ") == "सुनील बजाज"


def test_precomposed_and_decomposed_nukta_letters_store_alike() -> None:
    # U+095E (फ़ as one code point) is a composition exclusion: NFC gives फ + nukta.
    assert clean_text("इर\u095eान") == clean_text("इर\u092b\u093cान") == "इर\u092b\u093cान"
