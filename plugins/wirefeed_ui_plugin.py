"""Registers the wirefeed view with Airflow 3: its FastAPI app (served by the api-server at
/wirefeed), a top-level navigation entry and a "Wirefeed" tab on the wirefeed DAGs.

The pages themselves live in the `wirefeed_ui` package next to this file.
"""
from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from wirefeed_ui.app import create_app

PREFIX = "/wirefeed"


class WirefeedUiPlugin(AirflowPlugin):
    name = "wirefeed_ui"
    fastapi_apps = [{"app": create_app(), "url_prefix": PREFIX, "name": "wirefeed view"}]
    external_views = [
        {"name": "Wirefeed", "href": f"{PREFIX}/", "url_route": "wirefeed", "destination": "nav",
         "nav_top_level": True, "icon": f"{PREFIX}/static/icon.svg"},
        {"name": "Wirefeed", "href": f"{PREFIX}/dag/{{DAG_ID}}", "url_route": "wirefeed-dag",
         "destination": "dag", "icon": f"{PREFIX}/static/icon.svg"},
    ]
