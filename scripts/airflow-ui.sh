#!/usr/bin/env bash
# Start Airflow locally with the wirefeed DAGs: api-server (UI) on http://127.0.0.1:8080,
# scheduler (LocalExecutor), dag-processor and triggerer, each under a supervisor that restarts
# it when it exits. Airflow's metadata is the database `airflow` of the embedded Postgres.
#
#   scripts/airflow-ui.sh          start (in the background)
#   scripts/airflow-ui.sh stop     stop it
#   scripts/airflow-ui.sh status   processes and their health (exit 1 if any is down or unhealthy)
#
# Offline demo: WIREFEED_FEEDS_FILE=config/demo-feeds.yml scripts/airflow-ui.sh
# Another port: AIRFLOW__API__PORT=8090 AIRFLOW_HOME=/some/dir scripts/airflow-ui.sh
# Log in as "admin"; the password is printed below (from
# $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated).
# Logs: $AIRFLOW_HOME/run/NAME.log (the previous start's as NAME.log.1), task logs in $AIRFLOW_HOME/logs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/airflow-env.sh
source "$ROOT/scripts/airflow-env.sh"
AF_LIB="$ROOT/scripts/airflow-lib.sh"
# shellcheck source=scripts/airflow-lib.sh
source "$AF_LIB"
URL="$AIRFLOW__API__BASE_URL"
PASSWORDS="$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated"
POOL="${WIREFEED_FETCH_POOL:-wirefeed_fetch}"
POOL_SLOTS="${WIREFEED_FETCH_POOL_SLOTS:-4}"
COMPONENTS=(api-server scheduler dag-processor triggerer)
SCHEDULER_HEALTH="http://${AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST}:${AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT}/health"

status() {
  local ok=0
  echo "Airflow at $URL (metadata: ${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN})"
  af_status "$URL" "${COMPONENTS[@]}" -- metadatabase scheduler dag_processor triggerer || ok=1
  if curl -fsS --max-time 5 "$SCHEDULER_HEALTH" >/dev/null 2>&1; then
    echo "  scheduler health check ($SCHEDULER_HEALTH): healthy"
  else
    echo "  scheduler health check ($SCHEDULER_HEALTH): UNHEALTHY (see $RUN_DIR/scheduler.log)"; ok=1
  fi
  return $ok
}

case "${1:-start}" in
  stop)
    if af_running api-server || af_running scheduler; then echo "stopping Airflow"; else echo "not running"; fi
    af_stop "${COMPONENTS[@]}"
    exit 0 ;;
  status) status; exit $? ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

if af_running scheduler || af_running api-server; then
  echo "already running: $URL (scripts/airflow-ui.sh status)"
  exit 0
fi
"$ROOT/wirefeed" setup   # .venv with the pinned requirements (Airflow included) and Postgres binaries
mkdir -p "$RUN_DIR"

af_prepare_wirefeed_db
af_prepare_metadata_db
airflow pools set "$POOL" "$POOL_SLOTS" "wirefeed: per-host fetch tasks running at once" >/dev/null

# the task logs are files on this machine, read by the api-server directly: no log servers
# (they would listen on every interface, 8793 and 8794)
af_start scheduler airflow scheduler --skip-serve-logs
af_start dag-processor airflow dag-processor
af_start triggerer airflow triggerer --skip-serve-logs
af_start api-server airflow api-server --host "$AIRFLOW__API__HOST" --port "$AIRFLOW__API__PORT"
echo "Airflow starting (logs in $RUN_DIR) ..."
for _ in $(seq 1 180); do
  if curl -fsS "$URL/api/v2/monitor/health" >/dev/null 2>&1 && [[ -s "$PASSWORDS" ]]; then
    break
  fi
  sleep 1
done
echo
echo "Airflow UI:  $URL"
echo "login:       admin"
echo "password:    $(python -c 'import json,sys; print(json.load(open(sys.argv[1])).get("admin", "?"))' "$PASSWORDS" 2>/dev/null || echo "see $PASSWORDS")"
echo "             (stored in $PASSWORDS)"
echo "feeds file:  $WIREFEED_FEEDS_FILE     wirefeed DB: $AIRFLOW_CONN_WIREFEED_DB"
echo "DAGs start paused: unpause wirefeed_ingest, wirefeed_dedupe and wirefeed_tag (toggle in the UI, or"
echo "  airflow dags unpause wirefeed_ingest: this starts an ingest run at once), or trigger a run (▶)."
echo "health:      scripts/airflow-ui.sh status        stop with: scripts/airflow-ui.sh stop"
