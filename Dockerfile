# Newsdesk web image: gunicorn + whitenoise, run as a non-root user.
# Build:  docker compose build     Run:  docker compose up -d

# --- build: dependencies, static files and translations ---------------------
FROM python:3.13-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# gettext's msgfmt compiles the translations; it is not needed at run time.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Production settings need a secret and hosts to load; these build-only
# values exist for this one command and are not kept in the image.
RUN export DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-used-at-run-time DJANGO_ALLOWED_HOSTS=build \
    && python manage.py collectstatic --no-input --verbosity 0 \
    && python manage.py compilemessages --verbosity 0

# --- run ---------------------------------------------------------------------
FROM python:3.13-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_DEBUG=false

RUN groupadd --system --gid 10001 newsdesk \
    && useradd --system --uid 10001 --gid newsdesk --home-dir /app --no-create-home --shell /usr/sbin/nologin newsdesk

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# The code stays owned by root: the web process can read it, not change it.
COPY --from=build /app /app

# The wire drop folder of the ingest service and the photos' two folders: a
# named volume mounted here starts with this owner, so that the app can write.
RUN mkdir -p /srv/drop /srv/media /srv/originals && chown 10001:10001 /srv/drop /srv/media /srv/originals
ENV DJANGO_MEDIA_ROOT=/srv/media \
    NEWSDESK_ORIGINALS_ROOT=/srv/originals

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "newsdesk.wsgi:application"]
