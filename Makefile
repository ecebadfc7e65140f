# Kechuang — the two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.django.local

.PHONY: demo prod test test-browser ci install lint migrate run clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip >/dev/null
	$(PIP) install -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py demo_load
	@echo "Serving on http://127.0.0.1:$(PORT) — press Ctrl+C to stop"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production layout on this machine (deploy/prod.sh: gunicorn, task workers, index follower; PostgreSQL
# and Redis on 127.0.0.1) with the demo data, over plain http on 127.0.0.1:$(PORT) — put nginx with TLS in
# front for real use (deploy/nginx.conf, docs/operations.md).
prod: install
	DJANGO_SETTINGS_MODULE=config.django.production KECHUANG_PROD_DEMO=1 KECHUANG_WEB_BIND=127.0.0.1:$(PORT) DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-false} \
	DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-false} DJANGO_SECURE_HSTS_SECONDS=$${DJANGO_SECURE_HSTS_SECONDS:-0} \
	KECHUANG_REQUIRE_2FA_FOR_STAFF=$${KECHUANG_REQUIRE_2FA_FOR_STAFF:-false} deploy/prod.sh

run: install
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# PYTHONHASHSEED: pytest-xdist workers must collect parametrised tests in the same order.
test: install
	DJANGO_SETTINGS_MODULE=config.django.test PYTHONHASHSEED=0 $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install
	DJANGO_SETTINGS_MODULE=config.django.test $(PY) -m pytest -m browser -rs $(PYTEST_ARGS)

ci:
	bash .ci/run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
