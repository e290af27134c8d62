#!/usr/bin/env bash
# Lighthouse (12.2.3, with Debian's Chromium) on the release build serving the demo data:
# home, directory, profile, compare, guide and login, as a phone and as a desktop.
# Prints a table of the four category scores and keeps the JSON reports in target/lighthouse/.
# Scores are timing-dependent: this is a report, not a test.   Usage: bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-3902}
OUT=target/lighthouse
CHROME=${CHROME_PATH:-/usr/bin/chromium}
mkdir -p "$OUT"
rm -rf "$OUT/run" && mkdir -p "$OUT/run"

[ -x "$CHROME" ] || { echo "no Chromium at $CHROME (apt-get install chromium)"; exit 1; }
npm ci --prefix tools/lighthouse --no-audit --no-fund >/dev/null
LIGHTHOUSE=tools/lighthouse/node_modules/.bin/lighthouse

cargo build --release --locked --bin injectory
DATABASE_URL="sqlite://$OUT/run/demo.db?mode=rwc" MEDIA_DIR="$OUT/run/media" MAIL_DIR="$OUT/run/mail" \
  BIND="127.0.0.1:$PORT" PUBLIC_URL="http://127.0.0.1:$PORT" LOG_LEVEL=warn \
  target/release/injectory &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done

PAGES=(
  "home|/"
  "directory|/practitioners"
  "profile|/practitioners/dr-maya-rivera"
  "compare|/compare?p=dr-maya-rivera&p=priya-nair"
  "guide|/guide/lip-flip"
  "login|/login"
)

printf '| page | form factor | performance | accessibility | best practices | SEO |\n|---|---|---|---|---|---|\n' > "$OUT/table.md"
for entry in "${PAGES[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  for form in mobile desktop; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    report="$OUT/$name-$form.json"
    CHROME_PATH="$CHROME" "$LIGHTHOUSE" "http://127.0.0.1:$PORT$path" "${preset[@]}" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
      --output=json --output-path="$report" --quiet
    node -e '
      const r = require(process.argv[1]);
      const s = k => Math.round(r.categories[k].score * 100);
      console.log(`| ${process.argv[2]} | ${process.argv[3]} | ${s("performance")} | ${s("accessibility")} | ${s("best-practices")} | ${s("seo")} |`);
    ' "$(pwd)/$report" "$name" "$form" >> "$OUT/table.md"
  done
done
cat "$OUT/table.md"
