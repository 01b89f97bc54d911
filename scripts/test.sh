#!/usr/bin/env bash
# The whole check: lint, types, migrations, translations, the suite on SQLite and PostgreSQL.
# Under CI (CI=true) PostgreSQL and Chromium are required; elsewhere their parts skip, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${SANGATHAN_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/sangathan}
CI=${CI:-false}
export SANGATHAN_DATA_DIR=${SANGATHAN_DATA_DIR:-$(mktemp -d)}

step() { printf '\n== %s\n' "$*"; }

step "ruff"
$BIN/ruff check src tests scripts
$BIN/ruff format --check src tests scripts

step "mypy"
$BIN/mypy

step "migrations are complete"
$BIN/sangathan makemigrations --check --dry-run

step "translations"
$BIN/python scripts/translations.py check

if [ "$CI" = "true" ] && [ ! -x /usr/bin/chromium ]; then
  echo "CI needs /usr/bin/chromium for the browser journey (.ci/run installs it)." >&2
  exit 1
fi

# Two workers: the suite is database-bound and this machine has two cores (about 1.7x).
# Each worker has its own test database; --dist loadfile keeps a file's tests together so its
# module fixtures are built once.
WORKERS=${SANGATHAN_TEST_WORKERS:-2}
PARALLEL=(-n "$WORKERS" --dist loadfile)

# The concurrency tests need PostgreSQL's row locks: they run in the PostgreSQL pass below, and
# the browser journeys in this one, so neither shows up as "skipped".
step "tests on SQLite"
$BIN/pytest -q -p no:cacheprovider -m "not postgres" "${PARALLEL[@]}"

pg_up() { $BIN/python - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
}

if ! pg_up 2>/dev/null && [ "$CI" = "true" ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  sleep 2
fi
if pg_up; then
  step "tests on PostgreSQL"
  DATABASE_URL=$PG_URL $BIN/pytest -q -p no:cacheprovider -m "not e2e" "${PARALLEL[@]}"
elif [ "$CI" = "true" ]; then
  echo "PostgreSQL at $PG_URL is not reachable; under CI that is a failure." >&2
  exit 1
else
  echo "SKIPPED: tests on PostgreSQL ($PG_URL is not reachable)."
fi
