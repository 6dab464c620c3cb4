#!/usr/bin/env python3
"""A small client of the Multibroker HTTP API in Python's standard library alone.

It places an order (retrying a timed-out request safely: the same client order id never places a second order),
follows the order's events live (Server-Sent Events, resumed with Last-Event-ID after a dropped connection) and
prints an experiment's report.

    python3 multibroker_client.py --url http://127.0.0.1:8181 --token "$MULTIBROKER_TOKEN" \
        --account paper-fast --instrument EUR_USD --side BUY --units 1000 --experiment demo

Money and quantities travel as decimal strings: read them with decimal.Decimal, never float.
"""
import argparse
import json
import queue
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal

TERMINAL = {"FILLED", "CANCELLED", "EXPIRED", "REPLACED", "REJECTED"}


class Api:
    def __init__(self, url, token, timeout=30):
        self.base = url.rstrip("/") + "/api/v1"
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as answer:
                text = answer.read().decode("utf-8")
                return answer.status, dict(answer.headers), json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            problem = json.loads(error.read().decode("utf-8") or "{}")
            raise ApiError(error.code, problem) from None

    def place(self, order, attempts=5):
        """POST /orders, retried on a timeout or a dropped connection with the same client order id: safe, since the
        runtime answers an id it has with that order (200, Idempotent-Replay) instead of placing a second one."""
        for attempt in range(1, attempts + 1):
            try:
                status, headers, placed = self.request("POST", "/orders", order)
                return status, headers.get("Idempotent-Replay") == "true", placed
            except (TimeoutError, ConnectionError, urllib.error.URLError) as error:
                if isinstance(error, ApiError) or attempt == attempts:
                    raise
                time.sleep(min(0.2 * 2 ** attempt, 5))


class ApiError(Exception):
    def __init__(self, status, problem):
        super().__init__("%s %s: %s" % (status, problem.get("title"), problem.get("detail")))
        self.status = status
        self.problem = problem


def follow(api, query, events, opened, stop):
    """Reads /events/orders into the queue; on a dropped connection reconnects with Last-Event-ID, so that nothing
    in between is missed (or a GAP event says that something may have been)."""
    last_id = None
    while not stop.is_set():
        req = urllib.request.Request(api.base + "/events/orders?" + query)
        req.add_header("Authorization", "Bearer " + api.token)
        req.add_header("Accept", "text/event-stream")
        if last_id:
            req.add_header("Last-Event-ID", last_id)
        try:
            with urllib.request.urlopen(req, timeout=60) as stream:
                event_id, data = None, []
                for raw in stream:
                    line = raw.decode("utf-8").rstrip("\n")
                    if line.startswith(": stream open"):
                        opened.set()
                    elif line.startswith("id: "):
                        event_id = line[4:]
                    elif line.startswith("data: "):
                        data.append(line[6:])
                    elif line == "" and data:
                        last_id = event_id
                        events.put(json.loads("\n".join(data)))
                        event_id, data = None, []
                    if stop.is_set():
                        return
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8181")
    parser.add_argument("--token", required=True)
    parser.add_argument("--account", default="paper-fast")
    parser.add_argument("--instrument", default="EUR_USD")
    parser.add_argument("--side", default="BUY")
    parser.add_argument("--units", default="1000")
    parser.add_argument("--experiment", default="demo")
    parser.add_argument("--wait", type=float, default=15, help="seconds to wait for the order's final event")
    args = parser.parse_args()

    api = Api(args.url, args.token)
    client_order_id = "py-" + uuid.uuid4().hex[:16]

    events, opened, stop = queue.Queue(), threading.Event(), threading.Event()
    reader = threading.Thread(target=follow, args=(api, "clientOrderId=" + client_order_id, events, opened, stop), daemon=True)
    reader.start()
    if not opened.wait(10):
        print("the event stream did not open", file=sys.stderr)
        return 2

    order = {"clientOrderId": client_order_id, "routing": {"strategy": "EXPLICIT", "account": args.account},
             "instrument": args.instrument, "side": args.side, "units": args.units}
    status, replay, placed = api.place(order)
    print("placed %s: HTTP %d%s, %s %s %s at %s, status %s, filled %s at %s" % (
        client_order_id, status, " (replay)" if replay else "", placed["side"], Decimal(placed["requestedUnits"]),
        placed["instrument"], placed["accountId"], placed["status"], Decimal(placed["filledUnits"]),
        placed["averageFillPrice"]))
    again_status, again_replay, again = api.place(order)
    print("sent again: HTTP %d, replay %s, same order %s" % (again_status, again_replay,
                                                              again["brokerOrderId"] == placed["brokerOrderId"]))

    deadline = time.monotonic() + args.wait
    final = False
    while not final and time.monotonic() < deadline:
        try:
            event = events.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        print("event %s: %s filled %s%s" % (event["kind"], event.get("status"), event.get("filledUnits"),
                                            "" if event.get("fillPrice") is None else " at " + event["fillPrice"]))
        final = event["kind"] in TERMINAL
    stop.set()
    if not final:
        print("no final event for %s within %.0f s" % (client_order_id, args.wait), file=sys.stderr)
        return 1

    _, _, report = api.request("GET", "/experiments/%s/report" % args.experiment)
    print("experiment %s: %s" % (report["experiment"], report["verdict"]))
    for arm in report["arms"]:
        print("  %-12s orders %6d  overrides %4d  median latency %s ms" % (
            arm["arm"], arm["orders"], arm["overrides"],
            "-" if arm["latencyMedianMillis"] is None else "%.3f" % arm["latencyMedianMillis"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
