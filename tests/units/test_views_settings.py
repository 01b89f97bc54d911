"""The levels and posts settings pages: for administrators of the whole organisation."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sangathan.core.models import AuditEntry
from sangathan.units.models import Level, PostType
from tests.conftest import World

DEFAULT = (
    "प्रदेश:State\nक्षेत्र:Region\nजिला/महानगर:District\nमंडल:Mandal\nशक्ति केंद्र:Shakti Kendra\nबूथ:Booth"
)


def test_state_admin_sees_levels_with_unit_counts(world: World, as_state: Client) -> None:
    response = as_state.get(reverse("units:levels"))
    assert response.status_code == 200
    counts = {level.name_en: n for level, n in response.context["levels"]}
    assert counts["Booth"] == 4
    assert response.context["form"].initial["levels"] == DEFAULT


def test_state_admin_renames_a_level(world: World, as_state: Client) -> None:
    levels = DEFAULT.replace("बूथ:Booth", "बूथ:Polling booth")
    response = as_state.post(reverse("units:levels"), {"levels": levels})
    assert response.status_code == 302
    assert Level.objects.get(depth=6).name_en == "Polling booth"
    assert AuditEntry.objects.filter(action="units.levels_set").exists()


def test_dropping_a_level_in_use_is_refused_with_the_reason(world: World, as_state: Client) -> None:
    response = as_state.post(reverse("units:levels"), {"levels": "प्रदेश:State\nबूथ:Booth"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "क्षेत्र" in errors
    assert "क्षेत्र" in response.content.decode()
    assert Level.objects.count() == 6


def test_a_badly_written_level_line_is_refused(world: World, as_state: Client) -> None:
    response = as_state.post(reverse("units:levels"), {"levels": "प्रदेश"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_district_editor_cannot_change_levels(world: World, as_district: Client) -> None:
    assert as_district.get(reverse("units:levels")).status_code == 403
    assert as_district.post(reverse("units:levels"), {"levels": DEFAULT}).status_code == 403


def test_outsider_cannot_open_levels_or_posts(world: World, as_outsider: Client) -> None:
    assert as_outsider.get(reverse("units:levels")).status_code == 403
    assert as_outsider.get(reverse("units:posts")).status_code == 403
    url = reverse("units:post_edit", args=[world.booth_social_media.uuid])
    assert as_outsider.get(url).status_code == 403
    assert as_outsider.post(url, {"name_hi": "x", "seats": "1"}).status_code == 403


def test_state_admin_sees_posts_per_level(world: World, as_state: Client) -> None:
    response = as_state.get(reverse("units:posts"))
    assert response.status_code == 200
    by_level = {
        level.name_en: [p.code for p in posts] for level, posts in response.context["by_level"]
    }
    assert by_level["Mandal"] == ["president", "secretary"]
    assert by_level["Booth"] == ["social-media"]


def test_state_admin_adds_a_post(world: World, as_state: Client) -> None:
    response = as_state.post(
        reverse("units:posts"),
        {
            "level": str(world.levels["Booth"].pk),
            "code": "booth-president",
            "name_hi": "बूथ अध्यक्ष",
            "name_en": "Booth president",
            "seats": "1",
            "min_women": "0",
            "sort_order": "1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    post = PostType.objects.get(code="booth-president")
    assert post.level == world.levels["Booth"] and post.is_active


def test_adding_a_post_with_a_code_in_use_is_refused(world: World, as_state: Client) -> None:
    response = as_state.post(
        reverse("units:posts"),
        {
            "level": str(world.levels["Booth"].pk),
            "code": "social-media",
            "name_hi": "दूसरा",
            "seats": "1",
            "min_women": "0",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    world.booth_social_media.refresh_from_db()
    assert world.booth_social_media.name_hi == "सोशल मीडिया प्रभारी"


def test_state_admin_edits_a_post_but_not_its_code(world: World, as_state: Client) -> None:
    url = reverse("units:post_edit", args=[world.mandal_secretary.uuid])
    assert as_state.get(url).status_code == 200
    response = as_state.post(
        url,
        {
            "level": str(world.levels["Booth"].pk),  # ignored: the field is fixed
            "code": "other",
            "name_hi": "मंत्री",
            "name_en": "Secretary",
            "seats": "4",
            "min_women": "2",
            "sort_order": "3",
        },
    )
    assert response.status_code == 302
    world.mandal_secretary.refresh_from_db()
    post = world.mandal_secretary
    assert (post.code, post.level, post.seats, post.min_women) == (
        "secretary",
        world.levels["Mandal"],
        4,
        2,
    )
    assert post.is_active is False  # the box was left unticked
    assert AuditEntry.objects.filter(action="posts.updated").exists()


def test_more_women_than_seats_is_refused_on_the_field(world: World, as_state: Client) -> None:
    url = reverse("units:post_edit", args=[world.mandal_secretary.uuid])
    response = as_state.post(
        url, {"name_hi": "मंत्री", "seats": "1", "min_women": "2", "sort_order": "0"}
    )
    assert response.status_code == 200
    assert "min_women" in response.context["form"].errors


def test_district_editor_cannot_change_posts(world: World, as_district: Client) -> None:
    assert as_district.get(reverse("units:posts")).status_code == 403
    url = reverse("units:post_edit", args=[world.mandal_secretary.uuid])
    assert as_district.post(url, {"name_hi": "x", "seats": "1"}).status_code == 403
