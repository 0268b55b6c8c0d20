# Lianyi developer entry points. `make run` for a demo, `make test` before every push.
# DATABASE_URL is read from the environment (make passes it through untouched);
# without it the app uses SQLite at var/lianyi.sqlite3.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

HOST ?= 127.0.0.1
PORT ?= 8000

LOCALE_DIR := src/lianyi/locale
PO := $(LOCALE_DIR)/en/LC_MESSAGES/django.po
MO := $(LOCALE_DIR)/en/LC_MESSAGES/django.mo
# compilemessages walks the whole tree; keep it out of the virtualenv and scratch space.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=staticfiles --ignore=node_modules

.PHONY: help venv run test lint fmt bench browsers messages compilemessages clean

help:
	@echo "make run       migrate, load the demo data and serve on http://$(HOST):$(PORT)/"
	@echo "make test      ruff, mypy, import contract and pytest (set DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make fmt       ruff format + ruff check --fix"
	@echo "make bench     python bench/run.py"
	@echo "make browsers  install Chromium and a CJK font for the browser tests (apt)"
	@echo "make messages  makemessages -l en + compilemessages (needs gettext)"

venv: $(STAMP)

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -U pip
	$(BIN)/python -m pip install -e ".[dev]"
	@touch $@

# The English .mo is committed, so gettext is only needed after editing the .po.
compilemessages: venv
	@if [ -f "$(PO)" ] && { [ ! -f "$(MO)" ] || [ "$(PO)" -nt "$(MO)" ]; }; then \
		if command -v msgfmt >/dev/null 2>&1; then \
			$(MANAGE) compilemessages $(I18N_IGNORE); \
		else \
			echo "note: $(PO) is newer than $(MO) but gettext (msgfmt) is not installed;" \
			     "using the committed catalogue"; \
		fi; \
	fi

run: venv compilemessages
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo
	@echo "Lianyi is starting at http://$(HOST):$(PORT)/"
	@$(MANAGE) demo_logins
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) runserver $(HOST):$(PORT)

# pytest exit code 5 means "no tests collected": not a failure while the suite is being built.
test: venv
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src config
	$(BIN)/lint-imports
	@echo "pytest on $${DATABASE_URL:-sqlite (default)}"
	@rc=0; $(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv
	@mkdir -p var
	$(BIN)/python bench/run.py

# System Chromium + a CJK font; the Python Playwright package drives /usr/bin/chromium,
# so `playwright install` (a browser download) is never needed.
browsers:
	bash .ci/browsers

# English msgstrs live in src/lianyi/locale/english.py; lianyi.locale.catalogue copies them into
# the .po and fails (after compiling) when a msgid has no English yet.
messages: venv
	$(MANAGE) makemessages -l en --no-obsolete $(I18N_IGNORE) --ignore=tests --ignore=bench
	@missing=0; $(BIN)/python -m lianyi.locale.catalogue || missing=1; \
	$(MANAGE) compilemessages $(I18N_IGNORE); exit $$missing

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache staticfiles
