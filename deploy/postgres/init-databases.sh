#!/bin/sh
# Run once by the official postgres image on an empty data directory (/docker-entrypoint-initdb.d):
# one database and one login role per Marquee service, each with the password scripts/make-secrets.sh
# generated ($MARQUEE_PASSWORDS_DIR/db-password-<service>). The same as init-databases.sql, without
# passwords in a file of the repository.
set -eu
dir="${MARQUEE_PASSWORDS_DIR:?MARQUEE_PASSWORDS_DIR is not set}"
for service in users movies theaters reservations payments tickets notifications; do
  [ -s "$dir/db-password-$service" ] || { echo "$dir/db-password-$service is missing: run scripts/make-secrets.sh" >&2; exit 1; }
  password=$(cat "$dir/db-password-$service")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$password" <<SQL
CREATE ROLE marquee_$service LOGIN PASSWORD :'password';
CREATE DATABASE marquee_$service OWNER marquee_$service;
REVOKE ALL ON DATABASE marquee_$service FROM PUBLIC;
SQL
done
