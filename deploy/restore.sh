#!/bin/sh
# Restore a backup made by deploy/backup.sh into DATABASE_URL: deploy/restore.sh FILE
# Everything in the database is replaced by the backup, in one transaction:
# if anything fails, the database is left as it was.
set -eu
file="${1:?usage: deploy/restore.sh FILE.dump}"
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into (postgres://USER:PASSWORD@HOST:5432/NAME)}"

# Refuse anything that is not a readable dump before touching the database.
pg_restore --list "$file" >/dev/null
pg_restore --dbname="$DATABASE_URL" --clean --if-exists --no-owner --no-privileges \
    --single-transaction --exit-on-error "$file"
echo "restored $file"
