"""What the people registry adds at start-up: the home page's "duplicates to review" section,
and readable names for its audit actions and fields (a person's edit history shows them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sangathan.core.home import home_section
from sangathan.core.selectors import AUDIT_FIELD_LABELS, audit_action_label
from sangathan.people.dedupe import duplicates_for_user


@home_section(order=30, template="people/home_duplicates.html", name="people.duplicates")
def duplicates_to_review(request: HttpRequest) -> dict[str, Any] | None:
    """Open pairs the user may decide (editors and admins): one indexed count."""
    count = duplicates_for_user(request.user).count()
    return {"count": count} if count else None


for _code, _label in {
    "people.moved": _("Person moved to another unit"),
    "people.consent_recorded": _("Consent recorded"),
    "people.consent_withdrawn": _("Consent withdrawn"),
    "people.duplicates_flagged": _("Possible duplicates found"),
    "people.duplicate_not_same": _("Marked as two different people"),
    "people.merged": _("Records merged"),
    "people.merge_undone": _("Merge undone"),
    "people.released": _("Released from review"),
    "people.viewed_full": _("Full record viewed"),
    "people.data_exported": _("Personal data downloaded"),
    "people.erased": _("Personal data erased"),
    "households.created": _("Household added"),
    "households.members_set": _("Household members changed"),
    "households.updated": _("Household changed"),
    "people.household_set": _("Household changed for this person"),
}.items():
    audit_action_label(_code, _label)

# Field names in the ``changes`` of people entries; names core already knows are kept.
for _field, _label in {
    "relation_kind": _("relation"),
    "relation_name": _("father's or husband's name"),
    "birth_year": _("year of birth"),
    "phone2": _("second phone"),
    "locality": _("locality"),
    "address": _("address"),
    "voter_id": _("voter ID"),
    "ration_card": _("ration card"),
    "aadhaar_last4": _("last 4 digits of Aadhaar"),
    "tags": _("tags"),
    "name_deva": _("name in Devanagari"),
    "name_latin": _("name in Latin letters"),
    "honorifics": _("honorifics"),
    "home_unit": _("unit"),
    "source": _("source"),
    "purpose": _("purpose"),
    "method": _("how it was given"),
    "given_on": _("given on"),
    "withdrawn_on": _("withdrawn on"),
    "members": _("members"),
    "head": _("head of household"),
    "household": _("household"),
    "size": _("number of members"),
}.items():
    AUDIT_FIELD_LABELS.setdefault(_field, _label)
