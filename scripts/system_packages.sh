#!/usr/bin/env bash
# The Debian packages danvan calls, installed by the project itself so a fresh machine needs nothing
# by hand. Usage: scripts/system_packages.sh run|serve|test|bench
#   run  — fonts-liberation2 (Times-compatible font with complete Vietnamese for the reports)
#   serve — the above, plus varnish (the front cache) and redis-server + redis-tools (`make serve`, deploy/)
#   test — the above, plus chromium (Playwright e2e), poppler-utils (pdftoppm: reports → PNG) and
#          LibreOffice writer/calc without GUI (soffice, from libreoffice-common which they pull in:
#          Word/Excel reports → PDF → PNG in a test) and postgresql-client (pg_dump/pg_restore: the
#          backup round trip on PostgreSQL; a PostgreSQL installation needs it to run `manage.py backup`)
#          and serve's packages (a test starts `make serve`)
#   bench — serve's packages, plus nginx (the static-file baseline) and wrk (the load generator)
# As root with apt-get, missing packages are installed; otherwise one line says what to install and
# `test` fails (a missing browser would otherwise turn into skipped tests).
set -euo pipefail
want=(fonts-liberation2)
case "${1:-run}" in
  serve) want+=(varnish redis-server redis-tools) ;;
  test) want+=(varnish redis-server redis-tools chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui postgresql-client) ;;
  bench) want+=(varnish redis-server redis-tools nginx wrk) ;;
esac
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói Debian còn thiếu: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  exit 0
fi
echo "Thiếu gói Debian: ${missing[*]} — hãy chạy: sudo apt-get install -y ${missing[*]}"
[ "${1:-run}" = run ] && exit 0
exit 1
