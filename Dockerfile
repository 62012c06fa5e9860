# The Airflow image of docker-compose.yml: the official Airflow 3.3.2 image (its own tested set of
# Airflow's dependencies, the Celery and Postgres providers included) plus wirefeed's library
# dependencies at the versions pinned in requirements.txt. The project code (dags/, plugins/,
# scrapers/, sql/, config/) is copied in too, and docker-compose.yml mounts it over for development.
ARG AIRFLOW_VERSION=3.3.2
FROM apache/airflow:${AIRFLOW_VERSION}
ARG AIRFLOW_VERSION

COPY requirements.in requirements.txt /tmp/wirefeed/
# Library dependencies only (not Airflow itself, nor the test tools), pinned as in requirements.txt,
# installed together with the image's Airflow version so that pip keeps Airflow as it is.
RUN set -eu; cd /tmp/wirefeed; : > lib.txt; \
    for req in $(grep -vE '^[[:space:]]*(#|$)|^(apache-airflow|pytest|check-jsonschema)' requirements.in); do \
      name="${req%%[*}"; \
      pin="$(grep -iE "^${name}==" requirements.txt | head -1 | cut -d= -f3)"; \
      if [ -n "$pin" ]; then echo "${req}==${pin}" >> lib.txt; else echo "$req" >> lib.txt; fi; \
    done; \
    cat lib.txt; \
    pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r lib.txt

COPY --chown=airflow:root dags/ /opt/airflow/dags/
COPY --chown=airflow:root plugins/ /opt/airflow/plugins/
COPY --chown=airflow:root scrapers/ /opt/airflow/scrapers/
COPY --chown=airflow:root sql/ /opt/airflow/sql/
COPY --chown=airflow:root config/ /opt/airflow/config/
ENV PYTHONPATH=/opt/airflow
