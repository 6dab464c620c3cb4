"""Renders V20PeerComparison's JSON (the OANDA adapter against v20-java) as a Markdown table, one row per figure,
each beside its v20-java peer from the same run, with the target (the adapter at least as fast, with no more CPU per
order) met or missed.

    python3 benchmarks/v20_peer_report.py benchmarks/target/v20-peer.json
"""
import json
import sys

result = json.load(open(sys.argv[1]))
levels = [k for k in result if k.isdigit()]
print("| callers (connections each side) | figure | adapter | v20-java | adapter / v20-java | plain JDK HttpClient "
      "| plain Apache HttpClient 5 | Apache HttpClient 5 handed to another thread and awaited (a non-blocking API's floor) "
      "| plain Jetty client | target |")
print("|---|---|---|---|---|---|---|---|---|---|")
PLAIN_SIDES = ("jdkplain", "hc5plain", "hc5handoff", "jettyplain")


def each(plains, format_one):
    """The figure of each plain client (the JDK's, Apache HttpClient 5 on the caller's thread and handed off, Jetty's), blank
    where a side was not run."""
    return " | ".join(format_one(p) if p else "" for p in plains)


for level in levels:
    r = result[level]
    a, v = r["adapter"], r["v20java"]
    plains = [r.get(side) for side in PLAIN_SIDES]
    label = "%s (%d)" % (level, r["connectionsEachSide"])
    rate_ratio, cpu_ratio = r["rateRatio"], r["cpuRatio"]
    rounds = r["rateRatioRounds"]
    print("| %s | orders/s (median slice) | %.0f | %.0f | %.2f (rounds %.2f–%.2f) | %s | %s |" % (
        label, a["ordersPerSecond"], v["ordersPerSecond"], rate_ratio, min(rounds), max(rounds),
        each(plains, lambda p: "%.0f" % p["ordersPerSecond"]), "met" if rate_ratio >= 1 else "missed"))
    print("| %s | p50 / p99 | %.2f / %.1f ms | %.2f / %.1f ms | | %s | |" % (
        label, a["p50Millis"], a["p99Millis"], v["p50Millis"], v["p99Millis"],
        each(plains, lambda p: "%.2f / %.1f ms" % (p["p50Millis"], p["p99Millis"]))))
    print("| %s | client CPU per order (kernel share) | %.0f µs (%.0f %%) | %.0f µs (%.0f %%) | %.2f | %s | %s |" % (
        label, a["cpuMicrosPerOrder"], 100 * a["kernelShareOfCpu"], v["cpuMicrosPerOrder"], 100 * v["kernelShareOfCpu"], cpu_ratio,
        each(plains, lambda p: "%.0f µs (%.0f %%)" % (p["cpuMicrosPerOrder"], 100 * p["kernelShareOfCpu"])), "met" if cpu_ratio <= 1 else "missed"))
    print("| %s | warm-up until the JIT was quiet | %d rounds, %.0f s (JIT ms a round: %s) | | | | | | | |" % (
        label, r["warmUpRounds"], r["warmUpSeconds"], ", ".join(str(x) for x in r["jitMillisPerWarmUpRound"])))
