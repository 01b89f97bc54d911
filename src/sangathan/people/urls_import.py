from __future__ import annotations

from django.urls import path

from sangathan.people import views_import

app_name = "people_import"

urlpatterns = [
    path("", views_import.upload, name="upload"),
    path("<uuid:token>/", views_import.mapping, name="mapping"),
    path("<uuid:token>/confirm/", views_import.confirm, name="confirm"),
    path("<uuid:token>/bad-rows/", views_import.bad_rows, name="bad_rows"),
    path("export/", views_import.export, name="export"),
]
