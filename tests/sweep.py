"""One object of each kind inside कानपुर महानगर उत्तर, by the name its routes give it: what the
outsider sweep (tests/test_outsider_sweep.py) is refused and the phone sweep
(tests/e2e/test_phone_sweep.py) opens."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sangathan.core.models import Notification, User
from sangathan.nominations.panels import nominee_add
from sangathan.nominations.services import AskSpec, requisition_create, requisition_issue
from sangathan.people.dedupe import duplicate_merge, person_check_duplicates
from sangathan.people.models import (
    ConsentMethod,
    ConsentPurpose,
    DuplicatePair,
    DuplicateStatus,
    Gender,
)
from sangathan.people.services import (
    PersonFields,
    consent_record,
    household_create,
    person_create,
)
from sangathan.units.services import appointment_create
from tests.conftest import World
from tests.meetings.sweep import meeting_objects
from tests.relief.sweep import relief_objects


def district_objects_build(world: World, district_editor: User) -> dict[str, str]:
    """One object of each kind inside कानपुर महानगर उत्तर, by the name its route gives it."""
    appointment = appointment_create(
        person=world.sunil, post_type=world.district_president, unit=world.district
    )
    notification = Notification.objects.create(user=district_editor, kind="test", title="x")
    household = household_create(unit=world.booth, address="12 दादा नगर")
    resident = person_create(
        name="रोहित साहू", gender=Gender.MALE, home_unit=world.booth, household=household
    )
    consent = consent_record(
        person=resident, purpose=ConsentPurpose.RELIEF, method=ConsentMethod.VERBAL
    )
    twins = [
        person_create(
            details=PersonFields(
                name=name,
                gender=Gender.MALE,
                birth_year=1970,
                relation_kind="father",
                relation_name="रामप्रसाद सोनकर",
            ),
            home_unit=world.booth,
        )
        for name in ("अवधेश सोनकर", "Avdhesh Sonkar", "Awadhesh Sonkar")
    ]
    pairs = [p for twin in twins for p in person_check_duplicates(twin)]
    merged_pair = pairs[0]
    record = duplicate_merge(pair=merged_pair, survivor=merged_pair.person_a, actor=None)
    open_pair = DuplicatePair.objects.filter(status=DuplicateStatus.OPEN).first()
    assert open_pair is not None
    requisition = requisition_create(
        issuer=world.district,
        title="मंडलों से नाम",
        deadline=timezone.now() + timedelta(days=7),
        asks=[AskSpec(post_type=world.mandal_president)],
    )
    requisition_issue(requisition=requisition)
    panel = requisition.submissions.get(unit=world.mandal)
    nomination = nominee_add(submission=panel, ask=requisition.asks.get(), person=resident)
    return {
        "unit": str(world.booth.uuid),
        "district": str(world.district.uuid),
        "appointment": str(appointment.uuid),
        "account": str(district_editor.uuid),
        "notification": str(notification.uuid),
        "post": str(world.booth_social_media.uuid),
        "person": str(resident.uuid),
        "household": str(household.uuid),
        "consent": str(consent.uuid),
        "pair": str(open_pair.uuid),
        "merge": str(record.uuid),
        "requisition": str(requisition.uuid),
        "panel": str(panel.uuid),
        "nomination": str(nomination.uuid),
        **meeting_objects(world, resident),
        **relief_objects(world),
    }
