"""Time for `minutebook browse` to open, on stores of 1,000 and 10,000 meetings.

Builds each store from dataclasses (the minutes of `bench_carry`: seven items and twelve actions a meeting, no
PDFs), then times, in a fresh process each run, the app from start to its actions table filled, headless at
80x24. The baseline, measured in the same process just before, is `register.list_actions` on the same store:
what the table shows, so the ratio is what the interface adds. Issue 12's goal: open in under 1 s on 10,000
meetings.

    python -m benchmarks.bench_tui [--sizes 1000 10000] [--runs 3]
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
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = app.screen.query_one(DataTable).row_count
    return time.perf_counter() - t1, rows

opened, rows = asyncio.run(main())
print(json.dumps({"baseline": base, "open": opened, "rows": rows, "actions": n}))
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
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            t0 = time.perf_counter()
            build(home, size)
            print(f"== {size:,} meetings stored in {time.perf_counter() - t0:.1f} s")
            runs = [json.loads(subprocess.run([sys.executable, "-c", _PROBE, str(home)], capture_output=True,
                                              text=True, check=True, env=dict(os.environ, NO_COLOR="1")).stdout)
                    for _ in range(args.runs)]
            opened = statistics.median(r["open"] for r in runs)
            base = statistics.median(r["baseline"] for r in runs)
            print(f"   open to a filled table {opened:.2f} s; list_actions alone {base:.2f} s; "
                  f"ratio {opened / base:.1f}x; {runs[0]['rows']:,} rows of {runs[0]['actions']:,} open actions")
            rows.append((size, opened, base, runs[0]["rows"]))
    print("\n| meetings | open (s) | list_actions (s) | ratio | goal |\n|---|---|---|---|---|")
    for size, opened, base, _ in rows:
        print(f"| {size:,} | {opened:.2f} | {base:.2f} | {opened / base:.1f}x | < 1 s |")


if __name__ == "__main__":
    main()
