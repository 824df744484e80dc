"""Ingest benchmark: end-to-end pages/s of `minutebook ingest` against pdfplumber's and poppler's raw text extraction.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_ingest            # real pack + 1,000-page generated pack + parallel + re-ingest
    python -m benchmarks.bench_ingest --quick    # real pack + a 200-page generated pack

Every measurement runs in a fresh child process, so peak RSS (the child's own `ru_maxrss`) is that run's
alone; inside the child only the work is timed, not interpreter start-up. Figures, all measured in this run:

- ingest: `minutebook.app.ingest(..., jobs=1)` into an empty temporary home, spaCy model load included;
  with the time split into read / parse / nlp (from `ParsedDocument.timings`) and store / index
  (timed around `Store.save`/`Store.meetings`/`Store.pages` and `search.update_index`).
- baseline (a): pdfplumber `page.extract_text()` over the same pages (open, extract, close each page).
- baseline (b): poppler's `pdftotext` (C++), where installed: the practical upper bound.
- baseline (c): pypdfium2's raw text (`get_textpage().get_text_range()`), what the fast reader builds on.
- reading alone: `read_pages` with the pdfium reader and with `MINUTEBOOK_READER=pdfplumber`'s reader.
- parallel: `ingest --jobs 1` vs `--jobs 2` over a folder of generated packs (wall clock).
- re-ingest: `ingest` of an already stored, unchanged file (best of 5, warm process).

Ratios are baseline time / minutebook time, so > 1.0 means minutebook is faster. CPU seconds are shown
next to wall seconds: on a shared machine the CPU figures are the steadier ones.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PACK = ROOT / "corpus" / "haringey-csp-2019-12-11.pdf"
CACHE = Path(os.environ.get("MINUTEBOOK_BENCH_CACHE", Path(tempfile.gettempdir()) / "minutebook-bench"))


# --------------------------------------------------------------------------------------------------
# Child-process measurements: each prints one JSON object on stdout.


def _child_extract_text(paths: list[str]) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    import pdfplumber

    pages = chars = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
                pages += 1
                page.close()
    return {"pages": pages, "chars": chars, "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def _child_pdfium_text(paths: list[str]) -> dict:
    """Baseline (c): pypdfium2's raw text, `get_textpage().get_text_range()`, page by page."""
    t0, c0 = time.perf_counter(), time.process_time()
    import pypdfium2 as pdfium

    pages = chars = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            chars += len(text.get_text_range())
            text.close()
            page.close()
            pages += 1
        doc.close()
    return {"pages": pages, "chars": chars, "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def _child_read(paths: list[str], reader: str) -> dict:
    """The reading stage alone (`read_pages`) with one reader (minutebook.ingest.readers)."""
    t0, c0 = time.perf_counter(), time.process_time()
    from minutebook.ingest.pdf import read_pages

    pages = sum(len(read_pages(path, reader=reader)) for path in paths)
    return {"pages": pages, "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def _child_ingest(paths: list[str], home: str, jobs: int) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    from minutebook import app, search
    from minutebook.store import Store

    split = {"store": 0.0, "index": 0.0}
    active: list[str] = []  # store reads made by the index (a rebuild reads the store) count as index time

    def timed(fn, key):
        def wrapper(*args, **kwargs):
            if active:
                return fn(*args, **kwargs)
            active.append(key)
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                split[key] += time.perf_counter() - t
                active.pop()

        return wrapper

    for name in ("save", "meetings", "pages"):
        setattr(Store, name, timed(getattr(Store, name), "store"))
    search.update_index = timed(search.update_index, "index")
    timings: dict[str, float] = {}
    model_log = _time_worker_stages(timings, home)
    results = app.ingest(paths, Path(home), jobs=jobs)
    timings.update(_model_load_seconds(model_log))
    failed = [r.message for r in results if r.status == "failed"]
    return {
        "pages": sum(r.pages for r in results),
        "wall": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "cpu_workers": _workers_cpu(),
        "timings": {**timings, **split},
        "failed": failed,
        "files": len(results),
        "meetings": sum(len(r.meetings) for r in results),
        "actions": sum(r.actions for r in results),
    }


def _time_worker_stages(timings: dict[str, float], home: str) -> Path:
    """Collect read / parse / nlp (`ParsedDocument.timings`, measured in the workers and sent back with each
    parsed file) as the parent stores each file; each worker appends the seconds its model load took (import
    spaCy, load the model: `app._init_worker`) to the returned file, for `_model_load_seconds`."""
    from minutebook import app

    log = Path(home).parent / f"{Path(home).name}.model-load"
    store_one, init_worker = app._store_one, app._init_worker

    def timed_store_one(home_, path, parsed, seconds, batch=None):
        for k, v in (getattr(parsed, "timings", None) or {}).items():
            timings[k] = timings.get(k, 0.0) + v
        return store_one(home_, path, parsed, seconds, batch)

    def timed_init_worker():
        t, c = time.perf_counter(), time.process_time()
        init_worker()
        with open(log, "a") as fh:
            fh.write(f"{time.perf_counter() - t} {time.process_time() - c}\n")

    app._store_one, app._init_worker = timed_store_one, timed_init_worker
    return log


def _model_load_seconds(log: Path) -> dict[str, float]:
    """The workers' model loads: the longest (what the batch waited for) and how many workers paid one."""
    try:
        rows = [tuple(map(float, line.split())) for line in log.read_text().splitlines() if line.strip()]
    except OSError:
        return {}
    log.unlink(missing_ok=True)
    return {"model load": max((wall for wall, _ in rows), default=0.0), "model loads": float(len(rows)),
            "model load cpu": sum(cpu for _, cpu in rows)}


def _workers_cpu() -> float:
    """CPU seconds of this process's finished children: the ingest's workers, joined when it returns."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_reingest(path: str, home: str) -> dict:
    from minutebook import app

    app.ingest([path], Path(home), jobs=1)  # first ingest, not timed
    best = float("inf")
    status = ""
    for _ in range(5):
        t = time.perf_counter()
        res = app.ingest([path], Path(home), jobs=1)
        best = min(best, time.perf_counter() - t)
        status = res[0].status
    return {"best": best, "status": status}


def _run_child(args: list[str]) -> tuple[dict, float]:
    """Run `python -m benchmarks.bench_ingest --child ...`; return its JSON and its peak RSS in MB."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_ingest", "--child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, errtext = proc.communicate()
    # communicate() has reaped the child; its rusage is in RUSAGE_CHILDREN only as a running maximum,
    # so the child reports its own peak (ru_maxrss of RUSAGE_SELF) in its JSON.
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{errtext[-3000:]}")
    data = json.loads(out.strip().splitlines()[-1])
    return data, data.pop("_maxrss_mb", 0.0)


def _own_peak_mb(maxrss_mb: float) -> float:
    """This process's peak RSS: the kernel's high-water mark of its own memory (VmHWM), which starts afresh at
    exec; `ru_maxrss` keeps the forking parent's size (the benchmark's, once it has generated a corpus)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return maxrss_mb


def child_main(argv: list[str]) -> None:
    import resource

    kind, *rest = argv
    if kind == "extract_text":
        data = _child_extract_text(rest)
    elif kind == "ingest":
        jobs, home, *paths = rest
        data = _child_ingest(paths, home, int(jobs))
    elif kind == "pdfium_text":
        data = _child_pdfium_text(rest)
    elif kind == "read":
        data = _child_read(rest[1:], rest[0])
    elif kind == "reingest":
        data = _child_reingest(rest[0], rest[1])
    else:
        raise SystemExit(f"unknown child {kind}")
    data["_maxrss_mb"] = _own_peak_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(data))


# --------------------------------------------------------------------------------------------------


def _pdftotext(paths: list[Path]) -> dict | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    t0 = time.perf_counter()
    r0 = os.times()
    for p in paths:
        subprocess.run([exe, "-q", str(p), os.devnull], check=True)
    r1 = os.times()
    return {
        "wall": time.perf_counter() - t0,
        "cpu": (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system),
    }


def _pages_of(paths: list[Path]) -> int:
    import pdfplumber

    n = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            n += len(pdf.pages)
    return n


def _corpus(pages: int, packs: int) -> tuple[Path, Path]:
    """The generated corpus, cached under CACHE and keyed by the generator's source, so an edit regenerates it."""
    import zlib

    from benchmarks import gen_corpus
    from benchmarks.gen_corpus import write_corpus, write_single_pack

    version = f"{zlib.crc32(Path(gen_corpus.__file__).read_bytes()):08x}"
    CACHE.mkdir(parents=True, exist_ok=True)
    big = CACHE / f"single-{pages}-{version}.pdf"
    if not big.exists():
        write_single_pack(big, pages, seed=0)
    folder = CACHE / f"packs-{packs}-{version}"
    if not folder.exists():
        tmp = CACHE / f".packs-{packs}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        write_corpus(tmp, packs, seed=0)
        tmp.rename(folder)
    return big, folder


def _fmt_ratio(base: float, ours: float) -> str:
    return f"{base / ours:.2f}x" if ours > 0 else "-"


def bench_file(label: str, path: Path, out: list[str]) -> dict:
    pages = _pages_of([path])
    print(f"\n== {label}: {path.name}, {pages} pages", flush=True)
    base, base_rss = _run_child(["extract_text", str(path)])
    with tempfile.TemporaryDirectory(prefix="mb-bench-home-") as home:
        ours, rss = _run_child(["ingest", "1", home, str(path)])
    if ours["failed"]:
        print("   ingest failed:", ours["failed"])
    pdftotext = _pdftotext([path])
    pdfium_text, pdfium_rss = _run_child(["pdfium_text", str(path)])
    read_fast, read_fast_rss = _run_child(["read", "pdfium", str(path)])
    read_slow, read_slow_rss = _run_child(["read", "pdfplumber", str(path)])
    rows = [
        ("minutebook ingest --jobs 1", ours["wall"], ours["cpu"], rss),
        ("read_pages, pdfium reader", read_fast["wall"], read_fast["cpu"], read_fast_rss),
        ("read_pages, pdfplumber reader", read_slow["wall"], read_slow["cpu"], read_slow_rss),
        ("pdfplumber extract_text", base["wall"], base["cpu"], base_rss),
        ("pypdfium2 get_text_range", pdfium_text["wall"], pdfium_text["cpu"], pdfium_rss),
    ]
    if pdftotext:
        rows.append(("pdftotext (poppler)", pdftotext["wall"], pdftotext["cpu"], None))
    for name, wall, cpu, mem in rows:
        mem_s = f"{mem:6.0f} MB" if mem else "       -"
        print(
            f"   {name:28} {wall:7.2f} s wall {pages / wall:7.1f} pages/s   {cpu:7.2f} s cpu {pages / cpu:7.1f} pages/s"
            f"   peak RSS {mem_s}"
        )
    ours_cpu = ours["cpu"] + ours.get("cpu_workers", 0.0)  # the parse runs in a worker process
    print(
        f"   ratio vs extract_text (wall/cpu): {_fmt_ratio(base['wall'], ours['wall'])} / "
        f"{_fmt_ratio(base['cpu'], ours_cpu)} (cpu: {ours['cpu']:.2f} s here + {ours.get('cpu_workers', 0.0):.2f} s in "
        "the worker)"
    )
    print(
        f"   ratio vs pypdfium2 text (cpu): ingest {_fmt_ratio(pdfium_text['cpu'], ours['cpu'])}, "
        f"read_pages {_fmt_ratio(pdfium_text['cpu'], read_fast['cpu'])}"
    )
    print(
        f"   reading alone vs extract_text (cpu): pdfium reader {_fmt_ratio(base['cpu'], read_fast['cpu'])}, "
        f"pdfplumber reader {_fmt_ratio(base['cpu'], read_slow['cpu'])}; pdfium reader vs pdfplumber reader "
        f"{_fmt_ratio(read_slow['cpu'], read_fast['cpu'])}"
    )
    if pdftotext:
        print(f"   ratio vs pdftotext   (wall):     {_fmt_ratio(pdftotext['wall'], ours['wall'])}")
    else:
        print("   pdftotext: not installed (apt-get install poppler-utils); baseline (b) skipped")
    _print_split(ours)
    print(f"   found: {ours['meetings']} meetings, {ours['actions']} actions")
    poppler = f"{pages / pdftotext['wall']:.0f}" if pdftotext else "n/a"
    out.append(
        f"| {label} ({pages} p) | {pages / ours['wall']:.1f} | {pages / base['wall']:.1f} | "
        f"{_fmt_ratio(base['wall'], ours['wall'])} (cpu {_fmt_ratio(base['cpu'], ours_cpu)}) | "
        f"{poppler} | {rss:.0f} MB |"
    )
    return {"pages": pages, "ours": ours, "base": base, "rss": rss, "pdftotext": pdftotext}


SPLIT = ("read", "parse", "nlp", "store", "index")


def _print_split(ours: dict) -> None:
    """Where the time went: read / parse / nlp (in the worker) with the worker's model load (import spaCy, load
    the model) shown as part of nlp, then store / index (in the parent, overlapping the next file's parse)."""
    t = ours["timings"]
    load = t.get("model load", 0.0)
    parts = {k: t.get(k, 0.0) for k in SPLIT}
    parts["nlp"] += load
    total = sum(parts.values()) or 1
    cells = []
    for k, v in parts.items():
        extra = f" = model load {load:.2f}s + pipe {t.get('nlp', 0.0):.2f}s" if k == "nlp" else ""
        cells.append(f"{k} {v:.2f}s ({100 * v / total:.0f}%{extra})")
    print("   split: " + "  ".join(cells) + f"  | wall {ours['wall']:.2f}s")
    if "model loads" in t:
        print(f"   model loads: {t['model loads']:.0f} (one per worker), {t['model load cpu']:.2f} s cpu in all")


def bench_parallel(folder: Path, out: list[str], repeat: int = 1) -> None:
    """`--jobs 1` against `--jobs 2`, run `repeat` times in turn; the best wall of each is compared (other work
    on a shared machine only ever adds time), and the CPU of parent and workers shows the second model load."""
    paths = sorted(folder.glob("*.pdf"))
    pages = _pages_of(paths)
    print(f"\n== parallel: {len(paths)} generated packs, {pages} pages, best of {repeat}", flush=True)
    walls: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):
            with tempfile.TemporaryDirectory(prefix="mb-bench-home-") as home:
                data, rss = _run_child(["ingest", str(jobs), home, str(folder)])
            walls[jobs].append(data["wall"])
            t = data["timings"]
            print(
                f"   --jobs {jobs}: {data['wall']:7.2f} s wall  {pages / data['wall']:6.1f} pages/s   cpu parent "
                f"{data['cpu']:.2f} s + workers {data.get('cpu_workers', 0.0):.2f} s   model load "
                f"{t.get('model load', 0.0):.2f} s wall x {t.get('model loads', 0.0):.0f}"
                f"   parent peak RSS {rss:.0f} MB   load average {os.getloadavg()[0]:.1f}"
                + (f"  failed: {data['failed']}" if data["failed"] else ""),
                flush=True,
            )
    best = {jobs: min(v) for jobs, v in walls.items()}
    base, _ = _run_child(["extract_text", *map(str, paths)])
    speedup = best[1] / best[2]
    print(f"   speed-up --jobs 2 vs --jobs 1 (best walls): {speedup:.2f}x (target >= 1.8x); each pair: "
          + ", ".join(f"{a / b:.2f}x" for a, b in zip(walls[1], walls[2], strict=True)))
    print(f"   --jobs 2 vs extract_text ({base['wall']:.2f} s, 1 process): {_fmt_ratio(base['wall'], best[2])}")
    out.append(
        f"| parallel, {len(paths)} packs ({pages} p) | "
        f"jobs 1: {pages / best[1]:.1f}, jobs 2: {pages / best[2]:.1f} | "
        f"{pages / base['wall']:.1f} | jobs 2 vs extract_text {_fmt_ratio(base['wall'], best[2])}; "
        f"speed-up {speedup:.2f}x | | |"
    )


def bench_reingest(path: Path, out: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="mb-bench-home-") as home:
        data, _ = _run_child(["reingest", str(path), home])
    print(
        f"\n== re-ingest of an unchanged file ({path.name}): best of 5 {1000 * data['best']:.1f} ms "
        f"(status {data['status']}; target <= 20 ms)"
    )
    out.append(f"| re-ingest, unchanged file | {1000 * data['best']:.1f} ms | | target <= 20 ms | | |")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return 0
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a 200-page generated pack and 4 packs for --jobs")
    ap.add_argument("--pages", type=int, default=1000, help="pages in the generated single pack")
    ap.add_argument("--packs", type=int, default=24, help="generated packs for the --jobs comparison")
    ap.add_argument("--repeat", type=int, default=1, help="run the --jobs comparison this many times; best walls")
    ap.add_argument(
        "--only",
        action="append",
        choices=["real", "big", "parallel", "reingest"],
        help="run only these parts (repeatable); default: all",
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.pages, args.packs = 200, 6
    parts = set(args.only or ["real", "big", "parallel", "reingest"])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}")
    big, folder = _corpus(args.pages, args.packs)
    table = [
        "| run | minutebook pages/s | extract_text pages/s | ratio (wall) | pdftotext pages/s | peak RSS |",
        "|---|---|---|---|---|---|",
    ]
    if "real" in parts:
        bench_file("real pack", REAL_PACK, table)
    if "big" in parts:
        bench_file("generated pack", big, table)
    if "parallel" in parts:
        bench_parallel(folder, table, args.repeat)
    if "reingest" in parts:
        bench_reingest(REAL_PACK, table)
    print("\nmarkdown:\n" + "\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
