from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sangathan.core.models import Notification, Role, User
from sangathan.core.services import grant_set_and_notify
from tests.conftest import World

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def _note(user: User, title: str, url: str = "", read: bool = False) -> Notification:
    return Notification.objects.create(
        user=user, kind="test", title=title, url=url, read_at=timezone.now() if read else None
    )


def test_inbox_lists_unread_first(as_district: Client, district_editor: User) -> None:
    _note(district_editor, "पुराना अपठित")
    _note(district_editor, "पढ़ा हुआ", read=True)
    _note(district_editor, "नया अपठित")
    response = as_district.get("/inbox/")
    assert response.status_code == 200
    titles = [n.title for n in response.context["page"]]
    assert titles == ["नया अपठित", "पुराना अपठित", "पढ़ा हुआ"]


def test_the_bell_shows_the_unread_count(as_district: Client, district_editor: User) -> None:
    for i in range(3):
        _note(district_editor, f"संदेश {i}")
    page = as_district.get("/").content.decode()
    assert '<span class="bell-count">3</span>' in page


def test_marking_one_message_read(as_district: Client, district_editor: User) -> None:
    note = _note(district_editor, "बैठक की सूचना")
    response = as_district.post(reverse("core:inbox_read", args=[note.uuid]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="bell-count"' not in as_district.get("/").content.decode()


def test_opening_a_message_marks_it_read_and_follows_its_link(
    as_district: Client, district_editor: User, world: World
) -> None:
    url = reverse("units:detail", args=[world.district.uuid])
    note = _note(district_editor, "इकाई देखें", url=url)
    response = as_district.post(reverse("core:inbox_read", args=[note.uuid]), {"open": "1"})
    assert response["Location"] == url
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_message_never_links_off_site(as_district: Client, district_editor: User) -> None:
    note = _note(district_editor, "बाहरी", url="https://evil.example/")
    response = as_district.post(reverse("core:inbox_read", args=[note.uuid]), {"open": "1"})
    assert response["Location"] == reverse("core:inbox")


def test_marking_all_read(as_district: Client, district_editor: User, outsider: User) -> None:
    for i in range(3):
        _note(district_editor, f"संदेश {i}")
    theirs = _note(outsider, "बाहरी का संदेश")
    assert as_district.post(reverse("core:inbox_read_all")).status_code == 302
    assert not Notification.objects.filter(user=district_editor, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(as_district: Client, district_editor: User) -> None:
    note = _note(district_editor, "संदेश")
    assert as_district.get(reverse("core:inbox_read", args=[note.uuid])).status_code == 405
    assert as_district.get(reverse("core:inbox_read_all")).status_code == 405


def test_outsider_cannot_see_or_mark_someone_elses_message(
    as_outsider: Client, district_editor: User
) -> None:
    note = _note(district_editor, "जिले का संदेश")
    assert "जिले का संदेश" not in as_outsider.get("/inbox/").content.decode()
    response = as_outsider.post(reverse("core:inbox_read", args=[note.uuid]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_a_new_role_arrives_in_the_holders_inbox_in_their_language(
    district_editor: User,
    state_admin: User,
    world: World,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    district_editor.language = "en"
    district_editor.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        grant_set_and_notify(
            user=district_editor, unit=world.mandal2, role=Role.ADMIN, actor=state_admin
        )
    note = Notification.objects.get(user=district_editor, kind="accounts/granted")
    assert note.title == "You have been given the role Admin over Kidwai Nagar."
    assert note.url == reverse("units:detail", args=[world.mandal2.uuid])


def test_giving_yourself_a_role_sends_no_message(
    state_admin: User, world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        grant_set_and_notify(
            user=state_admin, unit=world.mandal, role=Role.ADMIN, actor=state_admin
        )
    assert not Notification.objects.filter(user=state_admin).exists()
