"""The caller: who they are and where their grants reach."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from sangathan.api.auth import request_user
from sangathan.api.errors import ERRORS
from sangathan.api.schemas import MeOut

router = Router(tags=["me"])


@router.get("/me/", summary="Who am I", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> Any:
    """Your account, the person it belongs to, your language and your grants."""
    user = request_user(request)
    return {
        "username": user.username,
        "person": user.person,
        "language": user.language or settings.LANGUAGE_CODE,
        "is_superuser": user.is_superuser,
        "grants": user.grants.select_related("unit__level").order_by("unit__path"),
    }
