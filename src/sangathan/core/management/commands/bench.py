from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sangathan.lib.text import indian_grouping

BENCHES = {
    "vacancies": "Vacancy roll-up over a state-size tree against a naive tree walk.",
    "units-import": "Import of a state-size units CSV against add_child per row.",
    "people": "Import of N people from CSV and name search, against per-row saves and icontains.",
}


class Command(BaseCommand):
    help = "Run a benchmark on a fresh scratch database and print (or record) the results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=sorted(BENCHES), help="Which benchmark to run.")
        parser.add_argument(
            "--database-url",
            help="Scratch database (emptied!). Default: a new SQLite file in a temp folder.",
        )
        parser.add_argument("--small", action="store_true", help="One district, for a quick run.")
        parser.add_argument(
            "--write", metavar="FILE", help="Append the result table to FILE (docs/PERFORMANCE.md)."
        )
        parser.add_argument(
            "--n", type=int, default=1_000_000, help="People to import (bench people only)."
        )
        parser.add_argument(
            "--copies",
            type=int,
            default=1,
            help="bench people: search a registry of N x COPIES people (the import is measured "
            "on N; the copies are made in SQL, with new ids, before searching).",
        )
        parser.add_argument("--child", action="store_true", help=argparse_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            self._child(options)
            return
        with tempfile.TemporaryDirectory() as scratch:
            url = options["database_url"] or f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
            env = {**os.environ, "DATABASE_URL": url, "SANGATHAN_DATA_DIR": scratch}
            cli = [sys.executable, "-m", "sangathan"]
            if options["database_url"]:
                subprocess.run([*cli, "flush", "--no-input"], env=env, check=False)
            subprocess.run([*cli, "migrate", "--no-input", "-v", "0"], env=env, check=True)
            child = [*cli, "bench", options["name"], "--child"]
            if options["small"]:
                child.append("--small")
            child += ["--n", str(options["n"]), "--copies", str(options["copies"])]
            out = subprocess.run(child, env=env, check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if options["name"] == "units-import":
            from sangathan.benchmarks import units_import

            table = "\n".join(
                [
                    f"### `sangathan bench units-import` — {date.today().isoformat()}",
                    "",
                    "```",
                    units_import.table(result),
                    "```",
                ]
            )
        elif options["name"] == "people":
            from sangathan.benchmarks import people

            table = "\n".join(
                [
                    f"### `sangathan bench people --n {result['n']}"
                    + (f" --copies {options['copies']}" if options["copies"] > 1 else "")
                    + f"` — {date.today().isoformat()}",
                    "",
                    "```",
                    people.table(result),
                    "```",
                ]
            )
        else:
            table = render(options["name"], result)
        self.stdout.write(table)
        if options["write"]:
            with open(options["write"], "a", encoding="utf-8") as fh:
                fh.write("\n" + table + "\n")
            self.stdout.write(f"Appended to {options['write']}")

    def _child(self, options: dict[str, Any]) -> None:
        if options["name"] == "vacancies":
            from sangathan.benchmarks import vacancies
            from sangathan.benchmarks.synthetic import DISTRICT_ONLY, STATE

            result = vacancies.run(DISTRICT_ONLY if options["small"] else STATE)
        elif options["name"] == "units-import":
            from sangathan.benchmarks import units_import

            result = units_import.run(scale=0.05 if options["small"] else 1.0)
        elif options["name"] == "people":
            from sangathan.benchmarks import people

            result = people.run(
                10_000 if options["small"] else options["n"], copies=options["copies"]
            )
        else:  # pragma: no cover - argparse choices guard this
            raise CommandError(options["name"])
        self.stdout.write(json.dumps(result, default=str))


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kib // (1024 * 1024)} GiB"
    except (OSError, ValueError, IndexError):
        memory = "?"
    return f"{platform.system()} {platform.machine()}, {cpus} cores, {memory}, Python " + (
        platform.python_version()
    )


def render(name: str, result: dict[str, Any]) -> str:
    lines = [
        f"### `sangathan bench {name}` — {date.today().isoformat()}",
        "",
        f"Machine: {machine()}; database: {result['database']}.",
        f"Data: {indian_grouping(result['units'])} units, {indian_grouping(result['booths'])} "
        f"booths, {indian_grouping(result['appointments'])} appointments "
        f"(built in {result['build_seconds']:.1f} s).",
        "",
        "| query | time (best) | queries | peak Python memory |",
        "|---|---:|---:|---:|",
    ]
    for label, row in result["results"].items():
        lines.append(
            f"| {label} | {row['seconds'] * 1000:.1f} ms | {row['queries']} | "
            f"{indian_grouping(row['peak_kib'])} KiB |"
        )
    lines += [
        "",
        f"Naive walk scaled from one district ({indian_grouping(result['district_booths'])} "
        f"booths) to the state: about {result['naive_state_estimate_seconds']:.0f} s.",
    ]
    return "\n".join(lines)
