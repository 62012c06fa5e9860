"""Airflow glue for wirefeed: the DAG files in dags/ wire these helpers, which call the
`scrapers` library (which itself never imports Airflow).

- `settings`: names (connection, pool, Assets), environment knobs, default_args.
- `hooks`: the wirefeed database URL from the Airflow connection `wirefeed_db`.
- `tasks`: task callables; each logs its counts and returns a summary dict (shown in the UI as
  the task's return value XCom, and as the extra of the Asset event it emits).
"""
from wirefeed_airflow.settings import (  # noqa: F401
    ARTICLES,
    CLUSTERS,
    CONN_ID,
    FETCH_POOL,
    TAGS,
    default_args,
)
