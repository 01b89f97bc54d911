"""The /api/v1 entry point. Routers live beside it, one module per area."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Sangathan API", version="1", urls_namespace="api-v1")
