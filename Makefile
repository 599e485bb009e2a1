# One entry point: setup, demo, serve, test, lint, bench. CI calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONCORD := $(BIN)/concord
NHSUK_DIST := node_modules/nhsuk-frontend/dist
STATIC_NHSUK := src/concord/web/static/nhsuk
STATIC_HTMX := src/concord/web/static/htmx
PG_URL ?= postgres://postgres@127.0.0.1:5432/concord
# The default suite leaves out the slower tests (Spark, the published national files, real
# processes); CI (CI=true, as .ci/run sets it) runs every one of them.
ifeq ($(CI),true)
SUITE := not functional
else
SUITE := not functional and not slow and not spark and not realdata
endif
# In CI the SQLite suite ends with the coverage of src/concord (the files not fully covered, and
# the total); it runs the same tests as the PostgreSQL suite, which is left unmeasured. Measuring
# costs about two thirds more time on Python 3.11 (see docs/TESTING.md), so a developer's default
# suite leaves it out: `make test-sqlite COVERAGE=on` measures it there too.
ifeq ($(CI),true)
COVERAGE ?= on
endif
# Tests run in parallel, one process per core (pytest-xdist), each with its own test database;
# a module's tests stay in one process, so what a module sets up once is set up once.
# `make test WORKERS=0` runs them in this process alone.
WORKERS ?= auto
PARALLEL := $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile)
ifeq ($(COVERAGE),on)
COVERAGE_ARGS := --cov=concord --cov-report=term:skip-covered
endif

.PHONY: help install install-dev assets demo serve test test-sqlite test-postgres test-functional lint format bench clean

help:
	@echo "make demo   set up and serve the demo economy on http://127.0.0.1:8000"
	@echo "make test   run the whole suite (SQLite, PostgreSQL, Chromium)"
	@echo "make lint | format | bench | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev assets

$(STATIC_NHSUK)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	rm -rf $(STATIC_NHSUK) && mkdir -p $(STATIC_NHSUK)
	cp $(NHSUK_DIST)/nhsuk/nhsuk-frontend.min.css $(NHSUK_DIST)/nhsuk/nhsuk-frontend.min.js $(STATIC_NHSUK)/
	cp -r $(NHSUK_DIST)/nhsuk/assets $(STATIC_NHSUK)/assets
	rm -rf $(STATIC_HTMX) && mkdir -p $(STATIC_HTMX)
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_HTMX)/
	touch $@

assets: $(STATIC_NHSUK)/.copied

demo: install
	$(CONCORD) demo
	$(CONCORD) serve

serve: install
	$(CONCORD) serve

test: install-dev
	bash scripts/ensure-system-packages.sh
	$(BIN)/ruff check src tests
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-functional

test-sqlite: install-dev
	DATABASE_URL= $(BIN)/pytest -m "$(SUITE)" -q $(PARALLEL) $(COVERAGE_ARGS)

test-postgres: install-dev
	bash scripts/ensure-postgres.sh
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "$(SUITE)" -q $(PARALLEL)

test-functional: install-dev
	bash scripts/ensure-system-packages.sh
	DATABASE_URL= $(BIN)/pytest -m functional -q $(PARALLEL)

lint: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install-dev
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: install-dev
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) node_modules $(STATIC_NHSUK) $(STATIC_HTMX) var/*.sqlite3 var/static
