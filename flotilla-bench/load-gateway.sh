#!/bin/bash
# The gateway benchmark of docs/benchmarks.md: `flotilla serve` (SQLite ledger) in front of
# `flotilla sim serve --speed 0`, against the simulator alone, one line per run.
#   closed loop, plain: wrk (C; installed by `apt-get install wrk`), else the Java LoadDriver
#   closed loop, streaming, and open loop: dev.flotilla.bench.load.LoadDriver
# Needs: mvn -B -q package -pl flotilla-cli,flotilla-bench -am -DskipTests. Writes under /tmp/gwbench.
# D (seconds per run, default 10) and WARM (seconds of warm-up per JVM, default 60) tune it.
set -u
cd "$(dirname "$0")/.."
. bin/find-jdk.sh >/dev/null
D=${D:-10}
WARM=${WARM:-60}
B=flotilla-bench/target/benchmarks.jar
F=flotilla-cli/target/flotilla.jar
W=/tmp/gwbench
rm -rf $W; mkdir -p $W/home
cp flotilla-bench/load-catalog.yaml $W/home/catalog.yaml
PLAIN='{"model":"gpt-5.4-mini","max_tokens":64,"messages":[{"role":"user","content":"Say hello to the load test"}]}'
cat > $W/post.lua <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$PLAIN'
EOF

FLOTILLA_HOME=$W/home java -jar $F sim serve --port 9001 --speed 0 > $W/sim.log 2>&1 &
SIM=$!
OPENAI_API_KEY=sk-bench OPENAI_BASE_URL=http://127.0.0.1:9001/v1 FLOTILLA_HOME=$W/home \
  java -jar $F serve --port 9000 > $W/gw.log 2>&1 &
GW=$!
trap 'kill $GW $SIM 2>/dev/null' EXIT
for i in $(seq 1 60); do grep -q "ready at" $W/gw.log && grep -q "serving" $W/sim.log && break; sleep 0.5; done
UP=http://127.0.0.1:9001/v1/chat/completions
VIA=http://127.0.0.1:9000/v1/chat/completions

cpu() { awk '{print ($14+$15)/100}' /proc/$1/stat; }
drive() { java -cp $B dev.flotilla.bench.load.LoadDriver "$@"; }
wrkline() { # URL CONNECTIONS PIDS...
  local url=$1 c=$2; shift 2
  local before=() p; for p in "$@"; do before+=("$(cpu $p)"); done
  wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${D}s --latency -s $W/post.lua "$url" > $W/wrk.out
  local cpus="" i=0; for p in "$@"; do cpus+=" cpu[$p]=$(echo "$(cpu $p) ${before[$i]}" | awk '{printf "%.1fs", $1-$2}')"; i=$((i+1)); done
  echo "$(basename "$(dirname "$(dirname "$url")")"):${url##*:} wrk closed $c plain: $(awk '/Requests\/sec/{print $2}' $W/wrk.out) req/s," \
    "p50 $(awk '$1=="50%"{print $2}' $W/wrk.out), p99 $(awk '$1=="99%"{print $2}' $W/wrk.out)," \
    "non-2xx/errors: $(grep -E 'Non-2xx|Socket errors' $W/wrk.out | tr -s ' ' | tr '\n' ';')$cpus"
}
closed_plain() { if command -v wrk >/dev/null; then wrkline "$@"; else local u=$1 c=$2; shift 2; drive "$u" closed $c $D --pids "$(IFS=,; echo "$*")"; fi; }

echo "warm-up: ${WARM}s per JVM (JIT)"
drive $UP closed 16 $WARM >/dev/null
drive $VIA closed 16 $WARM >/dev/null
drive $VIA closed 16 $((WARM / 3)) stream >/dev/null
echo "gateway pid $GW, simulator pid $SIM, ${D}s per run ($(nproc) cores shared by driver, gateway and simulator)"
for c in 1 16 64 256; do
  closed_plain $UP $c $SIM
  closed_plain $VIA $c $GW $SIM
done
for r in 100 500 1000; do
  drive $UP open $r $D --pids $SIM
  drive $VIA open $r $D --pids $GW,$SIM
done
for c in 1 16 64; do
  drive $UP closed $c $D stream --pids $SIM
  drive $VIA closed $c $D stream --pids $GW,$SIM
done
for r in 100 1000; do
  drive $UP open $r $D stream --pids $SIM
  drive $VIA open $r $D stream --pids $GW,$SIM
done
echo "gateway's own overhead (total minus upstream), from its /metrics over the whole benchmark:"
curl -s http://127.0.0.1:9000/metrics | grep -E '^flotilla_gateway_overhead_seconds(_count|_sum|\{quantile|_bucket)'
