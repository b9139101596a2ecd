#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET SDK lacks. `run` needs PostgreSQL and a CJK font;
# `test` also needs Chromium (browser tests) and redis-server (SignalR backplane tests).
set -euo pipefail
mode=${1:-run}
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installed fonts-noto-cjk || need+=(fonts-noto-cjk)
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 69; }
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
