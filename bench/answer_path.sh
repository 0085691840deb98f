#!/usr/bin/env bash
# The public answer path under load: gunicorn (2 workers) on loopback, wrk as the phones.
#
#   bash bench/answer_path.sh [sqlite|postgresql|all]        (default: all; about 50 s per database)
#
# For each database: a fresh one (SQLite file in WAL mode in a temp dir, or a throwaway PostgreSQL
# cluster of its own on a free port, bench/pgcluster.py), schema by `flask db upgrade`, demo data by `flask seed-demo`
# (its first offer is open and has a smiley, single choice, multiple choice, yes/no, dot voting and
# free-text question), then gunicorn serving bench/wsgi_bench.py (the production wsgi.py app plus
# /bench/bare) and three wrk runs, each after a short warm-up:
#   1. GET /bench/bare         a bare Flask endpoint: the baseline of this gunicorn in this run
#   2. GET /q/<code>           the answer page, no cookie (a phone that scans the QR code)
#   3. GET /q/<code> + POST    one fresh phone per answer (bench/answer.lua): session cookie and CSRF
#                              token from the page, every question answered, 303 to /danke = accepted
# Then it counts the submissions stored for the offer and compares them with the accepted answers.
# Prints a markdown table and whether each target was met (exit 1 if one was missed).
# Not part of CI. Settings (environment): BENCH_VENV (the venv with the project and gunicorn; default
# $VIRTUAL_ENV, else .venv), BENCH_SECONDS (12), BENCH_WARMUP (2), BENCH_PORT (a free port),
# BENCH_WORKER_CLASS (sync or gthread), BENCH_THREADS (gthread threads per worker, 4),
# BENCH_GET_WRK ("-t2 -c16"), BENCH_ANSWER_WRK ("-t4 -c4": one connection per thread, always),
# BENCH_POSTGRES_URL (only to use a server of your own instead of the throwaway cluster: a bench_*
# database there is created and dropped).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
VENV=${BENCH_VENV:-${VIRTUAL_ENV:-$ROOT/.venv}}
PY="$VENV/bin/python"
WHICH=${1:-all}
SECONDS_RUN=${BENCH_SECONDS:-12}
WARMUP=${BENCH_WARMUP:-2}
PORT=${BENCH_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WORKER_CLASS=${BENCH_WORKER_CLASS:-sync}
THREADS=${BENCH_THREADS:-4}
GET_WRK=${BENCH_GET_WRK:-"-t2 -c16"}
ANSWER_WRK=${BENCH_ANSWER_WRK:-"-t4 -c4"}
POSTGRES_URL=${BENCH_POSTGRES_URL:-}
BASE="http://127.0.0.1:$PORT"

case "$WHICH" in
  sqlite) DATABASES=(sqlite) ;;
  postgresql) DATABASES=(postgresql) ;;
  all) DATABASES=(sqlite postgresql) ;;
  *) echo "usage: bash bench/answer_path.sh [sqlite|postgresql|all]" >&2; exit 2 ;;
esac
[ -x "$VENV/bin/gunicorn" ] || { echo "needs gunicorn in $VENV: pip install -e \".[test,server]\" (or set BENCH_VENV)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
read -r -a ANSWER_ARGS <<<"$ANSWER_WRK"
if [ "${ANSWER_ARGS[1]#-c}" != "${ANSWER_ARGS[0]#-t}" ]; then
  echo "BENCH_ANSWER_WRK must be \"-tN -cN\" (one connection per wrk thread)" >&2; exit 2
fi
if curl -s -o /dev/null "$BASE/"; then echo "port $PORT is in use (set BENCH_PORT)" >&2; exit 2; fi

TMP=$(mktemp -d /tmp/mitreden-answer-bench.XXXXXX)
GUNICORN_PID=""
PG_CREATED=""
PG_CLUSTER=""
cleanup() {
  if [ -n "$GUNICORN_PID" ]; then kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true; fi
  if [ -n "$PG_CREATED" ]; then "$PY" "$BENCH/answer_path.py" drop-db "$POSTGRES_URL" || true; fi
  if [ -n "$PG_CLUSTER" ]; then "$PY" "$BENCH/pgcluster.py" stop "$PG_CLUSTER" || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Translations compiled into the temp dir (German pages as in production; nothing written outside it).
for po in "$ROOT"/translations/*/LC_MESSAGES/*.po; do
  mo="$TMP/translations/${po#"$ROOT/translations/"}"
  mkdir -p "$(dirname "$mo")"
  "$VENV/bin/pybabel" -q compile -i "$po" -o "${mo%.po}.mo"
done
export PARTICIPATION_BABEL_TRANSLATION_DIRECTORIES="$TMP/translations"
export PARTICIPATION_SECRET_KEY="answer-path-benchmark-$RANDOM$RANDOM"
export FLASK_APP=participation
unset DATABASE_URL

if [ "$WORKER_CLASS" = gthread ]; then WORKER_ARGS=(-k gthread --threads "$THREADS"); else WORKER_ARGS=(-k sync); fi
echo "gunicorn: 2 workers, $WORKER_CLASS$([ "$WORKER_CLASS" = gthread ] && echo ", $THREADS threads each");" \
     "wrk: GETs $GET_WRK, answers $ANSWER_WRK; ${WARMUP} s warm-up, ${SECONDS_RUN} s measured"

proc_cpu() {  # CPU ticks used so far by the given processes (utime + stime)
  local total=0 pid fields
  for pid in "$@"; do
    read -r -a fields <"/proc/$pid/stat" 2>/dev/null || continue
    total=$((total + fields[13] + fields[14]))  # assumes no space in the command name (gunicorn, postgres)
  done
  echo "$total"
}

postgres_pids() {  # the benchmark's own cluster (postmaster and its backends), else every postgres process
  if [ -n "$PG_CLUSTER" ]; then
    local postmaster
    postmaster=$("$PY" "$BENCH/pgcluster.py" pid "$PG_CLUSTER")
    echo "$postmaster" $(pgrep -P "$postmaster")
  else
    pgrep -x postgres
  fi
}

snapshot() {  # "busy-ticks all-ticks gunicorn-ticks postgres-ticks" of the whole machine
  local cpu
  read -r -a cpu </proc/stat
  local busy=$((cpu[1] + cpu[2] + cpu[3] + cpu[6] + cpu[7] + cpu[8]))
  # shellcheck disable=SC2046
  echo "$busy $((busy + cpu[4] + cpu[5])) $(proc_cpu "$GUNICORN_PID" $(pgrep -P "$GUNICORN_PID")) \
$(proc_cpu $(postgres_pids))"
}

wrk_run() {  # database what wrk-args url [answer-seconds] [extra key=value...]
  local database=$1 what=$2 args=$3 url=$4 script=get.lua lua_args=() warm_args=()
  shift 4
  if [ "$what" = answer ]; then
    script=answer.lua; lua_args=(-- "$1"); shift
    warm_args=(-- "$(awk "BEGIN { print $WARMUP - 0.5 }")")
  fi
  # shellcheck disable=SC2086
  wrk $args -d "${WARMUP}s" -s "$BENCH/$script" "$url" "${warm_args[@]}" >/dev/null
  if [ "$what" = answer ]; then set -- "$@" "stored_before=$("$PY" "$BENCH/answer_path.py" count "$DB_URL" "$CODE")"; fi
  local before after wrk_cpu
  read -r -a before <<<"$(snapshot)"
  # shellcheck disable=SC2086
  wrk_cpu=$( { TIMEFORMAT='%U %S'; time wrk $args -d "${SECONDS_RUN}s" --timeout 5s -s "$BENCH/$script" "$url" \
             "${lua_args[@]}" >"$TMP/$database-$what.out"; } 2>&1 )
  read -r -a after <<<"$(snapshot)"
  # CPU during the run, in ticks (1/100 s): the machine, gunicorn, PostgreSQL, wrk; the rest is other work
  set -- "$@" "ticks_all=$((after[1] - before[1]))" "ticks_busy=$((after[0] - before[0]))" \
    "ticks_gunicorn=$((after[2] - before[2]))" "ticks_postgres=$((after[3] - before[3]))" \
    "ticks_wrk=$(awk -v t="$wrk_cpu" 'BEGIN { split(t, a, " "); printf "%d", (a[1] + a[2]) * 100 }')"
  if [ "$what" = answer ]; then set -- "$@" "stored_after=$("$PY" "$BENCH/answer_path.py" count "$DB_URL" "$CODE")"; fi
  "$PY" "$BENCH/answer_path.py" record "$TMP/$database-$what.json" "$database" "$what" "$args" "$@" \
    <"$TMP/$database-$what.out"
}

for database in "${DATABASES[@]}"; do
  if [ "$database" = sqlite ]; then
    DB_URL="sqlite:///$TMP/answer.sqlite"
  elif [ -n "$POSTGRES_URL" ]; then
    DB_URL=$POSTGRES_URL
    "$PY" "$BENCH/answer_path.py" create-db "$DB_URL"
    PG_CREATED=1
  else
    PG_CLUSTER=$(mktemp -d /tmp/mitreden-pg.XXXXXX)  # not inside $TMP: the postgres user must reach it
    DB_URL=$("$PY" "$BENCH/pgcluster.py" start "$PG_CLUSTER")
  fi
  export PARTICIPATION_SQLALCHEMY_DATABASE_URI=$DB_URL
  (cd "$ROOT" && "$VENV/bin/flask" db upgrade >"$TMP/$database-upgrade.log" 2>&1) \
    || { cat "$TMP/$database-upgrade.log"; exit 1; }
  (cd "$ROOT" && "$VENV/bin/flask" seed-demo --base-url "$BASE" >"$TMP/$database-seed.log")
  CODE=$(grep -m1 -o '/q/[a-z0-9]*' "$TMP/$database-seed.log" | cut -d/ -f3)
  [ -n "$CODE" ] || { cat "$TMP/$database-seed.log"; exit 1; }
  if [ "$database" = sqlite ]; then
    mode=$("$PY" -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode').fetchone()[0])" "$TMP/answer.sqlite")
    echo "sqlite: $TMP/answer.sqlite, journal_mode=$mode"
  fi

  "$VENV/bin/gunicorn" --chdir "$BENCH" -w 2 "${WORKER_ARGS[@]}" -b "127.0.0.1:$PORT" \
    --log-level warning --error-logfile "$TMP/$database-gunicorn.log" wsgi_bench:app &
  GUNICORN_PID=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null "$BASE/healthz" && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$TMP/$database-gunicorn.log"; exit 1; }
    sleep 0.1
  done
  curl -sf --compressed -o "$TMP/page.html" "$BASE/q/$CODE" \
    || { echo "GET /q/$CODE failed"; tail -20 "$TMP/$database-gunicorn.log"; exit 1; }
  echo "$database: offer /q/$CODE, form inputs: $("$PY" "$BENCH/answer_path.py" check-form "$TMP/page.html")"

  wrk_run "$database" bare "$GET_WRK" "$BASE/bench/bare"
  wrk_run "$database" page "$GET_WRK" "$BASE/q/$CODE"
  # Answering stops 1 s before wrk does, so no POST is cut off in flight (see bench/answer.lua).
  wrk_run "$database" answer "$ANSWER_WRK" "$BASE/q/$CODE" "$((SECONDS_RUN - 1))"

  kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true; GUNICORN_PID=""
  if grep -q "Traceback\|ERROR" "$TMP/$database-gunicorn.log"; then
    echo "$database: gunicorn logged errors:"; tail -30 "$TMP/$database-gunicorn.log"
  fi
  if [ -n "$PG_CREATED" ]; then "$PY" "$BENCH/answer_path.py" drop-db "$DB_URL"; PG_CREATED=""; fi
  if [ -n "$PG_CLUSTER" ]; then "$PY" "$BENCH/pgcluster.py" stop "$PG_CLUSTER"; PG_CLUSTER=""; fi
done

echo
"$PY" "$BENCH/answer_path.py" table "$TMP"/*.json
