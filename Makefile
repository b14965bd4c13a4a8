# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
EN_PO := tnl/locale/en/LC_MESSAGES/django.po

.PHONY: run test install install-dev lint format messages compile-messages check-deploy worker clean mutation

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

## Fresh machine → demo site on http://127.0.0.1:$(PORT) with SQLite, demo logins printed.
run: export DJANGO_DEBUG = 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Starting the background worker and the site on http://127.0.0.1:$(PORT) (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --no-startup-delay --interval 2 & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

## The whole test suite (browser tests need Debian's chromium; .ci/run installs it).
test: $(DEV_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

worker: export DJANGO_DEBUG = 1
worker: $(STAMP)
	$(MANAGE) db_worker

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the translation catalogues (needs GNU gettext) and compile them.
messages: export DJANGO_DEBUG = 1
messages: $(STAMP)
	cd tnl && ../$(BIN)/python ../manage.py makemessages --locale fr --locale en --no-obsolete --no-location --ignore 'migrations/*'
	@# English is the source language: its catalogue is msgstr = msgid for every entry.
	msgfilter --keep-header -i $(EN_PO) -o $(EN_PO).tmp sed -e d
	msgen $(EN_PO).tmp -o $(EN_PO).tmp
	msgattrib --clear-fuzzy $(EN_PO).tmp -o $(EN_PO) && rm $(EN_PO).tmp
	cd tnl && ../$(BIN)/python ../manage.py compilemessages
	@echo "Now translate the new or fuzzy entries of tnl/locale/fr/LC_MESSAGES/django.po, then: make compile-messages"

compile-messages: export DJANGO_DEBUG = 1
compile-messages: $(STAMP)
	cd tnl && ../$(BIN)/python ../manage.py compilemessages

check-deploy: $(STAMP)
	DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=label.example.org \
	  $(MANAGE) check --deploy --fail-level WARNING

## Mutation testing of the services and the scoring engine (slow, not in CI; see docs/developers.md).
## MODULE=tnl.dossiers.services runs one module's mutants; TESTS="tests/dossiers/test_service_checks.py"
## selects the tests; JOBS=2 runs two mutants at once. The score counts tests/mutation/equivalents.md.
JOBS ?= 1
mutation: $(DEV_STAMP)
	MUTATION_TESTS="$(TESTS)" $(BIN)/python tests/mutation/run.py run --max-children $(JOBS) $(if $(MODULE),"$(MODULE)*")
	$(BIN)/python tests/mutation/run.py score

clean:
	rm -rf $(VENV) var mutants
