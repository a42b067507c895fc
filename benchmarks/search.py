"""Time the search service against a plain LIKE '%…%' scan on the same generated data.

Usage: .venv/bin/python benchmarks/search.py [--quick] [--query 托育] [--runs N]
                                            [--database-url postgresql://...]

Builds the dataset with demo.generate.generate(years=10) (scale 1.0: >= 200 meetings,
>= 20,000 opinions, ~140,000 search entries, about 40 s in all; --quick: years=10 at scale
0.5, ~110 meetings, ~5,000 opinions, ~35,000 entries, about 10 s; the scan grows with the
data and ours does not, so the ratio is smaller there) in a
temporary SQLite file migrated from empty (or in the given PostgreSQL database, which must
be empty; its tables are left there), then times, each as the median of N runs after two
warm-ups, for a two-character query:

- ours: search.query.search(), the function the /search/ page calls, as bench-secretariat
  (who may read everything, so the scope filter narrows nothing): the capped count and
  the first page of 20 hits with their snippets and titles.
- scan: the plain way, SELECT ... WHERE col LIKE '%托育%' over the same source tables
  (opinion title and problem, suggestions, replies, commitments, consensus points): the
  number of matching rows and the newest 20 opinions among them.

Last line: median_ms=<ours> scan_ms=<scan> ratio=<scan/ours>
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from benchmarks.common import sqlalchemy_url  # noqa: E402  (after the path is set)


def timed(function, runs: int) -> list[float]:
    for _ in range(2):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


SCAN_SQL = """
SELECT
  (SELECT count(*) FROM opinion WHERE title LIKE :pattern OR body LIKE :pattern)
  + (SELECT count(*) FROM suggestion WHERE text LIKE :pattern)
  + (SELECT count(*) FROM reply WHERE text LIKE :pattern)
  + (SELECT count(*) FROM commitment WHERE text LIKE :pattern)
  + (SELECT count(*) FROM consensus_point WHERE text LIKE :pattern)
"""
SCAN_PAGE_SQL = """
SELECT id, title FROM opinion WHERE title LIKE :pattern OR body LIKE :pattern
ORDER BY id DESC LIMIT 20
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale 0.5 instead of 1.0")
    parser.add_argument("--query", default="托育", help="a two-character query (default 托育)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs (default 30; 15 quick)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of SQLite")
    args = parser.parse_args()
    scale = 0.5 if args.quick else 1.0
    runs = args.runs or (15 if args.quick else 30)

    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        url = sqlalchemy_url(args.database_url or f"sqlite:///{Path(folder) / 'search.sqlite'}")
        run(url, scale, runs, args.query)


def run(url: str, scale: float, runs: int, query: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from accounts.models import User
    from app import create_app
    from demo.generate import generate
    from extensions import db
    from search.models import SearchEntry
    from search.query import search

    app = create_app(
        {
            "SECRET_KEY": "bench-search",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        counts = generate(years=10, scale=scale)
        built = time.perf_counter() - started
        entries = db.session.scalar(select(func.count()).select_from(SearchEntry))
        print(f"backend: {db.engine.dialect.name}; dataset: years=10 scale={scale:g}")
        print("rows: " + " ".join(f"{name}={value}" for name, value in counts.items()))
        print(f"search entries: {entries}; built and indexed in {built:.1f} s")

        secretariat = db.session.scalar(select(User).where(User.username == "bench-secretariat"))
        pattern = f"%{query}%"

        def ours():
            results = search(secretariat, query)
            db.session.expire_all()
            return results

        def scan():
            total = db.session.scalar(text(SCAN_SQL), {"pattern": pattern})
            db.session.execute(text(SCAN_PAGE_SQL), {"pattern": pattern}).all()
            return total

        results = ours()
        scan_total = scan()
        shown = f"more than {results.total - 1}" if results.more_than_limit else results.total
        print(f"query {query!r}: ours finds {shown} (first page {len(results.items)} hits);")
        print(f"  the scan counts {scan_total} matching rows")
        ours_ms = timed(ours, runs)
        scan_ms = timed(scan, runs)
        for name, times in (("ours", ours_ms), ("scan", scan_ms)):
            print(
                f"{name}: median {statistics.median(times):.2f} ms, "
                f"min {min(times):.2f}, max {max(times):.2f} over {runs} runs"
            )
        # Other two-character queries, for the record (not in the last line).
        for other in ("养老", "社区", "补贴", "岁"):
            times = timed(lambda other=other: search(secretariat, other), max(5, runs // 3))
            print(f"  ours {other!r}: median {statistics.median(times):.2f} ms")
        # The same query as other roles: the scope filter at work (not in the last line).
        others = db.session.scalars(
            select(User).where(User.username.in_(("bench-member-1", "bench-chair")))
        ).all()
        from responses.models import Assignment

        busiest = db.session.scalar(
            select(Assignment.department_id)
            .group_by(Assignment.department_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        departments = db.session.scalars(
            select(User).where(User.username.in_(("bench-dept-1", f"bench-dept-{busiest}")))
        ).all()
        for user in [*others, *departments]:
            if user is None:
                continue
            found = search(user, query)
            times = timed(lambda user=user: search(user, query), max(5, runs // 3))
            print(
                f"  ours as {user.username}: median {statistics.median(times):.2f} ms "
                f"({found.total if not found.more_than_limit else 'more than 1000'} hits)"
            )
        median_ours = statistics.median(ours_ms)
        median_scan = statistics.median(scan_ms)
        db.session.remove()
        db.engine.dispose()
    print(
        f"median_ms={median_ours:.2f} scan_ms={median_scan:.2f} "
        f"ratio={median_scan / median_ours:.1f}"
    )


if __name__ == "__main__":
    main()
