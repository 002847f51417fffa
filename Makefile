# Bienvenue: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench translations extract-messages constraints clean help

# All the Python code, held to ruff (ruff.toml) and mypy (setup.cfg [mypy]).
LINTED := matcher jobs benchmarks web tests data setup.py gunicorn.conf.py

help:
	@echo "make run    - install, create the database, load the demo town, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test tools (PostgreSQL, Chromium from Debian), lint, run the whole suite"
	@echo "make lint   - ruff and mypy on $(LINTED)"
	@echo "make bench  - matching engine benchmarks (prints tables)"
	@echo "make constraints - re-pin every dependency in constraints.txt (then run make test)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall when the package metadata or the pins change. constraints.txt pins every
# package to the version the suite last passed with (see `make constraints`).
$(VENV)/.installed: setup.cfg pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(VENV)/.installed $@

# Re-pin: a throw-away venv installs setup.cfg's ranges (runtime and test extras) without
# constraints, and its `pip freeze` (minus this project) becomes constraints.txt.
# Then run `make test` and commit both files.
constraints:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  $(PYTHON) -m venv "$$tmp/venv"; \
	  "$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	  "$$tmp/venv/bin/python" -m pip install --quiet -e '.[test]'; \
	  { echo "# Every package 'make run' and 'make test' install, pinned. Do not edit by hand:"; \
	    echo "# made by 'make constraints' on $$(date -u +%Y-%m-%d) with Python $$("$$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())')"; \
	    echo "# (a fresh venv, pip install -e '.[test]' from setup.cfg's ranges, pip freeze --exclude-editable)."; \
	    "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -v -i -E '^(bienvenue)([ =@]|$$)'; \
	  } > constraints.txt.new; \
	  mv constraints.txt.new constraints.txt; \
	  echo "constraints.txt: $$(grep -c '==' constraints.txt) packages pinned; now run make test"

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d web/translations

# After changing interface texts: refresh the catalogue, then translate what is new, e.g.
# with `$(PY) -m web.translations.merge new.json` (a JSON object French -> English).
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations --no-fuzzy-matching
	$(PY) -m web.translations.merge

run: $(VENV)/.installed translations
	$(BIN)/bienvenue setup
	@echo ""
	@echo "  Bienvenue is running at http://$(HOST):$(PORT)"
	@echo "  Demo coordinator login: coordination@villiers.example / bienvenue-demo"
	@echo "  (Ctrl-C stops the web server and the scheduler)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/bienvenue scheduler & \
	  $(BIN)/bienvenue serve --host $(HOST) --port $(PORT)

# axe-core (npm, pinned by package-lock.json) for the accessibility scans of tests/a11y.py.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Any finding fails the build (both tools exit non-zero).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy $(LINTED)

test: $(VENV)/.installed-test translations lint
	bash tests/infra/system_deps.sh
	$(MAKE) --no-print-directory node_modules/axe-core/axe.min.js
	bash tests/infra/with_postgres.sh $(PY) -m pytest -p no:cacheprovider

# The weekly run's section needs PostgreSQL: a throw-away cluster, as for the tests.
bench: $(VENV)/.installed-test translations
	bash tests/infra/with_postgres.sh $(PY) -m benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
