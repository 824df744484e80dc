"""Time for `minutebook browse` to open, on stores of 1,000 and 10,000 meetings.

Builds each store from dataclasses (the minutes of `bench_carry`: seven items and twelve actions a meeting, no
PDFs), then times, in a fresh process each run, the app from start to the first page of its actions table
drawn, headless at 80x24, and to the counts (total, overdue, owners) that a worker adds after it. The baseline,
measured in the same process just before, is `register.list_actions` on the same store: the whole register,
which the table read before it was paged. Issue 12's goal: open in under 1 s on 10,000 meetings.

    python -m benchmarks.bench_tui [--sizes 1000 10000] [--runs 3] [--cache DIR]

`--cache DIR` keeps each store in DIR/<size> and reuses it (storing 10,000 meetings takes minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.bench_carry import _doc, _meeting
from minutebook.store import Store

_PROBE = r"""
import asyncio, json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from minutebook.register import list_actions
from minutebook.store import Store
with Store.open(Path(sys.argv[1])) as s:
    n = len(list_actions(s, status="open").actions)
base = time.perf_counter() - t0

async def main():
    from textual.widgets import DataTable
    from minutebook.tui.app import MinutebookApp
    t1 = time.perf_counter()
    app = MinutebookApp(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.screen.query_one(DataTable).row_count:  # the first page drawn: the app is usable
            await pilot.pause(0.005)
        opened = time.perf_counter() - t1
        rows = app.screen.query_one(DataTable).row_count
        await app.workers.wait_for_complete()  # the total, overdue and owners' counts, read in a worker
        await pilot.pause()
        counted = time.perf_counter() - t1
        status = str(app.screen.query_one("#status").content)
    return opened, counted, rows, status

opened, counted, rows, status = asyncio.run(main())
print(json.dumps({"baseline": base, "open": opened, "counted": counted, "rows": rows, "actions": n,
                  "status": status}))
"""


def build(home: Path, meetings: int, bodies: int = 20) -> None:
    rng = random.Random(0)
    earlier: dict[str, list[tuple[str, str]]] = {}
    with Store.open(home) as store:
        for n in range(meetings):
            body = f"Committee {n % bodies:02d}"
            when = date(2000 + (n // bodies) // 12 % 60, (n // bodies) % 12 + 1, 1 + n % 28)
            store.save(_doc(n, _meeting(body, when, rng, earlier.setdefault(body, []))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache", type=Path, help="keep the stores here and reuse them")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            home = args.cache / str(size) if args.cache else Path(tmp)
            if home.joinpath("minutebook.sqlite3").exists():
                print(f"== {size:,} meetings (the store kept in {home})")
            else:
                home.mkdir(parents=True, exist_ok=True)
                t0 = time.perf_counter()
                build(home, size)
                print(f"== {size:,} meetings stored in {time.perf_counter() - t0:.1f} s")
            runs = [json.loads(subprocess.run([sys.executable, "-c", _PROBE, str(home)], capture_output=True,
                                              text=True, check=True, env=dict(os.environ, NO_COLOR="1")).stdout)
                    for _ in range(args.runs)]
            opened = statistics.median(r["open"] for r in runs)
            counted = statistics.median(r["counted"] for r in runs)
            base = statistics.median(r["baseline"] for r in runs)
            print(f"   open to the first page drawn {opened:.2f} s (counts in, from a worker, at {counted:.2f} s); "
                  f"list_actions alone {base:.2f} s; ratio {opened / base:.2f}x; {runs[0]['rows']:,} rows loaded "
                  f"of {runs[0]['actions']:,} open actions")
            print(f"   status line: {runs[0]['status']}")
            rows.append((size, opened, counted, base))
    print("\n| meetings | open (s) | counts in (s) | list_actions (s) | open / list_actions | goal |")
    print("|---|---|---|---|---|---|")
    for size, opened, counted, base in rows:
        print(f"| {size:,} | {opened:.2f} | {counted:.2f} | {base:.2f} | {opened / base:.2f}x | open < 1 s |")


if __name__ == "__main__":
    main()
