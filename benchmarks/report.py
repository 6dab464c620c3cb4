"""Renders JMH results (JSON) as BENCHMARKS.md: each figure as a ratio to its baseline from the same run."""
import datetime
import json
import os
import platform
import sys

results_file, out_file, java = sys.argv[1], sys.argv[2], sys.argv[3]
round_trips_file = sys.argv[4] if len(sys.argv) > 4 else None
everything = json.load(open(results_file))
# the OANDA round trips from RoundTripComparison, when it ran
round_trips = json.load(open(round_trips_file)) if round_trips_file and os.path.exists(round_trips_file) else {}
# the Alpaca round trips from AlpacaRoundTripComparison, when it ran
alpaca_round_trips_file = sys.argv[5] if len(sys.argv) > 5 else None
alpaca_round_trips = (json.load(open(alpaca_round_trips_file))
                      if alpaca_round_trips_file and os.path.exists(alpaca_round_trips_file) else {})
# name without "io.multibroker.": "abtest.RoutingBenchmark.routedExplicitly"
results = {r["benchmark"].split(".", 2)[-1]: r for r in everything}


def all_of(prefix):
    return [r for r in everything if r["benchmark"].split(".", 2)[-1].startswith(prefix)]


def metric(name):
    return results.get(name, {}).get("primaryMetric")


def secondary(name, key):
    return results.get(name, {}).get("secondaryMetrics", {}).get(key, {}).get("score")


def pct(name, p):
    m = metric(name)
    return m["scorePercentiles"][p] if m else None


def params(name):
    return results.get(name, {}).get("params", {})


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def memory():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return "%.0f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "?"


rows = []


def row(figure, measured, baseline, ratio, target, met):
    rows.append("| %s | %s | %s | %s | %s | %s |" % (figure, measured, baseline, ratio, target,
                                                      "" if met is None else ("met" if met else "**missed**")))


direct = pct("abtest.RoutingBenchmark.directToTheAdapter", "99.0")
for name, label in (("routedExplicitly", "router, explicit account"), ("routedByCapability", "router, by capability"),
                    ("experimentSplitDecision", "experiment split, the decision")):
    key = "abtest.RoutingBenchmark." + name
    p99 = pct(key, "99.0")
    if p99 is None or direct is None:
        continue
    alloc = secondary(key, "gc.alloc.rate.norm")
    target = "adds < 1 µs at p99, no allocation beyond the result" if name == "experimentSplitDecision" else ""
    # the decision record itself is 40 bytes (12-byte header, five references or flags, padding): the result
    met = (p99 - direct < 1000 and (alloc or 0) <= 40.5) if name == "experimentSplitDecision" else None
    row(label + " (p99, allocated per order)", "%.0f ns, %.0f B" % (p99, alloc or 0), "direct call %.0f ns" % direct,
        "+%.0f ns" % (p99 - direct), target, met)

write = pct("abtest.OutcomeWriteBenchmark.recordOne", "50.0")
if write is not None:
    row("experiment outcome committed to the embedded H2 file (p50 / p99)", "%.0f µs / %.0f µs" % (write, pct("abtest.OutcomeWriteBenchmark.recordOne", "99.0")),
        "", "", "(durable write, not in the decision)", None)
eight = metric("abtest.OutcomeWriteBenchmark.recordEightAtOnce")
one = metric("abtest.OutcomeWriteBenchmark.recordOne")
if eight and one:
    row("outcomes committed by 8 threads at once (group commit), outcomes/s", "%.0f/s" % (8e6 / eight["score"]),
        "1 thread: %.0f/s" % (1e6 / one["score"]), "%.1f x" % ((8e6 / eight["score"]) / (1e6 / one["score"])),
        "(the single writer commits what queued together)", None)

eligibility = [r for r in all_of("registry.EligibilityBenchmark") if r["params"].get("sharedCapabilities", "false") == "false"]
if eligibility:
    by_size = sorted((int(r["params"]["accounts"]), r["primaryMetric"]["score"], r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", 0))
                     for r in eligibility)
    smallest = by_size[0]
    for size, score, alloc in by_size:
        row("eligible accounts for an order, %s accounts" % format(size, ","), "%.0f ns (%.0f ns an account), %.0f B" % (score, score / size, alloc),
            "%d accounts: %.0f ns" % (smallest[0], smallest[1]),
            "%.1f x for %.0f x the accounts" % (score / smallest[1], size / smallest[0]), "(how it grows)", None)

raw = metric("oanda.PriceStreamBenchmark.readTheBytes")
parsed = metric("oanda.PriceStreamBenchmark.splitAndParse")
if raw and parsed:
    row("OANDA price stream: split and parse, one thread", "%.2f M ticks/s, %.0f B/tick" % (parsed["score"] / 1e6,
        secondary("oanda.PriceStreamBenchmark.splitAndParse", "gc.alloc.rate.norm") or 0),
        "reading the bytes: %.1f M lines/s" % (raw["score"] / 1e6), "%.1f %%" % (100 * parsed["score"] / raw["score"]),
        ">= 1 M ticks/s", parsed["score"] >= 1e6)

def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


for threads, found in sorted(round_trips.items(), key=lambda item: int(item[0])):
    adapter, plain, handed = found["adapter"], found["plain"], found["plain_handed_off"]
    ratios = found["adapterRoundRatios"]
    ratio = median(ratios)
    failures = adapter["failures"] + plain["failures"] + handed["failures"]
    row("OANDA market orders to the stand-in, %s at a time (orders/s, p50 / p99)" % threads,
        "%.0f/s, %.2f / %.1f ms" % (adapter["ordersPerSecond"], adapter["p50Millis"], adapter["p99Millis"]),
        "plain HttpClient: %.0f/s, %.2f / %.1f ms" % (plain["ordersPerSecond"], plain["p50Millis"], plain["p99Millis"]),
        "%.0f %% (median of %d rounds, %.0f–%.0f %%)" % (100 * ratio, len(ratios), 100 * min(ratios), 100 * max(ratios))
        + ("; %d orders failed" % failures if failures else ""),
        ">= 80 % of plain", ratio >= 0.8 and failures == 0)
    hand_off = median(found["plain_handed_offRoundRatios"])
    row("plain requests each handed to another thread and awaited, %s at a time (what any asynchronous API pays)" % threads,
        "%.0f/s, %.2f / %.1f ms" % (handed["ordersPerSecond"], handed["p50Millis"], handed["p99Millis"]), "plain HttpClient (above)",
        "%.0f %% (median round)" % (100 * hand_off), "(for comparison)", None)


for threads, found in sorted(alpaca_round_trips.items(), key=lambda item: int(item[0])):
    adapter, plain, post = found["adapter"], found["plain"], found["plain_post_only"]
    ratios = found["adapterRoundRatios"]
    ratio = median(ratios)
    failures = adapter["failures"] + plain["failures"] + post["failures"]
    row("Alpaca market orders to the stand-in until filled, %s at a time (orders/s, p50 / p99)" % threads,
        "%.0f/s, %.2f / %.1f ms" % (adapter["ordersPerSecond"], adapter["p50Millis"], adapter["p99Millis"]),
        "plain POST + fill on a plain WebSocket: %.0f/s, %.2f / %.1f ms" % (plain["ordersPerSecond"], plain["p50Millis"], plain["p99Millis"]),
        "%.0f %% (median of %d rounds, %.0f–%.0f %%)" % (100 * ratio, len(ratios), 100 * min(ratios), 100 * max(ratios))
        + ("; %d orders failed" % failures if failures else ""),
        ">= 80 % of plain", ratio >= 0.8 and failures == 0)
    row("the POST alone, answered before the fill, %s at a time (the HTTP part, for scale)" % threads,
        "%.0f/s, %.2f / %.1f ms" % (post["ordersPerSecond"], post["p50Millis"], post["p99Millis"]), "plain POST + fill (above)",
        "%.0f %% (median round)" % (100 * median(found["plain_post_onlyRoundRatios"])), "(for comparison)", None)

alpaca_raw = metric("alpaca.QuoteParseBenchmark.readTheCharacters")
alpaca_parsed = metric("alpaca.QuoteParseBenchmark.parse")
if alpaca_raw and alpaca_parsed:
    row("Alpaca market-data quotes: parse, one thread", "%.2f M quotes/s, %.0f B/quote" % (alpaca_parsed["score"] / 1e6,
        secondary("alpaca.QuoteParseBenchmark.parse", "gc.alloc.rate.norm") or 0),
        "reading the characters: %.1f M quotes/s" % (alpaca_raw["score"] / 1e6),
        "%.1f %%" % (100 * alpaca_parsed["score"] / alpaca_raw["score"]), "(Alpaca sends at most a few thousand a second)", None)

codec = [(label, metric("oanda.OrderCodecBenchmark." + name), secondary("oanda.OrderCodecBenchmark." + name, "gc.alloc.rate.norm"))
         for name, label in (("requestBody", "the request body (tree and bytes)"),
                             ("parseAndTranslateAnswer", "the 201 answer parsed and translated into an order result"))]
for label, m, alloc in codec:
    if m:
        row("OANDA adapter's own work on a market order: %s" % label, "%.1f µs, %.1f KB" % (m["score"], (alloc or 0) / 1e3),
            "", "", "(no network: what the round trips cannot separate)", None)


def report_figures(method):
    found = {}
    for r in all_of("abtest.ReportBenchmark." + method):
        found[int(r["params"]["outcomes"])] = (r["primaryMetric"]["score"],
                                                r["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", 0))
    return found


steady = report_figures("report")
folded = report_figures("foldAndAnalyse")
first = report_figures("firstReportAfterStart")
target = "< 1 s for 1,000,000, memory not growing with the outcomes"
for size in sorted(steady):
    ms, alloc = steady[size]
    small_ms, small_alloc = steady[min(steady)]
    row("`abtest:report` over %s outcomes in the H2 store (tally kept current)" % format(size, ","),
        "%.2f ms, %.0f KB allocated" % (ms, alloc / 1e3),
        "%s outcomes: %.2f ms, %.0f KB" % (format(min(steady), ","), small_ms, small_alloc / 1e3), "%.1f x time, %.1f x memory" % (ms / small_ms, alloc / small_alloc),
        target, ms < 1000 and alloc < 2 * small_alloc if size == 1_000_000 else None)
for size in sorted(folded):
    ms, alloc = folded[size]
    small_ms, small_alloc = folded[min(folded)]
    row("the statistics alone: fold %s outcomes in memory and report" % format(size, ","), "%.1f ms, %.0f KB allocated" % (ms, alloc / 1e3),
        "%s outcomes: %.1f ms, %.0f KB" % (format(min(folded), ","), small_ms, small_alloc / 1e3), "%.1f x time, %.1f x memory" % (ms / small_ms, alloc / small_alloc),
        "(memory not growing with the outcomes)", alloc < 2 * small_alloc if size == 1_000_000 else None)
for size in sorted(first):
    ms, alloc = first[size]
    row("first report after a start: every stored row of %s read once into the tally" % format(size, ","),
        "%.0f ms (%.1f µs a row), %.1f KB a row allocated, none kept" % (ms, 1000 * ms / size, alloc / size / 1e3),
        "", "", "(done in the background by the supervisor within 2 s of a start)", None)

with open(out_file, "w") as out:
    out.write("# Benchmarks\n\n")
    out.write("Written by `benchmarks/run.sh` on %s: JMH (one fork, `-prof gc`), and for the OANDA round trips "
              "`RoundTripComparison`, which makes the adapter and its baselines take turns in half-second slices.\n\n"
              % datetime.date.today().isoformat())
    out.write("Machine: %s, %d cores, %s memory, %s; %s. Shared and noisy: compare ratios within one run.\n\n"
              % (cpu(), os.cpu_count(), memory(), platform.platform(), java))
    out.write("| figure | measured | baseline (same run) | ratio | target | |\n|---|---|---|---|---|---|\n")
    out.write("\n".join(rows) + "\n")
    operations = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "operations.md")
    if os.path.exists(operations):
        out.write("\n" + open(operations).read())
    boot = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "boot.md")
    if os.path.exists(boot):
        out.write("\n" + open(boot).read())
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
    if os.path.exists(notes):
        out.write("\n" + open(notes).read())
