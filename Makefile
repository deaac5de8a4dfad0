# Rangkul: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run test setup system-deps venv messages migrate demo lint typecheck pytest pytest-sqlite pytest-postgres makemessages bench clean

run: setup migrate demo ## Serve the demo on http://127.0.0.1:8000 with worker and scheduler
	DJANGO_DEBUG=1 scripts/run.sh

test: setup lint typecheck pytest ## Lint, type checks and every test (SQLite, then PostgreSQL if DATABASE_URL is set)

setup: system-deps venv messages

system-deps: ## Debian packages: gettext always; Chromium for the browser tests
	scripts/system-deps.sh

venv: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	uv sync --locked --quiet
	@touch $@

messages: venv ## Compile the translation catalogues
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0

makemessages: venv ## Refresh the catalogues after changing user-facing text
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l id --ignore=.venv --ignore=var --no-obsolete -v0
	$(PY) scripts/english_catalogue.py locale/id/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	@LC_ALL=C msgfmt --statistics -o /dev/null locale/id/LC_MESSAGES/django.po

migrate: venv
	@mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate -v0

demo: venv
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: venv
	DJANGO_DEBUG=1 $(VENV)/bin/mypy rangkul

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: venv
	env -u DATABASE_URL DJANGO_DEBUG=1 $(VENV)/bin/pytest -q

pytest-postgres: venv
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "Database tests again on PostgreSQL ($$DATABASE_URL)"; \
		DJANGO_DEBUG=1 $(VENV)/bin/pytest -q -m "not e2e"; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

bench: venv ## Benchmarks (not part of make test)
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var
