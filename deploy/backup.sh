#!/bin/sh
# Back up the Newsdesk database: deploy/backup.sh [FILE]
# Writes a pg_dump custom-format file (default backups/newsdesk-UTCDATE.dump)
# from DATABASE_URL and prints its name. Restore it with deploy/restore.sh.
set -eu
: "${DATABASE_URL:?set DATABASE_URL to the database to back up (postgres://USER:PASSWORD@HOST:5432/NAME)}"

file="${1:-backups/newsdesk-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$file")"
# Written aside and renamed when complete: a failed backup never looks like a good one.
pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges --file="$file.partial"
mv "$file.partial" "$file"
echo "$file"
