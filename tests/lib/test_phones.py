from __future__ import annotations

import pytest

from sangathan.lib.phones import InvalidPhone, phone_display, phone_mask, phone_normalise


@pytest.mark.parametrize(
    "typed",
    ["9839012345", "98390 12345", "098390-12345", "+91 98390 12345", "०९८३९०१२३४५", "919839012345"],
)
def test_a_mobile_typed_any_common_way_becomes_e164(typed: str) -> None:
    assert phone_normalise(typed) == "+919839012345"


@pytest.mark.parametrize("typed", ["", "12345", "abcd", "98390"])
def test_text_that_is_not_a_phone_is_refused(typed: str) -> None:
    with pytest.raises(InvalidPhone):
        phone_normalise(typed)


def test_display_is_national_and_mask_keeps_two_digits() -> None:
    assert phone_display("+919839012345") == "98390 12345"
    assert phone_mask("+919839012345") == "98xxxxxx45"
    assert phone_mask("") == ""
