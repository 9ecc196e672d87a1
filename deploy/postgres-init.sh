#!/bin/sh
# Runs once, when a PostgreSQL container starts on an empty volume (docker-compose.yml): a login
# role that is not a superuser (superusers bypass the privileges the migrations revoke, e.g. on the
# consent ledger) and owns its database, which PUBLIC may not connect to. The values go in as psql
# variables (:"…" quotes an identifier, :'…' a literal), so a password with a quote cannot break out.
# The image runs this on a server that listens on its Unix socket only: the compose healthcheck
# (over TCP) reports healthy only after it has finished.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_role="$APP_ROLE" -v app_database="$APP_DATABASE" -v app_password="$APP_PASSWORD" <<'SQL'
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_database" OWNER :"app_role";
REVOKE ALL ON DATABASE :"app_database" FROM PUBLIC;
SQL
