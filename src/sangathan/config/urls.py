from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from sangathan.api.api import api

urlpatterns = [
    path("", include("sangathan.core.urls")),
    path("units/import/", include("sangathan.units.urls_import")),
    path("units/", include("sangathan.units.urls")),
    path("people/import/", include("sangathan.people.urls_import")),
    path("people/", include("sangathan.people.urls")),
    path("nominations/", include("sangathan.nominations.urls")),
    path("meetings/", include("sangathan.meetings.urls")),
    path("relief/", include("sangathan.relief.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
