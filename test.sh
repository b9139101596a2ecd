#!/usr/bin/env bash
# Runs every test project. Each test fixture provisions its own throwaway PostgreSQL (scripts/pg.sh, temp folder,
# free loopback port) and stops it afterwards; browser tests drive Debian's Chromium headless.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh test
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Marketplace.sln -c Release -nologo -v quiet -clp:ErrorsOnly
results=$(mktemp -d)
status=0
# One project at a time: the browser tests time page loads, and on a 2-core machine the integration suite running
# beside them can starve the app they drive.
for project in $(grep -l "<IsTestProject>true" tests/*/*.csproj | sort); do
  dotnet test "$project" -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=900000 || status=$?
done
# One plain summary line, whatever the runner printed above.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
print(f"{p} passed, {f} failed")
PY
exit $status
