#!/bin/sh
# docker-compose.yml, profile `postgres`, service temporal-schema (image temporalio/admin-tools), before the server:
# creates Temporal's two databases on first start and moves both schemas forward to the version this admin-tools
# image ships, as Temporal's own compose setup does. Runs at every `up`: a database that exists is kept (its schema is
# only updated), so restarts and image upgrades go through the same path.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS names the Postgres host}"
: "${POSTGRES_USER:?POSTGRES_USER names the Postgres user}"
# temporal-sql-tool reads the password from SQL_PASSWORD; empty means TEMPORAL_POSTGRES_PASSWORD was not set.
: "${SQL_PASSWORD:?set TEMPORAL_POSTGRES_PASSWORD (see docs/OPERATIONS.md)}"
PORT="${DB_PORT:-5432}"
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$PORT" "$@"
}

for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"
  schema="${pair#*:}"
  # `create` fails when the database exists: then the schema is there too, and only update-schema runs. Any other
  # cause (a wrong password, Postgres down) makes update-schema fail below with the real error.
  if sql_tool --db "$db" create; then
    echo "created database $db"
    sql_tool --db "$db" setup-schema -v 0.0
  else
    echo "database $db exists (or could not be created): updating its schema"
  fi
  sql_tool --db "$db" update-schema -d "$SCHEMA_DIR/$schema/versioned"
done
echo "Temporal schemas are up to date"
