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
WEB_CONCURRENCY ?= 2

# With DEBUG off (the default, as in production) Django refuses to start without a real secret
# key: `make` keeps a random one in var/secret_key (mode 600) unless DJANGO_SECRET_KEY is set.
SECRET_KEY_FILE := var/secret_key
export DJANGO_SECRET_KEY_FILE ?= $(CURDIR)/$(SECRET_KEY_FILE)
# The one system-package step (Chromium, a CJK font, Pango): a no-op when all is present.
SYSTEM_PACKAGES := bash .ci/system-packages

LOCALE_DIR := src/lianyi/locale
PO := $(LOCALE_DIR)/en/LC_MESSAGES/django.po
MO := $(LOCALE_DIR)/en/LC_MESSAGES/django.mo
# compilemessages walks the whole tree; keep it out of the virtualenv and scratch space.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=staticfiles --ignore=node_modules

.PHONY: help venv run test lint fmt bench browsers messages compilemessages clean

help:
	@echo "make run       migrate, load the demo data, collectstatic; serve on http://$(HOST):$(PORT)/"
	@echo "               (gunicorn + the task worker; DJANGO_DEBUG=1: runserver)"
	@echo "make test      ruff, mypy, import contract and pytest (set DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make fmt       ruff format + ruff check --fix"
	@echo "make bench     python bench/run.py"
	@echo "make browsers  install the system packages make test needs (Chromium, CJK font, Pango)"
	@echo "make messages  makemessages -l en + compilemessages (needs gettext)"

venv: $(STAMP)

# Reinstall only when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -U pip
	$(BIN)/python -m pip install -e ".[dev]"
	@touch $@

$(SECRET_KEY_FILE):
	@mkdir -p $(@D)
	@(umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp)
	@mv $@.tmp $@
	@echo "created a random secret key in $@"

# The English .mo is committed, so gettext is only needed after editing the .po.
compilemessages: venv $(SECRET_KEY_FILE)
	@if [ -f "$(PO)" ] && { [ ! -f "$(MO)" ] || [ "$(PO)" -nt "$(MO)" ]; }; then \
		if command -v msgfmt >/dev/null 2>&1; then \
			$(MANAGE) compilemessages $(I18N_IGNORE); \
		else \
			echo "note: $(PO) is newer than $(MO) but gettext (msgfmt) is not installed;" \
			     "using the committed catalogue"; \
		fi; \
	fi

# DEBUG off through gunicorn, as in production (own 404/500 pages, whitenoise's hashed files),
# with the task worker beside it; one Ctrl-C stops both. DJANGO_DEBUG=1: Django's runserver.
run: venv compilemessages $(SECRET_KEY_FILE)
	@$(SYSTEM_PACKAGES) run
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput -v 0
	@echo
	@echo "Lianyi is starting at http://$(HOST):$(PORT)/"
	@$(MANAGE) demo_logins
	@echo
	@if [ "$${DJANGO_DEBUG:-0}" = 1 ]; then web="$(MANAGE) runserver $(HOST):$(PORT)"; \
	else web="$(BIN)/gunicorn -c config/gunicorn.py config.wsgi:application"; \
	web="$$web --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY)"; fi; \
	set -x; exec $(BIN)/python -m lianyi.core.launch "web=$$web" "worker=$(MANAGE) db_worker"

# pytest exit code 5 means "no tests collected": not a failure while the suite is being built.
test: venv
	@$(SYSTEM_PACKAGES) test
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

# The benchmark's server runs with DEBUG off: its pages need the collected (hashed) static files.
bench: venv $(SECRET_KEY_FILE)
	@mkdir -p var
	$(MANAGE) collectstatic --noinput -v 0
	$(BIN)/python bench/run.py

# System Chromium + a CJK font + Pango; the Python Playwright package drives /usr/bin/chromium,
# so `playwright install` (a browser download) is never needed.
browsers:
	$(SYSTEM_PACKAGES) test

# The English .po is the one source of the English texts: edit it by hand, in Poedit or in
# Weblate. makemessages keeps what is there, adds new msgids with an empty msgstr (no fuzzy
# guesses) and drops the ones no longer used; this target then lists what still has no English
# and fails until every entry is translated (tests/i18n checks the same).
messages: venv $(SECRET_KEY_FILE)
	$(MANAGE) makemessages -l en --no-obsolete $(I18N_IGNORE) --ignore=tests --ignore=bench
	$(MANAGE) compilemessages $(I18N_IGNORE)
	@stats="$$(LC_ALL=C msgfmt --statistics -o /dev/null $(PO) 2>&1)"; echo "$(PO): $$stats"; \
	case "$$stats" in *fuzzy*|*untranslated*) \
		msgattrib --untranslated --no-wrap $(PO) | grep -A1 '^msgid "[^"]' || true; \
		echo "fill in the English msgstr of the entries above (and remove any fuzzy flag)"; exit 1;; \
	esac

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache staticfiles
