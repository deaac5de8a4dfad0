#!/usr/bin/env bash
# Web server, background worker and scheduler together; Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null; wait' EXIT INT TERM
$PY manage.py db_worker --queue-name '*' &
$PY manage.py run_scheduler &
echo "Rangkul: http://127.0.0.1:8000/  (demo logins above; Ctrl+C stops web, worker and scheduler)"
$PY manage.py runserver 127.0.0.1:8000
