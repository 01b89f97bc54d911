"""The /api/v1 entry point. Routers live beside it, one module per area.

The schema is at /api/v1/openapi.json and the interactive docs at /api/v1/docs; the docs page
uses the Swagger UI files that django-ninja ships, served from /static/ like every other asset
(no CDN: offices often have no internet, and the CSP forbids other origins)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from sangathan.api import appointments, me, units, vacancies
from sangathan.api.auth import BrowserSession, DeviceToken
from sangathan.api.errors import install_error_handlers

DESCRIPTION = """\
Sangathan's JSON API for field apps and the browser.

**Authentication.** Devices send `Authorization: Bearer <token>` (make a token with
`sangathan token create USERNAME`). The browser uses its login session; POST and PATCH then
also need the `X-CSRFToken` header.

**Scope.** Every answer is limited to the units under your grants. A unit outside them is
reported as not found (404); a role too low for a change is 403.

**Errors** look like `{"error": "<sentence in your language>", "code": "<machine code>"}`,
with `"fields": {"<field>": ["..."]}` when values are not valid. Codes: `unauthenticated`,
`csrf_failed`, `forbidden`, `not_found`, `invalid`. The language is the account's chosen
language, else the `Accept-Language` header; Hindi by default.

**Lists** are pages: `?limit=` (at most 500) and `?offset=`; the answer has `items` and
`count`. Units are named by uuid.
"""

api = NinjaAPI(
    title="Sangathan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[DeviceToken(), BrowserSession()],
    # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)

api.add_router("", units.router)
api.add_router("", appointments.router)
api.add_router("", vacancies.router)
api.add_router("", me.router)
api.add_router("", "sangathan.api.people.router")
api.add_router("", "sangathan.api.nominations.router")
api.add_router("", "sangathan.api.nominations_panels.router")
api.add_router("", "sangathan.api.nominations_edit.router")
api.add_router("", "sangathan.api.meetings.router")
api.add_router("", "sangathan.api.relief.router")
api.add_router("", "sangathan.api.relief_reports.router")
