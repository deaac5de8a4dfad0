# Rangkul: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: screenshots run test setup system-deps venv messages migrate demo lint typecheck pytest pytest-sqlite pytest-postgres makemessages bench clean

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
		DJANGO_DEBUG=1 $(VENV)/bin/pytest -q -m "not e2e and not corpus"; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

screenshots: setup ## Screenshots of the main screens (360 and 1280 px) for docs/design.md and the guides
	env -u DATABASE_URL $(PY) scripts/screenshots.py

# Benches that read a database filled by `manage.py generate_data` (DATABASE_URL): skipped
# when DATABASE_URL is not set. The others make their own data. Helper modules are no
# benches. `make bench BENCHES="bench/reads.py"` runs some of them.
BENCH_HELPERS := bench/benchenv.py bench/wrkload.py
BENCH_ON_GENERATED := bench/throughput.py bench/reads.py bench/cpu_paths.py
BENCHES ?= $(filter-out $(BENCH_HELPERS),$(sort $(wildcard bench/*.py)))

bench: venv ## Benchmarks (not part of make test); see docs/performance.md
	@failed=""; for b in $(BENCHES); do \
		if [ -z "$$DATABASE_URL" ] && [[ " $(BENCH_ON_GENERATED) " == *" $$b "* ]]; then \
			echo "== $$b skipped: set DATABASE_URL to a database filled by generate_data"; \
			continue; \
		fi; \
		echo "== $$b"; $(PY) $$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "Benches that failed:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) var
