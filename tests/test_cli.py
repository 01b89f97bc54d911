from __future__ import annotations

import subprocess
import sys


def test_help_lists_the_sangathan_commands_with_descriptions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sangathan", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("serve", "demo", "migrate", "createadmin", "levels", "units", "token"):
        line = next(
            (ln for ln in result.stdout.splitlines() if ln.strip().startswith(command + " ")),
            None,
        )
        assert line is not None, f"{command} missing from sangathan --help"
        assert len(line.split(None, 1)) == 2, f"{command} has no description"
