# Shared by scripts/airflow-ui.sh and scripts/airflow-celery.sh (sourced after airflow-env.sh).
#
# Each Airflow component runs under a small supervisor loop in its own process group: the loop
# restarts the component when it exits (a crashed scheduler comes back after 5 s), appends its
# output to $RUN_DIR/NAME.log (the log of the previous start is kept as NAME.log.1), and the
# loop's pid (= the group id) is in $RUN_DIR/NAME.pid. Stopping sends SIGTERM to each group.

RUN_DIR="$AIRFLOW_HOME/run"
RESTART_DELAY="${WIREFEED_AIRFLOW_RESTART_DELAY:-5}"

af_log() { printf '[%s] %s\n' "$(date -u +%FT%TZ)" "$*"; }

# The metadata database URL points at the embedded Postgres: start it and create the database.
af_prepare_metadata_db() {
  local url="$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" port="${WIREFEED_PG_PORT:-54329}"
  if [[ "$url" =~ ^postgresql(\+[a-z0-9]+)?://wirefeed@127\.0\.0\.1:${port}/([A-Za-z0-9_]+)$ ]]; then
    python -m scrapers db >/dev/null
    python -c 'import sys; from scrapers import pgserver; pgserver.create_database(int(sys.argv[1]), sys.argv[2])' \
      "$port" "${BASH_REMATCH[2]}"
  fi
  airflow db migrate >"$RUN_DIR/db-migrate.log" 2>&1 || { cat "$RUN_DIR/db-migrate.log" >&2; return 1; }
}

# The wirefeed database: start the embedded Postgres when the connection points at it; migrate.
af_prepare_wirefeed_db() {
  if [[ "$AIRFLOW_CONN_WIREFEED_DB" == "$(wf_embedded_url wirefeed)" ]]; then
    python -m scrapers db >/dev/null
  fi
  python -m scrapers migrate --database-url "$AIRFLOW_CONN_WIREFEED_DB"
}

af_running() { local f="$RUN_DIR/$1.pid"; [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null; }

# af_start NAME CMD...: CMD under a restarting supervisor, in a new process group.
af_start() {
  local name="$1"; shift
  [[ -f "$RUN_DIR/$name.log" ]] && mv -f "$RUN_DIR/$name.log" "$RUN_DIR/$name.log.1"
  setsid bash "$AF_LIB" _supervise "$RUN_DIR/$name.log" "$@" </dev/null >/dev/null 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
}

# af_stop NAME...: SIGTERM each component's group; SIGKILL what is left after 60 s.
af_stop() {
  local name pg
  for name in "$@"; do
    af_running "$name" && kill -TERM -- "-$(cat "$RUN_DIR/$name.pid")" 2>/dev/null
  done
  for name in "$@"; do
    [[ -f "$RUN_DIR/$name.pid" ]] || continue
    pg="$(cat "$RUN_DIR/$name.pid")"
    for _ in $(seq 1 60); do pgrep -g "$pg" >/dev/null || break; sleep 1; done
    pgrep -g "$pg" >/dev/null && kill -KILL -- "-$pg" 2>/dev/null
    rm -f "$RUN_DIR/$name.pid"
  done
  return 0
}

# af_health URL: the api-server's /api/v2/monitor/health, one line per component; 0 if all healthy.
# The scheduler, dag-processor and triggerer are judged by their heartbeats in the metadata
# database (what Airflow's own health check reads), not by a live process.
af_health() {
  local body
  body="$(curl -fsS --max-time 10 "$1/api/v2/monitor/health" 2>/dev/null)" || { echo "  api-server: not answering at $1"; return 1; }
  python - "$body" "${@:2}" <<'EOF'
import json, sys
health, wanted = json.loads(sys.argv[1]), sys.argv[2:]
ok = True
for name in wanted:
    part = health.get(name) or {}
    status = part.get("status") or "unknown"
    beat = next((v for k, v in part.items() if k.endswith("heartbeat")), None)
    print(f"  {name}: {status}" + (f" (last heartbeat {beat})" if beat else ""))
    ok &= status == "healthy"
sys.exit(0 if ok else 1)
EOF
}

# af_status URL COMPONENT... -- HEALTH_KEY...: processes alive and every heartbeat healthy.
af_status() {
  local url="$1" ok=0 name; shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    if af_running "$1"; then echo "  $1: process running (group $(cat "$RUN_DIR/$1.pid"))"
    else echo "  $1: NOT running"; ok=1; fi
    shift
  done
  shift
  af_health "$url" "$@" || ok=1
  return $ok
}

if [[ "${1:-}" == "_supervise" ]]; then  # bash airflow-lib.sh _supervise LOG CMD...
  log="$2"; shift 2
  child=""
  trap '[[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while :; do
    af_log "starting: $*" >>"$log"
    "$@" >>"$log" 2>&1 </dev/null &
    child=$!
    wait "$child"; rc=$?
    af_log "exited with status $rc; restarting in ${RESTART_DELAY} s" >>"$log"
    sleep "$RESTART_DELAY"
  done
fi
