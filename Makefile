# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
# The service's requirements, and on top of them the development tools (pytest, Playwright, locust, ruff):
# `make run` installs only the first, `make test`/`lint`/`bench` both.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test test-pg lint format bench db demo clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Cần Python 3.11 trở lên: $(PYTHON) không có hoặc quá cũ (chỉ định bằng make PYTHON=/đường/dẫn/python3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

## run: create the venv, migrate and fill the SQLite database with demo data, serve on $(HOST):$(PORT)
## (`make run PORT=8080 HOST=0.0.0.0`; a port in use gets a one-line hint and nothing is started), with the queue's
## worker beside the web server (exports, mail, periodic tasks); Ctrl-C stops both
run: $(STAMP)
	@$(BIN)/python -m commentsvc.port_check $(HOST) $(PORT) || exit 0; \
	$(FLASK) demo || exit 1; \
	echo "Mở http://$(HOST):$(PORT) và đăng nhập bằng một tài khoản ở trên."; \
	$(BIN)/python -m commentsvc.jobs.worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

## test: the whole suite (on PostgreSQL instead when TEST_DATABASE_URL points at one); queue tests run on SQLite
## and on the Redis of 127.0.0.1:6379 (TEST_REDIS_URL), skipped where there is none
test: $(DEV_STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

## test-pg: the suite against PostgreSQL on 127.0.0.1:5432 (database "test")
test-pg: $(DEV_STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 --dist loadfile -m "not browser"

lint: $(DEV_STAMP)
	$(BIN)/ruff check commentsvc tests bench migrations wsgi.py
	$(BIN)/ruff format --check commentsvc tests bench wsgi.py

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix commentsvc tests bench wsgi.py
	$(BIN)/ruff format commentsvc tests bench wsgi.py

## bench: print the speed and memory figures (each bench/bench_*.py as a module, since they import the package;
## all of them run, and the target fails if one of them missed its targets)
bench: $(DEV_STAMP)
	@status=0; for script in bench/bench_*.py; do name=$$(basename $$script .py); echo "== bench.$$name"; \
	  $(BIN)/python -m bench.$$name || status=1; done; exit $$status

db: $(STAMP)
	$(FLASK) init-db

demo: $(STAMP)
	$(FLASK) demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
