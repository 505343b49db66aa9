#!/usr/bin/env bash
# Runs the openai npm package (openai-client.mjs) against `./flotilla sim serve`, as a user would.
# Called by .ci/run; needs node and npm. Installs into flotilla-sim/target/npm-smoke.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
here="$root/flotilla-sim/src/test/js"
work="$root/flotilla-sim/target/npm-smoke"
mkdir -p "$work"
cp "$here/package.json" "$here/openai-client.mjs" "$work/"
(cd "$work" && npm install --no-audit --no-fund --no-package-lock --loglevel=error)

log="$work/serve.log"
"$root/flotilla" sim serve --port 0 --speed 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 300); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/v1' "$log" | head -n 1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "flotilla sim serve printed no URL:" >&2; cat "$log" >&2; exit 1; }
echo "flotilla sim serve at $url"
OPENAI_BASE_URL="$url" OPENAI_API_KEY=sk-simulated node "$work/openai-client.mjs"
