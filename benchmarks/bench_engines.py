"""Both search engines on the same synthetic archive, against raw tantivy on the same documents, in one run.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_engines                    # 1,000 meetings: whoosh, tantivy, raw
    python -m benchmarks.bench_engines --meetings 10000   # the issue's target size
    python -m benchmarks.bench_engines --engines tantivy raw

Each engine builds and queries in a process of its own, so its peak RSS is its
own. Each process also holds the generated archive, the same for all three
(as `reindex` holds the store's meetings): "archive MB" is the RSS once it is
generated, "peak-archive" what building and searching added on top.
The archive and queries are `benchmarks.bench_search`'s. Measured per engine:
build CPU and wall seconds, peak RSS, index size, and the CPU and wall p50/p95
of `minutebook.search.search` over the 20 queries. The baseline, "raw", is
tantivy itself over the very same documents (the records `_index.meeting_docs`
/ `page_docs` make; title, text and resolutions with tantivy's `en_stem`,
one writer, one commit), queried with tantivy's own parser, top 10, no
filters, grouping, facets, snippets or suggestions: what any tantivy-based
search costs at the least. Every figure is also printed as a ratio to raw.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_search import QUERIES, _dir_size, _percentile, synthetic_archive
from benchmarks.bench_search import _time as _timed
from benchmarks.measure import rss_mb as current_rss_mb

ENGINES = ("whoosh", "tantivy", "raw")


def _raw_build(home: Path, meetings: list, pages: list) -> tuple[Any, int]:
    """Raw tantivy over the records minutebook indexes (made as the build goes, as the engines make them)."""
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    for name in ("title", "text", "resolutions", "owners", "body"):
        sb.add_text_field(name, stored=name in ("title", "text"), tokenizer_name="en_stem")
    schema = sb.build()
    path = home / "raw"
    path.mkdir(parents=True)
    ix = tantivy.Index(schema, path=str(path))
    from minutebook.search._tantivy import _documents

    writer = ix.writer(heap_size=128_000_000)
    count = 0
    for doc in _documents(meetings, pages, None):
        count += 1
        writer.add_document(tantivy.Document(**{k: [str(doc[k])] for k in ("doc_id", "title", "text", "resolutions",
                                                                           "owners", "body") if doc.get(k)}))
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    return ix, count


def child(engine: str, meetings_n: int, repeat: int) -> dict[str, Any]:
    """Build and query one engine; the figures as a dict."""
    meetings, pages = synthetic_archive(meetings_n)
    archive_mb = current_rss_mb()  # what the generated archive holds, before any index is written
    with tempfile.TemporaryDirectory(prefix=f"mb-engines-{engine}-") as tmp:
        home = Path(tmp)
        c0, t0 = time.process_time(), time.perf_counter()
        if engine == "raw":
            ix, count = _raw_build(home, meetings, pages)
        else:
            from minutebook.search import build_index_from

            count = build_index_from(home, meetings, pages, engine=engine)
        build_cpu, build_wall = time.process_time() - c0, time.perf_counter() - t0
        # the writer's threads count too: process_time covers every thread of the process
        size = _dir_size(home)
        del meetings, pages
        wall: list[float] = []
        cpu: list[float] = []
        if engine == "raw":
            searcher = ix.searcher()
            for _, query, _kw in QUERIES:
                parsed, _errors = ix.parse_query_lenient(query, ["title", "text", "resolutions"])
                w, c = _timed(lambda p=parsed: searcher.search(p, 10).hits, repeat)
                wall += w
                cpu += c
        else:
            from minutebook.search import search

            for _, query, kw in QUERIES:
                w, c = _timed(lambda q=query, k=kw: search(home, q, **k), repeat)
                wall += w
                cpu += c
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": engine, "documents": count, "build_cpu_s": build_cpu, "build_wall_s": build_wall,
            "peak_rss_mb": rss_mb, "archive_rss_mb": archive_mb, "build_rss_mb": rss_mb - archive_mb,
            "index_mb": size / 1e6,
            "p50_ms": _percentile(wall, 50), "p95_ms": _percentile(wall, 95),
            "cpu_p50_ms": _percentile(cpu, 50), "cpu_p95_ms": _percentile(cpu, 95)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_engines", description=__doc__.split("\n")[0])
    ap.add_argument("--meetings", type=int, default=1000, help="meetings in the synthetic archive (default 1000)")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs of each query (default 20)")
    ap.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    ap.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.meetings, args.repeat)))
        return 0
    engines = list(dict.fromkeys([*args.engines, "raw"]))  # raw is the baseline of every ratio
    load_before = os.getloadavg()
    rows = {}
    for engine in engines:
        out = subprocess.run([sys.executable, "-m", "benchmarks.bench_engines", "--child", engine, "--meetings",
                              str(args.meetings), "--repeat", str(args.repeat)], check=True, capture_output=True,
                             text=True)
        rows[engine] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{engine}: done ({rows[engine]['build_wall_s']:.1f} s build)", file=sys.stderr)
    load_after = os.getloadavg()
    raw = rows["raw"]
    keys = [("build_cpu_s", "build CPU s"), ("build_wall_s", "build wall s"), ("peak_rss_mb", "peak RSS MB"),
            ("archive_rss_mb", "archive MB"), ("build_rss_mb", "peak-archive"),
            ("index_mb", "index MB"), ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"), ("cpu_p50_ms", "CPU p50 ms"),
            ("cpu_p95_ms", "CPU p95 ms")]
    print(f"\n{args.meetings:,} meetings, {raw['documents']:,} records, {len(QUERIES)} queries x {args.repeat}")
    print(f"{'':<14}" + "".join(f"{e:>20}" for e in engines))
    for key, label in keys:
        cells = [f"{rows[e][key]:.1f}" + ("" if e == "raw" else f" ({rows[e][key] / raw[key]:.1f}x)")
                 for e in engines]
        print(f"{label:<14}" + "".join(f"{c:>20}" for c in cells))
    print(f"\nratios (Nx) are to raw tantivy over the same documents in this run; load average "
          f"{load_before[0]:.2f} -> {load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min) on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
