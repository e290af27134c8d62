#!/usr/bin/env bash
# Benchmarks the release build on a large generated directory, on SQLite and PostgreSQL.
# One command: bench/run.sh   (see bench/README.md for what it measures and the settings)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# How the app reaches the benchmark's PostgreSQL database. The server is on this machine, as a
# database beside its app would be reached through a local socket: no TLS (sqlx would otherwise
# negotiate it, which cost 10-15% of a profile page's processor time). An empty
# PG_BENCH_OPTIONS= leaves the choice to sqlx, which uses TLS when the server offers it.
PG_BENCH_OPTIONS=${PG_BENCH_OPTIONS-sslmode=disable}
DATABASES=${DATABASES:-"sqlite postgres"}
PORT=${PORT:-3901}
# The app's default keeps anonymous pages 5 s; PAGE_CACHE_SECONDS=0 measures every request rendered.
PAGE_CACHE_SECONDS=${PAGE_CACHE_SECONDS:-5}
# A running yardstick page (the bare one-query page the targets are stated against): each
# page is then measured right after it and printed with its ratio to it.
BASELINE_URL=${BASELINE_URL:-}
# Rounds per page: each measures the yardstick (when given) and then the page, and the best
# figure of each is kept. Two by default with a yardstick, as compare.sh measures; one without.
ROUNDS=${ROUNDS:-$([ -n "$BASELINE_URL" ] && echo 2 || echo 1)}
OUT=target/bench
mkdir -p "$OUT"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi

# SKIP_BUILD=1 with INJECTORY_BIN=… measures another build (say, the one before a change).
INJECTORY_BIN=${INJECTORY_BIN:-target/release/injectory}
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release --locked --bin injectory --example bench_data

# label|path[|who]: who is "patient" or "moderator" for a signed-in visitor (the accounts and
# password bench_data creates), anonymous otherwise.
SCENARIOS=(
  "directory|/practitioners"
  "filtered|/practitioners?q=rivera&location=Austin&verified=on&treatment=lip_flip&sort=rating"
  "filtered-a|/practitioners?q=a&location=Austin&verified=on&treatment=lip_flip&sort=rating"
  "location|/practitioners?location=Austin"
  "name|/practitioners?q=rivera"
  "page-50|/practitioners?page=50"
  "profile-200|/practitioners/bench-profile-200"
  "compare-4|/compare?p=bench-profile-200&p=samuel-okafor-1&p=priya-nair-2&p=jordan-blake-3"
  "signed-in|/practitioners|patient"
  "moderation|/moderation/reviews|moderator"
)
BENCH_PASSWORD=bench-password-not-a-secret
# SCENARIOS_ONLY="directory filtered" measures only those.
if [ -n "${SCENARIOS_ONLY:-}" ]; then
  kept=()
  for scenario in "${SCENARIOS[@]}"; do
    [[ " $SCENARIOS_ONLY " == *" ${scenario%%|*} "* ]] && kept+=("$scenario")
  done
  SCENARIOS=("${kept[@]}")
fi

# Signs in as $1 (an email) and prints the Cookie header value of its session.
sign_in() {
  local jar="$OUT/cookies.txt" token
  rm -f "$jar"
  token=$(curl -fsS -c "$jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | sed 's/.*value="//; s/"$//')
  curl -fsS -o /dev/null -b "$jar" -c "$jar" \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$1" --data-urlencode "password=$BENCH_PASSWORD" \
    "http://127.0.0.1:$PORT/login"
  awk '$6 == "session" || $6 == "csrf" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

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
    "$INJECTORY_BIN" serve > "$OUT/server-$name.log" 2>&1 &
  local server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  local patient_cookie moderator_cookie
  patient_cookie=$(sign_in patient1@bench.injectory.test)
  moderator_cookie=$(sign_in moderator@bench.injectory.test)
  for scenario in "${SCENARIOS[@]}"; do
    local label path who
    IFS='|' read -r label path who <<< "$scenario"
    local cookie=()
    case $who in
      patient) cookie=(-H "Cookie: $patient_cookie") ;;
      moderator) cookie=(-H "Cookie: $moderator_cookie") ;;
    esac
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' "${cookie[@]}" "http://127.0.0.1:$PORT$path")
    [ "$status" = 200 ] || { echo "$label answered $status"; exit 1; }
    local ratio="" best_rps=0 best_baseline=0 p50="" p99="" worst_p99=0 errors="" round
    # Each round measures the yardstick page and then this one; the best of each is kept, as
    # ../shared/baseline/compare.sh does, and the worst p99 of the page's rounds is reported.
    for round in $(seq 1 "$ROUNDS"); do
      if [ -n "$BASELINE_URL" ]; then
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H 'Accept-Encoding: gzip' "$BASELINE_URL" > "$OUT/wrk-baseline-$name-$label-$round.txt"
        best_baseline=$(awk -v best="$best_baseline" '/Requests\/sec/ { print ($2 > best ? $2 : best) }' "$OUT/wrk-baseline-$name-$label-$round.txt")
      fi
      echo "== $name $label: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (round $round of $ROUNDS)"
      local wrk_out="$OUT/wrk-$name-$label-$round.txt"
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "${cookie[@]}" "http://127.0.0.1:$PORT$path" > "$wrk_out"
      local rps round_p99_ms
      rps=$(awk '/Requests\/sec/ {print $2}' "$wrk_out")
      if awk -v a="$rps" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then
        best_rps=$rps
        p50=$(awk '$1 == "50%" {print $2}' "$wrk_out")
      fi
      # wrk prints latencies as 812.00us, 12.34ms or 1.02s: compared in milliseconds.
      round_p99_ms=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$wrk_out")
      if awk -v a="$round_p99_ms" -v b="$worst_p99" 'BEGIN { exit !(a >= b) }'; then
        worst_p99=$round_p99_ms
        p99=$(awk '$1 == "99%" {print $2}' "$wrk_out")
      fi
      errors+=$(grep -E "Non-2xx|Socket errors" "$wrk_out" | tr '\n' ' ' || true)
    done
    rps=$best_rps
    if [ -n "$BASELINE_URL" ]; then
      ratio=$(awk -v a="$rps" -v b="$best_baseline" 'BEGIN { printf "ratio %.2f (baseline %.0f req/s)", a / b, b }')
    fi
    printf '%-9s %-12s %10s req/s   p50 %8s   p99 %8s   %s %s\n' "$name" "$label" "$rps" "$p50" "$p99" "$ratio" "$errors" | tee -a "$RESULTS"
  done
  local rss
  rss=$(awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$server/status" 2>/dev/null || echo "?")
  echo "$name      server memory (resident) at the end: $rss" | tee -a "$RESULTS"
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
      run_database postgres "${PG_ADMIN_URL%/*}/injectory_bench${PG_BENCH_OPTIONS:+?$PG_BENCH_OPTIONS}"
      ;;
  esac
done

echo
echo "== results ($CONNECTIONS connections, $DURATION each, PAGE_CACHE_SECONDS=$PAGE_CACHE_SECONDS, release build, load generator on this machine)"
cat "$RESULTS"
