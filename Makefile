# Newsdesk: `make run` serves the demo desk, `make test` runs the suite.
# Both need Python >= 3.12; they find it, make the virtualenv and install.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTHON_CANDIDATES := python3.13 python3.12 python3.14 python3 python

# The first interpreter on PATH that is Python >= 3.12, or nothing.
PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: run test lint messages nu check-python backup restore clean

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Newsdesk needs Python 3.12 or newer (3.13 recommended); none was found on PATH." >&2; exit 1; fi

$(BIN)/.runtime: requirements.txt | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(BIN)/.dev: requirements.txt requirements-dev.txt $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# One task worker (suggestions, renditions, imports) runs beside the development server and stops with it.
run: $(BIN)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo --once
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# SQLite always; PostgreSQL too when DATABASE_URL is set.
test: $(BIN)/.dev
	env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($${DATABASE_URL%%\?*})"; \
		$(BIN)/python -m pytest $(PYTEST_ARGS); \
	fi

# The W3C Nu Html Checker the tests run on every reader page (tests/nu.py), from npm's
# vnu-jar package (the checker's own distribution); it needs Java (Debian: default-jre-headless).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar

nu: $(VNU_JAR)

$(VNU_JAR):
	npm install --no-save --no-audit --no-fund --prefix .tools vnu-jar@$(VNU_VERSION)

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --force-exclude $$(git ls-files '*.py')

messages: $(BIN)/.dev
	$(BIN)/python manage.py makemessages --locale en --no-obsolete
	$(BIN)/python manage.py compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# PostgreSQL backup and restore of DATABASE_URL (see the README's Production section).
# make backup [FILE=backups/x.dump]    make restore FILE=backups/x.dump
backup:
	deploy/backup.sh $(FILE)

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/newsdesk-….dump" >&2; exit 1; }
	deploy/restore.sh $(FILE)
