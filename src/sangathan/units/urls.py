from __future__ import annotations

from django.urls import path

from sangathan.units import views

app_name = "units"

urlpatterns = [
    path("<uuid:uuid>/", views.unit_detail, name="detail"),
]
