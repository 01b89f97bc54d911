"""Promises of the installation itself: local assets only, SQLite set up for a laptop."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import sangathan

PACKAGE = Path(sangathan.__file__).parent
EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_no_template_or_stylesheet_loads_anything_from_the_internet() -> None:
    offenders = []
    for path in [*PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.css")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if EXTERNAL.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_default_database_is_sqlite_in_the_data_folder_with_wal_and_foreign_keys(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SANGATHAN_DATA_DIR"] = str(tmp_path)
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(connection.settings_dict['NAME'])\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])\n"
        "print(c.execute('PRAGMA foreign_keys').fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sangathan", "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    name, journal, foreign_keys = result.stdout.split()[-3:]
    assert Path(name) == tmp_path / "sangathan.sqlite3"
    assert (journal, foreign_keys) == ("wal", "1")
    assert (tmp_path / "secret_key").exists()
