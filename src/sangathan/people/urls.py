from __future__ import annotations

from django.urls import path

from sangathan.people import views, views_households, views_person, views_review

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views_person.person_new, name="new"),
    path("households/", views_households.household_list, name="households"),
    path("households/new/", views_households.household_new, name="household_new"),
    path("households/<uuid:uuid>/", views_households.household_detail, name="household"),
    path("households/<uuid:uuid>/edit/", views_households.household_edit, name="household_edit"),
    path(
        "households/<uuid:uuid>/members/",
        views_households.household_members_view,
        name="household_members",
    ),
    path("duplicates/", views_review.duplicates, name="duplicates"),
    path("duplicates/<uuid:uuid>/", views_review.duplicate_detail, name="duplicate"),
    path(
        "duplicates/<uuid:uuid>/merge/", views_review.duplicate_merge_view, name="duplicate_merge"
    ),
    path(
        "duplicates/<uuid:uuid>/not-same/",
        views_review.duplicate_not_same_view,
        name="duplicate_not_same",
    ),
    path("merges/<uuid:uuid>/undo/", views_review.merge_undo_view, name="merge_undo"),
    path(
        "consents/<uuid:uuid>/withdraw/",
        views_person.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path("<uuid:uuid>/", views_person.person_detail, name="detail"),
    path("<uuid:uuid>/edit/", views_person.person_edit, name="edit"),
    path("<uuid:uuid>/move/", views_person.person_move_view, name="move"),
    path("<uuid:uuid>/consents/", views_person.consent_add, name="consent_add"),
    path("<uuid:uuid>/data/", views_review.person_export, name="export"),
    path("<uuid:uuid>/erase/", views_review.person_erase_view, name="erase"),
]
