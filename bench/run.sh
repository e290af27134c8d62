#!/usr/bin/env bash
# Benchmarks the release build on a large generated directory, on SQLite and PostgreSQL.
# One command: bench/run.sh   (see bench/README.md for what it measures and the settings)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DATABASES=${DATABASES:-"sqlite postgres"}
PORT=${PORT:-3901}
# The app's default keeps anonymous pages 5 s; PAGE_CACHE_SECONDS=0 measures every request rendered.
PAGE_CACHE_SECONDS=${PAGE_CACHE_SECONDS:-5}
OUT=target/bench
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi

cargo build --release --locked --bin injectory --example bench_data

SCENARIOS=(
  "directory|/practitioners"
  "filtered|/practitioners?q=a&location=Austin&verified=on&treatment=lip_flip&sort=rating"
  "page-50|/practitioners?page=50"
  "profile-200|/practitioners/bench-profile-200"
  "compare-4|/compare?p=bench-profile-200&p=samuel-okafor-1&p=priya-nair-2&p=jordan-blake-3"
)

RESULTS="$OUT/results.txt"
: > "$RESULTS"

run_database() {
  local name=$1 url=$2
  if [ "${SKIP_GENERATE:-}" != 1 ]; then
    echo "== $name: generating"
    target/release/examples/bench_data "$url"
  fi
  echo "== $name: query plan of the filtered directory query"
  target/release/examples/bench_data "$url" --explain | tee "$OUT/plan-$name.txt"
  DATABASE_URL="$url" PAGE_CACHE_SECONDS="$PAGE_CACHE_SECONDS" BIND="127.0.0.1:$PORT" SEED_DEMO_DATA=false LOG_LEVEL=warn MEDIA_DIR="$OUT/media" \
    target/release/injectory serve > "$OUT/server-$name.log" 2>&1 &
  local server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  for scenario in "${SCENARIOS[@]}"; do
    local label=${scenario%%|*} path=${scenario#*|}
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
    [ "$status" = 200 ] || { echo "$label answered $status"; exit 1; }
    echo "== $name $label: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT$path" > "$OUT/wrk-$name-$label.txt"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$name-$label.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$name-$label.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name-$label.txt")
    errors=$(grep -E "Non-2xx|Socket errors" "$OUT/wrk-$name-$label.txt" | tr '\n' ' ' || true)
    printf '%-9s %-12s %10s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$label" "$rps" "$p50" "$p99" "$errors" | tee -a "$RESULTS"
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  trap - EXIT
}

for database in $DATABASES; do
  case $database in
    sqlite)
      [ "${SKIP_GENERATE:-}" = 1 ] || rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
      run_database sqlite "sqlite://$PWD/$OUT/bench.db?mode=rwc"
      ;;
    postgres)
      [ "${SKIP_GENERATE:-}" = 1 ] || psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS injectory_bench WITH (FORCE)" -c "CREATE DATABASE injectory_bench"
      run_database postgres "${PG_ADMIN_URL%/*}/injectory_bench"
      ;;
  esac
done

echo
echo "== results ($CONNECTIONS connections, $DURATION each, PAGE_CACHE_SECONDS=$PAGE_CACHE_SECONDS, release build, load generator on this machine)"
cat "$RESULTS"
