# Förderbot: `make run` sets everything up and starts the assistant; `make test` runs all tests.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Rasa 3.6 needs Python 3.8-3.10; the machine's python3 is 3.11, so look for a 3.10 explicitly.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
SPACY_MODEL := build/spacy-de
MODEL := models/foerderbot.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' -not -path 'data/knowledge/*' 2>/dev/null)
WIDGET := web/dist/foerderbot-widget.js
WIDGET_SOURCES := web/package.json web/package-lock.json web/build.mjs web/index.html web/demo.js $(shell find web/src -type f 2>/dev/null)
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
# Nothing leaves the machine: Rasa's telemetry is off for training, tests and `make run`.
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: run shell test setup db train validate clean widget browser eval lint unit

$(BIN)/activate: requirements.lock requirements-dev.lock pyproject.toml
	@test -n "$(PYTHON310)" || { echo "Python 3.10 nicht gefunden (Rasa 3.6 braucht 3.8-3.10)." >&2; exit 1; }
	$(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.2
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/activate

$(SPACY_MODEL)/meta.json: scripts/build_spacy_model.py $(BIN)/activate
	$(BIN)/python scripts/build_spacy_model.py $(SPACY_MODEL)

setup: $(BIN)/activate $(SPACY_MODEL)/meta.json

# The database is loaded on every start: loading is idempotent and picks up edited facts.
db: setup
	$(BIN)/bot load

# Retrain only when the training data, domain or config changed; facts need no retraining.
$(MODEL): $(TRAINING_INPUTS) $(SPACY_MODEL)/meta.json
	$(BIN)/rasa train --fixed-model-name foerderbot --out models
	touch $(MODEL)

train: $(MODEL)

# The website widget (web/, see web/README.md): npm ci and the esbuild bundle, only when web/ changed.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WIDGET): $(WIDGET_SOURCES) web/node_modules/.package-lock.json
	cd web && npm run --silent build

widget: $(WIDGET)

# Debian's Chromium for the widget's browser test (tests/test_widget.py).
browser:
	@bash scripts/install_browser.sh

run: db train widget
	@bash scripts/run.sh

shell: db train
	@bash scripts/run.sh shell

validate: setup
	$(BIN)/rasa data validate --fail-on-warnings

test: lint db train widget browser compose-tools
	$(BIN)/python -m pytest

# Lint, format and type checks (configured in pyproject.toml); .pre-commit-config.yaml runs the same.
LINTED := bot actions connectors tests scripts eval
lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# The fast tests: no servers, no PostgreSQL, no tools that `make test` installs or builds.
unit: setup
	$(BIN)/python -m pytest -q -m "not e2e and not postgres and not tools"

# Dialogues of eval/*/dialogues.yml played against a freshly started bot with every evaluation
# circular ingested (eval/README.md); prints the rate of correct turns and the tuning sets' failures.
eval: db train
	$(BIN)/python scripts/evaluate.py

clean:
	rm -rf $(VENV) build models var results .pytest_cache web/node_modules web/dist test-artifacts

# Tools for tests/test_deployment.py: a Compose implementation (`docker-compose config`) and an
# nginx binary for `nginx -t` (scripts/install_compose.sh; idempotent, needs root for apt-get).
.PHONY: compose-tools
compose-tools:
	@bash scripts/install_compose.sh
