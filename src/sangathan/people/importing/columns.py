"""The columns of a people file: canonical names, the headers old office files use for them,
and the words people write for a gender or a relation.

Canonical columns (documented in the README):

    name, relation_name, gender, birth_year, phone, unit_code, household_code, locality, tags,
    voter_id

and, also accepted: ``age`` (instead of birth_year), ``relation_kind``, ``phone2``,
``address``, ``ration_card``, ``aadhaar_last4``. Any other header is mapped to one of these
with ``--map old=new`` or in the web page's mapping step; headers in :data:`SYNONYMS` are
mapped without asking ("पिता का नाम" is relation_name, "मोबाइल" is phone, "बूथ" is unit_code).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from sangathan.lib.text import clean_text
from sangathan.people.models import Gender, RelationKind

COLUMNS: tuple[str, ...] = (
    "name",
    "relation_kind",
    "relation_name",
    "gender",
    "birth_year",
    "age",
    "phone",
    "phone2",
    "unit_code",
    "household_code",
    "locality",
    "address",
    "tags",
    "voter_id",
    "ration_card",
    "aadhaar_last4",
)
# The columns an export writes (age is derived, so it is not among them).
EXPORT_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c != "age")
# Free-text columns: where Hindi typed in the Kruti Dev font turns up.
TEXT_COLUMNS: tuple[str, ...] = ("name", "relation_name", "locality", "address")


def header_key(header: str) -> str:
    """How headers are compared: case, spaces, underscores and punctuation do not matter
    ("Mobile No.", "mobile_no" and "MOBILE NO" are one header)."""
    text = clean_text(header).casefold().replace("’", "'")
    return re.sub(r"[\s_\-./:#()]+", " ", text).strip()


_SYNONYM_LISTS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "नाम", "full name", "person name", "voter name", "member name", "मतदाता का नाम",
        "निर्वाचक का नाम", "सदस्य का नाम", "व्यक्ति का नाम", "लाभार्थी का नाम", "beneficiary name",
    ),
    "relation_name": (
        "relation name", "father name", "father's name", "fathers name", "husband name",
        "husband's name", "husbands name", "father husband name", "father/husband name",
        "guardian name", "relative name", "पिता का नाम", "पति का नाम", "पिता पति का नाम",
        "पिता/पति का नाम", "संबंधी का नाम", "अभिभावक का नाम",
    ),
    "relation_kind": ("relation", "relation kind", "relation type", "संबंध", "रिश्ता"),
    "gender": ("gender", "sex", "लिंग"),
    "birth_year": ("birth year", "year of birth", "yob", "जन्म वर्ष", "जन्म का वर्ष"),
    "age": ("age", "उम्र", "आयु"),
    "phone": (
        "phone", "mobile", "mobile no", "mobile number", "phone no", "phone number", "contact",
        "contact no", "contact number", "मोबाइल", "मोबाइल नं", "मोबाइल नंबर", "मोबाइल संख्या",
        "फोन", "फ़ोन", "फोन नंबर", "फ़ोन नंबर", "दूरभाष",
    ),
    "phone2": (
        "phone2", "phone 2", "mobile 2", "mobile2", "alternate mobile", "alternate phone",
        "दूसरा मोबाइल", "दूसरा फोन",
    ),
    "unit_code": (
        "unit", "unit code", "booth", "booth no", "booth number", "booth code", "part no",
        "part number", "बूथ", "बूथ नं", "बूथ नंबर", "बूथ संख्या", "बूथ कोड", "भाग संख्या", "इकाई",
        "इकाई कोड",
    ),
    "household_code": (
        "household", "household code", "household no", "house no", "house number", "family id",
        "family no", "मकान नं", "मकान नंबर", "मकान संख्या", "घर नंबर", "परिवार", "परिवार संख्या",
    ),
    "locality": (
        "locality", "mohalla", "area", "village", "ward", "मोहल्ला", "गाँव", "गांव", "ग्राम",
        "वार्ड", "बस्ती",
    ),
    "address": ("address", "पता", "निवास"),
    "tags": ("tags", "tag", "category", "categories", "श्रेणी", "टैग"),
    "voter_id": (
        "voter id", "voter id no", "voter id number", "epic", "epic no", "epic number",
        "voter card", "मतदाता पहचान पत्र", "मतदाता पहचान पत्र संख्या", "वोटर आईडी", "वोटर आई डी",
        "ईपिक", "ईपिक नं", "ईपीआईसी",
    ),
    "ration_card": ("ration card", "ration card no", "ration card number", "राशन कार्ड"),
    "aadhaar_last4": (
        "aadhaar last4", "aadhaar last 4", "aadhar last 4", "aadhar last4", "आधार अंतिम 4",
        "आधार के अंतिम 4 अंक",
    ),
}  # fmt: skip

SYNONYMS: dict[str, str] = {
    header_key(header): column
    for column, headers in _SYNONYM_LISTS.items()
    for header in (column, *headers)
}

# A relation column whose header says whose name it is sets the relation for its rows when
# the file has no relation_kind column.
RELATION_OF_HEADER: dict[str, str] = {
    header_key(h): RelationKind.FATHER.value
    for h in ("father name", "father's name", "fathers name", "पिता का नाम")
} | {
    header_key(h): RelationKind.HUSBAND.value
    for h in ("husband name", "husband's name", "husbands name", "पति का नाम")
}

GENDER_WORDS: dict[str, str] = {
    word.casefold(): code
    for code, words in (
        (Gender.MALE, ("m", "male", "man", "पुरुष", "पु", "पु.", "आदमी", "ल", "लड़का")),
        (Gender.FEMALE, ("f", "female", "woman", "महिला", "म", "म.", "स्त्री", "औरत", "लड़की")),
        (Gender.OTHER, ("o", "other", "t", "transgender", "अन्य", "तृतीय लिंग", "ट्रांसजेंडर")),
        (Gender.UNKNOWN, ("", "u", "unknown", "-", "ज्ञात नहीं")),
    )
    for word in words
}

RELATION_WORDS: dict[str, str] = {
    word.casefold(): code
    for code, words in (
        (RelationKind.FATHER, ("father", "पिता", "s/o", "d/o", "so", "do", "f")),
        (RelationKind.HUSBAND, ("husband", "पति", "w/o", "wo", "h")),
        (RelationKind.MOTHER, ("mother", "माता", "मां", "माँ", "m")),
        (RelationKind.OTHER, ("other", "अन्य", "c/o", "o", "guardian", "अभिभावक")),
        ("", ("",)),
    )
    for word in words
}


class MappingError(ValueError):
    """The file's headers cannot be turned into the canonical columns."""


def columns_for(headers: list[str], mapping: dict[str, str] | None = None) -> list[str | None]:
    """The canonical column of each header (``None``: the column is not imported).

    ``mapping`` maps a header as written in the file (compared like :func:`header_key`) to a
    canonical column, or to "" to leave it out; it wins over the synonyms."""
    wanted = {header_key(old): new.strip() for old, new in (mapping or {}).items()}
    unknown = sorted({new for new in wanted.values() if new and new not in COLUMNS})
    if unknown:
        raise MappingError(
            _("%(names)s is not a column name; the columns are: %(columns)s.")
            % {"names": ", ".join(unknown), "columns": ", ".join(COLUMNS)}
        )
    present = {header_key(h) for h in headers}
    absent = [old for old in (mapping or {}) if header_key(old) not in present]
    if absent:
        raise MappingError(
            _("The file has no column %(columns)s; its columns are: %(headers)s.")
            % {"columns": ", ".join(absent), "headers": ", ".join(headers)}
        )
    chosen: list[str | None] = []
    for header in headers:
        key = header_key(header)
        column = wanted[key] if key in wanted else SYNONYMS.get(key)
        chosen.append(column or None)
    seen: dict[str, str] = {}
    for header, column in zip(headers, chosen, strict=True):
        if column is None:
            continue
        if column in seen:
            raise MappingError(
                _("The columns %(first)s and %(second)s are both read as %(column)s.")
                % {"first": seen[column], "second": header, "column": column}
            )
        seen[column] = header
    if "name" not in seen:
        raise MappingError(_("No column holds the name. Name the column “name”, or map one to it."))
    if "birth_year" in seen and "age" in seen:
        raise MappingError(_("Give either birth_year or age, not both."))
    return chosen


def suggested_column(header: str) -> str:
    """The canonical column a header is read as without a mapping, or ""."""
    return SYNONYMS.get(header_key(header), "")
