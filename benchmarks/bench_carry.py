"""Carry-forward cost per file as the archive grows: it must stay flat.

Stores 10 years of monthly minutes for 20 bodies (2,400 meetings, one file each, in date order) into a
fresh store, running carry-forward after each save as `ingest` does, and prints the mean cost per file
around 100, 1,000 and 2,400 stored meetings; then backfills one old meeting into the full archive.
The minutes are built as dataclasses (no PDF parsing): each has six items with two actions, and reports
about a third of the previous meetings' actions done in ordinary wording, so open actions pile up as they
do in a real register.

    python -m benchmarks.bench_carry [--bodies 20] [--years 10]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from minutebook import carry
from minutebook.models import Action, Document, Item, Meeting, Page, ParsedDocument, Person
from minutebook.store import Store

TOPICS = ["knife crime data", "youth diversion scheme", "street lighting audit", "CCTV camera review",
          "domestic abuse refuge places", "hate crime figures", "park warden rota", "consultation letter",
          "burglary campaign results", "licensing policy draft", "fly tipping hotspots", "school safety plan",
          "night time economy survey", "prevent training dates", "road safety report", "housing ASB pilot"]
VERBS = [("Circulate", "had been circulated"), ("Send", "was sent"), ("Share", "had been shared"),
         ("Present", "was presented"), ("Provide", "had been provided")]


def _meeting(body: str, when: date, rng: random.Random, earlier: list[tuple[str, str]]) -> Meeting:
    """A month's minutes: new actions, and matters arising reporting some earlier ones done."""
    items = []
    done = rng.sample(earlier, k=min(len(earlier), 4)) if earlier else []
    arising = " ".join(f"The {topic} {past} to partners." for topic, past in done)
    items.append(Item(number="1", title="Matters arising", page=1, text=arising or "No matters arising."))
    for n in range(2, 8):
        acts = []
        for _ in range(2):
            topic = f"{rng.choice(TOPICS)} for ward {rng.randint(1, 40)}"
            verb, past = rng.choice(VERBS)
            acts.append(Action(text=f"{verb} the {topic} to partners", page=n, owners=[f"Officer {rng.randint(1, 9)}"]))
            earlier.append((topic, past))
        items.append(Item(number=str(n), title=f"Item {n}", page=n,
                          text=f"The {body} discussed item {n}. 19% of repairs were completed at the first visit.",
                          actions=acts))
    return Meeting(body=body, date=when.isoformat(), kind="minutes", pages=(1, 8), chair="Chair Person",
                   attendees=[Person("Chair Person", chair=True)], items=items)


def _doc(n: int, meeting: Meeting) -> ParsedDocument:
    pages = [Page(index=i, label=str(i)) for i in range(1, 9)]
    sha = f"{n:064x}"
    return ParsedDocument(document=Document(path=f"m{n}.pdf", sha256=sha, pages=8), pages=pages, meetings=[meeting])


class _Counts:
    """Work done per file, which the shared machine's load cannot blur: pairs judged and SQL statements run."""

    def __init__(self) -> None:
        self.pairs = self.sql = 0
        judge = carry._judge

        def counting(*args, **kwargs):
            self.pairs += 1
            return judge(*args, **kwargs)

        carry._judge = counting  # find_matches looks the name up in the module on every call

    def take(self) -> tuple[int, int]:
        out = (self.pairs, self.sql)
        self.pairs = self.sql = 0
        return out


def run(bodies: int = 20, years: int = 10, seed: int = 0) -> list[tuple[int, float, float, float]]:
    rng = random.Random(seed)
    counts = _Counts()
    names = [f"Body {chr(65 + b)} Committee" for b in range(bodies)]
    pending: dict[str, list[tuple[str, str]]] = {b: [] for b in names}
    marks = {100, 1000, bodies * years * 12}
    costs: list[float] = []
    figures: list[tuple[int, float, float, float]] = []
    work: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store.sqlite3") as store:

        def traced(_sql: str) -> None:
            counts.sql += 1

        n = 0
        for month in range(years * 12):
            for b, body in enumerate(names):
                when = date(2010 + month // 12, month % 12 + 1, 1 + b)
                meeting = _meeting(body, when, rng, pending[body])
                pending[body] = pending[body][-40:]
                n += 1
                saved = store.save(_doc(n, meeting))
                counts.take()
                store.db.set_trace_callback(traced)
                t, c = time.perf_counter(), time.process_time()
                carry.carry_forward(store, saved.meeting_ids)
                costs.append((time.perf_counter() - t, time.process_time() - c))
                store.db.set_trace_callback(None)
                work.append(counts.take())
                if n in marks:
                    # medians of the last 50 files: the machine is shared, and CPU time is what the code costs
                    window = costs[-50:]
                    wall = statistics.median(w for w, _ in window) * 1000
                    cpu = statistics.median(c for _, c in window) * 1000
                    pairs = statistics.median(p for p, _ in work[-50:])
                    sql = statistics.median(q for _, q in work[-50:])
                    figures.append((n, cpu, pairs, sql))
                    print(f"{n:>5} meetings: carry-forward {cpu:6.1f} ms CPU per file ({wall:.1f} ms wall), "
                          f"{pairs:.0f} pairs judged, {sql:.0f} SQL statements (medians of the last {len(window)})",
                          flush=True)
        old = _meeting(names[0], date(2010, 6, 15), rng, [])
        saved = store.save(_doc(n + 1, old))
        c = time.process_time()
        carry.carry_forward(store, saved.meeting_ids)
        back = (time.process_time() - c) * 1000
        print(f"backfill of one 2010 meeting into {n} meetings: {back:.1f} ms CPU", flush=True)
        events = store.db.execute("SELECT count(*), count(DISTINCT action_id || key) FROM action_events "
                                  "WHERE kind = 'suggest'").fetchone()
        print(f"suggestions stored: {events[0]} ({events[1]} distinct action/sentence pairs)")
    print("\n| meetings stored | carry-forward CPU per file | pairs judged | SQL statements |\n|---|---|---|---|")
    for n, ms, pairs, sql in figures:
        print(f"| {n:,} | {ms:.1f} ms | {pairs:.0f} | {sql:.0f} |")
    print(f"| backfill into {n:,} | {back:.1f} ms | | |")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    run(args.bodies, args.years)


if __name__ == "__main__":
    main()
