"""Handing over: the entitlement rules, the likely duplicate across scripts, idempotent
uploads, anonymous counts, and the stock the point's store gives."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.conftest import World
from tests.relief.conftest import Catalogue, Relief
from tests.relief.test_ledger import held

from sangathan.core.models import AuditEntry, User
from sangathan.people.models import Gender, Household, Person
from sangathan.people.services import person_create
from sangathan.relief.distribution import (
    DistributionSpec,
    EntitlementRefused,
    LikelyDuplicate,
    distribution_batch,
    distribution_record,
    recent_similar_grants,
)
from sangathan.relief.drives import drive_item_set, duty_add
from sangathan.relief.ledger import OverIssue, ledger_drift
from sangathan.relief.models import Distribution, GrantCounter, StockEntry


def give(relief: Relief, item: object, **kwargs: object) -> Distribution:
    return distribution_record(
        drive=relief.drive,
        point=relief.point,
        item=item,
        actor=None,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_ration_kit_handed_over_leaves_the_point_store(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person], booth_worker: User
) -> None:
    home, head = family
    duty_add(
        point=relief.point,
        person=booth_worker.person,
        day=timezone.localdate(),
        shift="full_day",
        actor=None,
    )
    row = distribution_record(
        drive=relief.drive,
        point=relief.point,
        item=catalogue.kit,
        person=head,
        actor=booth_worker,
    )
    assert row.household == home and row.recipient == f"h{home.pk}"
    assert row.unit_path == relief.point.unit_path
    assert held(relief.point.store, catalogue.kit) == 9
    assert StockEntry.objects.get(distribution=row).quantity == -1
    assert ledger_drift() == []


def test_a_second_kit_for_the_same_household_is_refused_with_the_reason(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person], world: World
) -> None:
    home, head = family
    wife = person_create(
        name="सुनीता शुक्ला", gender=Gender.FEMALE, home_unit=world.booth, household=home
    )
    give(relief, catalogue.kit, person=head)
    with pytest.raises(EntitlementRefused, match="most allowed is 1 per household"):
        give(relief, catalogue.kit, person=wife)
    assert Distribution.objects.count() == 1
    assert held(relief.point.store, catalogue.kit) == 9
    assert GrantCounter.objects.get().total == 1


def test_the_daily_limit_counts_what_the_household_had_today(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    give(relief, catalogue.mask, household=home, quantity=3)
    with pytest.raises(EntitlementRefused, match="today"):
        give(relief, catalogue.mask, household=home, quantity=2)
    give(relief, catalogue.mask, household=home, quantity=1)
    tomorrow = timezone.now() + timedelta(days=1)
    give(relief, catalogue.mask, household=home, quantity=4, given_at=tomorrow)


def test_the_minimum_interval_between_two_grants_is_kept(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    drive_item_set(drive=relief.drive, item=catalogue.lunch, min_interval_hours=4, actor=None)
    start = timezone.now()
    give(relief, catalogue.lunch, household=home, given_at=start)
    with pytest.raises(EntitlementRefused, match="less than 4 hours"):
        give(relief, catalogue.lunch, household=home, given_at=start + timedelta(hours=3))
    give(relief, catalogue.lunch, household=home, given_at=start + timedelta(hours=4))


def test_an_upload_sent_twice_is_stored_once(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    key = uuid4()
    first = give(relief, catalogue.kit, household=home, uuid=key)
    again = give(relief, catalogue.kit, household=home, uuid=key)
    assert first.pk == again.pk and Distribution.objects.count() == 1
    assert held(relief.point.store, catalogue.kit) == 9


def test_an_anonymous_count_of_cooked_food_needs_no_household(
    relief: Relief, catalogue: Catalogue
) -> None:
    row = give(relief, catalogue.lunch, quantity=40)
    assert row.recipient == "" and held(relief.point.store, catalogue.lunch) == 10
    with pytest.raises(OverIssue, match="Only 10"):
        give(relief, catalogue.lunch, quantity=11)
    assert Distribution.objects.count() == 1


def test_an_item_the_drive_does_not_offer_is_refused(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    with pytest.raises(ValidationError, match="not offered"):
        give(relief, catalogue.oil, household=family[0])


@pytest.mark.parametrize("quantity", [0, -1])
def test_zero_or_negative_quantities_are_refused(
    relief: Relief, catalogue: Catalogue, quantity: int
) -> None:
    with pytest.raises(ValidationError, match="above zero"):
        give(relief, catalogue.lunch, quantity=quantity)
    assert not Distribution.objects.exists()


def test_a_grant_outside_the_drive_days_is_refused(relief: Relief, catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError, match="The drive runs from"):
        give(relief, catalogue.lunch, given_at=timezone.now() + timedelta(days=5))


def test_a_similar_name_in_the_other_script_served_today_is_shown_before_handing_over(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person], world: World
) -> None:
    _home, head = family
    give(relief, catalogue.kit, person=head)
    other = person_create(
        name="Santosh Sukla", gender=Gender.MALE, phone="9415012345", home_unit=world.booth2
    )
    similar = recent_similar_grants(relief.drive, name="Santosh Sukla")
    assert similar and "संतोष शुक्ला" in similar[0].text and "पॉइंट 3" in similar[0].text
    with pytest.raises(LikelyDuplicate) as refused:
        give(relief, catalogue.kit, person=other)
    assert refused.value.similar[0].distribution.person == head
    assert Distribution.objects.count() == 1
    row = give(relief, catalogue.kit, person=other, override_reason="अलग परिवार, फोन मिलाया")
    assert row.override_reason
    entry = AuditEntry.objects.get(action="relief.duplicate_overridden")
    assert entry.changes["reason"] == "अलग परिवार, फोन मिलाया"


def test_a_worker_of_another_mandal_cannot_hand_over_at_the_point(
    relief: Relief, catalogue: Catalogue, world: World
) -> None:
    from sangathan.core.models import Role
    from sangathan.core.services import grant_set, user_create

    stranger = user_create(username="kidwai", password="x-Pass-2026")
    grant_set(user=stranger, unit=world.other_mandal_booth, role=Role.WORKER)
    with pytest.raises(PermissionDenied):
        distribution_record(
            drive=relief.drive, point=relief.point, item=catalogue.lunch, actor=stranger
        )


def test_a_batch_answers_per_record_and_one_refusal_keeps_the_others(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, head = family
    keys = [uuid4() for _ in range(3)]
    specs = [
        DistributionSpec(uuid=keys[0], point=relief.point, item=catalogue.kit, household=home),
        DistributionSpec(uuid=keys[1], point=relief.point, item=catalogue.kit, person=head),
        DistributionSpec(uuid=keys[2], point=relief.point, item=catalogue.lunch, quantity=2),
    ]
    results = distribution_batch(drive=relief.drive, records=specs, actor=None)
    assert [r.status for r in results] == ["stored", "refused", "stored"]
    assert results[1].code == "entitlement"
    again = distribution_batch(drive=relief.drive, records=specs, actor=None)
    assert [r.status for r in again] == ["already_stored", "refused", "already_stored"]
    assert Distribution.objects.count() == 2


def test_lowering_a_cap_keeps_what_was_given_and_gives_no_more(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    drive_item_set(drive=relief.drive, item=catalogue.lunch, per_drive=3, actor=None)
    give(relief, catalogue.lunch, household=home, quantity=3)
    drive_item_set(drive=relief.drive, item=catalogue.lunch, per_drive=2, actor=None)
    with pytest.raises(EntitlementRefused, match="most allowed is 2"):
        give(relief, catalogue.lunch, household=home)
    assert GrantCounter.objects.get(item=catalogue.lunch).total == 3


def test_a_grant_uploaded_late_still_keeps_the_interval_on_either_side(
    relief: Relief, catalogue: Catalogue, family: tuple[Household, Person]
) -> None:
    home, _head = family
    drive_item_set(drive=relief.drive, item=catalogue.lunch, min_interval_hours=4, actor=None)
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12, 0)))
    give(relief, catalogue.lunch, household=home, given_at=noon)
    with pytest.raises(EntitlementRefused):
        give(relief, catalogue.lunch, household=home, given_at=noon - timedelta(hours=1))


def test_the_priority_categories_include_families_with_no_earning_member(world: World) -> None:
    from sangathan.relief.beneficiaries import beneficiary_add, priority_categories

    assert [t.code for t in priority_categories()][-1] == "no-earning-member"
    widow = person_create(name="कमला देवी", gender=Gender.FEMALE, home_unit=world.booth)
    row = beneficiary_add(
        person=widow,
        categories=["no-earning-member", "elderly-alone"],
        referred_by=world.sunil,
        actor=None,
    )
    assert {t.code for t in row.categories.all()} == {"no-earning-member", "elderly-alone"}
    with pytest.raises(ValidationError, match="categories"):
        beneficiary_add(person=widow, categories=["rich"], actor=None)
