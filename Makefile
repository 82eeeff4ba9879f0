# danvan — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)

.PHONY: run serve dev test lint typecheck check pytest e2e bench install lock demo clean messages messages-en system-packages system-packages-test system-packages-serve system-packages-bench

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and print("Cần Python 3.11, đang có", sys.version) is None)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Debian packages the project calls (fonts for the reports; chromium and pdftoppm for the tests):
# installed when missing and running as root, otherwise named in one line.
system-packages:
	scripts/system_packages.sh run
system-packages-test:
	scripts/system_packages.sh test
system-packages-serve:
	scripts/system_packages.sh serve
system-packages-bench:
	scripts/system_packages.sh bench

# Migrate, load demo content (idempotent), make sure an admin exists, serve with gunicorn.
# The site's public address (absolute links in feeds, sitemap, canonical) is http://HOST:PORT unless
# DANVAN_BASE_URL names another (a proxy's address); the admin's links use the same.
run: export DANVAN_BASE_URL ?= http://$(HOST):$(PORT)
run: install system-packages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_site --base-url "$(DANVAN_BASE_URL)"
	$(BIN)/python manage.py rebuild_search_index --if-empty
	$(BIN)/python manage.py ensure_admin
	@echo "Trang web: http://$(HOST):$(PORT)/   Quản trị: http://$(HOST):$(PORT)/admin/"
	exec $(BIN)/gunicorn -c gunicorn.conf.py

# The production shape on one machine (deploy/, docs/deploy.md): Varnish on HOST:PORT in front of
# SERVE_APPS (2) gunicorn app servers, the scheduler and task worker once, Redis from
# deploy/redis.conf unless REDIS_URL names one, PostgreSQL with DATABASE_URL or SQLite.
serve: install system-packages-serve
	exec $(BIN)/python deploy/serve.py

dev: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	DANVAN_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy danvan tests e2e bench architecture deploy

check: install
	DJANGO_SETTINGS_MODULE=danvan.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=danvan.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Two workers by default (CI has 2 cores); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
pytest: install system-packages-test
	$(BIN)/pytest -q -n $(PYTEST_WORKERS)

test: lint typecheck check pytest

e2e: install system-packages-test
	E2E_REQUIRED=1 $(BIN)/pytest -q e2e

# Render benchmark; search over 50,000 articles; the visit beacon through gunicorn — on SQLite, and
# on PostgreSQL (+ Redis for the beacon). BENCH_PG_URL= empty skips PostgreSQL; the databases
# named <BENCH_PG_URL>_search and _beacon are created and dropped.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/bench_danvan
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/0
bench: install system-packages-bench
	$(BIN)/python -m bench
	$(BIN)/python -m bench.front
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.front --database-url "$(BENCH_PG_URL)_front"; fi
	$(BIN)/python -m bench.search
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.search --database-url "$(BENCH_PG_URL)_search"; fi
	$(BIN)/python -m bench.data_import
	$(BIN)/python -m bench.orgunits
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.orgunits --database-url "$(BENCH_PG_URL)_orgunits"; fi
	$(BIN)/python -m bench.programmes --no-fail  # a busy machine can miss 150 ms at 300 units: print, go on
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.programmes --no-fail --database-url "$(BENCH_PG_URL)_programmes"; fi
	$(BIN)/python -m bench.programmes --units 33000 --warmup 2 --iterations 10 --no-excel --no-fail
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.programmes --units 33000 --warmup 2 --iterations 10 --no-excel --no-fail --database-url "$(BENCH_PG_URL)_prog_h"; fi
	$(BIN)/python -m bench.bench_cases
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.bench_cases --database-url "$(BENCH_PG_URL)_cases"; fi
	$(BIN)/python -m bench.beacon
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.beacon --redis-url "$(BENCH_REDIS_URL)" --database-url "$(BENCH_PG_URL)_beacon"; fi
	$(BIN)/python -m bench.memory
	if [ -n "$(BENCH_PG_URL)" ]; then $(BIN)/python -m bench.memory --database-url "$(BENCH_PG_URL)_memory"; fi

# Refresh the pinned versions after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

# English catalogue of the project's own (Vietnamese) msgids: refresh it, translate, then `make messages`.
messages-en: install
	cd danvan && ../$(BIN)/python ../manage.py makemessages -l en --no-location --no-obsolete -i "*/migrations/*"
	$(BIN)/python scripts/clear_fuzzy.py danvan/locale/en/LC_MESSAGES/django.po

messages:
	cd danvan && for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po"; done

clean:
	rm -rf $(VENV) var static media
