"""The tags people are marked with (a domestic worker, a widow, ...)."""

from __future__ import annotations

from sangathan.people.models import Tag

DEFAULT_TAGS: list[tuple[str, str, str]] = [
    ("domestic-worker", "घरेलू कामगार", "Domestic worker"),
    ("daily-wage", "दिहाड़ी मजदूर", "Daily-wage labourer"),
    ("elderly-alone", "बुजुर्ग अकेले", "Elderly, living alone"),
    ("disabled", "दिव्यांग", "Person with disability"),
    ("widow", "विधवा", "Widow"),
    ("pregnant", "गर्भवती", "Pregnant woman"),
    ("unvaccinated", "टीका बाकी", "Not yet vaccinated"),
]


def tags_ensure_default() -> list[Tag]:
    """The tags every organisation starts with; existing ones are left as they are."""
    for code, hi, en in DEFAULT_TAGS:
        Tag.objects.get_or_create(code=code, defaults={"name_hi": hi, "name_en": en})
    return list(Tag.objects.all())
