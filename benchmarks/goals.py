"""Issue 16's goals: every row of its table as a ratio to its baseline, both measured in the same run.

Run by hand (not part of the test suite):

    python -m benchmarks.goals                      # everything: about 25 minutes on 2 loaded cores
    python -m benchmarks.goals --quick              # small sizes: about 2 minutes
    python -m benchmarks.goals --only index,search --sizes 1000,10000 --engine tantivy

Rows, each measured in fresh processes (`benchmarks.measure.run_child`: wall, CPU of the process and the
workers it reaped, peak RSS):

- ingest, 1 job: `minutebook ingest --jobs 1` (the installed command, a fresh process and a fresh
  MINUTEBOOK_HOME, so interpreter start and the spaCy model load are counted) on the real pack and on a folder
  of small generated minutes, in pages/s, against pdfplumber `extract_text` over the same files (a fresh
  process too: `bench_ingest --child extract_text`); pypdfium2 `get_text_range` and poppler's `pdftotext`
  (where installed) as reference baselines. Goal >= 10x `extract_text` (wall; CPU shown beside it).
- ingest, `--jobs 2` against `--jobs 1` on the small minutes (wall). Goal >= 1.8x.
- index build at each size (`--sizes`, default 1,000 and 10,000 meetings of `bench_search.synthetic_archive`):
  CPU seconds and peak RSS of `minutebook.search.build_index_from` in a child, against raw tantivy (one
  writer thread) and raw SQLite FTS5 indexing the same records (the documents minutebook's index writes, made
  from the meetings as the build goes; what making them costs is timed again on its own and shown). Every child
  holds the same meetings in memory, as `rebuild_index` holds the store's; peak RSS is the child's high-water
  mark from just before the build to its end, shown beside what the input already held. Goals <= 5 CPU s at
  1,000; <= 60 CPU s and <= 300 MB at 10,000.
- search at each size: CPU p50/p95 of every run of a fixed battery of 20 queries (`QUERIES`: words, phrases,
  AND/NOT, prefixes, a field, filters on body, kind, dates and owner, date sort, no hits) through
  `minutebook.search.search`, against the same queries in tantivy's and FTS5's own syntax, top 10 with their
  stored ids and titles. Goals p95 <= 20 ms at 1,000, <= 50 ms at 10,000.
- cold start: `minutebook --help`, `actions`, `search x` against `python -c pass`, best of `--runs` rounds in
  which they take turns (`bench_cli.timings`), in a home holding the real pack. Goal each <= 4x (wall and CPU).

`--engine whoosh|tantivy` sets MINUTEBOOK_SEARCH for every minutebook process (ingest, build, search, start);
the baselines do not read it. Sizes other than 1,000 and 10,000 take the goals of the row in the same place.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    markdown_table,
    peak_rss_mb,
    percentile,
    reset_peak_rss,
    rss_mb,
    run_child,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED_PACK = ROOT.parent / "shared" / "corpus" / "haringey-csp-2019-12-11.pdf"
PARTS = ("ingest", "index", "search", "start")
ENGINES = ("minutebook", "tantivy", "fts5")

# Issue 16's goals, in the table's order.
INGEST_GOAL = 10.0  # x pdfplumber extract_text, one job
JOBS_GOAL = 1.8  # --jobs 2 over --jobs 1
START_GOAL = 4.0  # x python -c pass
# (meetings the goal is set for, build CPU s, build peak RSS MB or None, search CPU p95 ms)
SIZE_GOALS: tuple[tuple[int, float, float | None, float], ...] = ((1000, 5.0, None, 20.0), (10000, 60.0, 300.0, 50.0))

# The battery: (label, minutebook query, search() keyword arguments, tantivy query, FTS5 MATCH expression).
# minutebook ranks records with every word first, then those with some: the baselines are asked for any word,
# best first, which is the nearest each has. Filters (body, kinds, dates, owner) and the date sort are applied
# by each baseline from the same keyword arguments (`_tantivy_search`, `_fts5_search`).
QUERIES: tuple[tuple[str, str, dict[str, Any], str, str], ...] = (
    ("words", "Zero Suicide training", {}, "zero suicide training", "zero OR suicide OR training"),
    ("words", "community flyer gangs knife crime", {}, "community flyer gangs knife crime",
     "community OR flyer OR gangs OR knife OR crime"),
    ("words", "burglary campaign", {}, "burglary campaign", "burglary OR campaign"),
    ("words", "air quality schools", {}, "air quality schools", "air OR quality OR schools"),
    ("words, broad", "community", {}, "community", "community"),
    ("words", "pension fund valuation", {}, "pension fund valuation", "pension OR fund OR valuation"),
    ("phrase", '"knife crime"', {}, '"knife crime"', '"knife crime"'),
    ("phrase and word", '"temporary accommodation" families', {}, '"temporary accommodation" families',
     '"temporary accommodation" OR families'),
    ("AND/NOT", "cctv AND cameras NOT budget", {}, "+cctv +cameras -budget", "cctv AND cameras NOT budget"),
    ("AND", "domestic AND abuse AND housing", {}, "+domestic +abuse +housing", "domestic AND abuse AND housing"),
    ("prefix", "train*", {}, "train*", "train*"),
    ("prefix and word", "accredit* housing", {}, "accredit* housing", "accredit* OR housing"),
    ("field", 'owner:"laura wileman"', {}, 'owners:"laura wileman"', 'owners:"laura wileman"'),
    ("filter body", "domestic abuse", {"body": "Community Safety Partnership"}, "domestic abuse",
     "domestic OR abuse"),
    ("filter kind", "knife crime", {"kinds": ["action", "resolution"]}, "knife crime", "knife OR crime"),
    ("filter dates", "licensing objections", {"date_from": "2015", "date_to": "2016-06"}, "licensing objections",
     "licensing OR objections"),
    ("filter owner", "figures", {"owner": "Eubert Malcolm"}, "figures", "figures"),
    ("date sort", "hate crime", {"sort": "newest"}, "hate crime", "hate OR crime"),
    ("date sort, from", "budget savings", {"sort": "newest", "date_from": "2020"}, "budget savings",
     "budget OR savings"),
    ("no hits", "xylophone quartet", {}, "xylophone quartet", "xylophone OR quartet"),
)


@dataclass
class Row:
    """One row of the goals table: minutebook's figure, the baselines of the same run, the ratio and the goal."""

    measure: str
    minutebook: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None = None  # None: not judged (a part that could not run)

    @property
    def verdict(self) -> str:
        return "n/a" if self.met is None else "met" if self.met else "NOT met"


# --------------------------------------------------------------------------------------------------
# Children: `python -m benchmarks.goals --child engine NAME MEETINGS DIR REPEAT QUERIES` prints one JSON line.


def _day(iso: str) -> int:
    digits = (iso or "").replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def _bound(value: str | None, end: bool) -> int | None:
    """"2016-06" as yyyymmdd, the first day of it or (end) past its last."""
    if not value:
        return None
    digits = value.replace("-", "")
    return int(digits.ljust(8, "9" if end else "0"))


def records(meetings: list, pages: list) -> Iterator[dict[str, Any]]:
    """The documents minutebook's index writes for `meetings` and `pages`, flattened for the raw engines and made
    as the build goes, as minutebook's own build makes them."""
    from minutebook.search._index import meeting_docs, page_docs

    for doc in itertools.chain((d for m in meetings for d in meeting_docs(m)), page_docs(pages, meetings)):
        yield {
            "doc_id": doc["doc_id"], "kind": doc["kind"], "title": doc.get("title") or "",
            "text": doc.get("text") or "", "resolutions": doc.get("resolutions") or "",
            "body": doc.get("body") or "", "body_name": doc.get("body_name") or "",
            "owners": (doc.get("owners") or "").replace(",", ", "), "date": _day(doc.get("meeting_date", "")),
        }


def _build_tantivy(path: Path, docs: Iterable[dict[str, Any]]) -> tuple[Any, int]:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    for name in ("title", "text", "resolutions", "body", "owners"):
        sb.add_text_field(name, stored=name == "title", tokenizer_name="en_stem")
    sb.add_text_field("kind", tokenizer_name="raw")
    sb.add_text_field("body_name", tokenizer_name="raw")
    sb.add_integer_field("date", indexed=True, fast=True)
    index = tantivy.Index(sb.build(), path=str(path))
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    count = 0
    for doc in docs:
        writer.add_document(tantivy.Document(**doc))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, count


def _tantivy_search(index: Any, query: str, kwargs: dict[str, Any]) -> int:
    import tantivy

    schema = index.schema
    q = index.parse_query(query, ["title", "text", "resolutions"], field_boosts={"title": 3.0, "resolutions": 2.0})
    must = [(tantivy.Occur.Must, q)]
    filters = []
    if kwargs.get("body"):
        filters.append(tantivy.Query.term_query(schema, "body_name", kwargs["body"]))
    if kwargs.get("kinds"):
        filters.append(tantivy.Query.term_set_query(schema, "kind", kwargs["kinds"]))
    lo, hi = _bound(kwargs.get("date_from"), False), _bound(kwargs.get("date_to"), True)
    if lo is not None or hi is not None:
        filters.append(tantivy.Query.range_query(schema, "date", tantivy.FieldType.Integer, lo, hi))
    if kwargs.get("owner"):
        filters.append(index.parse_query(f'owners:"{kwargs["owner"]}"', ["owners"]))
    must += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    searcher = index.searcher()
    order = {"order_by_field": "date"} if kwargs.get("sort") in ("newest", "date") else {}
    found = searcher.search(tantivy.Query.boolean_query(must), 10, **order)
    for _, address in found.hits:
        searcher.doc(address)["title"]
    return found.count


FTS5_COLUMNS = ("doc_id", "kind", "body_name", "date", "title", "text", "resolutions", "body", "owners")


def _build_fts5(path: Path, docs: Iterable[dict[str, Any]]) -> tuple[sqlite3.Connection, int]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE r USING fts5(doc_id UNINDEXED, kind UNINDEXED, body_name UNINDEXED, "
                 "date UNINDEXED, title, text, resolutions, body, owners, tokenize='porter unicode61')")
    conn.execute("INSERT INTO r(r, rank) VALUES('rank', 'bm25(0, 0, 0, 0, 3.0, 1.0, 2.0, 1.0, 1.0)')")
    cursor = conn.executemany(f"INSERT INTO r VALUES ({', '.join('?' * len(FTS5_COLUMNS))})",
                              ([d[c] for c in FTS5_COLUMNS] for d in docs))
    conn.commit()
    return conn, cursor.rowcount


def _fts5_search(conn: sqlite3.Connection, match: str, kwargs: dict[str, Any]) -> int:
    where, params = ["r MATCH ?"], [match]
    if kwargs.get("owner"):
        params[0] = f'({match}) AND owners:"{kwargs["owner"]}"'
    if kwargs.get("body"):
        where.append("body_name = ?")
        params.append(kwargs["body"])
    if kwargs.get("kinds"):
        where.append(f"kind IN ({', '.join('?' * len(kwargs['kinds']))})")
        params += kwargs["kinds"]
    lo, hi = _bound(kwargs.get("date_from"), False), _bound(kwargs.get("date_to"), True)
    if lo is not None:
        where.append("date >= ?")
        params.append(lo)
    if hi is not None:
        where.append("date <= ?")
        params.append(hi)
    order = "date DESC" if kwargs.get("sort") in ("newest", "date") else "rank"
    sql = " AND ".join(where)
    rows = conn.execute(f"SELECT doc_id, title FROM r WHERE {sql} ORDER BY {order} LIMIT 10", params).fetchall()
    count = conn.execute(f"SELECT count(*) FROM r WHERE {sql}", params).fetchone()[0]
    return count if rows is not None else 0


def _cpu() -> float:
    """CPU seconds of this process (all its threads) and of the children it has reaped."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def child_engine(engine: str, meetings_n: int, out_dir: str, repeat: int, n_queries: int) -> dict[str, Any]:
    """Build one engine's index of the synthetic archive and time the query battery on it."""
    from benchmarks.bench_search import synthetic_archive

    meetings, pages = synthetic_archive(meetings_n)
    out = Path(out_dir)
    if engine == "minutebook":
        from minutebook.search import build_index_from, search

        def build() -> int:
            return build_index_from(out, meetings, pages)

        def query_call(q: tuple) -> Callable[[], int]:
            return lambda: search(out, q[1], **q[2]).total
    elif engine == "tantivy":
        (out / "tantivy").mkdir(parents=True, exist_ok=True)
        built: dict[str, Any] = {}

        def build() -> int:
            built["ix"], count = _build_tantivy(out / "tantivy", records(meetings, pages))
            return count

        def query_call(q: tuple) -> Callable[[], int]:
            return lambda: _tantivy_search(built["ix"], q[3], q[2])
    else:
        built = {}

        def build() -> int:
            built["db"], count = _build_fts5(out / "fts5.db", records(meetings, pages))
            return count

        def query_call(q: tuple) -> Callable[[], int]:
            return lambda: _fts5_search(built["db"], q[4], q[2])
    gc.collect()
    input_mb = rss_mb()
    exact_peak = reset_peak_rss()
    t0, c0 = time.perf_counter(), _cpu()
    count = build()
    build_wall, build_cpu = time.perf_counter() - t0, _cpu() - c0
    build_peak = peak_rss_mb()
    records_cpu = 0.0
    if engine != "minutebook":  # what making the records cost inside the build: minutebook's code, not the engine's
        c0 = _cpu()
        for _ in records(meetings, pages):
            pass
        records_cpu = _cpu() - c0
    calls: list[Callable[[], int]] = [query_call(q) for q in QUERIES[:n_queries]]
    samples: list[float] = []
    hits = []
    for call in calls:
        hits.append(call())  # warm: the OS page cache and each engine's own caches
        for _ in range(repeat):
            c = time.process_time()
            call()
            samples.append((time.process_time() - c) * 1000)
    return {"engine": engine, "docs": count, "build_wall": build_wall, "build_cpu": build_cpu, "input_mb": input_mb,
            "build_peak_mb": build_peak, "peak_exact": exact_peak, "records_cpu": records_cpu, "search_ms": samples,
            "hits": hits}


def child_main(argv: list[str]) -> None:
    kind, *rest = argv
    if kind != "engine":
        raise SystemExit(f"unknown child {kind}")
    engine, n, out_dir, repeat, n_queries = rest
    print(json.dumps(child_engine(engine, int(n), out_dir, int(repeat), int(n_queries))))


# --------------------------------------------------------------------------------------------------
# Parent: the parts, each returning its rows.


def _env(engine: str) -> dict[str, str]:
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "MINUTEBOOK_SEARCH": engine, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p)}


def real_pack() -> Path:
    from benchmarks.bench_ingest import REAL_PACK

    return SHARED_PACK if SHARED_PACK.exists() else REAL_PACK


def small_minutes(n: int) -> Path:
    """A folder of `n` generated files of minutes alone (a few pages each), cached like bench_ingest's corpus."""
    from benchmarks import gen_corpus
    from benchmarks.bench_ingest import CACHE

    version = f"{zlib.crc32(Path(gen_corpus.__file__).read_bytes()):08x}"
    folder = CACHE / f"minutes-{n}-{version}"
    if not folder.exists():
        tmp = CACHE / f".minutes-{n}.tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        rng = random.Random(16)
        for i in range(n):
            minutes = gen_corpus.random_meeting(rng, first_number=rng.randint(1, 120))
            gen_corpus.render_pack([minutes], tmp / f"minutes-{i + 1:04d}-{minutes.date.isoformat()}.pdf")
        tmp.rename(folder)
    return folder


def _ingest(paths: list[Path], jobs: int, env: dict[str, str]) -> Any:
    from benchmarks.bench_cli import _script

    with tempfile.TemporaryDirectory(prefix="mb-goals-home-") as home:
        child = run_child([*_script(), "ingest", *map(str, paths), "--jobs", str(jobs)],
                          env={**env, "MINUTEBOOK_HOME": home}, cwd=ROOT, check=False)
    if child.returncode != 0:
        print(f"   ingest --jobs {jobs} exited {child.returncode}: {child.stderr.strip()[-400:]}", flush=True)
    return child


def _bench_child(kind: str, paths: list[Path], env: dict[str, str]) -> Any:
    return run_child([sys.executable, "-m", "benchmarks.bench_ingest", "--child", kind, *map(str, paths)], env=env,
                     cwd=ROOT)


def ingest_rows(pack: Path, n_small: int, env: dict[str, str]) -> list[Row]:
    from benchmarks.bench_ingest import _pages_of, _pdftotext

    rows = []
    folder = small_minutes(n_small)
    small = sorted(folder.glob("*.pdf"))
    jobs1 = None
    for label, paths in ((f"ingest, real pack ({pack.name}), 1 job", [pack]),
                         (f"ingest, {n_small} small generated minutes, 1 job", small)):
        pages = _pages_of(paths)
        print(f"\n== {label}: {pages} pages", flush=True)
        base = _bench_child("extract_text", paths, env)
        ours = _ingest(paths, 1, env)
        fast = _bench_child("pdfium_text", paths, env)
        poppler = _pdftotext(paths)
        if paths is small:
            jobs1 = (ours, pages)
        ratio, cpu_ratio = base.wall / ours.wall, base.cpu / ours.cpu
        for name, c in (("minutebook ingest --jobs 1", ours), ("pdfplumber extract_text", base),
                        ("pypdfium2 get_text_range", fast)):
            print(f"   {name:28} {c.wall:7.2f} s wall {pages / c.wall:8.1f} pages/s  {c.cpu:7.2f} s cpu  "
                  f"peak RSS {c.maxrss_mb:5.0f} MB", flush=True)
        refs = [f"pypdfium2 {pages / fast.wall:.0f} pages/s ({base.wall / fast.wall:.0f}x extract_text)"]
        if poppler:
            print(f"   {'pdftotext (poppler)':28} {poppler['wall']:7.2f} s wall {pages / poppler['wall']:8.1f} pages/s")
            refs.append(f"pdftotext {pages / poppler['wall']:.0f} pages/s "
                        f"({base.wall / poppler['wall']:.0f}x extract_text)")
        else:
            print("   pdftotext: not installed (apt-get install poppler-utils); that reference is skipped")
            refs.append("pdftotext not installed")
        rows.append(Row(
            f"{label}, {pages} p", f"{pages / ours.wall:.1f} pages/s ({ours.wall:.1f} s, cpu {ours.cpu:.1f} s, "
            f"{ours.maxrss_mb:.0f} MB)",
            f"extract_text {pages / base.wall:.1f} pages/s ({base.wall:.1f} s); " + "; ".join(refs),
            f"{ratio:.2f}x extract_text (cpu {cpu_ratio:.2f}x)", f">= {INGEST_GOAL:g}x extract_text",
            ratio >= INGEST_GOAL))
    ours1, pages = jobs1
    ours2 = _ingest(small, 2, env)
    speedup = ours1.wall / ours2.wall
    print(f"   minutebook ingest --jobs 2   {ours2.wall:7.2f} s wall {pages / ours2.wall:8.1f} pages/s  "
          f"{ours2.cpu:7.2f} s cpu  speed-up over --jobs 1 {speedup:.2f}x", flush=True)
    rows.append(Row(
        f"ingest, {n_small} small generated minutes, --jobs 2 vs --jobs 1",
        f"--jobs 2: {pages / ours2.wall:.1f} pages/s ({ours2.wall:.1f} s, cpu {ours2.cpu:.1f} s)",
        f"--jobs 1: {pages / ours1.wall:.1f} pages/s ({ours1.wall:.1f} s)", f"{speedup:.2f}x",
        f">= {JOBS_GOAL:g}x", speedup >= JOBS_GOAL))
    return rows


def _size_goal(n: int, position: int) -> tuple[int, float, float | None, float]:
    for goal in SIZE_GOALS:
        if goal[0] == n:
            return goal
    return SIZE_GOALS[min(position, len(SIZE_GOALS) - 1)]


def engine_runs(n: int, env: dict[str, str], repeat: int, n_queries: int) -> dict[str, dict[str, Any] | None]:
    """Each engine's build and query figures at `n` meetings, or None for an engine that is not installed."""
    out: dict[str, dict[str, Any] | None] = {}
    for engine in ENGINES:
        if engine == "tantivy" and importlib.util.find_spec("tantivy") is None:
            print("   tantivy: not installed (pip install tantivy==0.27.0); that baseline is skipped", flush=True)
            out[engine] = None
            continue
        with tempfile.TemporaryDirectory(prefix=f"mb-goals-{engine}-") as tmp:
            child = run_child([sys.executable, "-m", "benchmarks.goals", "--child", "engine", engine, str(n), tmp,
                               str(repeat), str(n_queries)], env=env, cwd=ROOT)
        data = child.json()
        data["process_peak_mb"] = child.maxrss_mb
        out[engine] = data
        ms = data["search_ms"]
        print(f"   {engine:11} {data['docs']:>8,} docs  build {data['build_cpu']:7.2f} s cpu "
              f"({data['build_wall']:.2f} s wall), peak RSS {data['build_peak_mb']:.0f} MB "
              f"(records in memory {data['input_mb']:.0f} MB)"
              + (f"  search cpu p50 {percentile(ms, 50):.2f} ms, p95 {percentile(ms, 95):.2f} ms" if ms else ""),
              flush=True)
    return out


def _per_query(runs: dict[str, dict[str, Any] | None], repeat: int) -> None:
    """Each query's CPU p95 per engine (the battery's slowest queries are what a p95 over all runs shows)."""
    present = [e for e in ENGINES if runs.get(e)]
    print(f"   {'query':44} " + " ".join(f"{e + ' p95':>14}" for e in present) + f" {'hits':>8}")
    for i, (label, query, kwargs, _, _) in enumerate(QUERIES[:len(runs["minutebook"]["hits"])]):
        shown = f"{label}: {query}" + (" " + " ".join(f"{k}={v}" for k, v in kwargs.items()) if kwargs else "")
        cells = [percentile(runs[e]["search_ms"][i * repeat:(i + 1) * repeat], 95) for e in present]
        print(f"   {shown[:44]:44} " + " ".join(f"{c:11.2f} ms" for c in cells)
              + f" {runs['minutebook']['hits'][i]:>8,}")


def _peak(run: dict[str, Any]) -> str:
    """The build's peak RSS and how much of it the input already held (the meetings, or the flattened records)."""
    return f"{run['build_peak_mb']:.0f} MB (input {run['input_mb']:.0f} MB)"


def index_search_rows(sizes: list[int], parts: set[str], env: dict[str, str], repeat: int,
                      n_queries: int) -> list[Row]:
    rows = []
    for position, n in enumerate(sorted(sizes)):
        goal_n, cpu_goal, rss_goal, p95_goal = _size_goal(n, position)
        note = "" if goal_n == n else f" (the goal set for {goal_n:,})"
        print(f"\n== {n:,} meetings: index build" + (" and search" if "search" in parts else ""), flush=True)
        runs = engine_runs(n, env, repeat if "search" in parts else 0, n_queries if "search" in parts else 0)
        ours = runs["minutebook"]
        bases = [(e, runs[e]) for e in ENGINES[1:] if runs[e]]
        names = {"tantivy": "tantivy", "fts5": "FTS5"}
        if "index" in parts:
            ok = ours["build_cpu"] <= cpu_goal and (rss_goal is None or ours["build_peak_mb"] <= rss_goal)
            rows.append(Row(
                f"index build, {n:,} meetings ({ours['docs']:,} records)",
                f"{ours['build_cpu']:.1f} CPU s ({ours['build_wall']:.1f} s wall), peak {_peak(ours)}",
                "; ".join(f"{names[e]} {b['build_cpu']:.1f} CPU s (making the records {b['records_cpu']:.1f} s of "
                          f"it), peak {_peak(b)}" for e, b in bases),
                ", ".join(f"{ours['build_cpu'] / max(b['build_cpu'], 1e-6):.1f}x {names[e]}" for e, b in bases),
                f"<= {cpu_goal:g} CPU s" + (f", peak <= {rss_goal:g} MB" if rss_goal else "") + note, ok))
        if "search" in parts:
            _per_query(runs, repeat)
            ms = ours["search_ms"]
            p50, p95 = percentile(ms, 50), percentile(ms, 95)
            rows.append(Row(
                f"search CPU p50/p95, {n:,} meetings, {n_queries} queries x {repeat}",
                f"{p50:.1f} / {p95:.1f} ms",
                "; ".join(f"{names[e]} {percentile(b['search_ms'], 50):.1f} / {percentile(b['search_ms'], 95):.1f} ms"
                          for e, b in bases),
                ", ".join(f"p95 {p95 / max(percentile(b['search_ms'], 95), 1e-6):.1f}x {names[e]}" for e, b in bases),
                f"p95 <= {p95_goal:g} ms{note}", p95 <= p95_goal))
    return rows


def start_rows(pack: Path, env: dict[str, str], runs: int) -> list[Row]:
    from benchmarks.bench_cli import COMMANDS, _script, timings

    print(f"\n== cold start, best of {runs} rounds", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="mb-goals-start-") as home:
        home_env = {**env, "MINUTEBOOK_HOME": home, "COLUMNS": "100"}
        run_child([*_script(), "ingest", str(pack), "--jobs", "1"], env=home_env, cwd=ROOT)
        commands = [args for args, goal in COMMANDS if goal is not None]
        best = timings([[sys.executable, "-c", "pass"]] + [[*_script(), *a] for a in commands], runs, home_env, False)
    (base_wall, base_cpu), figures = best[0], best[1:]
    for args, (wall, cpu) in zip(commands, figures, strict=True):
        ratio, cpu_ratio = wall / base_wall, cpu / base_cpu
        label = "minutebook " + " ".join(args)
        print(f"   {label:24} {1000 * wall:6.1f} ms (cpu {1000 * cpu:6.1f} ms)  {ratio:.1f}x / {cpu_ratio:.1f}x cpu",
              flush=True)
        rows.append(Row(f"cold start: `{label}`", f"{1000 * wall:.0f} ms (cpu {1000 * cpu:.0f} ms)",
                        f"`python -c pass` {1000 * base_wall:.0f} ms (cpu {1000 * base_cpu:.0f} ms)",
                        f"{ratio:.1f}x (cpu {cpu_ratio:.1f}x)", f"<= {START_GOAL:g}x",
                        max(ratio, cpu_ratio) <= START_GOAL))
    return rows


def run(parts: set[str], engine: str = "whoosh", sizes: list[int] | None = None, n_small: int = 200,
        repeat: int = 10, n_queries: int = len(QUERIES), start_runs: int = 15, pack: Path | None = None,
        ) -> list[Row]:
    """Measure the `parts` and return their rows, in the issue's order."""
    from benchmarks.bench_cli import _compile_package

    env = _env(engine)
    pack = pack or real_pack()
    print(_compile_package(), flush=True)  # as `pip install` does: no run pays for compiling minutebook's sources
    rows: list[Row] = []
    if "ingest" in parts:
        rows += ingest_rows(pack, n_small, env)
    if parts & {"index", "search"}:
        rows += index_search_rows(sizes or [s[0] for s in SIZE_GOALS], parts, env, repeat, n_queries)
    if "start" in parts:
        rows += start_rows(pack, env, start_runs)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.goals", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="20 small minutes files, 1,000 meetings, fewer repeats")
    ap.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}")
    ap.add_argument("--engine", choices=("whoosh", "tantivy"), default="whoosh",
                    help="MINUTEBOOK_SEARCH for the minutebook side (default whoosh)")
    ap.add_argument("--sizes", help="meetings in the synthetic archives, comma-separated (default 1000,10000)")
    ap.add_argument("--small", type=int, help="small generated minutes for the ingest rows (default 200)")
    ap.add_argument("--repeat", type=int, help="timed runs of each query (default 10)")
    ap.add_argument("--queries", type=int, default=len(QUERIES), help="queries of the battery to run (default all)")
    ap.add_argument("--runs", type=int, help="cold-start rounds (default 15)")
    ap.add_argument("--pack", type=Path, help="the real pack (default the Haringey pack)")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if parts - set(PARTS):
        ap.error(f"--only takes {', '.join(PARTS)}")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1000] if args.quick else None)
    started = time.perf_counter()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f"; python {sys.version.split()[0]}; "
          f"engine {args.engine}", flush=True)
    rows = run(parts, args.engine, sizes, n_small=args.small or (20 if args.quick else 200),
               repeat=args.repeat or (3 if args.quick else 10), n_queries=args.queries,
               start_runs=args.runs or (5 if args.quick else 15), pack=args.pack)
    print(f"\n== issue 16 goals ({args.engine}; load average now "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f"; {time.perf_counter() - started:.0f} s in all)")
    for r in rows:
        print(f"{r.measure}\n   minutebook {r.minutebook}\n   baseline   {r.baseline}\n   ratio      {r.ratio}"
              f"\n   goal       {r.goal}: {r.verdict}")
    print("\nmarkdown:\n" + markdown_table(
        ("measure", "minutebook", "baseline in the same run", "ratio", "goal", ""),
        ([r.measure, r.minutebook, r.baseline, r.ratio, r.goal, r.verdict] for r in rows)))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:  # a measurement in a fresh process, for `engine_runs`
        child_main(sys.argv[2:])
    else:
        sys.exit(main())
