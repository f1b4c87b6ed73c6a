#!/bin/sh
# Let the compose network's replicas stream from this primary, with the same password as the app.
set -eu
echo "host replication ${POSTGRES_USER:-newsdesk} all scram-sha-256" >> "${PGDATA:-/var/lib/postgresql/data}/pg_hba.conf"
