#!/usr/bin/env bash
# Runs the platform on this machine: installs what is missing, starts a private PostgreSQL in .data/pg,
# migrates, seeds demo data into an empty database, and serves http://127.0.0.1:5080.
# Stop with Ctrl-C; running it again keeps the data.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
scripts/ensure-deps.sh run

data=${MARKETPLACE_DATA:-$root/.data}
pgdata=${MARKETPLACE_PGDATA:-$data/pg}
pgport=${MARKETPLACE_PGPORT:-55432}
url=${MARKETPLACE_URL:-http://127.0.0.1:5080}
mkdir -p "$data"

echo "==> PostgreSQL ($pgdata, port $pgport)"
export ConnectionStrings__Marketplace="$(scripts/pg.sh up "$pgdata" "$pgport")"
trap 'echo; echo "==> stopping PostgreSQL"; "$root/scripts/pg.sh" down "$pgdata"' EXIT

# The JWT signing key is generated once per installation and kept beside the data, never in the repository.
[ -s "$data/signing.key" ] || (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$data/signing.key")
export Auth__SigningKey="$(cat "$data/signing.key")"
export Search__IndexPath="$data/index" Storage__UploadsPath="$data/uploads"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

echo "==> build"
dotnet build Marketplace.sln -c Release -nologo -v quiet -clp:ErrorsOnly
cli="dotnet $root/src/Marketplace.Cli/bin/Release/net10.0/Marketplace.Cli.dll"
echo "==> migrate"
$cli migrate
echo "==> demo data (only into an empty database)"
$cli seed --if-empty

cat <<INFO

  共享工程师服务平台 is running at $url
  API reference: $url/api/docs   OpenAPI: $url/openapi/v1.json   Health: $url/health/ready

  Demo accounts (password Demo@2026):
    company@demo.cn     企业
    engineer@demo.cn    工程师
    operator@demo.cn    中心运营
    applicant@demo.cn   申报单位（中心认定申报）
    expert@demo.cn      评审专家
    authority@demo.cn   主管部门（省级）
    city@demo.cn        主管部门（市州）
    admin@demo.cn       平台管理员

  推荐工程师: open a listing as company@demo.cn; 为你推荐: the home page as engineer@demo.cn.

INFO
# The matching model committed with the code (trained at benchmark scale; `Marketplace.Cli train` replaces it).
export Matching__ModelPath="${Matching__ModelPath:-$PWD/ml-models/matching.zip}"
# The app runs as a child so that Ctrl-C or a TERM sent to this script stops it gracefully before PostgreSQL stops.
(cd src/Marketplace.Web && exec dotnet bin/Release/net10.0/Marketplace.Web.dll --urls "$url") &
app=$!
trap 'kill -TERM "$app" 2>/dev/null || true' INT TERM
status=0
wait "$app" || status=$?
# A trapped signal interrupts the first wait; the second waits for the app to finish shutting down.
if kill -0 "$app" 2>/dev/null; then wait "$app" || status=$?; fi
exit "$status"
