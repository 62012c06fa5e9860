"""wirefeed's domain library: fetching, parsing, datelines, normalisation, storage, dedupe, tagging.

Plain Python with no Airflow import, so every stage runs from the command line too.
"""
