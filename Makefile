# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
EN_PO := tnl/locale/en/LC_MESSAGES/django.po

.PHONY: run test install install-dev lock lint format messages compile-messages check-deploy worker clean dotenv mutation bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The lock files pin every package, dependencies included, with their hashes: pip refuses a
# download that differs from what was reviewed. requirements-dev.txt holds the runtime ones too.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

## Recompile the lock files from requirements.in and requirements-dev.in (after changing either,
## or to take the newest versions the ranges allow: `make lock LOCK_ARGS=--upgrade`).
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(DEV_STAMP)
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

# The local, git-ignored .env that tnl/settings.py reads when it exists (a real environment
# variable wins): a random secret key made once, development mode, and the served address so that
# e-mails link to the right port. Production has no .env and reads only the real environment.
define WRITE_DOTENV
import pathlib, secrets, sys
path = pathlib.Path(".env")
if path.exists():
    lines = path.read_text().splitlines()
else:
    lines = ["# Local development settings written by make run (git-ignored). The real environment wins.",
             "DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50), "DJANGO_DEBUG=1"]
lines = [line for line in lines if not line.startswith("TNL_SITE_URL=")]
lines.append("TNL_SITE_URL=http://127.0.0.1:" + sys.argv[1])
path.touch(mode=0o600)
path.write_text("\n".join(lines) + "\n")
endef
export WRITE_DOTENV

dotenv: | $(BIN)/python
	@$(BIN)/python -c "$$WRITE_DOTENV" $(PORT)

## Fresh machine → demo site on http://127.0.0.1:$(PORT) with SQLite, demo logins printed.
run: export DJANGO_DEBUG = 1
run: $(STAMP) dotenv
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Starting the background worker and the site on http://127.0.0.1:$(PORT) (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --no-startup-delay --interval 2 & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

## The whole test suite on every core (browser tests need Debian's chromium; .ci/run installs it).
## The browser tests run one after the other on one worker (xdist group "browser", tests/conftest.py).
## E.g. make test PYTEST_ARGS='-m "not browser"'; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
test: $(DEV_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

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

## The production settings' check, with a random key and sample public address and sender.
check-deploy: $(STAMP)
	TNL_ENV_FILE= DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=label.adullact.org \
	  TNL_SITE_URL=https://label.adullact.org DJANGO_DEFAULT_FROM_EMAIL=label@adullact.org \
	  $(MANAGE) check --deploy --fail-level WARNING

## Mutation testing of the services and the scoring engine (slow, not in CI; see docs/developers.md).
## MODULE=tnl.dossiers.services runs one module's mutants; TESTS="tests/dossiers/test_service_checks.py"
## selects the tests; JOBS=2 runs two mutants at once. The score counts tests/mutation/equivalents.md.
## A run starts from the kills of tests/mutation/killed.txt (unchanged functions are not run again;
## FRESH=1 runs everything) and adds its own kills to it: commit the file.
JOBS ?= 1
mutation: $(DEV_STAMP)
	MUTATION_FRESH="$(FRESH)" MUTATION_TESTS="$(TESTS)" $(BIN)/python tests/mutation/run.py run --max-children $(JOBS) $(if $(MODULE),"$(MODULE)*")
	$(BIN)/python tests/mutation/run.py save-results
	$(BIN)/python tests/mutation/run.py score

## National-scale benchmarks (slow, not in CI; see docs/benchmarks.md). Fills var/bench/ (SQLite)
## with bench/national_data.py the first time (minutes), then scores an edition, streams its full
## answers export, builds the published files (the first build about an hour, then a build that
## reuses them), loads the pages through gunicorn and nginx against two baselines, and runs the
## autosave load. Needs wrk and nginx (Debian: apt-get install wrk nginx-light).
## BENCH_DATABASE_URL=postgres://… measures a PostgreSQL database instead (created beforehand,
## filled the first time).
BENCH_ENV = $(if $(BENCH_DATABASE_URL),DATABASE_URL=$(BENCH_DATABASE_URL),TNL_VAR_DIR=var/bench) TNL_ENV_FILE=
bench: $(DEV_STAMP)
	@command -v wrk >/dev/null && { command -v nginx >/dev/null || test -x /usr/sbin/nginx; } || \
	  { echo "make bench needs wrk and nginx (Debian: apt-get install wrk nginx-light)"; exit 1; }
	$(BENCH_ENV) $(BIN)/python bench/national_data.py --if-empty
	$(BENCH_ENV) $(BIN)/python bench/national_scoring.py
	$(BENCH_ENV) $(BIN)/python bench/national_export.py
	$(BENCH_ENV) $(BIN)/python bench/national_build.py
	$(BENCH_ENV) $(BIN)/python bench/national_load.py
	$(BENCH_ENV) $(BIN)/python bench/national_autosave.py

## Deletes .venv, .env and var/ (the SQLite database and the uploaded evidence files): asks first,
## unless run as `make clean FORCE=1`.
clean:
ifndef FORCE
	@printf 'This deletes .venv, .env and var/: the database and the uploaded evidence files. Continue? [y/N] '; \
	  read answer; case "$$answer" in [yY]*) ;; *) echo "Nothing deleted."; exit 1;; esac
endif
	rm -rf $(VENV) var .env mutants
