# Two commands for a newcomer: `make run` and `make test`. Everything else is their setup.
# PYTHON=python3.13 make test picks the interpreter (3.11 to 3.13); .venv is rebuilt when it changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
INSTALLED := $(VENV)/.installed-$(PYVER)

.PHONY: run cluster test bench setup deps lint lock messages clean

run: deps
	$(PY) -m nmc_portal.launch run

# Two web nodes behind HAProxy, PgBouncer, two Celery workers and beat (Debian: haproxy, pgbouncer).
cluster: deps
	$(PY) -m nmc_portal.launch cluster

test: deps
	$(PY) -m nmc_portal.launch test $(PYTEST_ARGS)

bench: deps
	$(PY) -m nmc_portal.launch bench

setup: deps
	$(PY) -m nmc_portal.launch setup

deps: $(INSTALLED) node_modules/.installed static/vendor/.built

# Developers and tests install requirements-dev.txt (production's requirements.txt plus tests and the
# embedded servers), every package checked against its hash.
$(INSTALLED): requirements.txt requirements-dev.txt
	@if [ -x $(PY) ] && [ "$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)" ]; then \
		echo "Rebuilding $(VENV) for Python $(PYVER)"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# After editing requirements.in or requirements-dev.in: pin again, with hashes, for Python 3.11 to 3.13.
lock: $(INSTALLED)
	$(PY) -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile --universal --generate-hashes --python-version 3.11 --no-header -q requirements.in -o requirements.txt
	$(VENV)/bin/uv pip compile --universal --generate-hashes --python-version 3.11 --no-header -q requirements-dev.in -o requirements-dev.txt

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed nmc_portal/vendor_static.py
	$(PY) nmc_portal/vendor_static.py
	touch $@

# Refresh the French catalogues after changing interface strings, then translate them.
messages: deps
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py french_typography  # no-break spaces, apostrophes: nmc_portal/typography.py
	$(PY) manage.py compilemessages --ignore=.venv

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
