"""The wirefeed view inside the Airflow UI: a FastAPI app served by the api-server (registered by
plugins/wirefeed_ui_plugin.py) with server-rendered pages over the wirefeed database.

- `app`: the routes and templates;   `queries`: the SQL of each page;   `charts`: SVG bar charts;
- `db`: connections through the `wirefeed_db` connection, with per-page query timing;
- `rollups`: the summary views behind Volume-per-day and Quality, refreshed when stale;
- `runlog`: the per-run counts the DAG tasks record (table pipeline_runs).
"""
