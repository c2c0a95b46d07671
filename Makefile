# Every target creates .venv from requirements.lock on first use, so a fresh machine
# with only python3 and make can run any of them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | cksum | cut -d' ' -f1)

.PHONY: install test lint run demo migrate bench lock clean

install: $(STAMP)

$(STAMP): requirements.lock requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot handlers
	$(BIN)/hadolint Dockerfile

# The suite on SQLite, then its database tests again on PostgreSQL + Redis (started, and
# installed from Debian packages if missing, by .ci/with-services; see README "Deployment").
test: lint
	$(BIN)/python -m pytest -m "not pg" -n auto
	bash .ci/with-services $(BIN)/python -m pytest

run: $(STAMP)
	$(BIN)/python -m bot

demo: $(STAMP)
	$(BIN)/python -m bot demo

migrate: $(STAMP)
	$(BIN)/python -m bot migrate

# Figures for the README (under five minutes on the 2-core machine; not part of `make test`):
# prints every target of issue #12 with its measured value, and writes bench/results.md.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Re-resolve requirements.in (runtime) and requirements-dev.in (tools) into the pinned locks.
lock:
	rm -rf /tmp/salescoach-lock && $(PYTHON) -m venv /tmp/salescoach-lock
	/tmp/salescoach-lock/bin/pip install -q -r requirements.in
	/tmp/salescoach-lock/bin/pip freeze > requirements.lock
	/tmp/salescoach-lock/bin/pip install -q -r requirements-dev.in
	printf '%s\n' '# Tools for tests and linting, pinned; the runtime set is requirements.lock.' \
		'-r requirements.lock' > requirements-dev.lock
	/tmp/salescoach-lock/bin/pip freeze | grep -vxFf requirements.lock >> requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
