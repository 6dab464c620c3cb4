#!/usr/bin/env bash
# Boot time and resident memory of the distribution beside a bare Apache Karaf 4.4.10 of the same machine, in one run:
# each is started ROUNDS times, in turn, from bin/start to the first command answered over SSH, once cold (the bundle
# cache dropped: every feature resolved and installed, as on a first start or after an upgrade) and once warm (the
# cache kept, as on a restart); the distribution warm a third time with its heap bounded at 256 MB
# (MULTIBROKER_HEAP_MAX=256m) beside its default (bin/setenv)
# (the same OpenSSH client and polling for both, as the launcher logs in, so the grain is the same), and its resident
# memory is read once it is idle.
# The bare Karaf comes from Maven Central (org.apache.karaf:apache-karaf:4.4.10:zip); ./multibroker builds and installs
# the distribution. Writes benchmarks/target/boot.md, then BENCHMARKS.md again through benchmarks/report.py, which
# includes it. Needs the ports the runtime uses (8101, 1099, 44444, 8181) free.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-3}"
TARGET="$ROOT/benchmarks/target"
BARE="$TARGET/bare-karaf"
RUNTIME="$ROOT/.multibroker/runtime"
OUT="$TARGET/boot.md"
mkdir -p "$TARGET"
now_ms() { date +%s%3N; }

# the bare Karaf, with a user to log in with over SSH (the shipped one has none)
if [ ! -x "$BARE/bin/start" ]; then
  mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:4.4.10:zip -DoutputDirectory="$TARGET"
  rm -rf "$BARE" && mkdir -p "$BARE"
  unzip -q "$TARGET/apache-karaf-4.4.10.zip" -d "$TARGET/bare-unzip"
  mv "$TARGET"/bare-unzip/apache-karaf-4.4.10/* "$BARE"/ && rm -rf "$TARGET/bare-unzip"
  chmod +x "$BARE"/bin/*
  printf 'bench = bench,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' >> "$BARE/etc/users.properties"
fi

# the distribution, built and installed by the launcher, then stopped
./multibroker status >/dev/null 2>&1 && ./multibroker stop >/dev/null
./multibroker broker:list >/dev/null
./multibroker stop >/dev/null
ASKPASS="$TARGET/boot-askpass"
printf '#!/bin/sh\ncat "$BOOT_PASSWORD_FILE"\n' > "$ASKPASS" && chmod 700 "$ASKPASS"
printf 'bench' > "$TARGET/bare-password" && chmod 600 "$TARGET/bare-password"

# answers <user> <password file> <command>: whether the shell on 127.0.0.1:8101 runs the command (the password through
# SSH_ASKPASS, never on a command line)
answers() {
  BOOT_PASSWORD_FILE="$2" SSH_ASKPASS="$ASKPASS" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
    ssh -p 8101 -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o ConnectTimeout=5 \
        -o PreferredAuthentications=password,keyboard-interactive -o NumberOfPasswordPrompts=1 -q -o LogLevel=QUIET \
        "$1@127.0.0.1" "$3" </dev/null >/dev/null 2>&1
}

# boot <cold|warm> <karaf home> <user> <password file> <command>: ms from bin/start to the command answered; leaves it running
boot() {
  local mode="$1" home="$2" user="$3" password="$4" command="$5" start deadline
  [ "$mode" = cold ] && rm -rf "$home/data/cache" "$home/data/tmp"
  start=$(now_ms)
  "$home/bin/start"
  deadline=$(( $(date +%s) + 180 ))
  until answers "$user" "$password" "$command"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out booting $home" >&2; return 1; }
  done
  echo $(( $(now_ms) - start ))
}
rss_mb() { local pid; pid="$(pgrep -f -- "-Dkaraf.home=$1" | head -n 1)"; echo $(( $(ps -o rss= -p "$pid") / 1024 )); }
stop() {
  "$1/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f -- "-Dkaraf.home=$1" >/dev/null; do sleep 0.5; done
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }
verdict() { awk "BEGIN {print ($1 <= $2) ? \"met\" : \"**missed**\"}"; }

# measure <name> <cold|warm> <home> <user> <password file> <command>: one start, its time and its memory 20 s later
declare -A MS RSS
measure() {
  local name="$1"; shift
  local ms; ms="$(boot "$@")"
  sleep 20
  MS[$name]="${MS[$name]:-} $ms"; RSS[$name]="${RSS[$name]:-} $(rss_mb "$2")"
  stop "$2"
}
for round in $(seq 1 "$ROUNDS"); do
  measure bare-cold cold "$BARE" bench "$TARGET/bare-password" bundle:list
  measure bare-warm warm "$BARE" bench "$TARGET/bare-password" bundle:list
  measure ours-cold cold "$RUNTIME" multibroker "$ROOT/.multibroker/credentials" broker:list
  measure ours-warm warm "$RUNTIME" multibroker "$ROOT/.multibroker/credentials" broker:list
  export MULTIBROKER_HEAP_MAX=256m
  measure ours-warm-256m warm "$RUNTIME" multibroker "$ROOT/.multibroker/credentials" broker:list
  unset MULTIBROKER_HEAP_MAX
  echo "round $round: $(for k in bare-cold bare-warm ours-cold ours-warm ours-warm-256m; do printf '%s %s ms %s MB; ' "$k" "${MS[$k]##* }" "${RSS[$k]##* }"; done)" >&2
done
m() { median ${MS[$1]}; }
r() { median ${RSS[$1]}; }
{
  echo "## Boot and memory beside a bare Karaf"
  echo
  echo "Measured by \`benchmarks/boot.sh\` on $(date -u +%F): $ROUNDS rounds, each starting, in turn, the bare Karaf and the"
  echo "distribution cold (bundle cache dropped: every feature resolved and installed, as on a first start or after an upgrade)"
  echo "and warm (cache kept, as on a restart), then the distribution warm with its heap bounded at 256 MB; bin/start to the"
  echo "first command answered over SSH (bare: bundle:list; multibroker: broker:list, i.e. with its commands registered),"
  echo "resident memory 20 s after that. Medians. Every start (ms): $(for k in bare-cold bare-warm ours-cold ours-warm ours-warm-256m; do printf '%s%s; ' "$k" "${MS[$k]}"; done)"
  echo "resident (MB): $(for k in bare-cold bare-warm ours-cold ours-warm ours-warm-256m; do printf '%s%s; ' "$k" "${RSS[$k]}"; done)"
  echo
  echo "| figure | multibroker | bare Karaf 4.4.10 (same run) | ratio | target | |"
  echo "|---|---|---|---|---|---|"
  echo "| start to the first command, warm (a restart) | $(m ours-warm) ms | $(m bare-warm) ms | $(ratio "$(m ours-warm)" "$(m bare-warm)") x | <= 1.3 x | $(verdict "$(ratio "$(m ours-warm)" "$(m bare-warm)")" 1.3) |"
  echo "| start to the first command, cold (first start, upgrade) | $(m ours-cold) ms | $(m bare-cold) ms | $(ratio "$(m ours-cold)" "$(m bare-cold)") x | <= 1.3 x | $(verdict "$(ratio "$(m ours-cold)" "$(m bare-cold)")" 1.3) |"
  echo "| resident memory idle after a warm start (heap 64 MB-1 GB, bin/setenv) | $(r ours-warm) MB | $(r bare-warm) MB | | <= 350 MB | $(verdict "$(r ours-warm)" 350) |"
  echo "| resident memory idle after a cold start | $(r ours-cold) MB | $(r bare-cold) MB | | <= 350 MB | $(verdict "$(r ours-cold)" 350) |"
  echo "| resident memory idle after a warm start, heap bounded at 256 MB | $(r ours-warm-256m) MB | | | <= 350 MB | $(verdict "$(r ours-warm-256m)" 350) |"
  echo "| start to the first command, warm, heap bounded at 256 MB | $(m ours-warm-256m) ms | $(m bare-warm) ms | $(ratio "$(m ours-warm-256m)" "$(m bare-warm)") x | <= 1.3 x | $(verdict "$(ratio "$(m ours-warm-256m)" "$(m bare-warm)")" 1.3) |"
  echo
} > "$OUT"
cat "$OUT"
python3 "$ROOT/benchmarks/report.py" "$TARGET" "$ROOT/BENCHMARKS.md"
