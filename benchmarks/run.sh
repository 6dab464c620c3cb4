#!/usr/bin/env bash
# Runs the benchmarks, each program writing its results as JSON under benchmarks/target, then writes the whole of
# BENCHMARKS.md from them (benchmarks/report.py). Not part of the test run: its figures pass or fail nothing.
# benchmarks/boot.sh and benchmarks/operations.sh (which drive the real distribution) write BENCHMARKS.md again when they
# end, with their tables in it; run them after this one.
#
#   benchmarks/run.sh                 every part below (about 30 minutes on 2 cores)
#   benchmarks/run.sh Routing         only the JMH benchmarks whose name matches (the other parts are not run)
#   PARTS="events kill" benchmarks/run.sh
#                                     only the parts named: jmh roundtrips alpaca v20 settling events http postgres kill markouts
#
# Settings for shorter runs (the defaults are the full run's): POSTGRES_ROWS (10000000), POSTGRES_SECONDS (10, a
# throughput round), HTTP_ROUNDS (6); SKIP_BUILD=1 uses the benchmarks jar as it is. A part's old result is removed
# before it runs, so a part that fails leaves its rows out rather than an earlier run's; the parts not run keep theirs,
# and BENCHMARKS.md names each result's time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PATTERN="${1:-.*}"
ALL_PARTS="jmh roundtrips alpaca v20 settling events http postgres kill markouts"
if [ -n "${PARTS:-}" ]; then
  PARTS="${PARTS//,/ }"
elif [ -n "${1:-}" ]; then
  PARTS=jmh
else
  PARTS="$ALL_PARTS"
fi
for part in $PARTS; do
  case " $ALL_PARTS " in *" $part "*) ;; *) echo "unknown part '$part' (parts: $ALL_PARTS)" >&2; exit 2 ;; esac
done
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests install -pl benchmarks -am
JAR=benchmarks/target/benchmarks.jar
OUT="$ROOT/benchmarks/target"
TIMES="$OUT/run-times.txt"
"$JAVA" -version 2>&1 | head -n 1 > "$OUT/java-version.txt"
# the times of the parts not run this time stay, beside their results
touch "$TIMES"

wanted() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# part <name> <result file> <command...>: runs one part if it was asked for, with its old result removed first, and
# writes how long it took; a part that fails is named and the others still run
FAILED=""
part() {
  local name="$1" result="$2" started; shift 2
  wanted "$name" || return 0
  rm -f "$result"
  echo "== $name" >&2
  started=$(date +%s)
  if ! "$@"; then
    FAILED="$FAILED $name"
    echo "$name failed" >&2
  fi
  sed -i "/^$name /d" "$TIMES"
  echo "$name $(( $(date +%s) - started ))" >> "$TIMES"
}

# JMH, one benchmark after the other (about 12 minutes for all), each JVM with the heap options the distribution gives
# the runtime (bin/setenv). Left to the JVM's own heap (6 GB here), a benchmark that allocates little went through eden
# without a collection, and every allocation then touched memory for the first time: the eligibility lookup measured
# 25-30 us at 1,000 accounts so, and 4.6-5.5 us as the runtime runs (benchmarks/NOTES.md, eighth round). Prepended, so
# that a benchmark's own @Fork options (ReportBenchmark's larger heap) come after them and win.
JMH_JVM_OPTS="$(env -u JAVA_OPTS -u EXTRA_JAVA_OPTS -u MULTIBROKER_HEAP_MIN -u MULTIBROKER_HEAP_MAX \
  sh -c '. "$1"; echo $EXTRA_JAVA_OPTS' setenv distribution/src/main/resources/assembly/bin/setenv)"
wanted jmh && echo "$JMH_JVM_OPTS" > "$OUT/jmh-jvm-options.txt"
part jmh "$OUT/results.json" "$JAVA" -jar "$JAR" "$PATTERN" -jvmArgsPrepend "$JMH_JVM_OPTS" -prof gc -rf json -rff "$OUT/results.json"
# the OANDA and Alpaca round trips take turns with their baselines in half-second slices (see TakingTurns): not JMH
part roundtrips "$OUT/roundtrips.json" "$JAVA" -cp "$JAR" io.multibroker.oanda.RoundTripComparison "$OUT/roundtrips.json"
part alpaca "$OUT/alpaca-roundtrips.json" "$JAVA" -cp "$JAR" io.multibroker.alpaca.AlpacaRoundTripComparison "$OUT/alpaca-roundtrips.json"
# the adapter against OANDA's own Java client, the stand-in in its own JVM (about 7 minutes)
part v20 "$OUT/v20-peer.json" "$JAVA" -cp "$JAR" io.multibroker.oanda.V20PeerComparison "$OUT/v20-peer.json"
# the adapter and v20-java each from its first order in a JVM of its own, 8 callers, 30 s: when the JIT went quiet and
# the CPU per order held (about 90 s)
settling() {
  local side
  rm -f "$OUT"/v20-settling-*.json
  for side in adapterwaits v20java; do
    "$JAVA" -Dsettling=30 -Dconcurrency=8 -Dsides="$side" -cp "$JAR" io.multibroker.oanda.V20PeerComparison \
      "$OUT/v20-settling-$side.json" || return 1
  done
}
part settling "$OUT/v20-settling-v20java.json" settling
# an order event through the registry (journalled) against the adapter's own stream (about 40 s)
part events "$OUT/event-latency.json" "$JAVA" -cp "$JAR" io.multibroker.registry.OrderEventLatency "$OUT/event-latency.json"
# the HTTP API against the in-JVM router at 1 / 8 / 64 callers, and SSE delivery (about a minute)
part http "$OUT/http-api.json" "$JAVA" -cp "$JAR" io.multibroker.http.HttpApiComparison "$OUT/http-api.json" "${HTTP_ROUNDS:-6}"
# PostgreSQL: a throwaway cluster from Debian's binaries (the postgresql package), as the tests start it
postgres() {
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "postgres: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (Debian's postgresql package): not run" >&2
    return 1
  fi
  "$JAVA" -cp "$JAR" io.multibroker.abtest.PostgresStoreMeasurement "${POSTGRES_SECONDS:-10}" "${POSTGRES_ROWS:-10000000}" "$OUT/postgres.json"
}
part postgres "$OUT/postgres.json" postgres
# kill -9 of a JVM with 1,000 journal intents in flight (about 10 s)
part kill "$OUT/journal-kill.json" "$JAVA" -cp "$JAR" io.multibroker.journal.JournalKillMeasurement "$OUT/journal-kill.json"
# the memory of pending markouts (JOL, a few seconds)
part markouts "$OUT/markout-memory.json" "$JAVA" -cp "$JAR" io.multibroker.quality.PendingMarkoutMemory "$OUT/markout-memory.json"

python3 "$ROOT/benchmarks/report.py" "$OUT" "$ROOT/BENCHMARKS.md"
if [ -n "$FAILED" ]; then
  echo "failed:$FAILED (their rows are left out of BENCHMARKS.md)" >&2
  exit 1
fi
