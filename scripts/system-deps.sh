#!/usr/bin/env bash
# Install the Debian packages Rangkul needs, only those missing. Needs root (or sudo) the
# first time; afterwards it only checks.
set -euo pipefail
# libpango and libharfbuzz-subset0: WeasyPrint (referral letters); poppler-utils: pdftotext
# in the tests that read those letters; postgresql-client: pg_dump and pg_restore for
# `manage.py backup` and `restore`; wrk: the HTTP load generator of bench/; nginx: the proxy
# of the production topology, checked by the tests (nginx -t) and started by bench/topology.py.
packages=(gettext wrk chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils postgresql-client nginx)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Root is needed once to install: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
