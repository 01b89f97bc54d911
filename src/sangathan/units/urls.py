from __future__ import annotations

from django.urls import path

from sangathan.units import views, views_settings

app_name = "units"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("levels/", views_settings.levels, name="levels"),
    path("posts/", views_settings.posts, name="posts"),
    path("posts/<uuid:uuid>/", views_settings.post_edit, name="post_edit"),
    path("appointments/<uuid:uuid>/end/", views.appointment_end_view, name="appointment_end"),
    path("<uuid:uuid>/", views.unit_detail, name="detail"),
    path("<uuid:uuid>/appoint/", views.appoint, name="appoint"),
    path("<uuid:uuid>/people/", views.person_picker, name="person_picker"),
    path("<uuid:uuid>/add/", views.child_add, name="child_add"),
    path("<uuid:uuid>/edit/", views.unit_edit, name="edit"),
    path("<uuid:uuid>/move/", views.unit_move_view, name="move"),
    path("<uuid:uuid>/vacancies/", views.vacancies, name="vacancies"),
    path("<uuid:uuid>/vacancies.xlsx", views.vacancies_xlsx, name="vacancies_xlsx"),
]
