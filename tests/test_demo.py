"""The demo organisation: realistic, complete enough to show every page, and idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from sangathan.core.models import AuditEntry, Grant, Role, User
from sangathan.demo import DEFAULT_PASSWORD, DISTRICT_CODE, SEED_DISTRICT, SEED_WORKERS
from sangathan.lib.phones import phone_normalise
from sangathan.people.models import Gender, Household, Person
from sangathan.units.models import Appointment, PostType, Unit
from sangathan.units.selectors import vacancy_summary

pytestmark = pytest.mark.django_db


def fast_hashing() -> override_settings:
    # Five logins are created and checked per run; the real hasher would dominate the tests.
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module", autouse=True)
def demo_output(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo, built once for this module inside a transaction that is rolled back at the
    end; each test runs in its own savepoint within it, so what one test changes the next
    does not see."""
    with django_db_blocker.unblock(), fast_hashing(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def fast_hashing_in_each_test() -> Iterator[None]:
    with fast_hashing():
        yield


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, Person, Appointment, AuditEntry, User, Grant, PostType, Household)
    }


def test_demo_builds_kanpur_north_with_eight_mandals_and_about_300_booths(demo_output: str) -> None:
    district = Unit.objects.get(code=DISTRICT_CODE)
    assert district.name_hi == "कानपुर महानगर उत्तर"
    below = Unit.objects.filter(path__startswith=district.path)
    mandals = below.filter(level__name_en="Mandal")
    booths = below.filter(level__name_en="Booth")
    assert mandals.count() == 8
    assert 280 <= booths.count() <= 330
    assert all(code.isdigit() for code in booths.values_list("code", flat=True))
    for kendra in below.filter(level__name_en="Shakti Kendra"):
        assert 4 <= Unit.objects.get_children_count(kendra) <= 6
    sibling = Unit.objects.get(name_hi="कानपुर महानगर दक्षिण")
    assert Unit.objects.filter(path__startswith=sibling.path, level__name_en="Booth").exists()
    assert "Demo organisation loaded" in demo_output


def test_demo_makes_the_people_of_the_seed_report_district_office_bearers() -> None:
    district = Unit.objects.get(code=DISTRICT_CODE)
    president = Appointment.objects.active().get(unit=district, post_type__code="president")
    assert president.person.name == "सुनील बजाज"
    for post_code, name in SEED_DISTRICT:
        assert Appointment.objects.filter(
            unit=district, post_type__code=post_code, person__name=name
        ).exists()
    for name in SEED_WORKERS:
        assert Appointment.objects.filter(
            unit_path__startswith=district.path, post_type__code="booth-worker", person__name=name
        ).exists()
    secretaries = Appointment.objects.active().filter(unit=district, post_type__code="secretary")
    assert secretaries.filter(person__gender=Gender.FEMALE).count() >= 2
    phones = [p for p in Person.objects.values_list("phone", flat=True) if p]
    assert len(phones) > 1000
    assert all(phone_normalise(p) == p for p in phones[:200])


def test_demo_leaves_realistic_vacancies_in_booth_social_media() -> None:
    district = Unit.objects.get(code=DISTRICT_CODE)
    rows = {(r.post_type.level.name_en, r.post_type.code): r for r in vacancy_summary(district)}
    social_media = rows[("Booth", "social-media")]
    assert 0.10 * social_media.units <= social_media.units_empty <= 0.35 * social_media.units
    booth_workers = rows[("Booth", "booth-worker")]
    assert 0 < booth_workers.seats_filled < booth_workers.seats
    # Some in-charges held the post and left: their history is kept, the seat is vacant.
    assert Appointment.objects.filter(
        unit_path__startswith=district.path, end_date__isnull=False
    ).exists()


def test_demo_creates_the_five_personas_with_their_grants(demo_output: str) -> None:
    expected = {
        "state": (Role.ADMIN, "उत्तर प्रदेश"),
        "district": (Role.EDITOR, "कानपुर महानगर उत्तर"),
        "mandal": (Role.EDITOR, "गोविंद नगर"),
        "booth": (Role.WORKER, None),
        "outsider": (Role.EDITOR, "कानपुर महानगर दक्षिण"),
    }
    for username, (role, unit_name) in expected.items():
        user = User.objects.get(username=username)
        assert user.person is not None
        assert user.check_password(DEFAULT_PASSWORD)
        grant = Grant.objects.get(user=user)
        assert grant.role == role
        if unit_name is not None:
            assert grant.unit.name_hi == unit_name
        assert username in demo_output
    booth_grant = Grant.objects.get(user__username="booth")
    assert booth_grant.unit.level.name_en == "Booth"
    assert User.objects.get(username="district").person.name == "सुनील बजाज"  # type: ignore[union-attr]
    assert DEFAULT_PASSWORD in demo_output


def test_running_the_demo_twice_changes_nothing() -> None:
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "nothing changed" in output


def test_demo_password_given_again_replaces_the_logins_password_only() -> None:
    before = counts()
    run_demo("--password", "naya-Pass-2026")
    assert User.objects.get(username="mandal").check_password("naya-Pass-2026")
    after = counts()
    assert after["AuditEntry"] == before["AuditEntry"] + 5  # one password change per login
    assert {k: v for k, v in after.items() if k != "AuditEntry"} == {
        k: v for k, v in before.items() if k != "AuditEntry"
    }


def test_demo_keeps_a_password_someone_chose_when_run_without_one() -> None:
    user = User.objects.get(username="state")
    user.set_password("chosen-by-the-state-2026")
    user.save()
    output = run_demo()
    user.refresh_from_db()
    assert user.check_password("chosen-by-the-state-2026")
    assert "changed since the demo was loaded" in output


def test_the_demo_has_residents_in_households_in_both_scripts(demo_output: str) -> None:
    from sangathan.people.models import Household, Source

    residents = Person.objects.filter(source=Source.DEMO)
    assert residents.count() > 2000
    assert Household.objects.filter(source=Source.DEMO).count() > 500
    latin = residents.filter(name__regex=r"^[A-Za-z]").count()
    assert 0 < latin < residents.count() // 2
    assert residents.filter(household__isnull=False).count() > residents.count() * 0.9
