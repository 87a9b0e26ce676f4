#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-compose.yml): init.sql with the
# service logins' passwords from the environment.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v contract_owner_password="$SLA_PG_CONTRACT_OWNER_PASSWORD" \
  -v contract_app_password="$SLA_PG_CONTRACT_APP_PASSWORD" \
  -v projection_app_password="$SLA_PG_PROJECTION_APP_PASSWORD" \
  -f /opt/sla-postgres/init.sql
# The superuser may log in over the container's socket only, never over TCP: the published port
# serves the services' logins and nothing else (pg_hba.conf is read top-down, the first match wins).
sed -i "1i host all ${POSTGRES_USER} all reject" "$PGDATA/pg_hba.conf"
