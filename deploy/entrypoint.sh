#!/bin/sh
# Start a Newsdesk web container: wait for the database, migrate, run gunicorn.
# Any arguments replace gunicorn (e.g. `docker compose run --rm web python
# manage.py create_editor NAME`); the database is still waited for first.
set -eu
cd "$(dirname "$0")/.."

python deploy/prestart.py

if [ "$#" -eq 0 ]; then
    set -- gunicorn --config deploy/gunicorn.conf.py newsdesk.wsgi:application
fi
exec "$@"
