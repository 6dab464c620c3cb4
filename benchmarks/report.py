"""Writes the whole of BENCHMARKS.md from the results in benchmarks/target: one table per area, each figure beside its
baseline from the same run, the ratio, the target and whether it was met.

    python3 benchmarks/report.py [results directory] [BENCHMARKS.md]

benchmarks/run.sh, boot.sh and operations.sh each call it when they end, so the file always holds every result there
is. The inputs, each written by one program (a missing one leaves its rows out and is named under "Not in this file"):
results.json (JMH), roundtrips.json (RoundTripComparison), alpaca-roundtrips.json (AlpacaRoundTripComparison),
v20-peer.json (V20PeerComparison, rendered by v20_peer_report.py), event-latency.json (OrderEventLatency),
http-api.json (HttpApiComparison), postgres.json (PostgresStoreMeasurement), journal-kill.json
(JournalKillMeasurement), markout-memory.json (PendingMarkoutMemory), boot.md (boot.sh), operations.md
(operations.sh); run-times.txt and java-version.txt from run.sh. Captions say how each table was measured; what
changed and why is in benchmarks/NOTES.md.
"""
import datetime
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
target_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "target")
out_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "BENCHMARKS.md")

SOURCES = [
    ("results.json", "JMH benchmarks"),
    ("roundtrips.json", "RoundTripComparison"),
    ("alpaca-roundtrips.json", "AlpacaRoundTripComparison"),
    ("v20-peer.json", "V20PeerComparison"),
    ("v20-settling-v20java.json", "V20PeerComparison -Dsettling"),
    ("event-latency.json", "OrderEventLatency"),
    ("http-api.json", "HttpApiComparison"),
    ("postgres.json", "PostgresStoreMeasurement"),
    ("journal-kill.json", "JournalKillMeasurement"),
    ("markout-memory.json", "PendingMarkoutMemory"),
    ("boot.md", "boot.sh"),
    ("operations.md", "operations.sh"),
]


def path(name):
    return os.path.join(target_dir, name)


def load(name):
    p = path(name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)


def when(name):
    return datetime.datetime.fromtimestamp(os.path.getmtime(path(name)), datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


jmh = load("results.json") or []
round_trips = load("roundtrips.json") or {}
alpaca_round_trips = load("alpaca-roundtrips.json") or {}
events = load("event-latency.json")
http = load("http-api.json")
postgres = load("postgres.json")
kill = load("journal-kill.json")
markouts = load("markout-memory.json")


# --- JMH look-ups: the name without "io.multibroker.", e.g. "abtest.RoutingBenchmark.routedExplicitly" ---

def short(r):
    return r["benchmark"].split(".", 2)[-1]


def find(name, **params):
    for r in jmh:
        if short(r) == name and all(r.get("params", {}).get(k) == v for k, v in params.items()):
            return r
    return None


def all_of(prefix):
    return [r for r in jmh if short(r).startswith(prefix)]


def metric(name, **params):
    r = find(name, **params)
    return r["primaryMetric"] if r else None


def score(name, **params):
    m = metric(name, **params)
    return m["score"] if m else None


def alloc(name, **params):
    r = find(name, **params)
    return r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score") if r else None


def pct(name, p, **params):
    m = metric(name, **params)
    return m["scorePercentiles"][p] if m else None


def iterations(name, **params):
    """The measured iterations of a benchmark (its first fork), for the modes JMH keeps them for."""
    m = metric(name, **params)
    raw = (m or {}).get("rawData") or [[]]
    return raw[0]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


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


def java_version():
    recorded = path("java-version.txt")
    if os.path.exists(recorded):
        return open(recorded).read().strip()
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    try:
        return subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        return "JDK unknown"


def us(value_ns):
    return "%.0f ns" % value_ns if value_ns < 1000 else "%.2f µs" % (value_ns / 1e3)


def micros(value):
    """A latency given in µs, in µs below a millisecond and in ms above."""
    return "%.0f µs" % value if value < 1000 else "%.2f ms" % (value / 1e3)


def signed(value):
    """A difference of latencies given in µs, with its sign."""
    return ("+" if value >= 0 else "-") + micros(abs(value))


def verdict(met):
    return "" if met is None else ("met" if met else "**missed**")


HEADER = "| figure | measured | baseline (same run) | ratio | target | |\n|---|---|---|---|---|---|\n"
sections = []


class Table:
    """One area: a heading, a caption that says how it was measured, and its rows."""

    def __init__(self, heading, caption):
        self.heading, self.caption, self.rows = heading, caption, []

    def row(self, figure, measured, baseline, ratio, target, met):
        self.rows.append("| %s | %s | %s | %s | %s | %s |" % (figure, measured, baseline, ratio, target, verdict(met)))

    def add(self):
        if self.rows:
            sections.append("## %s\n\n%s\n\n%s%s\n" % (self.heading, self.caption, HEADER, "\n".join(self.rows)))


FOR_COMPARISON = "(for comparison)"

# --- routing and eligibility ---

t = Table("Routing and eligibility", "JMH (`RoutingBenchmark`, sample time; `EligibilityBenchmark`, average time), "
          "one fork, `-prof gc`: the router and the experiment split against calling the adapter directly; the eligible "
          "accounts for an order at 10, 100 and 1,000 accounts.")
direct = pct("abtest.RoutingBenchmark.directToTheAdapter", "99.0")
for name, label in (("routedExplicitly", "router, explicit account"), ("routedByCapability", "router, by capability"),
                    ("experimentSplitDecision", "experiment split, the decision")):
    key = "abtest.RoutingBenchmark." + name
    p99 = pct(key, "99.0")
    if p99 is None or direct is None:
        continue
    allocated = alloc(key) or 0
    decision = name == "experimentSplitDecision"
    # the decision record itself is 40 bytes (12-byte header, five references or flags, padding): the result
    t.row(label + " (p99, allocated per order)", "%.0f ns, %.0f B" % (p99, allocated), "direct call %.0f ns" % direct,
          "+%.0f ns" % (p99 - direct), "adds < 1 µs at p99, no allocation beyond the result" if decision else FOR_COMPARISON,
          (p99 - direct < 1000 and allocated <= 40.5) if decision else None)
own = sorted((int(r["params"]["accounts"]), r["primaryMetric"]["score"], alloc(short(r), **r["params"]) or 0)
             for r in all_of("registry.EligibilityBenchmark") if r["params"].get("sharedCapabilities", "false") == "false")
for size, ns, allocated in own:
    smallest = own[0]
    big = size == 1000
    t.row("eligible accounts for an order, %s accounts" % format(size, ","),
          "%s (%.0f ns an account), %.0f B" % (us(ns), ns / size, allocated),
          "%d accounts: %s" % (smallest[0], us(smallest[1])), "%.1f x for %.0f x the accounts" % (ns / smallest[1], size / smallest[0]),
          "< 10 µs at 1,000 accounts" if big else "(how it grows)", ns < 10_000 if big else None)
for size, _, _ in own:
    shared = score("registry.EligibilityBenchmark.eligibleAccounts", accounts=str(size), sharedCapabilities="true")
    mine = score("registry.EligibilityBenchmark.eligibleAccounts", accounts=str(size), sharedCapabilities="false")
    if shared and mine:
        t.row("eligible accounts, %s accounts sharing one capabilities object" % format(size, ","), us(shared),
              "each its own: %s" % us(mine), "%.2f x" % (shared / mine), "(whether the capability maps are the cost)", None)
t.add()

# --- experiment outcomes and the report on the embedded H2 ---

t = Table("Experiment outcomes and the report (embedded H2)",
          "JMH (`OutcomeWriteBenchmark`, sample time; `ReportBenchmark`, average time and, for the first report, single "
          "shot), one fork, `-prof gc`; the store is the embedded H2 file a runtime uses by default.")
one = metric("abtest.OutcomeWriteBenchmark.recordOne")
eight = metric("abtest.OutcomeWriteBenchmark.recordEightAtOnce")
if one:
    t.row("experiment outcome committed (p50 / p99)", "%.0f µs / %.0f µs" % (one["scorePercentiles"]["50.0"], one["scorePercentiles"]["99.0"]),
          "", "", "(durable write, not in the decision)", None)
if one and eight:
    t.row("outcomes committed by 8 threads at once (group commit), outcomes/s", "%.0f/s" % (8e6 / eight["score"]),
          "1 thread: %.0f/s" % (1e6 / one["score"]), "%.1f x" % ((8e6 / eight["score"]) / (1e6 / one["score"])),
          "(the single writer commits what queued together)", None)


def report_figures(method):
    found = {}
    for r in all_of("abtest.ReportBenchmark." + method):
        found[int(r["params"]["outcomes"])] = (r["primaryMetric"]["score"], alloc(short(r), **r["params"]) or 0)
    return found


steady, folded, first = report_figures("report"), report_figures("foldAndAnalyse"), report_figures("firstReportAfterStart")
for size in sorted(steady):
    ms, allocated = steady[size]
    small_ms, small_alloc = steady[min(steady)]
    t.row("`abtest:report` over %s outcomes (tally kept current)" % format(size, ","), "%.2f ms, %.0f KB allocated" % (ms, allocated / 1e3),
          "%s outcomes: %.2f ms, %.0f KB" % (format(min(steady), ","), small_ms, small_alloc / 1e3),
          "%.1f x time, %.1f x memory" % (ms / small_ms, allocated / small_alloc),
          "< 1 s for 1,000,000, memory not growing with the outcomes",
          ms < 1000 and allocated < 2 * small_alloc if size == 1_000_000 else None)
for size in sorted(folded):
    ms, allocated = folded[size]
    small_ms, small_alloc = folded[min(folded)]
    t.row("the statistics alone: fold %s outcomes in memory and report" % format(size, ","), "%.1f ms, %.0f KB allocated" % (ms, allocated / 1e3),
          "%s outcomes: %.1f ms, %.0f KB" % (format(min(folded), ","), small_ms, small_alloc / 1e3),
          "%.1f x time, %.1f x memory" % (ms / small_ms, allocated / small_alloc), "(memory not growing with the outcomes)",
          allocated < 2 * small_alloc if size == 1_000_000 else None)
for size in sorted(first):
    ms, allocated = first[size]
    t.row("first report after a start: every stored row of %s read once into the tally" % format(size, ","),
          "%.0f ms (%.1f µs a row), %.1f KB a row allocated, none kept" % (ms, 1000 * ms / size, allocated / size / 1e3),
          "", "", "(done in the background by the supervisor after a start)", None)
t.add()

def taking_turns(table, found_by_threads, orders, plain_label, third, third_label, third_baseline):
    """The rows of a TakingTurns comparison: the adapter against its plain baseline (target 80 %), and its third side."""
    for threads, found in sorted(found_by_threads.items(), key=lambda item: int(item[0])):
        adapter, plain, other = found["adapter"], found["plain"], found[third]
        ratios = found["adapterRoundRatios"]
        ratio = median(ratios)
        failures = adapter["failures"] + plain["failures"] + other["failures"]
        table.row("%s, %s at a time (orders/s, p50 / p99)" % (orders, threads),
                  "%.0f/s, %.2f / %.1f ms" % (adapter["ordersPerSecond"], adapter["p50Millis"], adapter["p99Millis"]),
                  "%s: %.0f/s, %.2f / %.1f ms" % (plain_label, plain["ordersPerSecond"], plain["p50Millis"], plain["p99Millis"]),
                  "%.0f %% (median of %d rounds, %.0f–%.0f %%)" % (100 * ratio, len(ratios), 100 * min(ratios), 100 * max(ratios))
                  + ("; %d orders failed" % failures if failures else ""), ">= 80 % of plain", ratio >= 0.8 and failures == 0)
        table.row(third_label % threads, "%.0f/s, %.2f / %.1f ms" % (other["ordersPerSecond"], other["p50Millis"], other["p99Millis"]),
                  third_baseline, "%.0f %% (median round)" % (100 * median(found[third + "RoundRatios"])), FOR_COMPARISON, None)


# --- OANDA ---

t = Table("OANDA: prices, round trips, the adapter's own work",
          "`PriceStreamBenchmark` and `OrderCodecBenchmark` (JMH, one fork, `-prof gc`, one thread); "
          "`RoundTripComparison`: market orders to the stand-in in the same JVM through the adapter, as plain JDK "
          "`HttpClient` requests carrying the adapter's body, and as plain requests handed to another thread, taking "
          "turns in half-second slices (`TakingTurns`), medians of 16 rounds.")
raw = metric("oanda.PriceStreamBenchmark.readTheBytes")
parsed = metric("oanda.PriceStreamBenchmark.splitAndParse")
gson = metric("oanda.PriceStreamBenchmark.v20JavaGson")
parsed_alloc = alloc("oanda.PriceStreamBenchmark.splitAndParse") or 0
if raw and parsed:
    t.row("price lines: split and parse, one thread", "%.2f M ticks/s, %.0f B/tick" % (parsed["score"] / 1e6, parsed_alloc),
          "reading the bytes: %.1f M lines/s" % (raw["score"] / 1e6), "%.1f %%" % (100 * parsed["score"] / raw["score"]),
          ">= 1 M ticks/s", parsed["score"] >= 1e6)
if gson and parsed:
    t.row("price lines: the adapter's parser against v20-java's", "%.2f M ticks/s, %.0f B/tick" % (parsed["score"] / 1e6, parsed_alloc),
          "v20-java 3.0.25's Gson into `ClientPrice`: %.2f M/s, %.0f B" % (gson["score"] / 1e6, alloc("oanda.PriceStreamBenchmark.v20JavaGson") or 0),
          "%.2f x" % (parsed["score"] / gson["score"]), ">= 3 x v20-java", parsed["score"] >= 3 * gson["score"])
taking_turns(t, round_trips, "market orders to the stand-in", "plain HttpClient", "plain_handed_off",
             "plain requests each handed to another thread and awaited, %s at a time (what any asynchronous API pays)",
             "plain HttpClient (above)")
for name, label in (("requestBody", "the request body (tree and bytes)"), ("parseAnswer", "the 201 answer parsed"),
                    ("parseAndTranslateAnswer", "the 201 answer parsed and translated into an order result")):
    m = metric("oanda.OrderCodecBenchmark." + name)
    if m:
        t.row("the adapter's own work on a market order: %s" % label,
              "%.1f µs, %.1f KB" % (m["score"], (alloc("oanda.OrderCodecBenchmark." + name) or 0) / 1e3),
              "", "", "(no network: what the round trips cannot separate)", None)
t.add()

if os.path.exists(path("v20-peer.json")):
    peer = subprocess.run([sys.executable, os.path.join(HERE, "v20_peer_report.py"), path("v20-peer.json")],
                          capture_output=True, text=True, check=True).stdout
    sections.append("## OANDA adapter against v20-java\n\n`V20PeerComparison`: the same market orders through the adapter, "
                    "v20-java 3.0.25 and three plain clients sending the adapter's request on the caller's thread, and Apache "
                    "HttpClient 5 (the adapter's transport) handed to another thread and awaited, against the "
                    "stand-in in a JVM of its own (the client's CPU is this process's alone), as many connections as callers "
                    "on each side, one-second turns after the JIT has settled, 16 rounds; medians of slices, ratios the median of "
                    "the rounds', each with a 95 % interval of that median from the rounds themselves (of 16, the 4th smallest "
                    "and 4th largest: order statistics, as the rounds' spread on this shared machine is far from normal): "
                    "where the interval holds 1, these rounds cannot tell the two clients apart. Target: the adapter at least as fast as v20-java, with no more CPU per order. v20-java blocks "
                    "its caller's thread for the whole exchange. The adapter is measured twice: called by a caller that waits "
                    "for the answer and says so (`CallerWaits`, as the HTTP API and the shell do: the order is placed on the "
                    "caller's thread), which is v20-java's case and the one the target is judged on; and called by a caller "
                    "that is not held (`placeOrder` never blocks its caller: the order is handed to the account's request "
                    "thread and the caller woken with the answer), whose cost over the first the hand-off column shows on the "
                    "bare transport (benchmarks/NOTES.md, fourth round).\n\n" + peer)

settling = {side: load("v20-settling-%s.json" % side) for side in ("adapterwaits", "v20java")}
if all(settling.values()):
    t = Table("The JIT settling, each side alone",
              "`V20PeerComparison -Dsettling=30` (run.sh's part `settling`): the adapter (caller waits) and v20-java, each "
              "in a JVM of its own from its first order, 8 callers, 30 one-second slices against a fresh stand-in (the adapter "
              "connected before its first order: reading the account and its instruments ran some of Jackson's and HttpClient "
              "5's code once). The JIT "
              "counts as settled from the second after which less than 2 % of all it compiled in the run was left; the CPU "
              "per order (this JVM's alone) and the rate as steady from the second after which every median of three "
              "seconds in a row stayed within ±10 % of the median of the last ten. Target: the adapter's steady state "
              "within 10 s of warm-up.")
    nodes = {side: settling[side]["8"][side] for side in settling}
    ours, theirs = nodes["adapterwaits"], nodes["v20java"]
    def seconds(value):
        return "never" if value < 0 else "%d s" % value
    t.row("JIT settled, from the first order", seconds(ours["jitSettledAtSecond"]),
          "v20-java: %s" % seconds(theirs["jitSettledAtSecond"]), "", "<= 10 s",
          0 <= ours["jitSettledAtSecond"] <= 10)
    t.row("CPU per order steady, from the first order", seconds(ours["cpuSteadyFromSecond"]),
          "v20-java: %s" % seconds(theirs["cpuSteadyFromSecond"]), "", "<= 10 s",
          0 <= ours["cpuSteadyFromSecond"] <= 10)
    t.row("orders/s steady, from the first order", seconds(ours["rateSteadyFromSecond"]),
          "v20-java: %s" % seconds(theirs["rateSteadyFromSecond"]), "", "(the stand-in warms up too)", None)
    t.row("CPU per order and orders/s over the last ten seconds",
          "%.0f µs, %.0f/s" % (ours["finalCpuMicrosPerOrder"], ours["finalOrdersPerSecond"]),
          "v20-java: %.0f µs, %.0f/s" % (theirs["finalCpuMicrosPerOrder"], theirs["finalOrdersPerSecond"]),
          "%.2f / %.2f" % (ours["finalCpuMicrosPerOrder"] / theirs["finalCpuMicrosPerOrder"],
                           ours["finalOrdersPerSecond"] / theirs["finalOrdersPerSecond"]),
          "(one JVM each: no other side's load)", None)
    t.row("JIT ms in each second", ", ".join(str(v) for v in ours["jitMillisPerSecond"]),
          "v20-java: " + ", ".join(str(v) for v in theirs["jitMillisPerSecond"]), "", "", None)
    t.row("CPU µs per order in each second", ", ".join(str(v) for v in ours["cpuMicrosPerOrderPerSecond"]),
          "v20-java: " + ", ".join(str(v) for v in theirs["cpuMicrosPerOrderPerSecond"]), "", "", None)
    t.add()

# --- Alpaca ---

t = Table("Alpaca", "`AlpacaRoundTripComparison`: market orders on the stand-in (same JVM) until filled, through the adapter "
          "and as a plain POST with the fill awaited on a plain trade-updates WebSocket, and the POST alone, taking turns "
          "in half-second slices, medians of 16 rounds; `QuoteParseBenchmark` (JMH, one thread, `-prof gc`).")
taking_turns(t, alpaca_round_trips, "market orders to the stand-in until filled", "plain POST + fill on a plain WebSocket",
             "plain_post_only", "the POST alone, answered before the fill, %s at a time (the HTTP part, for scale)",
             "plain POST + fill (above)")
quotes_raw = metric("alpaca.QuoteParseBenchmark.readTheCharacters")
quotes = metric("alpaca.QuoteParseBenchmark.parse")
if quotes_raw and quotes:
    t.row("market-data quotes: parse, one thread", "%.2f M quotes/s, %.0f B/quote" % (quotes["score"] / 1e6, alloc("alpaca.QuoteParseBenchmark.parse") or 0),
          "reading the characters: %.1f M quotes/s" % (quotes_raw["score"] / 1e6), "%.1f %%" % (100 * quotes["score"] / quotes_raw["score"]),
          "(Alpaca sends at most a few thousand a second)", None)
t.add()

# --- pre-trade risk checks ---

t = Table("Pre-trade risk checks", "`PreTradeCheckBenchmark` (JMH sample time, one fork, `-prof gc`): limit orders of 1,000 "
          "EUR_USD, buy and sell in turn, through the registry's metered handle (no journal) on an adapter that answers at "
          "once, without the risk layer and with every limit set but the order rates; and the check with its answer alone. "
          "Target from issue 16: checked in well under a microsecond at p99.")
without = metric("registry.PreTradeCheckBenchmark.placeOrder", gate="none")
checked = metric("registry.PreTradeCheckBenchmark.placeOrder", gate="risk")
if without and checked:
    added99 = checked["scorePercentiles"]["99.0"] - without["scorePercentiles"]["99.0"]
    added50 = checked["scorePercentiles"]["50.0"] - without["scorePercentiles"]["50.0"]
    t.row("an order through the handle with the risk checks (p50 / p99, allocated)",
          "%.0f / %.0f ns, %.0f B" % (checked["scorePercentiles"]["50.0"], checked["scorePercentiles"]["99.0"],
                                      alloc("registry.PreTradeCheckBenchmark.placeOrder", gate="risk") or 0),
          "without them: %.0f / %.0f ns, %.0f B" % (without["scorePercentiles"]["50.0"], without["scorePercentiles"]["99.0"],
                                                   alloc("registry.PreTradeCheckBenchmark.placeOrder", gate="none") or 0),
          "%+.0f ns at p50, %+.0f ns at p99" % (added50, added99), "adds < 1 µs at p99", added99 < 1000)
alone = [metric("registry.PreTradeCheckBenchmark.checkAndAnswer", gate=g) for g in ("none", "risk")]
alone = [m for m in alone if m]
if alone and without:
    p99s = [m["scorePercentiles"]["99.0"] for m in alone]
    t.row("the check and its answer alone (p50 / p99, allocated; %d trials)" % len(alone),
          "%.0f / %s ns, %.2f B" % (alone[0]["scorePercentiles"]["50.0"], " and ".join("%.0f" % p for p in p99s),
                                    alloc("registry.PreTradeCheckBenchmark.checkAndAnswer", gate="none") or 0),
          "the order path without checks: p99 %.0f ns" % without["scorePercentiles"]["99.0"],
          "%.0f %% of it" % (100 * max(p99s) / without["scorePercentiles"]["99.0"]), "< 1 µs at p99", max(p99s) < 1000)
t.add()

# --- the order journal ---

t = Table("The order journal", "`JournalWriteBenchmark` (JMH, one fork, `-prof gc`) on the embedded H2 file, flushed per "
          "commit, one writer thread committing whatever has queued; beside `OutcomeWriteBenchmark` of the same run, the "
          "store whose group commit the journal copies. An order waits for its intent's commit before it is sent. "
          "`JournalKillMeasurement`: a child JVM with 1,000 intents in flight is killed with SIGKILL after 1 to 990 "
          "acknowledgements, and the file is read again. Issue 14 set no figure to reach: the journal beside the outcome "
          "store.")
intent = metric("journal.JournalWriteBenchmark.intentCommitted")
intents8 = metric("journal.JournalWriteBenchmark.intentCommittedEightAtOnce")
if intent and one:
    t.row("an order's intent committed, one at a time (p50 / p99)", "%.0f / %.0f µs" % (intent["scorePercentiles"]["50.0"], intent["scorePercentiles"]["99.0"]),
          "an experiment outcome committed: %.0f / %.0f µs" % (one["scorePercentiles"]["50.0"], one["scorePercentiles"]["99.0"]),
          "%.2f x at p50" % (intent["scorePercentiles"]["50.0"] / one["scorePercentiles"]["50.0"]), FOR_COMPARISON, None)
if intents8 and eight:
    t.row("intents, 8 writers at once (p50 / p99; intents/s)", "%.0f / %.0f µs; %.0f/s" % (intents8["scorePercentiles"]["50.0"],
          intents8["scorePercentiles"]["99.0"], 8e6 / intents8["score"]),
          "outcomes, 8 at once: %.0f / %.0f µs; %.0f/s" % (eight["scorePercentiles"]["50.0"], eight["scorePercentiles"]["99.0"], 8e6 / eight["score"]),
          "%.2f x the rate" % ((8e6 / intents8["score"]) / (8e6 / eight["score"])), FOR_COMPARISON, None)
whole1 = metric("journal.JournalWriteBenchmark.orderJournalled")
whole8 = metric("journal.JournalWriteBenchmark.orderJournalledEightAtOnce")
if whole1 and intent:
    its = iterations("journal.JournalWriteBenchmark.orderJournalled")
    t.row("orders journalled whole (intent, then its answer: two commits), 1 writer", "%.0f/s (iterations %s)" % (
        whole1["score"], ", ".join("%.0f" % x for x in its)), "intents alone, 1 writer: %.0f/s" % (1e6 / intent["score"]),
        "%.2f x" % (whole1["score"] / (1e6 / intent["score"])), FOR_COMPARISON, None)
if whole8 and whole1:
    its = iterations("journal.JournalWriteBenchmark.orderJournalledEightAtOnce")
    t.row("orders journalled whole, 8 writers", "%.0f/s (iterations %s)" % (whole8["score"], ", ".join("%.0f" % x for x in its)),
          "1 writer: %.0f/s" % whole1["score"], "%.1f x" % (whole8["score"] / whole1["score"]), FOR_COMPARISON, None)
if kill:
    rounds = kill["rounds"]
    t.row("`kill -9` with %s intents in flight: acknowledged intents lost, %d kills (after %s acknowledgements)" % (
        format(kill["orders"], ","), len(rounds), ", ".join(str(r["killAfter"]) for r in rounds)), "%d lost" % kill["lost"],
          "acknowledged before the kills: %s; found in the file: %s" % (format(sum(r["acknowledged"] for r in rounds), ","),
                                                                      format(sum(r["recovered"] for r in rounds), ",")),
          "", "none lost", kill["lost"] == 0)
t.add()

# --- order events ---

t = Table("Order-event delivery", "`OrderEventLatency`: from the adapter handing an event to its stream (the broker's answer, "
          "parsed) to a subscriber of the account's events through the registry, which journals it (embedded H2) after "
          "handing it on, against a subscriber of the adapter's own stream; events paced one every 200 µs after 20,000 of "
          "warm-up. `HttpApiComparison`: an order handed to the router to its fill event read by an HTTP client on "
          "`GET /api/v1/events/orders` (Server-Sent Events, 127.0.0.1) and by an in-JVM subscriber, one order every 2 ms. "
          "No target was set (issues 14 and 17 asked for the latency).")


def latency_text(node):
    return "%s / %s / %s" % (micros(node["p50Micros"]), micros(node["p90Micros"]), micros(node["p99Micros"]))


if events:
    d, r = events["direct"], events["registry"]
    t.row("an event through the registry, journalled, to the account's subscriber (p50 / p90 / p99; %s events)" % format(r["count"], ","),
          latency_text(r), "the adapter's own stream: %s" % latency_text(d),
          "%s at p50, %s at p99" % (signed(r["p50Micros"] - d["p50Micros"]), signed(r["p99Micros"] - d["p99Micros"])), FOR_COMPARISON, None)
if http:
    sse, jvm = http["events"]["sse"], http["events"]["inJvm"]
    t.row("an order's fill event read by an SSE client over HTTP (p50 / p90 / p99; %s events)" % format(sse["count"], ","),
          latency_text(sse), "an in-JVM subscriber of the registry: %s" % latency_text(jvm),
          "%s at p50, %s at p99" % (signed(sse["p50Micros"] - jvm["p50Micros"]), signed(sse["p99Micros"] - jvm["p99Micros"])), FOR_COMPARISON, None)
t.add()

# --- the HTTP API ---

if http:
    t = Table("The HTTP API", "`HttpApiComparison`: one JVM holds the registry (metering, no journal, no risk layer), the router "
              "and the HTTP API's servlet and route table in Jetty 9.4 (as Pax Web runs it) on 127.0.0.1, with a broker that "
              "fills at once. The in-JVM router, a trivial servlet in the same Jetty (what any HTTP exchange costs) and "
              "`POST /api/v1/orders` take turns in %d round%s of %s orders per number of callers (closed loops on "
              "java.net.http, HTTP/1.1 keep-alive); rates are medians of rounds, percentiles over all rounds. Client and "
              "server share the two cores. No target was set (issue 17 asked for the added latency and the rate)."
              % (http["rounds"], "" if http["rounds"] == 1 else "s", format(http["ordersPerRound"], ",")))
    for callers, paths in sorted(http["callers"].items(), key=lambda item: int(item[0])):
        api, router, plain = paths["api"], paths["router"], paths["plain"]
        t.row("an order through the API, %s caller%s at once (orders/s, p50 / p99)" % (callers, "" if callers == "1" else "s"),
              "%.0f/s, %s / %s" % (api["ordersPerSecond"], micros(api["p50Micros"]), micros(api["p99Micros"])),
              "in-JVM router: %.0f/s, %s / %s" % (router["ordersPerSecond"], micros(router["p50Micros"]), micros(router["p99Micros"])),
              "%s at p50, %s at p99; %.1f %% of its rate" % (signed(api["p50Micros"] - router["p50Micros"]),
                                                            signed(api["p99Micros"] - router["p99Micros"]),
                                                            100 * api["ordersPerSecond"] / router["ordersPerSecond"]), FOR_COMPARISON, None)
        t.row("the API's own work, %s caller%s (API beside the trivial servlet)" % (callers, "" if callers == "1" else "s"),
              "%.0f/s, %s / %s" % (api["ordersPerSecond"], micros(api["p50Micros"]), micros(api["p99Micros"])),
              "trivial servlet: %.0f/s, %s / %s" % (plain["ordersPerSecond"], micros(plain["p50Micros"]), micros(plain["p99Micros"])),
              "%s at p50, %s at p99; %.0f %% of its rate" % (signed(api["p50Micros"] - plain["p50Micros"]), signed(api["p99Micros"] - plain["p99Micros"]),
                                                                        100 * api["ordersPerSecond"] / plain["ordersPerSecond"]), FOR_COMPARISON, None)
    t.add()

# --- PostgreSQL ---

if postgres:
    report = postgres["report"]
    t = Table("Several runtimes on one PostgreSQL", "`PostgresStoreMeasurement`: a throwaway PostgreSQL cluster from Debian's "
              "binaries (`ThrowawayPostgres`, fsync and synchronous commit on, as shipped) on loopback, sharing the two cores; "
              "each writer is what one runtime has (its own store and group-commit thread, %d callers keeping 16 writes in "
              "flight each); rounds of %d s, the first third left out. Beside the embedded H2 store of the same run (JMH, 8 "
              "callers). Then %s outcomes loaded with one `INSERT … SELECT generate_series` and reported on. No target was "
              "set (issue 19 asked for the rates and the report's latency)." % (postgres["callersPerWriter"], postgres["roundSeconds"],
                                                                                format(report["rows"], ",")))
    for kind, label, h2 in (("outcomesPerSecond", "experiment outcomes committed/s",
                             ("embedded H2, 8 callers", 8e6 / eight["score"] if eight else None)),
                            ("journalEntriesPerSecond", "journal entries committed/s (an order's intent and answer: two)",
                             ("embedded H2 journal, 8 writers", 2 * whole8["score"] if whole8 else None))):
        rates = postgres[kind]
        if h2[1]:
            t.row("%s, 1 runtime" % label, "%.0f/s" % rates["1"], "%s: %.0f/s" % (h2[0], h2[1]), "%.2f x" % (rates["1"] / h2[1]), FOR_COMPARISON, None)
        t.row("%s, 3 runtimes" % label, "%.0f/s" % rates["3"], "1 runtime: %.0f/s" % rates["1"], "%.2f x" % (rates["3"] / rates["1"]), FOR_COMPARISON, None)
    h2_first = first.get(1_000_000)
    t.row("report over %s outcomes read from nothing (a restart: every row folded into the tally)" % format(report["rows"], ","),
          "%.1f s (%.1f µs a row)" % (report["coldReportSeconds"], 1e6 * report["coldReportSeconds"] / report["rows"]),
          "embedded H2, 1,000,000 rows: %.1f µs a row" % (1000 * h2_first[0] / 1_000_000) if h2_first else "",
          "%.1f x a row" % ((1e6 * report["coldReportSeconds"] / report["rows"]) / (1000 * h2_first[0] / 1_000_000)) if h2_first else "",
          FOR_COMPARISON, None)
    t.row("the next report, after %s more outcomes" % format(report["moreOutcomes"], ","), "%.1f ms" % report["nextReportMillis"],
          "the report read from nothing: %.1f s" % report["coldReportSeconds"],
          "%.3f %% of its time" % (100 * report["nextReportMillis"] / 1000 / report["coldReportSeconds"]), FOR_COMPARISON, None)
    t.row("loading the %s outcomes (setup, for scale)" % format(report["rows"], ","), "%.1f s" % report["loadSeconds"], "", "", "", None)
    t.add()

# --- execution quality ---

t = Table("Execution quality (markouts)", "`QualityOrderPathBenchmark` (JMH single shot, 40 batches of 100,000 offers into a "
          "queue with room, one fork, `-prof gc`), `QualityRecordingBenchmark` (JMH average time, 100 fills a batch: "
          "looked up, measured against the reference quote, committed to the embedded H2 file in one transaction) and "
          "`PendingMarkoutMemory` (JOL: the deep size of the pending queues holding 10,000 fills, less the shared reference "
          "history). Targets from issue 20: off the caller's path; the memory at 10,000 orders a minute.")
offer = metric("quality.QualityOrderPathBenchmark.offer")
if offer:
    batch = iterations("quality.QualityOrderPathBenchmark.offer")
    per_event = 1000 * median(batch) / 100_000 if batch else 1000 * offer["score"] / 100_000
    baseline = ("an order event through the registry, p50: %s" % micros(events["registry"]["p50Micros"])) if events else ""
    t.row("added where an order event is delivered: `FillRecorder.offer` (a check and a non-blocking offer)",
          "%.0f ns an event (median batch %.0f µs; mean %.0f µs)" % (per_event, median(batch) if batch else offer["score"], offer["score"]),
          baseline, "%.2f %%" % (100 * per_event / 1000 / events["registry"]["p50Micros"]) if events else "",
          "off the caller's path, no wait (a full queue refuses; none refused here)", True)
recording = metric("quality.QualityRecordingBenchmark.recordAHundredFills")
if recording:
    its = iterations("quality.QualityRecordingBenchmark.recordAHundredFills")
    per_fill = median(its) if its else recording["score"]
    t.row("recording a fill on the recorder's own thread", "%.0f µs a fill (median iteration; iterations %s), %.0f KB allocated a fill (mean of the iterations)" % (
        per_fill, ", ".join("%.0f" % x for x in its), (alloc("quality.QualityRecordingBenchmark.recordAHundredFills") or 0) / 1e3),
          "10,000 orders a minute: 167 fills/s", "%.0f fills/s: %.0f x" % (1e6 / per_fill, (1e6 / per_fill) / (10_000 / 60)),
          "keeps up with 10,000 orders a minute", 1e6 / per_fill >= 10_000 / 60)
if markouts:
    t.row("memory of a pending markout (%s fills pending, as at 10,000 orders a minute)" % format(markouts["fills"], ","),
          "%.0f B a fill, %.1f MB in all" % (markouts["bytesPerPendingFill"], markouts["totalKiB"] / 1024),
          "the bound, max.pending = %s: %.0f MB" % (format(markouts["maxPending"], ","), markouts["bytesPerPendingFill"] * markouts["maxPending"] / 1e6),
          "", "bounded", True)
t.add()

# --- the scripts that drive the distribution ---

for name in ("boot.md", "operations.md"):
    if os.path.exists(path(name)):
        sections.append(open(path(name)).read().strip() + "\n")

# --- the file ---

present = [(name, program) for name, program in SOURCES if os.path.exists(path(name))]
missing = [program for name, program in SOURCES if not os.path.exists(path(name))]
run_times = []
if os.path.exists(path("run-times.txt")):
    for line in open(path("run-times.txt")):
        part, seconds = line.split()
        run_times.append("%s %s" % (part, "%.0f s" % float(seconds) if float(seconds) < 120 else "%.1f min" % (float(seconds) / 60)))

with open(out_file, "w") as out:
    out.write("# Benchmarks\n\n")
    out.write("Written by `benchmarks/report.py` on %s from the results of `benchmarks/run.sh`, `benchmarks/boot.sh` and "
              "`benchmarks/operations.sh` (each writes this file again when it ends); what changed and why is in "
              "[benchmarks/NOTES.md](benchmarks/NOTES.md).\n\n" % datetime.date.today().isoformat())
    out.write("Machine: %s, %d cores, %s memory, %s; %s. Shared and noisy: compare each figure with its baseline from the "
              "same run, not across runs.\n\n" % (cpu(), os.cpu_count(), memory(), platform.platform(), java_version()))
    out.write("Results: %s.\n" % "; ".join("%s %s" % (program, when(name)) for name, program in present))
    if run_times:
        out.write("Time each part of run.sh took: %s.\n" % "; ".join(run_times))
    if os.path.exists(path("jmh-jvm-options.txt")) and os.path.exists(path("results.json")):
        out.write("JMH's JVMs ran with the distribution's heap options (bin/setenv): `%s`.\n"
                  % open(path("jmh-jvm-options.txt")).read().strip())
    if missing:
        out.write("Not in this file (not run): %s.\n" % ", ".join(missing))
    out.write("\n" + "\n".join(sections))
print("written: %s" % os.path.normpath(out_file))
