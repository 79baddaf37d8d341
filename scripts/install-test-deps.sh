#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven: npm-served local servers and
# validators (into test-servers/node_modules, git-ignored) and Debian tools.
# Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v turnserver >/dev/null 2>&1 || need_apt+=(coturn)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# headless Chromium renders the pages opsctl writes (status.html, drill-report.html) in the tests
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ! -x /usr/lib/postgresql/15/bin/pg_dump ] && ! command -v pg_config >/dev/null 2>&1; then
  need_apt+=(postgresql-15 postgresql-client-15)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "install-test-deps: apt-get install ${need_apt[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "install-test-deps: missing ${need_apt[*]}; install them (as root: apt-get install ${need_apt[*]})" >&2
    exit 3
  fi
fi

if [ -f test-servers/package.json ]; then
  if [ ! -d test-servers/node_modules ] || [ test-servers/package-lock.json -nt test-servers/node_modules ]; then
    echo "install-test-deps: npm ci in test-servers/" >&2
    (cd test-servers && npm ci --no-audit --no-fund --loglevel=error)
    touch test-servers/node_modules
  fi
fi
