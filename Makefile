# Rungs: `make run` sets everything up and starts the server; `make test` runs every test.
# Both are safe to repeat: each step does nothing when there is nothing to do.

PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate content demo test lint format fixtures serve deploy-check bench clean

run: export DEBUG ?= true
run: install migrate content demo
	$(MANAGE) runserver $(HOST):$(PORT)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet . --group dev  # the dependencies; Rungs itself runs from this folder
	mkdir -p var
	touch $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

content: install
	$(MANAGE) load_content

demo: export DEBUG ?= true
demo: install
	$(MANAGE) create_demo_users

test: install
	$(BIN)/pytest -n 2  # two workers, each with its own test database

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-style serving on this machine: set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (README, Production).
serve: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput
	$(BIN)/gunicorn -c config/gunicorn.py config.wsgi

deploy-check: install
	$(MANAGE) check --deploy --fail-level WARNING

fixtures: install
	DEBUG=true $(MANAGE) build_fixtures

# Rungs' answer round trip against the minimal quiz in bench/, in one process, on DATABASE_URL (a fresh SQLite file
# by default); the last line is the ratio (docs/performance.md).
bench: install
	$(BIN)/python bench/ratio.py

clean:
	rm -rf $(VENV) var/rungs.sqlite3*
