# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test test-pg lint format bench db demo clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON) không có trên máy)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

## run: create the venv, migrate and fill the SQLite database with demo data, serve on 127.0.0.1:5000
run: $(STAMP)
	$(FLASK) demo
	@echo "Mở http://127.0.0.1:5000 và đăng nhập bằng một tài khoản ở trên."
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: the whole suite (PostgreSQL variant too when DATABASE_URL points at PostgreSQL)
test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

## test-pg: the suite against PostgreSQL on 127.0.0.1:5432 (database "test")
test-pg: $(STAMP)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 --dist loadfile -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check commentsvc tests bench migrations wsgi.py
	$(BIN)/ruff format --check commentsvc tests bench wsgi.py

format: $(STAMP)
	$(BIN)/ruff check --fix commentsvc tests bench wsgi.py
	$(BIN)/ruff format commentsvc tests bench wsgi.py

## bench: print the speed and memory figures (each bench/bench_*.py as a module, since they import the package;
## all of them run, and the target fails if one of them missed its targets)
bench: $(STAMP)
	@status=0; for script in bench/bench_*.py; do name=$$(basename $$script .py); echo "== bench.$$name"; \
	  $(BIN)/python -m bench.$$name || status=1; done; exit $$status

db: $(STAMP)
	$(FLASK) init-db

demo: $(STAMP)
	$(FLASK) demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
