# Two commands for a newcomer: `make run` and `make test`. Everything else is their setup.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench setup deps lint messages clean

run: deps
	$(PY) -m nmc_portal.launch run

test: deps
	$(PY) -m nmc_portal.launch test $(PYTEST_ARGS)

bench: deps
	$(PY) -m nmc_portal.launch bench

setup: deps
	$(PY) -m nmc_portal.launch setup

deps: $(VENV)/.installed node_modules/.installed static/vendor/.built

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed nmc_portal/vendor_static.py
	$(PY) nmc_portal/vendor_static.py
	touch $@

# Refresh the French catalogues after changing interface strings, then translate them.
messages: deps
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
