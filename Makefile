# Two commands for newcomers: `make try` (the bot in your terminal, no token) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: try web test lint typecheck unit quick run clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The bot's own dependencies are enough to try or run it; the tools behind `make test` come after.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

try: $(VENV)/.runtime  ## Talk to the bot in this terminal, on the shipped directory.
	@$(BIN)/python -m bot try

web: $(VENV)/.runtime  ## The web chat on this machine only: http://127.0.0.1:8080 (no token).
	@HOST=$${HOST:-127.0.0.1} $(BIN)/python -m bot web

run: $(VENV)/.runtime  ## Run the Telegram bot (needs BOT_TOKEN; see README).
	@$(BIN)/python -m bot run

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/bandit -q -c pyproject.toml -r bot

typecheck: $(VENV)/.installed
	$(BIN)/mypy bot tests bench fuzz

# Tests spread over the machine's CPUs; the slow ones (@pytest.mark.slow) run one after another
# on one of them (tests/conftest.py). The ten slowest are listed, to keep an eye on CI's time.
unit: $(VENV)/.installed
	$(BIN)/pytest -n auto --dist loadgroup --durations=10

quick: $(VENV)/.installed  ## The tests without the slow ones (load, fuzzing, benchmarks): for iterating.
	$(BIN)/pytest -n auto -m "not slow"

test: lint typecheck unit  ## Everything CI runs: lint, types, tests.

# The image's dependencies, each pinned with the hashes of its files (Dockerfile installs them
# with --require-hashes); run after changing pyproject.toml's dependencies.
lock: $(VENV)/.installed
	$(BIN)/pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
