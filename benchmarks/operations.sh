#!/usr/bin/env bash
# Operational timings of the real distribution, by script rather than JMH: start to the first command answered,
# an adapter JAR dropped into deploy/ to its account being UP (routable), a configuration file edit to the new
# version being in force, and the resident memory of the Karaf process idle and while 3,000 orders are routed.
# Writes benchmarks/target/operations.md, then BENCHMARKS.md again through benchmarks/report.py, which includes it.
# Each step polls through ./multibroker (one SSH login, about 0.1-0.3 s), so timings are upper bounds at that grain.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MB="$ROOT/multibroker"
RUNTIME="$ROOT/.multibroker/runtime"
OUT="$ROOT/benchmarks/target/operations.md"
mkdir -p "$(dirname "$OUT")"
now_ms() { date +%s%3N; }
quiet() { "$MB" "$@" 2>/dev/null; }
poll_until() { # poll_until <timeout-s> <command...>: runs the command until it succeeds
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out: $*" >&2; return 1; }
  done
}
verdict() { if [ "$1" -le 350 ]; then echo met; else echo '**missed**'; fi; }
karaf_pid() { pgrep -f -- "-Dkaraf.home=$RUNTIME" | head -n 1; }
rss_mb() { echo $(( $(ps -o rss= -p "$(karaf_pid)") / 1024 )); }
# the runtime is left stopped however the script ends (a run once left it holding the ports the tests use)
stop_runtime() { "$MB" stop >/dev/null 2>&1 || true; while [ -n "$(karaf_pid)" ]; do "$RUNTIME/bin/stop" >/dev/null 2>&1 || true; sleep 1; done; }
trap stop_runtime EXIT

# the adapter JAR dropped into deploy/ below; the launcher's build (the distribution) does not make it
if ! compgen -G "testing/sample-adapter/target/multibroker-sample-adapter-*.jar" >/dev/null; then
  mvn -B -q -DskipTests package -pl testing/sample-adapter -am
fi
"$MB" stop >/dev/null 2>&1 || true
"$MB" rebuild >/dev/null 2>&1 || true   # installs a fresh runtime from the current build, and starts it
"$MB" stop >/dev/null 2>&1 || true

# 1. start to the first command answered
start=$(now_ms)
"$RUNTIME/bin/start"
poll_until 180 quiet broker:list
started=$(( $(now_ms) - start ))
poll_until 60 bash -c "\"$MB\" broker:list 2>/dev/null | grep paper-fast | grep -q ' UP '"
sleep 5
idle_rss=$(rss_mb)

# 2. a JAR in deploy/ to its account UP
cat > "$RUNTIME/etc/io.multibroker.sample-ops.cfg" <<CFG
account.id = sample-ops
CFG
start=$(now_ms)
cp testing/sample-adapter/target/multibroker-sample-adapter-*.jar "$RUNTIME/deploy/multibroker-sample-adapter.jar"
poll_until 120 bash -c "\"$MB\" broker:list 2>/dev/null | grep sample-ops | grep -q ' UP '"
deployed=$(( $(now_ms) - start ))

# 3. an edited etc/ file to the new version in force (the history gets it when the adapter has it)
versions() { "$MB" broker:config-history paper-fast 2>/dev/null | grep -cE '^ *[0-9]+ ' || true; }
before=$(versions)
start=$(now_ms)
# a value other than the one in force (the runtime keeps the file across runs and upgrades)
median_now=$(sed -n 's/^latency.median.ms = //p' "$RUNTIME/etc/io.multibroker.paper-paper-fast.cfg")
sed -i "s/^latency.median.ms = .*/latency.median.ms = $([ "$median_now" = 9 ] && echo 8 || echo 9)/" "$RUNTIME/etc/io.multibroker.paper-paper-fast.cfg"
poll_until 60 bash -c "[ \$(\"$MB\" broker:config-history paper-fast 2>/dev/null | grep -cE '^ *[0-9]+ ') -gt $before ]"
reconfigured=$(( $(now_ms) - start ))

# 4. a shell command through the launcher on the running runtime, 20 one after the other: its time, the runtime's CPU
#    for it (each SSH login costs the runtime a bcrypt check of the password) and the logins it took
karaf_cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tick)}' "/proc/$(karaf_pid)/stat"; }
logins() { grep -c "Session multibroker@.* authenticated" "$RUNTIME/data/log/karaf.log" || true; }
quiet shell:echo ready >/dev/null
cpu_before=$(karaf_cpu_ms); logins_before=$(logins); start=$(now_ms)
for i in $(seq 1 20); do quiet shell:echo "$i" >/dev/null; done
command_ms=$(( ($(now_ms) - start) / 20 ))
command_cpu_ms=$(( ($(karaf_cpu_ms) - cpu_before) / 20 ))
command_logins=$(awk "BEGIN {printf \"%.1f\", ($(logins) - $logins_before) / 20}")

# 5. resident memory while routing 3,000 orders
peak=0
"$MB" abtest:run demo --orders 3000 --concurrency 16 >/dev/null 2>&1 &
runner=$!
while kill -0 "$runner" 2>/dev/null; do
  rss=$(rss_mb); [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 0.5
done
"$MB" stop >/dev/null 2>&1 || true

{
  echo "## Operational timings"
  echo
  echo "Measured by \`benchmarks/operations.sh\` on $(date -u +%F) (polling through SSH: upper bounds, about 0.2 s grain)."
  echo
  echo "| figure | measured | baseline (same run) | ratio | target | |"
  echo "|---|---|---|---|---|---|"
  echo "| distribution start (bin/start) to the first shell command answered, right after an upgrade | $(( started )) ms | | | (boot.sh compares starts with a bare Karaf) | |"
  echo "| an adapter JAR dropped into deploy/ (with its account's etc/ file) to the account UP | $(( deployed )) ms | | | (for comparison) | |"
  echo "| an edited etc/*.cfg to the new configuration in force (FileInstall polls etc/ every second) | $(( reconfigured )) ms | | | (for comparison) | |"
  echo "| a shell command through ./multibroker on the running runtime (shell:echo, 20 one after the other) | ${command_ms} ms each, ${command_cpu_ms} ms of the runtime's CPU, ${command_logins} SSH login(s) | | | (for comparison) | |"
  echo "| resident memory of the Karaf process, idle | ${idle_rss} MB | | | <= 350 MB | $(verdict "$idle_rss") |"
  echo "| resident memory, peak while routing 3,000 orders (16 at a time) | ${peak} MB | idle: ${idle_rss} MB | $(awk "BEGIN {printf \"%.2f x\", $peak / $idle_rss}") | <= 350 MB peak | $(verdict "$peak") |"
  echo
} > "$OUT"
cat "$OUT"
python3 "$ROOT/benchmarks/report.py" "$ROOT/benchmarks/target" "$ROOT/BENCHMARKS.md"
