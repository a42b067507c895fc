"""Page speed: the main pages against a hello-world route of the same app, served by gunicorn.

Usage:
    .venv/bin/python benchmarks/pages.py [--quick] [--database-url URL] [--years 10]
                                         [--scale 1.0] [--workers 2] [--clients 4]
                                         [--committees N]

The dataset is demo.generate.generate(years, scale) (>= 200 meetings, >= 20,000 opinions at
scale 1), built once and cached in instance/bench/ (SQLite), or in the PostgreSQL database
named by --database-url (filled only when it has no meetings). benchmarks/wsgi.py runs
under gunicorn on loopback; each page is fetched by the role that uses it, signed in through
the login form:

    hello          GET /bench/hello                (anonymous; a tiny Jinja page, no database)
    meeting list   GET /meetings/?tab=past         (secretariat; a full page of 50 meetings)
    meeting page   GET /meetings/<id>              (secretariat; the held meeting with 60 opinions)
    inbox          GET /inbox/                     (the busiest department's account)
    dashboard      GET /dashboard/                 (secretariat)
    search         GET /search/?q=托育             (secretariat)

With --committees N the dataset is the city 云溪市 and N districts, each with its own
history (N=10 at scale 1: about 210,000 opinions); the pages above are measured in the first
district (bench-secretariat's), and the city's secretariat (bench-city-secretariat), who
reads across every district, adds:

    city dashboard GET /dashboard/                 (the league of committees and the totals)
    city search    GET /search/?q=托育             (across all districts)

Each page is measured two ways:
  render      every request renders the page (a client without a cache);
  revalidate  like a browser revisiting: it sends the page's ETag back (If-None-Match) and
              gets 304 Not Modified while nothing in the database changed.
Latency: one user per way, sequential requests on one keep-alive connection, pages taken
in turn (round robin, so background load hits every page alike): p50 and p95.
Throughput: --clients processes, each with its own keep-alive connection, fetch one page as
fast as they can for a time slot; slots go hello, page (render), page (revalidate), hello,
...; each page's ratio is its requests/s over the mean of the hello slots beside it.
Every answer must be 200 or 304 (anything else is counted and fails the run).
The worst figures of both ways are printed; the last line gives the revalidating browser's.

Last line: p95_ms_max=<worst page p95> throughput_ratio_min=<worst page / hello-world>
(the revalidating browser's), render_p95_ms_max=<worst full-render p95 of a district page>
and, with --committees, city_render_p95_ms_max=<worst full-render p95 of a city page>
(targets 50 ms and 200 ms)
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    Browser,
    Server,
    machine,
    percentile,
    prepare_database,
    redact,
)

TARGET_P95_MS = 50.0
TARGET_CITY_P95_MS = 200.0
TARGET_RATIO = 0.08
CITY_ACCOUNT = "bench-city-secretariat"


def pages(info: dict) -> list[tuple[str, str, str]]:
    """(name, path, account) for each measured page; account None = anonymous."""
    department = info["departments"][0]
    return [
        ("hello", "/bench/hello", None),
        ("meeting list", "/meetings/?tab=past", "bench-secretariat"),
        ("meeting page", f"/meetings/{info['benchmark_meeting_id']}", "bench-secretariat"),
        ("inbox", "/inbox/", f"bench-dept-{department}"),
        ("dashboard", "/dashboard/", "bench-secretariat"),
        ("search", "/search/?q=" + quote("托育"), "bench-secretariat"),
    ] + (
        [
            ("city dashboard", "/dashboard/", CITY_ACCOUNT),
            ("city search", "/search/?q=" + quote("托育"), CITY_ACCOUNT),
        ]
        if info.get("committees", 0) > 1
        else []
    )


def is_city(name: str) -> bool:
    return name.startswith("city ")


def hammer(
    port: int, path: str, cookies: dict, start_at: float, end_at: float, revalidate: bool
) -> tuple[int, int]:
    """Fetch `path` back to back between start_at and end_at: (ok, not ok)."""
    browser = Browser(port, revalidate=revalidate)
    browser.cookies = dict(cookies)
    ok = bad = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < end_at:
        if browser.get(path).status in (200, 304):
            ok += 1
        else:
            bad += 1
    browser.close()
    return ok, bad


def throughput(pool, clients: int, port: int, path: str, cookies: dict, seconds: float, revalidate):
    start_at = time.time() + 0.3
    end_at = start_at + seconds
    futures = [
        pool.submit(hammer, port, path, cookies, start_at, end_at, revalidate)
        for _ in range(clients)
    ]
    results = [f.result() for f in futures]
    return sum(r[0] for r in results) / seconds, sum(r[1] for r in results)


MODES = ("render", "revalidate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a bounded run of about a minute")
    parser.add_argument("--database-url", help="PostgreSQL (or SQLite) URL; default: cached SQLite")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--scale", type=float, help="dataset scale (default 1, --quick 0.25)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--clients", type=int, default=4, help="client processes for throughput")
    parser.add_argument("--samples", type=int, help="single-user requests per page and mode")
    parser.add_argument("--slot", type=float, help="seconds per throughput slot")
    parser.add_argument("--only", help="comma-separated page names to measure (plus hello)")
    parser.add_argument(
        "--committees", type=int, default=0, help="the city and N districts (adds city pages)"
    )
    args = parser.parse_args()
    scale = args.scale if args.scale is not None else (0.25 if args.quick else 1.0)
    samples = args.samples or (40 if args.quick else 200)
    slot = args.slot or (2.5 if args.quick else 6.0)

    print(f"machine: {machine()}")
    url, info = prepare_database(args.database_url, args.years, scale, committees=args.committees)
    size = "the full dataset" if scale == 1 else f"a SMALLER dataset (scale {scale:g})"
    districts = f", {info['committees']} committees" if info.get("committees", 0) > 1 else ""
    print(f"dataset: {size}, years={args.years}{districts}, {redact(url)}")
    measured = pages(info)
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        measured = [p for p in measured if p[0] == "hello" or p[0] in wanted]
    hello, measured = measured[0], measured[1:]

    errors = 0
    with Server(url, args.workers, args.threads, args.worker_class) as server:
        print(f"server: {server.description}; clients: {args.clients} processes (keep-alive)")
        browsers: dict[tuple, Browser] = {}
        for _name, _path, account in [hello, *measured]:
            for mode in MODES:
                if (account, mode) not in browsers:
                    browser = Browser(server.port, revalidate=mode == "revalidate")
                    if account:
                        browser.login(account)
                    browsers[(account, mode)] = browser
        sizes = {}
        for name, path, account in [hello, *measured]:  # warm up: templates, caches
            for mode in MODES:
                for _ in range(5):
                    response = browsers[(account, mode)].get(path)
                    if response.status not in (200, 304):
                        print(f"{name}: GET {path} answered {response.status}", file=sys.stderr)
                        errors += 1
                        break
                    if response.status == 200:
                        sizes[name] = len(response.body)

        latencies: dict[tuple, list[float]] = {}
        for _ in range(samples):
            for name, path, account in [hello, *measured]:
                for mode in MODES:
                    response = browsers[(account, mode)].get(path)
                    errors += response.status not in (200, 304)
                    latencies.setdefault((name, mode), []).append(response.seconds * 1000)

        rates: dict[tuple, float] = {}
        ratios: dict[tuple, float] = {}
        hello_slots: list[float] = []
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(args.clients, mp_context=context) as pool:

            def run_slot(path: str, cookies: dict, revalidate: bool) -> float:
                nonlocal errors
                rate, bad = throughput(
                    pool, args.clients, server.port, path, cookies, slot, revalidate
                )
                errors += bad
                return rate

            hello_slots.append(run_slot(hello[1], {}, False))
            for name, path, account in measured:
                for mode in MODES:
                    cookies = browsers[(account, mode)].cookies
                    rates[(name, mode)] = run_slot(path, cookies, mode == "revalidate")
                hello_slots.append(run_slot(hello[1], {}, False))
                for mode in MODES:
                    beside = (hello_slots[-2] + hello_slots[-1]) / 2
                    ratios[(name, mode)] = rates[(name, mode)] / beside
        for browser in browsers.values():
            browser.close()

    hello_rate = statistics.median(hello_slots)
    hello_lat = latencies[(hello[0], "render")]
    print()
    print("render: every request renders the page (no browser cache)")
    print("revalidate: like a browser revisiting: If-None-Match, 304 while nothing changed")
    print(
        f"{'page':<14}{'bytes':>8} | {'render p50':>10}{'p95':>7}{'req/s':>8}{'ratio':>7}"
        f" | {'revalidate p50':>14}{'p95':>7}{'req/s':>8}{'ratio':>7}"
    )
    print(
        f"{hello[0]:<14}{sizes.get(hello[0], 0):>8} | {percentile(hello_lat, 0.5):>10.1f}"
        f"{percentile(hello_lat, 0.95):>7.1f}{hello_rate:>8.0f}{1:>7.3f} |"
    )
    for name, _path, _account in measured:
        cells = []
        for mode in MODES:
            lat = latencies[(name, mode)]
            cells.append(
                f"{percentile(lat, 0.5):>{10 if mode == 'render' else 14}.1f}"
                f"{percentile(lat, 0.95):>7.1f}{rates[(name, mode)]:>8.1f}"
                f"{ratios[(name, mode)]:>7.3f}"
            )
        print(f"{name:<14}{sizes.get(name, 0):>8} | {cells[0]} | {cells[1]}")
    print(
        f"hello slots req/s: {' '.join(f'{r:.0f}' for r in hello_slots)}; "
        f"targets: p95 <= {TARGET_P95_MS:g} ms (city pages {TARGET_CITY_P95_MS:g} ms), "
        f"ratio >= {TARGET_RATIO:g}; non-200/304 answers: {errors}"
    )
    names = [name for name, _p, _a in measured if not is_city(name)]
    city_names = [name for name, _p, _a in measured if is_city(name)]
    for mode in MODES:
        worst_p95 = max((percentile(latencies[(n, mode)], 0.95) for n in names), default=0.0)
        worst_ratio = min(ratios[(n, mode)] for n in names + city_names)
        met = worst_p95 <= TARGET_P95_MS and worst_ratio >= TARGET_RATIO
        city = ""
        if city_names:
            worst_city = max(percentile(latencies[(n, mode)], 0.95) for n in city_names)
            met = met and worst_city <= TARGET_CITY_P95_MS
            city = f", worst city p95 {worst_city:.1f} ms"
        print(
            f"{mode}: worst p95 {worst_p95:.1f} ms{city}, worst ratio {worst_ratio:.3f}"
            f" ({'targets met' if met else 'targets NOT met'})"
        )
    # The revalidating browser's figures, as before; then the full renders' worst p95 (the
    # district pages' 50 ms and the city pages' 200 ms are targets on a full render).
    render_p95 = max((percentile(latencies[(n, "render")], 0.95) for n in names), default=0.0)
    last = (
        f"p95_ms_max={worst_p95:.1f} throughput_ratio_min={worst_ratio:.3f}"
        f" render_p95_ms_max={render_p95:.1f}"
    )
    if city_names:
        city_render = max(percentile(latencies[(n, "render")], 0.95) for n in city_names)
        last += f" city_render_p95_ms_max={city_render:.1f}"
    print(last)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
