#!/usr/bin/env bash
# Runs the JMH benchmarks and writes their results, with the machine and the date, to BENCHMARKS.md.
# Not part of the test run: its figures pass or fail nothing.
#
#   benchmarks/run.sh                 all benchmarks (about 3 minutes on 2 cores)
#   benchmarks/run.sh Routing         only those whose name matches
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mvn -B -q -DskipTests install -pl benchmarks -am
RESULTS="$ROOT/benchmarks/target/results.json"
"$JAVA" -jar benchmarks/target/benchmarks.jar "${1:-.*}" -prof gc -rf json -rff "$RESULTS"
python3 "$ROOT/benchmarks/report.py" "$RESULTS" "$ROOT/BENCHMARKS.md" "$("$JAVA" -version 2>&1 | head -n 1)"
echo "written: BENCHMARKS.md"
