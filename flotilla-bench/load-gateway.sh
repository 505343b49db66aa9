#!/bin/bash
# Gateway (flotilla serve, SQLite ledger) in front of the stub upstream vs the stub alone.
# Needs: mvn -B -q package -pl flotilla-cli,flotilla-bench -am -DskipTests; writes under /tmp/gwbench.
set -u
cd "$(dirname "$0")/.."
. bin/find-jdk.sh >/dev/null 2>&1
J=java
B=flotilla-bench/target/benchmarks.jar
rm -rf /tmp/gwbench/home; mkdir -p /tmp/gwbench/home; cp flotilla-bench/load-catalog.yaml /tmp/gwbench/home/catalog.yaml
$J -cp $B dev.flotilla.bench.load.StubUpstream 9001 > /tmp/gwbench/stub.log 2>&1 &
STUB=$!
sleep 1
OPENAI_API_KEY=sk-bench OPENAI_BASE_URL=http://127.0.0.1:9001/v1 FLOTILLA_HOME=/tmp/gwbench/home \
  $J -jar flotilla-cli/target/flotilla.jar serve --port 9000 > /tmp/gwbench/gw.log 2>&1 &
GW=$!
for i in $(seq 1 60); do grep -q "ready at" /tmp/gwbench/gw.log && break; sleep 0.5; done
D=${D:-6}
drive() { $J -cp $B dev.flotilla.bench.load.LoadDriver "$@"; }
# warm both JVMs
drive http://127.0.0.1:9000/v1/chat/completions closed 16 5 --pids $GW,$STUB >/dev/null
drive http://127.0.0.1:9001/v1/chat/completions closed 16 3 --pids $STUB >/dev/null
for s in plain stream; do
  for c in 1 16 64 256; do
    drive http://127.0.0.1:9001/v1/chat/completions closed $c $D $s --pids $STUB
    drive http://127.0.0.1:9000/v1/chat/completions closed $c $D $s --pids $GW,$STUB
  done
  for r in 100 500 1000; do
    drive http://127.0.0.1:9001/v1/chat/completions open $r $D $s --pids $STUB
    drive http://127.0.0.1:9000/v1/chat/completions open $r $D $s --pids $GW,$STUB
  done
done
kill $GW $STUB
