# steerbot — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test lint bench soak clean i18n-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

## make run: the bot on the local console, SQLite under ./data/
run: $(VENV)/.installed-run
	$(BIN)/steerbot db upgrade
	$(BIN)/steerbot console

## make test: every test; the PostgreSQL suite gets a fresh database on the local server
## (or the one TEST_DATABASE_URL names), see .ci/with-postgres
test: $(VENV)/.installed-test
	.ci/with-postgres $(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot adapters commands storage tests bench
	$(BIN)/python -m bot.i18n_check

bench: $(VENV)/.installed-test
	.ci/with-postgres $(BIN)/python -m bench

soak: $(VENV)/.installed-test
	.ci/with-postgres $(BIN)/python -m pytest -q -m slow --run-slow

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
