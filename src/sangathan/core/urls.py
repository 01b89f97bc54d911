from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from sangathan.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only: a link or an image tag cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<uuid:uuid>/read/", views.inbox_read, name="inbox_read"),
    path("audit/", views.audit_log, name="audit"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/<uuid:unit>/", views.account_new, name="account_new"),
    path("accounts/<uuid:uuid>/", views.account_detail, name="account"),
    path("accounts/<uuid:uuid>/grant/", views.account_grant, name="account_grant"),
    path("accounts/<uuid:uuid>/revoke/<uuid:unit>/", views.account_revoke, name="account_revoke"),
    path("accounts/<uuid:uuid>/password/", views.account_password, name="account_password"),
]
