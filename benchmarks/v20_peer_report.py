"""Renders V20PeerComparison's JSON (the OANDA adapter against v20-java) as a Markdown table, one row per figure,
each beside its v20-java peer from the same run, with the target (the adapter at least as fast, with no more CPU per
order) met or missed.

The target is judged on the adapter called as v20-java is called, by a caller that waits for the answer
(`adapterwaits`: the HTTP API and the shell); the adapter called by a caller that is not held (`adapter`) is shown
beside it with its own ratios.

    python3 benchmarks/v20_peer_report.py benchmarks/target/v20-peer.json
"""
import json
import sys
from math import comb

result = json.load(open(sys.argv[1]))
levels = [k for k in result if k.isdigit()]
print("| callers (connections each side) | figure | adapter, caller waits | v20-java | adapter, caller waits / v20-java "
      "| adapter, caller not held (/ v20-java) | plain JDK HttpClient | plain Apache HttpClient 5 "
      "| Apache HttpClient 5 handed to another thread and awaited | plain Jetty client | target |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
PLAIN_SIDES = ("jdkplain", "hc5plain", "hc5handoff", "jettyplain")


def each(plains, format_one):
    """The figure of each plain client (the JDK's, Apache HttpClient 5 on the caller's thread and handed off, Jetty's), blank
    where a side was not run."""
    return " | ".join(format_one(p) if p else "" for p in plains)


def met(ok):
    return "met" if ok else "missed"


def median_interval(values):
    """A distribution-free 95 % interval of the median of the rounds' ratios: the k-th smallest and k-th largest, k the
    largest for which fewer than k of n fair coin flips come up heads with at most 2.5 % chance (order statistics, no
    assumption of a normal spread, which the rounds on this machine do not have). None with fewer than 6 rounds."""
    ordered, n = sorted(values), len(values)
    k = 0
    while sum(comb(n, i) for i in range(k + 1)) / 2 ** n <= 0.025:
        k += 1
    return None if k == 0 else (ordered[k - 1], ordered[n - k])


def judged(median, rounds, better_when_higher):
    """The verdict on a median ratio to v20-java, and whether the rounds can tell the two sides apart at all."""
    interval = median_interval(rounds) if rounds else None
    ok = median >= 1 if better_when_higher else median <= 1
    if interval is None:
        return met(ok)
    low, high = interval
    apart = low > 1 or high < 1
    return "%s (95 %% interval of the median %.2f–%.2f: %s)" % (
        met(ok), low, high, "apart from v20-java" if apart else "not told apart from v20-java")


for level in levels:
    r = result[level]
    w, a, v = r["adapterwaits"], r["adapter"], r["v20java"]
    plains = [r.get(side) for side in PLAIN_SIDES]
    label = "%s (%d)" % (level, r["connectionsEachSide"])
    rounds = w["rateRatioRoundsToV20java"]
    print("| %s | orders/s (median slice) | %.0f | %.0f | %.2f (rounds %.2f–%.2f) | %.0f (%.2f) | %s | %s |" % (
        label, w["ordersPerSecond"], v["ordersPerSecond"], w["rateRatioToV20java"], min(rounds), max(rounds),
        a["ordersPerSecond"], a["rateRatioToV20java"], each(plains, lambda p: "%.0f" % p["ordersPerSecond"]),
        judged(w["rateRatioToV20java"], rounds, True)))
    print("| %s | p50 / p99 | %.2f / %.1f ms | %.2f / %.1f ms | | %.2f / %.1f ms | %s | |" % (
        label, w["p50Millis"], w["p99Millis"], v["p50Millis"], v["p99Millis"], a["p50Millis"], a["p99Millis"],
        each(plains, lambda p: "%.2f / %.1f ms" % (p["p50Millis"], p["p99Millis"]))))
    cpu_rounds = w.get("cpuRatioRoundsToV20java", [])
    print("| %s | client CPU per order (kernel share) | %.0f µs (%.0f %%) | %.0f µs (%.0f %%) | %.2f%s | %.0f µs (%.2f) | %s | %s |" % (
        label, w["cpuMicrosPerOrder"], 100 * w["kernelShareOfCpu"], v["cpuMicrosPerOrder"], 100 * v["kernelShareOfCpu"],
        w["cpuRatioToV20java"], " (rounds %.2f–%.2f)" % (min(cpu_rounds), max(cpu_rounds)) if cpu_rounds else "",
        a["cpuMicrosPerOrder"], a["cpuRatioToV20java"],
        each(plains, lambda p: "%.0f µs (%.0f %%)" % (p["cpuMicrosPerOrder"], 100 * p["kernelShareOfCpu"])),
        judged(w["cpuRatioToV20java"], cpu_rounds, False)))
    print("| %s | warm-up until the JIT was quiet | %d rounds, %.0f s (JIT ms a round: %s) | | | | | | | | |" % (
        label, r["warmUpRounds"], r["warmUpSeconds"], ", ".join(str(x) for x in r["jitMillisPerWarmUpRound"])))
    settled = lambda side: "never" if side["settledAfterSeconds"] < 0 else "%.0f s" % side["settledAfterSeconds"]
    print("| %s | its own slices within ±10 %% of their mean over 4 in a row, from (target: within 10 s) | %s | %s | | %s | %s | |" % (
        label, settled(w), settled(v), settled(a), each(plains, settled)))
