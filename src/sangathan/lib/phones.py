"""Phone numbers: parse what people type, store E.164, show masked below editor."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "IN"


class InvalidPhone(ValueError):
    """The text is not a phone number that can be dialled."""


def phone_normalise(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the E.164 form (+919839012345) of a number typed in any common way:
    ``98390 12345``, ``098390-12345``, ``+91 98390 12345``, with Devanagari digits too."""
    text = (raw or "").strip().translate(_DEVANAGARI_DIGITS)
    if not text:
        raise InvalidPhone(raw)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """98390 12345 for Indian numbers, the international form for others."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 91:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).lstrip(
            "0"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_mask(e164: str) -> str:
    """98xxxxxx10: the first and last two digits, enough to tell two numbers apart and to
    recognise one's own, not enough to dial."""
    if not e164:
        return ""
    national = "".join(c for c in e164 if c.isdigit())[-10:]
    return national[:2] + "x" * (len(national) - 4) + national[-2:]


_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
