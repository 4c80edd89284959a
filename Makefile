# The two commands: `make run` (set up, migrate, demo data, serve on 127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA := var
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages: PostgreSQL for the test suite's second database, Chromium for the browser tests, Laksaman
# (the TH SarabunPSK design) for the Thai PDFs the tests build, LibreOffice to open the DOCX the tests build as
# offices do, LibreOffice and Chromium to make the PDFs offices make (the reader's tests), Caddy for the example
# reverse proxy (deploy/).
TEST_PACKAGES := postgresql chromium fonts-tlwg-laksaman-ttf poppler-utils libreoffice-writer-nogui caddy
# Laksaman (the TH SarabunPSK design) for the PDF reports the web application writes.
RUN_PACKAGES := fonts-tlwg-laksaman-ttf

export PYTHONDONTWRITEBYTECODE := 1
export PYTHAINLP_READ_ONLY := 1
export PYTHAINLP_OFFLINE := 1
export DJANGO_SETTINGS_MODULE := prongsai.web.settings

.PHONY: run serve test bench lint typecheck setup migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	PRONGSAI_DATA_DIR=$(DATA) $(BIN)/python manage.py migrate --noinput -v 0
	PRONGSAI_DATA_DIR=$(DATA) $(BIN)/python manage.py collectstatic --noinput -v 0

run: migrate
	tools/system-packages.sh $(RUN_PACKAGES)
	PRONGSAI_DATA_DIR=$(DATA) $(BIN)/python manage.py demo_data
	@echo "เปิดเบราว์เซอร์ที่ / open http://$(HOST):$(PORT)/"
	PRONGSAI_DATA_DIR=$(DATA) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# Production: gunicorn (threaded workers, static files by WhiteNoise), DEBUG off, PostgreSQL when DATABASE_URL
# is set (SQLite in $(DATA) otherwise); no demo data. The README's production section puts it behind HTTPS.
serve: migrate
	tools/system-packages.sh $(RUN_PACKAGES)
	@echo "prongsai: gunicorn on http://$(HOST):$(PORT)/"
	PRONGSAI_DATA_DIR=$(DATA) PRONGSAI_DEBUG=0 HOST=$(HOST) PORT=$(PORT) exec $(BIN)/gunicorn -c python:prongsai.web.gunicorn_conf

lint: setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy src

test: migrate
	tools/system-packages.sh $(TEST_PACKAGES)
	$(MAKE) --no-print-directory lint typecheck
	PRONGSAI_REQUIRE_BROWSER=1 $(BIN)/pytest -q
	$(BIN)/python tools/with_postgres.py -- $(BIN)/pytest -q -m web -p no:cacheprovider

# LibreOffice is the baseline the document benchmarks are measured against (DOCX → PDF in the same run); it and
# Chromium make the PDFs the reader's seconds a page are measured on.
# bench.load: 100 people for 60 s against `make serve`'s gunicorn on PostgreSQL.
bench: setup
	tools/system-packages.sh postgresql fonts-tlwg-laksaman-ttf libreoffice-writer-nogui chromium
	$(BIN)/python -m bench
	$(BIN)/python -m bench.accuracy
	$(BIN)/python -m bench.writers
	$(BIN)/python tools/with_postgres.py -- $(BIN)/python -m bench.web
	$(BIN)/python tools/with_postgres.py -- $(BIN)/python -m bench.load
	$(BIN)/python tools/with_postgres.py -- $(BIN)/python -m bench.catalogue

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .mypy_cache .ruff_cache
