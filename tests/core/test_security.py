from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.test import Client

from tests.conftest import World

SANGATHAN = Path(sys.executable).parent / "sangathan"


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SANGATHAN_DEBUG"}}
    env.update(
        SANGATHAN_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        SANGATHAN_DATA_DIR=str(tmp_path / "data"),
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SANGATHAN), "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_hsts_and_secure_cookies(tmp_path: Path) -> None:
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'DEBUG', "
        "'SESSION_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS']}))"
    )
    env = _production_env(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "sangathan.config.settings"
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["DEBUG"] is False
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    env.pop("SANGATHAN_SECRET_KEY", None)
    result = subprocess.run(
        [str(SANGATHAN), "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_carry_a_content_security_policy(as_district: Client) -> None:
    for url in ["/", "/inbox/", "/login/"]:
        policy = as_district.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_refuse_to_be_framed(db: None) -> None:
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_header_is_sent_over_https_in_production_mode(db: None, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"] is True


def test_no_page_has_inline_scripts_or_styles(as_state: Client, world: World) -> None:
    for url in ["/", "/inbox/", "/audit/", "/accounts/", "/login/"]:
        page = as_state.get(url).content.decode()
        assert "<script>" not in page and " style=" not in page and "onclick=" not in page
