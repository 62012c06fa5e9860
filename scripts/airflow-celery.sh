#!/usr/bin/env bash
# A real CeleryExecutor deployment of the wirefeed DAGs on this machine, loopback only:
# Redis (Debian's redis-server) as the broker, Airflow's metadata in the embedded Postgres
# (database `airflow_celery`; also the Celery result backend), scheduler, dag-processor,
# api-server (UI on http://127.0.0.1:8081) and TWO `airflow celery worker` processes, each with
# its own hostname and queue (worker1: wirefeed_w1, worker2: wirefeed_w2) besides the shared
# queue `default` that the DAGs' tasks go to. Each component runs under a supervisor that
# restarts it; logs in $AIRFLOW_HOME/run/NAME.log.
#
#   scripts/airflow-celery.sh          start
#   scripts/airflow-celery.sh stop     stop everything
#   scripts/airflow-celery.sh status   processes, heartbeats and the workers Celery sees
#
# Settings (environment, all optional): AIRFLOW_HOME (default .airflow-celery), AIRFLOW__API__PORT
# (8081), WIREFEED_REDIS_PORT (6390), WIREFEED_CELERY_CONCURRENCY (2 per worker),
# WIREFEED_FLOWER_PORT (set it to also start Celery Flower there), WIREFEED_PG_PORT, and any
# AIRFLOW__… variable. A worker on another machine: see docs/airflow.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$ROOT/.airflow-celery}"
export AIRFLOW__API__PORT="${AIRFLOW__API__PORT:-8081}"
WIREFEED_AIRFLOW_DB="${WIREFEED_AIRFLOW_DB:-airflow_celery}"  # Airflow's metadata database
# shellcheck source=scripts/airflow-env.sh
source "$ROOT/scripts/airflow-env.sh"
REDIS_PORT="${WIREFEED_REDIS_PORT:-6390}"
export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
export AIRFLOW__CELERY__BROKER_URL="${AIRFLOW__CELERY__BROKER_URL:-redis://127.0.0.1:${REDIS_PORT}/0}"
# the result backend: the same metadata database, through Celery's SQLAlchemy backend
export AIRFLOW__CELERY__RESULT_BACKEND="${AIRFLOW__CELERY__RESULT_BACKEND:-db+${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN/+psycopg2/}}"
export AIRFLOW__OPERATORS__DEFAULT_QUEUE="${AIRFLOW__OPERATORS__DEFAULT_QUEUE:-default}"
export AIRFLOW__CELERY__WORKER_CONCURRENCY="${WIREFEED_CELERY_CONCURRENCY:-${AIRFLOW__CELERY__WORKER_CONCURRENCY:-2}}"
AF_LIB="$ROOT/scripts/airflow-lib.sh"
# shellcheck source=scripts/airflow-lib.sh
source "$AF_LIB"
URL="$AIRFLOW__API__BASE_URL"
COMPONENTS=(redis scheduler dag-processor api-server worker1 worker2 flower)
CELERY_APP=airflow.providers.celery.executors.celery_executor.app
HOST="$(hostname)"

workers_seen() {  # the workers that answer a Celery ping through the broker
  celery --app "$CELERY_APP" inspect ping --timeout 5 2>/dev/null | grep -o '^->  [^:]*' | sed 's/^->  /  celery worker: /' || true
}

case "${1:-start}" in
  stop)
    if af_running scheduler || af_running redis; then echo "stopping the Celery deployment"; else echo "not running"; fi
    af_stop flower worker1 worker2 api-server dag-processor scheduler redis
    exit 0 ;;
  status)
    echo "Airflow (CeleryExecutor) at $URL; broker $AIRFLOW__CELERY__BROKER_URL"
    rc=0
    af_status "$URL" scheduler dag-processor api-server worker1 worker2 -- metadatabase scheduler dag_processor || rc=1
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "  redis: PONG" || { echo "  redis: not answering"; rc=1; }
    workers_seen
    exit $rc ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

if af_running scheduler; then echo "already running: $URL ($0 status)"; exit 0; fi
"$ROOT/wirefeed" setup   # .venv (Airflow and its Celery provider), Postgres and redis-server
mkdir -p "$RUN_DIR"

af_start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
  --dir "$RUN_DIR" --protected-mode yes
af_prepare_wirefeed_db
af_prepare_metadata_db
airflow pools set "${WIREFEED_FETCH_POOL:-wirefeed_fetch}" "${WIREFEED_FETCH_POOL_SLOTS:-4}" \
  "wirefeed: per-host fetch tasks running at once" >/dev/null

# every component on this machine writes task logs to the same $AIRFLOW_HOME/logs: no log servers
af_start scheduler airflow scheduler --skip-serve-logs
af_start dag-processor airflow dag-processor
af_start api-server airflow api-server --host "$AIRFLOW__API__HOST" --port "$AIRFLOW__API__PORT"
# each worker has its own Celery node name and queue, and reports its own name as the task
# instances' hostname (settings.hostname reads WIREFEED_WORKER_HOSTNAME)
export AIRFLOW__CORE__HOSTNAME_CALLABLE="${AIRFLOW__CORE__HOSTNAME_CALLABLE:-wirefeed_airflow.settings.hostname}"
for n in 1 2; do
  WIREFEED_WORKER_HOSTNAME="worker$n-$HOST" af_start "worker$n" airflow celery worker \
    --celery-hostname "worker$n@$HOST" --queues "wirefeed_w$n,default" --skip-serve-logs
done
if [[ -n "${WIREFEED_FLOWER_PORT:-}" ]]; then
  af_start flower airflow celery flower --address 127.0.0.1 --port "$WIREFEED_FLOWER_PORT"
fi
echo "Celery deployment starting (logs in $RUN_DIR) ..."
for _ in $(seq 1 240); do
  curl -fsS "$URL/api/v2/monitor/health" >/dev/null 2>&1 && break
  sleep 1
done
echo "Airflow UI:  $URL (user admin, password in $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated)"
echo "broker:      $AIRFLOW__CELERY__BROKER_URL    metadata: $AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
[[ -n "${WIREFEED_FLOWER_PORT:-}" ]] && echo "flower:      http://127.0.0.1:$WIREFEED_FLOWER_PORT"
echo "workers:     worker1@$HOST (queues wirefeed_w1, default; task host worker1-$HOST), worker2@$HOST (wirefeed_w2, default)"
echo "status:      $0 status        stop: $0 stop"
