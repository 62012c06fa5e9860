# Source me: `source scripts/airflow-env.sh` (bash or zsh), then `airflow …` works from .venv
# with Airflow's home, DAGs and plugins inside the project. Variables already set win.
_wf_src="${BASH_SOURCE[0]:-${(%):-%x}}"
WIREFEED_ROOT="$(cd "$(dirname "$_wf_src")/.." && pwd)"
unset _wf_src
export WIREFEED_ROOT

export AIRFLOW_HOME="${AIRFLOW_HOME:-$WIREFEED_ROOT/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="${AIRFLOW__CORE__DAGS_FOLDER:-$WIREFEED_ROOT/dags}"
export AIRFLOW__CORE__PLUGINS_FOLDER="${AIRFLOW__CORE__PLUGINS_FOLDER:-$WIREFEED_ROOT/plugins}"
export AIRFLOW__CORE__LOAD_EXAMPLES="${AIRFLOW__CORE__LOAD_EXAMPLES:-False}"
export AIRFLOW__API__HOST="${AIRFLOW__API__HOST:-127.0.0.1}"
export AIRFLOW__API__PORT="${AIRFLOW__API__PORT:-8080}"
# the UI's links (and the task-log links) point at the local api-server
export AIRFLOW__API__BASE_URL="${AIRFLOW__API__BASE_URL:-http://${AIRFLOW__API__HOST}:${AIRFLOW__API__PORT}}"
# `airflow standalone` logs in as "admin"; the password is generated on first start into
# $AIRFLOW_HOME/simple_auth_manager_passwords.json.generated
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="${AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS:-admin:admin}"

export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="${AIRFLOW__CORE__EXECUTION_API_SERVER_URL:-${AIRFLOW__API__BASE_URL}/execution/}"

# wf_embedded_url DATABASE [+DRIVER]: the URL of a database in the project's embedded Postgres
wf_embedded_url() { printf 'postgresql%s://wirefeed@127.0.0.1:%s/%s' "${2:-}" "${WIREFEED_PG_PORT:-54329}" "$1"; }

# Airflow's metadata: its own database (`airflow`; WIREFEED_AIRFLOW_DB) in the embedded Postgres
# (never SQLite: the scheduler, the api-server and the task processes write to it at once)
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-$(wf_embedded_url "${WIREFEED_AIRFLOW_DB:-airflow}" +psycopg2)}"
# sized to the machine: LocalExecutor forks `parallelism` workers at start (32 by default hold 4.5 GB)
if [[ -z "${AIRFLOW__CORE__PARALLELISM:-}" ]]; then
  _wf_n=$(( $(nproc 2>/dev/null || echo 2) * 2 )); (( _wf_n < 4 )) && _wf_n=4
  export AIRFLOW__CORE__PARALLELISM="$_wf_n"; unset _wf_n
fi
export AIRFLOW__API__WORKERS="${AIRFLOW__API__WORKERS:-1}"
# task processes call the api-server's execution API: allow a busy 2-core machine 30 s, not 5
export AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT="${AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT:-30}"
# the scheduler's own health endpoint (GET /health), on loopback
export AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK="${AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK:-True}"
export AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST="${AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_HOST:-127.0.0.1}"
export AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT="${AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT:-$(( AIRFLOW__API__PORT + 894 ))}"

# the wirefeed database (an Airflow connection): by default the project's embedded Postgres
export AIRFLOW_CONN_WIREFEED_DB="${AIRFLOW_CONN_WIREFEED_DB:-${WIREFEED_DATABASE_URL:-$(wf_embedded_url wirefeed)}}"
# the ingest DAG's feeds file (config/feeds.yml polls the live feeds; config/demo-feeds.yml is offline)
export WIREFEED_FEEDS_FILE="${WIREFEED_FEEDS_FILE:-config/feeds.yml}"

case ":${PYTHONPATH:-}:" in
  *":$WIREFEED_ROOT:"*) ;;
  *) export PYTHONPATH="$WIREFEED_ROOT:$WIREFEED_ROOT/plugins${PYTHONPATH:+:$PYTHONPATH}" ;;
esac
case ":$PATH:" in
  *":$WIREFEED_ROOT/.venv/bin:"*) ;;
  *) export PATH="$WIREFEED_ROOT/.venv/bin:$PATH" ;;
esac
