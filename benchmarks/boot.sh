#!/usr/bin/env bash
# Boot time and resident memory of the distribution beside a bare Apache Karaf 4.4.10 of the same machine, in one run:
# each is started ROUNDS times, in turn, from bin/start to the first command answered over SSH
# (the same OpenSSH client and polling for both, as the launcher logs in, so the grain is the same), and its resident
# memory is read once it is idle.
# The bare Karaf comes from Maven Central (org.apache.karaf:apache-karaf:4.4.10:zip); ./multibroker builds and installs
# the distribution. Writes benchmarks/target/boot.md. Needs the ports the runtime uses (8101, 1099, 44444, 8181) free.
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

# boot <karaf home> <user> <password file> <command>: ms from bin/start to the command answered; leaves it running
boot() {
  local home="$1" user="$2" password="$3" command="$4" start deadline
  rm -rf "$home/data/cache" "$home/data/tmp"
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

bare_ms=(); ours_ms=(); bare_rss=(); ours_rss=()
for round in $(seq 1 "$ROUNDS"); do
  bare_ms+=("$(boot "$BARE" bench "$TARGET/bare-password" bundle:list)")
  sleep 20; bare_rss+=("$(rss_mb "$BARE")"); stop "$BARE"
  ours_ms+=("$(boot "$RUNTIME" multibroker "$ROOT/.multibroker/credentials" broker:list)")
  sleep 20; ours_rss+=("$(rss_mb "$RUNTIME")"); stop "$RUNTIME"
  echo "round $round: bare ${bare_ms[-1]} ms ${bare_rss[-1]} MB, multibroker ${ours_ms[-1]} ms ${ours_rss[-1]} MB" >&2
done
bare="$(median "${bare_ms[@]}")"; ours="$(median "${ours_ms[@]}")"
{
  echo "## Boot and memory beside a bare Karaf"
  echo
  echo "Measured by \`benchmarks/boot.sh\` on $(date -u +%F): $ROUNDS starts of each, in turn, bundle cache dropped each time;"
  echo "bin/start to the first command answered over SSH (bare: bundle:list; multibroker: broker:list, i.e."
  echo "with its commands registered); resident memory 20 s after that. Medians; every round: bare ${bare_ms[*]} ms,"
  echo "multibroker ${ours_ms[*]} ms."
  echo
  echo "| figure | multibroker | bare Karaf 4.4.10 (same run) | ratio | target | |"
  echo "|---|---|---|---|---|---|"
  echo "| start to the first command answered | ${ours} ms | ${bare} ms | $(awk "BEGIN {printf \"%.2f\", $ours / $bare}") x | <= 1.3 x | $(awk "BEGIN {print ($ours / $bare <= 1.3) ? \"met\" : \"missed\"}") |"
  echo "| resident memory, idle | $(median "${ours_rss[@]}") MB | $(median "${bare_rss[@]}") MB | | <= 350 MB peak | $( [ "$(median "${ours_rss[@]}")" -le 350 ] && echo met || echo missed) (idle) |"
  echo
} > "$OUT"
cat "$OUT"
