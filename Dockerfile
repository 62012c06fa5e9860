# The Airflow image of docker-compose.yml: the official Airflow 3.3.2 image (its own tested set of
# Airflow's dependencies) plus wirefeed's requirements at the versions pinned in requirements.txt —
# the Postgres and Celery providers included — chosen by scripts/image-requirements.sh. The project
# code (dags/, plugins/, scrapers/, sql/, config/) and the demo fixtures (tests/fixtures/, served by
# the offline demo feeds of config/demo-feeds.yml) are copied in; docker-compose.yml mounts the code
# over them for development. .dockerignore keeps .venv, databases and logs out of the context.
ARG AIRFLOW_VERSION=3.3.2
FROM apache/airflow:${AIRFLOW_VERSION}
ARG AIRFLOW_VERSION

COPY requirements.in requirements.txt scripts/image-requirements.sh /tmp/wirefeed/
# installed together with the image's Airflow version so that pip keeps Airflow as it is
RUN set -eu; cd /tmp/wirefeed; sh image-requirements.sh requirements.in requirements.txt > image.txt; \
    cat image.txt; \
    pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r image.txt

COPY --chown=airflow:root dags/ /opt/airflow/dags/
COPY --chown=airflow:root plugins/ /opt/airflow/plugins/
COPY --chown=airflow:root scrapers/ /opt/airflow/scrapers/
COPY --chown=airflow:root sql/ /opt/airflow/sql/
COPY --chown=airflow:root config/ /opt/airflow/config/
COPY --chown=airflow:root tests/fixtures/ /opt/airflow/tests/fixtures/
ENV PYTHONPATH=/opt/airflow
