# e-plateforme supra-communale — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run serve setup install install-dev migrate seed test test-postgres lint audit security bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

install-dev: $(VENV)/.installed-dev ## Also install the test and lint tools

migrate: install ## Apply the database migrations
	$(FLASK) db upgrade

seed: migrate ## Load the reference institutions and the demo content (idempotent)
	$(FLASK) seed reference
	$(FLASK) seed demo

setup: seed ## Everything `run` needs, without serving

run: setup ## Set up, migrate, load demo data and serve on http://127.0.0.1:5000
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

test: install-dev ## Run the whole test suite (browser tests included)
	$(BIN)/python -m pytest

test-postgres: install-dev ## Run the suite on PostgreSQL (TEST_DATABASE_URL)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/eplateforme_test} $(BIN)/python -m pytest

# Lighthouse and the Nu HTML checker (vnu.jar) come from npm into .tools/.
.tools/.installed: audit/package.json
	mkdir -p .tools && cp audit/package.json .tools/package.json
	cd .tools && npm install --no-audit --no-fund --loglevel=error
	touch $@

audit: install-dev .tools/.installed ## Audit: axe on every page, valid HTML, Lighthouse (needs Chromium, Java, npm)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python audit/run.py

lint: install-dev ## Check the code with ruff
	$(BIN)/ruff check .

# $(call debian_tools,a b): install the Debian packages of the tools missing
# from PATH (with sudo when not root).
define debian_tools
@for tool in $(1); do command -v $$tool >/dev/null && continue; \
  echo "installing $$tool (Debian package)"; sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
  $$sudo apt-get install -y --no-install-recommends $$tool >/dev/null 2>&1 \
  || { $$sudo apt-get update >/dev/null && $$sudo apt-get install -y --no-install-recommends $$tool >/dev/null; } \
  || exit 1; done
endef

# semgrep lives in its own virtualenv: its pins of click and wrapt clash with the app's.
SEMGREP_VENV := .tools/semgrep
$(SEMGREP_VENV)/.installed: security/requirements-semgrep.txt
	$(PYTHON) -m venv $(SEMGREP_VENV) || python3 -m venv $(SEMGREP_VENV)
	$(SEMGREP_VENV)/bin/pip install --quiet -r security/requirements-semgrep.txt
	touch $@

security: install-dev $(SEMGREP_VENV)/.installed ## Security checks: bandit, ruff S, semgrep, sqlmap and wapiti on a throwaway server (~10 min)
	$(call debian_tools,sqlmap wapiti)
	$(BIN)/python security/run.py

DB ?= sqlite
bench: install-dev ## Load a 100 000-ad throwaway database with wrk (DB=postgres: PostgreSQL)
	$(call debian_tools,wrk)
	$(BIN)/python bench/run.py --db $(DB)

clean: ## Remove the virtualenv and caches (keeps instance/ data)
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
