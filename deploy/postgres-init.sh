#!/bin/sh
# Runs once when a subgraph's PostgreSQL container is created: a non-superuser login role that owns
# the subgraph's database (superusers bypass the privileges the migrations revoke, e.g. on the consent ledger).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE "$APP_ROLE" LOGIN PASSWORD '$APP_PASSWORD';
CREATE DATABASE "$APP_DATABASE" OWNER "$APP_ROLE";
REVOKE ALL ON DATABASE "$APP_DATABASE" FROM PUBLIC;
SQL
