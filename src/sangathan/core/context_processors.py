from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sangathan.core.models import Notification


def sangathan(request: HttpRequest) -> dict[str, Any]:
    """The unread-inbox count for the header bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()
    }
