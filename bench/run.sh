#!/usr/bin/env bash
# The one entry point for benchmarks:   bench/run.sh NAME [args]
# Each benchmark provisions what it needs itself (a throwaway PostgreSQL on a free loopback port, its own app
# instance when it needs one), writes bench/results/NAME.json, prints it, and cleans up.
#
#   seed [--engineers N] [--seed S] [--runs R]   demo-data generation through Npgsql binary COPY into an empty, migrated database
#   search [--engineers N] [--rate R] [--seconds S]
#                                                 index build from PostgreSQL, the Lucene engine in-process, the search
#                                                 endpoint over HTTP at a fixed rate (facets on), and the same queries as
#                                                 SQL ILIKE on PostgreSQL (the baseline)
#   match [--engineers N] [--rate R] [--seconds S]
#                                                 seeds N engineers with their simulated matching history, trains the
#                                                 matching model into ml-models/ (matching.zip, metrics.json, MODEL_CARD.md),
#                                                 then GET /api/challenges/{id}/matches?top=20 over HTTP at a fixed rate,
#                                                 and the model scoring 500 candidates in-process
#   fanout [--engineers N] [--rounds R] [--conversations C] [--seconds S]
#                                                 N engineer clients on /hubs/live: a 对接会 invitation fanned out to all of
#                                                 them (R sessions), then chat round trips in C concurrent conversations
#   soak [--minutes M] [--rate R] [--engineers N]
#                                                 one app instance, a fixed rate of a realistic mix (search, browse, match,
#                                                 apply, chat, notices) for M minutes after a warm-up: throughput, per
#                                                 operation p50/p95/p99, errors and the app's memory curve
#   report [--records N] [--runs R]               the demo center given N records of this year (listings, consultations,
#                                                 training attendance, entries), then its annual report (.docx + .xlsx)
#                                                 generated over HTTP R times; seconds = median of the runs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=${1:-}
[ -n "$name" ] || { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 64; }
shift
scripts/ensure-deps.sh bench
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p bench/results

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
machine_json() {
  python3 - <<'PY'
import json, os, platform
mem = 0
for line in open("/proc/meminfo"):
    if line.startswith("MemTotal:"):
        mem = int(line.split()[1]) * 1024
cpu = ""
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
print(json.dumps({"cores": os.cpu_count(), "memoryGiB": round(mem / 2**30, 1), "cpu": cpu,
                  "os": platform.platform()}, ensure_ascii=False))
PY
}

# A throwaway cluster with the same settings as the run command's (durability on, unlike the tests' --fast), so
# figures match a real install.
work=$(mktemp -d /tmp/marketplace-bench.XXXXXX)
chmod 755 "$work"
pgdir="$work/pg"
cleanup() { scripts/pg.sh down "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
pgport=$(free_port)

# Starts the Release app on a free loopback port with the benchmark's settings (more NAME=value pairs as arguments) and
# waits until it is ready; sets appport and app_pid, and stops the app on exit.
start_app() {
  appport=$(free_port)
  # exec: the background job's pid is the app's own, so the kill on exit stops the app, not just a subshell.
  ( cd "$root/src/Marketplace.Web/bin/Release/net10.0" && \
    exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$appport" Logging__LogLevel__Default=Warning \
    Challenges__DeadlineSweepSeconds=3600 DOTNET_gcServer=1 "$@" \
    dotnet Marketplace.Web.dll > "$work/app.log" 2>&1 ) &
  app_pid=$!
  trap 'kill $app_pid 2>/dev/null || true; cleanup' EXIT
  for i in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$appport/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$appport/health/ready" >/dev/null || { cat "$work/app.log"; echo "app did not become ready" >&2; exit 1; }
}

# A throwaway PostgreSQL seeded with $1 engineers (seed $2) and the engine index built from it with the CLI, exactly as
# an install would: the common first half of the benchmarks that serve or search. Leaves the reindex output in
# $work/reindex.log and the connection in the environment for the CLI and the app.
seeded_database() {
  echo "==> PostgreSQL (throwaway, port $pgport)"
  base="$(scripts/pg.sh up "$pgdir" "$pgport")"
  export PGPASSWORD=$(cat "$pgdir.password")
  export ConnectionStrings__Marketplace="$base"
  export Search__IndexPath="$work/index"
  export Auth__SigningKey="$(head -c 48 /dev/urandom | base64)"
  echo "==> migrate + seed $1 engineers"
  $cli migrate
  $cli seed --engineers "$1" --seed "$2" | grep -E '^SEED_RESULT|error' || true
  # VACUUM as well as ANALYZE: otherwise autovacuum picks up the freshly loaded tables a little later — during the
  # measurement, which then times PostgreSQL's housekeeping instead of the code under test.
  psql -h 127.0.0.1 -p "$pgport" -U marketplace -d marketplace -qc "vacuum analyze" >/dev/null
  echo "==> index build from PostgreSQL (CLI reindex)"
  $cli reindex | tee "$work/reindex.log" | grep -E '^REINDEX_RESULT|已重建' || true
  grep -q '^REINDEX_RESULT' "$work/reindex.log" || { echo "reindex printed no REINDEX_RESULT line" >&2; exit 1; }
}

echo "==> build (Release)"
dotnet build Marketplace.sln -c Release -nologo -v quiet -clp:ErrorsOnly
cli="dotnet $root/src/Marketplace.Cli/bin/Release/net10.0/Marketplace.Cli.dll"

case "$name" in
  seed)
    engineers=100000; seed=20261123; runs=3
    while [ $# -gt 0 ]; do
      case "$1" in
        --engineers) engineers=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    echo "==> PostgreSQL (throwaway, port $pgport)"
    base="$(scripts/pg.sh up "$pgdir" "$pgport")"
    export PGPASSWORD=$(cat "$pgdir.password")
    : > "$work/results.txt"
    for run in $(seq 1 "$runs"); do
      # Every run seeds a freshly created, migrated, empty database.
      db="bench_seed_$run"
      psql -h 127.0.0.1 -p "$pgport" -U marketplace -d postgres -qc "create database $db" >/dev/null
      export ConnectionStrings__Marketplace="${base/Database=marketplace/Database=$db}"
      echo "==> run $run/$runs: migrate + seed $engineers engineers into $db"
      $cli migrate
      $cli seed --engineers "$engineers" --seed "$seed" | tee "$work/seed.log"
      line=$(grep '^SEED_RESULT' "$work/seed.log" | tail -n 1)
      [ -n "$line" ] || { echo "seed printed no SEED_RESULT line" >&2; exit 1; }
      # Count what landed rather than trusting the generator's own figure.
      rows=$(psql -h 127.0.0.1 -p "$pgport" -U marketplace -d "$db" -tAc "select count(*) from engineers")
      echo "$line rows=$rows" >> "$work/results.txt"
    done
    python3 - "$work/results.txt" "$(machine_json)" "$engineers" "$seed" > bench/results/seed.json <<'PY'
import json, sys, datetime, statistics
runs = [dict(kv.split("=") for kv in line.split()[1:]) for line in open(sys.argv[1]) if line.strip()]
seconds = sorted(float(r["seconds"]) for r in runs)
challenge_seconds = sorted(float(r.get("challenge_seconds", 0)) for r in runs)
rows = {int(r["rows"]) for r in runs}
engineers = int(sys.argv[3])
if rows != {engineers}:
    sys.exit(f"expected {engineers} engineers in every run's database, found {sorted(rows)}")
print(json.dumps({
    "benchmark": "seed",
    "command": f"bench/run.sh seed --engineers {engineers}",
    "engineers": engineers,
    "seconds": round(statistics.median(seconds), 2),
    "runs": len(seconds),
    "runSeconds": seconds,
    "engineersPerSecond": round(engineers / statistics.median(seconds)),
    "challenges": int(runs[0].get("challenges", 0)),
    "challengeApplications": int(runs[0].get("applications", 0)),
    "challengeStepSeconds": round(statistics.median(challenge_seconds), 2),
    "seed": int(sys.argv[4]),
    "database": "PostgreSQL 15, throwaway cluster with the run command's settings (fsync on)",
    "machine": json.loads(sys.argv[2]),
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}, ensure_ascii=False, indent=2))
PY
    ;;
  search)
    engineers=100000; seed=20261123; rate=500; seconds=20
    while [ $# -gt 0 ]; do
      case "$1" in
        --engineers) engineers=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    bench="dotnet $root/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll"
    seeded_database "$engineers" "$seed"
    # Let the bulk writes settle before timing anything: the database's checkpoint and the index files' dirty pages.
    psql -h 127.0.0.1 -p "$pgport" -U marketplace -d marketplace -qc "checkpoint" >/dev/null
    sync
    echo "==> engine only (Lucene in-process), every search computed"
    $bench engine --index "$work/index" --cache 0 --detail 10 | tee "$work/engine.log"
    echo "==> engine only, with the app's answer cache (Search:ResultCacheEntries=2000)"
    $bench engine --index "$work/index" --cache 2000 | tee "$work/engine-cached.log"
    echo "==> app on 127.0.0.1 (Release)"
    start_app
    echo "==> HTTP: $rate requests/s for $seconds s"
    $bench http --url "http://127.0.0.1:$appport" --email company@demo.cn --password Demo@2026 --rate "$rate" --seconds "$seconds" | tee "$work/http.log"
    kill $app_pid; wait $app_pid 2>/dev/null || true
    echo "==> baseline: the same queries as SQL ILIKE on PostgreSQL"
    npgsql="Host=127.0.0.1;Port=$pgport;Database=marketplace;Username=marketplace;Password=$PGPASSWORD"
    $bench baseline --connection "$npgsql" --seconds "$seconds" | tee "$work/baseline.log"
    python3 - "$work" "$(machine_json)" "$engineers" "$rate" "$seconds" > bench/results/search.json <<'PY'
import json, sys, datetime
work, machine, engineers, rate, seconds = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def result(name):
    for line in open(f"{work}/{name}.log"):
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.split(" ", 1)[1])
    sys.exit(f"{name} printed no BENCH_RESULT line")
index = dict(kv.split("=") for kv in [l for l in open(f"{work}/reindex.log") if l.startswith("REINDEX_RESULT")][-1].split()[1:])
engine, cached, http, baseline = result("engine"), result("engine-cached"), result("http"), result("baseline")
pick = lambda r: {k: r[k] for k in ("p50_ms", "p95_ms", "p99_ms", "rps")}
out = {
    "benchmark": "search",
    "command": f"bench/run.sh search --engineers {engineers} --rate {rate} --seconds {seconds}",
    "engineers": engineers,
    "indexed": int(index["engineers"]),
    "index_seconds": float(index["seconds"]),
    "rate_rps": rate,
    "engine_p95_ms": engine["p95_ms"],
    "engine": pick(engine) | {"queries": engine["count"], "distinct": engine["extra"]["distinctQueries"], "mean_hits": engine["extra"]["meanHits"], "cache": "off"},
    "engine_cached": pick(cached) | {"queries": cached["count"], "cache_entries": cached["extra"]["cacheEntries"]},
    "search": pick(http) | {"requests": http["count"], "failures": http["extra"]["failures"], "cache_entries": 2000},
    "baseline": pick(baseline) | {"queries": baseline["count"]},
    "p95_speedup_vs_baseline": round(baseline["p95_ms"] / http["p95_ms"], 1) if http["p95_ms"] else None,
    "query_mix": "1,000 distinct searches (one or two Chinese words, a third with a city or availability filter), drawn with Zipf weights (s = 1); facets always on",
    "machine": machine,
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}
if out["indexed"] != engineers:
    sys.exit(f"expected {engineers} engineers indexed, found {out['indexed']}")
print(json.dumps(out, ensure_ascii=False, indent=2))
PY
    ;;
  match)
    engineers=100000; seed=20261123; rate=20; seconds=30
    while [ $# -gt 0 ]; do
      case "$1" in
        --engineers) engineers=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    bench="dotnet $root/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll"
    # Seeding at 250 engineers or more includes the simulated matching history the model learns from.
    seeded_database "$engineers" "$seed"
    echo "==> train (LightGBM LambdaRank) into ml-models/"
    start_train=$(date +%s.%N)
    $cli train --seed "$seed" --output "$root/ml-models/matching.zip" --index "$work/index" | tee "$work/train.log" | grep -E '^TRAIN_RESULT|失败' || true
    train_seconds=$(python3 -c "import time; print(round(time.time() - $start_train, 1))")
    grep -q '^TRAIN_RESULT' "$work/train.log" || { cat "$work/train.log"; echo "train printed no TRAIN_RESULT line" >&2; exit 1; }
    echo "==> model scoring in-process (500 candidates per batch)"
    $bench score --model "$root/ml-models/matching.zip" --rows 500 | tee "$work/score.log"
    # The listings a center looks at: every listing still taking applications (the operator may see them all).
    psql -h 127.0.0.1 -p "$pgport" -U marketplace -d marketplace -tAc \
      "select id from challenges where status = 'Published' order by id" > "$work/ids.txt"
    echo "==> app on 127.0.0.1 (Release), model $root/ml-models/matching.zip"
    start_app Matching__ModelPath="$root/ml-models/matching.zip"
    echo "==> HTTP: $rate matches requests/s for $seconds s over $(wc -l < "$work/ids.txt") open listings"
    $bench matches --url "http://127.0.0.1:$appport" --email operator@demo.cn --password Demo@2026 --ids "$work/ids.txt" --rate "$rate" --seconds "$seconds" | tee "$work/http.log"
    kill $app_pid; wait $app_pid 2>/dev/null || true
    python3 - "$work" "$(machine_json)" "$engineers" "$rate" "$seconds" "$train_seconds" "$root/ml-models/metrics.json" > bench/results/match.json <<'PY'
import json, sys, datetime
work, machine, engineers, rate, seconds, train_seconds, metrics_path = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
def result(name):
    for line in open(f"{work}/{name}.log"):
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.split(" ", 1)[1])
    sys.exit(f"{name} printed no BENCH_RESULT line")
http, score = result("http"), result("score")
metrics = json.load(open(metrics_path))
print(json.dumps({
    "benchmark": "match",
    "command": f"bench/run.sh match --engineers {engineers} --rate {rate} --seconds {seconds}",
    "engineers": engineers,
    "p50_ms": http["p50_ms"],
    "p95_ms": http["p95_ms"],
    "p99_ms": http["p99_ms"],
    "score500_ms": score["p50_ms"],
    "score500": {k: score[k] for k in ("p50_ms", "p95_ms", "p99_ms")},
    "http": {"requests": http["count"], "failures": http["extra"]["failures"], "rate_rps": rate, "listings": http["extra"]["listings"],
             "mean_engineers_returned": http["extra"]["meanEngineers"], "max_ms": http["max_ms"]},
    "train_seconds": train_seconds,
    "model": {"version": metrics["model_version"], "ndcg@10": metrics["test"]["model"]["ndcg@10"],
              "search_only_ndcg@10": metrics["test"]["search_only"]["ndcg@10"], "heuristic_ndcg@10": metrics["test"]["heuristic"]["ndcg@10"]},
    "machine": machine,
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}, ensure_ascii=False, indent=2))
PY
    ;;
  fanout)
    engineers=1000; rounds=10; conversations=200; seconds=20; seed=20261123
    while [ $# -gt 0 ]; do
      case "$1" in
        --engineers) engineers=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --conversations) conversations=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    bench="dotnet $root/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll"
    # The session invites the matcher's top N for one broad need: seed enough engineers that N of them pass the hard
    # rules (availability, not the company's own staff) among the retrieval stage's candidates.
    population=$(( engineers * 12 > 20000 ? engineers * 12 : 20000 ))
    seeded_database "$population" "$seed"
    echo "==> app on 127.0.0.1 (Release)"
    start_app Matching__Candidates=2000
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    npgsql="Host=127.0.0.1;Port=$pgport;Database=marketplace;Username=marketplace;Password=$PGPASSWORD"
    $bench fanout --url "http://127.0.0.1:$appport" --connection "$npgsql" --key "$Auth__SigningKey" --engineers "$engineers" \
      --rounds "$rounds" --conversations "$conversations" --seconds "$seconds" | tee "$work/fanout.log"
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    kill $app_pid; wait $app_pid 2>/dev/null || true
    python3 - "$work" "$(machine_json)" "$engineers" "$population" "$load_before" "$load_after" > bench/results/fanout.json <<'PY'
import json, sys, datetime
work, machine, wanted, population = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
# The machine is shared: the load averages (1, 5, 15 min) before and after the measured part say how much.
load = {"before": [float(x) for x in sys.argv[5].split()], "after": [float(x) for x in sys.argv[6].split()]}
results = {}
for line in open(f"{work}/fanout.log"):
    if line.startswith("BENCH_RESULT "):
        r = json.loads(line.split(" ", 1)[1]); results[r["name"]] = r
fan, chat = results["fanout"], results["chat"]
out = {
    "benchmark": "fanout",
    "command": f"bench/run.sh fanout --engineers {wanted}",
    "recipients": fan["extra"]["recipients"],
    "fanout_p50_ms": fan["p50_ms"],
    "fanout_p99_ms": fan["p99_ms"],
    "chat_p95_ms": chat["p95_ms"],
    "chat_p99_ms": chat["p99_ms"],
    "fanout": {"deliveries": fan["count"], "rounds": fan["extra"]["rounds"], "missing": fan["extra"]["missing"], "max_ms": fan["max_ms"],
               "end_to_end_p50_ms": fan["extra"]["endToEndP50Ms"], "end_to_end_p99_ms": fan["extra"]["endToEndP99Ms"],
               "measured": "server publish (payload publishedAt) to arrival at each engineer client; end to end = from the operator's HTTP call"},
    "chat": {"messages": chat["count"], "conversations": chat["extra"]["conversations"], "failures": chat["extra"]["failures"],
             "p50_ms": chat["p50_ms"], "max_ms": chat["max_ms"], "rate_per_conversation": "1 message/s",
             "measured": "sender's SendMessage call (stored, then broadcast) to the other participant's receipt"},
    "engineers_seeded": population,
    "load_average": load,
    "transport": "WebSockets, JSON protocol, one app instance, in-process lifetime manager",
    "machine": machine,
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}
if out["recipients"] < wanted:
    sys.exit(f"only {out['recipients']} engineers were invited, {wanted} wanted")
print(json.dumps(out, ensure_ascii=False, indent=2))
PY
    ;;
  soak)
    minutes=10; rate=300; engineers=20000; seed=20261123; warmup=30
    while [ $# -gt 0 ]; do
      case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --engineers) engineers=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    bench="dotnet $root/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll"
    seeded_database "$engineers" "$seed"
    echo "==> app on 127.0.0.1 (Release), model $root/ml-models/matching.zip"
    start_app Matching__ModelPath="$root/ml-models/matching.zip"
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    npgsql="Host=127.0.0.1;Port=$pgport;Database=marketplace;Username=marketplace;Password=$PGPASSWORD"
    $bench soak --url "http://127.0.0.1:$appport" --connection "$npgsql" --key "$Auth__SigningKey" --pid "$app_pid" \
      --rate "$rate" --minutes "$minutes" --warmup "$warmup" | tee "$work/soak.log"
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    grep -c ' fail: ' "$work/app.log" > "$work/app-errors.txt" || true
    kill $app_pid; wait $app_pid 2>/dev/null || true
    python3 - "$work" "$(machine_json)" "$engineers" "$load_before" "$load_after" > bench/results/soak.json <<'PY'
import json, sys, datetime
work, machine, engineers = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
load = {"before": [float(x) for x in sys.argv[4].split()], "after": [float(x) for x in sys.argv[5].split()]}
r = None
for line in open(f"{work}/soak.log"):
    if line.startswith("BENCH_RESULT "):
        r = json.loads(line.split(" ", 1)[1])
if r is None:
    sys.exit("the soak run printed no BENCH_RESULT line")
out = {
    "benchmark": "soak",
    "command": f"bench/run.sh soak --minutes {r['minutes']:g}",
    "minutes": r["minutes"], "rps": r["rps"], "errors": r["errors"],
    "read_p99_ms": r["read_p99_ms"], "write_p99_ms": r["write_p99_ms"],
    "rss_mb_start": r["rss_mb_start"], "rss_mb_end": r["rss_mb_end"],
    "target_rate": r["rate"], "requests": r["requests"],
    "read_p50_ms": r["read_p50_ms"], "read_p95_ms": r["read_p95_ms"],
    "write_p50_ms": r["write_p50_ms"], "write_p95_ms": r["write_p95_ms"],
    "operations": r["operations"], "memory": r["memory"], "conversations": r["conversations"],
    "error_samples": r["error_samples"],
    "app_error_log_lines": int(open(f"{work}/app-errors.txt").read().strip() or 0),
    "engineers_seeded": engineers,
    "load_average": load,
    "measured": "open loop: each request timed from when it was due; reads = search, browse, match, inbox; writes = apply, chat message, mark read",
    "machine": machine,
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}
print(json.dumps(out, ensure_ascii=False, indent=2))
PY
    ;;
  report)
    records=10000; runs=7; seed=20261123
    while [ $# -gt 0 ]; do
      case "$1" in
        --records) records=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 64 ;;
      esac
    done
    bench="dotnet $root/bench/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll"
    seeded_database 300 "$seed"
    echo "==> app on 127.0.0.1 (Release)"
    start_app
    npgsql="Host=127.0.0.1;Port=$pgport;Database=marketplace;Username=marketplace;Password=$PGPASSWORD"
    $bench report --url "http://127.0.0.1:$appport" --connection "$npgsql" --password Demo@2026 --records "$records" --runs "$runs" | tee "$work/report.log"
    kill $app_pid; wait $app_pid 2>/dev/null || true
    python3 - "$work" "$(machine_json)" "$records" "$runs" > bench/results/report.json <<'PY'
import json, sys, datetime
work, machine, wanted, runs = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = next(json.loads(l.split(" ", 1)[1]) for l in open(f"{work}/report.log") if l.startswith("BENCH_RESULT "))
if r["records"] < wanted:
    sys.exit(f"the center has {r['records']} records, fewer than the {wanted} asked for")
print(json.dumps({
    "benchmark": "report",
    "command": f"bench/run.sh report --records {wanted} --runs {runs}",
    "records": r["records"],
    "seconds": r["median"],
    "p95_seconds": r["p95"],
    "run_seconds": r["runs"],
    "what": "GET report.docx then report.xlsx for the demo center's year over HTTP (figures computed from the records each time, charts drawn, documents written)",
    "docx_bytes": r["docxBytes"],
    "xlsx_bytes": r["xlsxBytes"],
    "goal_seconds": 3,
    "machine": machine,
    "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}, ensure_ascii=False, indent=2))
PY
    ;;
  *)
    echo "unknown benchmark '$name' (known: seed, search, match, fanout, soak, report)" >&2; exit 64 ;;
esac

echo "==> bench/results/$name.json"
cat "bench/results/$name.json"
