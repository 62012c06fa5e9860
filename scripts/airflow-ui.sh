#!/usr/bin/env bash
# Start Airflow locally (`airflow standalone`: api-server + UI, scheduler, dag-processor,
# triggerer) on http://127.0.0.1:8080 with the wirefeed DAGs.
#
#   scripts/airflow-ui.sh          start (in the background, in its own process group)
#   scripts/airflow-ui.sh stop     stop it
#   scripts/airflow-ui.sh status   is it running?
#
# Offline demo: WIREFEED_FEEDS_FILE=config/demo-feeds.yml scripts/airflow-ui.sh
# Log in as "admin"; the password is printed below (from
# $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/airflow-env.sh
source "$ROOT/scripts/airflow-env.sh"
PIDFILE="$AIRFLOW_HOME/standalone.pid"
LOG="$AIRFLOW_HOME/standalone.log"
URL="http://$AIRFLOW__API__HOST:$AIRFLOW__API__PORT"
PASSWORDS="$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated"
POOL="${WIREFEED_FETCH_POOL:-wirefeed_fetch}"
POOL_SLOTS="${WIREFEED_FETCH_POOL_SLOTS:-4}"

running() { [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "${1:-start}" in
  stop)
    if running; then
      pg="$(cat "$PIDFILE")"
      kill -TERM -- "-$pg" && echo "stopping airflow standalone (process group $pg)"
      # wait for the whole group (scheduler, api-server, triggerer, dag-processor), not only its leader
      for _ in $(seq 1 60); do pgrep -g "$pg" >/dev/null || break; sleep 1; done
      pgrep -g "$pg" >/dev/null && kill -KILL -- "-$pg" 2>/dev/null || true
    else
      echo "not running"
    fi
    rm -f "$PIDFILE"
    exit 0 ;;
  status)
    if running; then echo "running (pid $(cat "$PIDFILE")): $URL"; else echo "not running"; exit 1; fi
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

if running; then
  echo "already running (pid $(cat "$PIDFILE")): $URL"
  exit 0
fi
"$ROOT/wirefeed" setup   # .venv with the pinned requirements (Airflow included) and Postgres binaries
mkdir -p "$AIRFLOW_HOME"

# 1. the wirefeed database: start the embedded Postgres when the connection points at it, migrate
if [[ "$AIRFLOW_CONN_WIREFEED_DB" == "postgresql://wirefeed@127.0.0.1:54329/wirefeed" ]]; then
  python -m scrapers db >/dev/null
fi
python -m scrapers migrate --database-url "$AIRFLOW_CONN_WIREFEED_DB"

# 2. Airflow's own metadata database (SQLite in $AIRFLOW_HOME) and the fetch pool
airflow db migrate >"$AIRFLOW_HOME/db-migrate.log" 2>&1 || { cat "$AIRFLOW_HOME/db-migrate.log" >&2; exit 1; }
airflow pools set "$POOL" "$POOL_SLOTS" "wirefeed: per-host fetch tasks running at once" >/dev/null

# 3. everything else, in its own process group (a backgrounded standalone ignores SIGINT)
setsid airflow standalone >"$LOG" 2>&1 < /dev/null &
echo $! >"$PIDFILE"
echo "airflow standalone starting (pid $!, log $LOG) ..."
for _ in $(seq 1 180); do
  if curl -fsS "$URL/api/v2/monitor/health" >/dev/null 2>&1 && [[ -s "$PASSWORDS" ]]; then
    break
  fi
  running || { echo "airflow standalone exited; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
  sleep 1
done
echo
echo "Airflow UI:  $URL"
echo "login:       admin"
echo "password:    $(python -c 'import json,sys; print(json.load(open(sys.argv[1])).get("admin", "?"))' "$PASSWORDS" 2>/dev/null || echo "see $PASSWORDS")"
echo "             (stored in $PASSWORDS)"
echo "feeds file:  $WIREFEED_FEEDS_FILE     wirefeed DB: $AIRFLOW_CONN_WIREFEED_DB"
echo "DAGs start paused: unpause wirefeed_ingest, wirefeed_dedupe and wirefeed_tag (toggle in the UI, or"
echo "  airflow dags unpause wirefeed_ingest), or trigger a run with the ▶ button."
echo "stop with:   scripts/airflow-ui.sh stop"
