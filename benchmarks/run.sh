#!/usr/bin/env bash
# Runs the benchmarks and writes their results, with the machine and the date, to BENCHMARKS.md.
# Not part of the test run: its figures pass or fail nothing.
#
#   benchmarks/run.sh                 all benchmarks (about 12 minutes on 2 cores)
#   benchmarks/run.sh Routing         only the JMH benchmarks whose name matches (no OANDA or Alpaca round trips)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -B -q -DskipTests install -pl benchmarks -am
JAR=benchmarks/target/benchmarks.jar
RESULTS="$ROOT/benchmarks/target/results.json"
ROUND_TRIPS="$ROOT/benchmarks/target/roundtrips.json"
ALPACA_ROUND_TRIPS="$ROOT/benchmarks/target/alpaca-roundtrips.json"
rm -f "$ROUND_TRIPS" "$ALPACA_ROUND_TRIPS"
"$JAVA" -jar "$JAR" "${1:-.*}" -prof gc -rf json -rff "$RESULTS"
# the OANDA and Alpaca round trips take turns with their baselines in half-second slices (see TakingTurns): not JMH
if [ -z "${1:-}" ]; then
  "$JAVA" -cp "$JAR" io.multibroker.oanda.RoundTripComparison "$ROUND_TRIPS"
  "$JAVA" -cp "$JAR" io.multibroker.alpaca.AlpacaRoundTripComparison "$ALPACA_ROUND_TRIPS"
  # the adapter against OANDA's own Java client, the stand-in in its own JVM (about 7 minutes)
  "$JAVA" -cp "$JAR" io.multibroker.oanda.V20PeerComparison "$ROOT/benchmarks/target/v20-peer.json"
fi
python3 "$ROOT/benchmarks/report.py" "$RESULTS" "$ROOT/BENCHMARKS.md" "$("$JAVA" -version 2>&1 | head -n 1)" "$ROUND_TRIPS" "$ALPACA_ROUND_TRIPS"
if [ -f "$ROOT/benchmarks/target/v20-peer.json" ]; then
  { echo; echo "## OANDA adapter against v20-java (V20PeerComparison)"; echo
    python3 "$ROOT/benchmarks/v20_peer_report.py" "$ROOT/benchmarks/target/v20-peer.json"; } >> "$ROOT/BENCHMARKS.md"
fi
echo "written: BENCHMARKS.md"
