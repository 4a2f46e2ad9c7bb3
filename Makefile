# EngageQC — the two commands a new machine needs: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
export PORT

.PHONY: run setup setup-test prepare test lint test-quick bench messages

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

prepare:
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) compilemessages --ignore='.venv/*' --ignore='.tools/*' --ignore='node_modules/*' -v0
	$(MANAGE) seed_demo

## Install what is missing, migrate, seed demo data, then run web + worker + beat (Ctrl-C stops all).
run: setup prepare
	@echo ""
	@echo "  EngageQC is starting on http://$${HOST:-127.0.0.1}:$(PORT)/  (logins above)"
	@echo "  Health: http://$${HOST:-127.0.0.1}:$(PORT)/healthz   API docs: /api/docs/"
	@echo ""
	.venv/bin/honcho start -f Procfile

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .

## Lint, type-check, Django checks, migrations check, then the whole pytest suite.
test: setup-test lint
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run -v1
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null
	$(MANAGE) compilemessages --ignore='.venv/*' --ignore='.tools/*' --ignore='node_modules/*' -v0
	$(PY) -m pytest $(PYTEST_ARGS)

## The suite without lint (for a quick second pass, e.g. on SQLite in CI).
test-quick: setup-test
	$(MANAGE) compilemessages --ignore='.venv/*' --ignore='.tools/*' --ignore='node_modules/*' -v0
	$(PY) -m pytest $(PYTEST_ARGS)

messages:
	$(MANAGE) makemessages -l zh_Hans --ignore='.venv/*' --ignore='.tools/*' --ignore='node_modules/*' --ignore='var/*' --no-obsolete

## Benchmarks (PERFORMANCE.md), on the PostgreSQL server of DATABASE_URL; not part of `make test`.
## QUICK=1 uses a tenth of the data.
export QUICK
bench: setup
	$(PY) -m bench.run
