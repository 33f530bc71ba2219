# Payung: `make run` to try it, `make test` to check it. Needs only Python 3.11+ and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench install messages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Payung needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Development server on SQLite with the demo data; a supervised background-job worker (restarted when
# it dies) runs beside it.
run: install
	PAYUNG_DEBUG=1 $(BIN)/payung migrate --no-input -v0
	PAYUNG_DEBUG=1 $(BIN)/payung load_regions
	PAYUNG_DEBUG=1 $(BIN)/payung load_demo
	PAYUNG_DEBUG=1 $(BIN)/payung refresh_coverage --pending
	@echo "Payung: http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@PAYUNG_DEBUG=1 $(BIN)/payung worker >var/worker.log 2>&1 & \
	  worker=$$!; PAYUNG_DEBUG=1 $(BIN)/payung refresh_coverage --pending --follow 5 >var/coverage.log 2>&1 & \
	  coverage=$$!; trap "kill $$worker $$coverage 2>/dev/null" EXIT INT TERM; \
	  PAYUNG_DEBUG=1 $(BIN)/payung runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	PAYUNG_TESTING=1 $(BIN)/payung makemigrations --check --dry-run -v0
	PAYUNG_TESTING=1 PAYUNG_TASKS_BACKEND=immediate $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	for script in bench/*_bench.py; do PAYUNG_TESTING=1 $(BIN)/python $$script || exit 1; done

# Refresh the English catalogue from the Indonesian source strings, then compile it (Babel, no msgfmt).
messages: install
	cd src/payung && PAYUNG_DEBUG=1 ../../$(BIN)/payung makemessages -l en --ignore "static/*" --no-obsolete
	PAYUNG_DEBUG=1 $(BIN)/payung compile_translations

clean:
	rm -rf $(VENV) var .pytest_cache
