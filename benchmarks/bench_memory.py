"""Memory benchmark: peak RSS of end-to-end `minutebook ingest` against pdfplumber and pypdfium2 reading the same file.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_memory                 # real pack (80 p), generated 1,000 and 2,000-page packs
    python -m benchmarks.bench_memory --pages 500     # the real pack and one generated pack of 500 pages

Each run is a fresh process. `minutebook ingest FILE --jobs 1` runs as a command (`python -m minutebook.cli`)
into an empty temporary home; its process tree (the command and its parse worker) is watched through /proc
every 20 ms: each process's own peak is its kernel high-water mark (VmHWM, read until it exits), and the tree's
peak is the largest sum of the processes' RSS seen at one time. The baselines, in the same run: pdfplumber
`extract_text` and pypdfium2 `get_text_range` over the same pages, each alone in its own process (watched the
same way). Issue 16's goal: peak RSS <= 300 MB for any pack size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_ingest import CACHE, REAL_PACK, ROOT

GOAL_MB = 300.0
POLL = 0.02


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of `pid` in kB; empty once it has gone."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def watch(cmd: list[str]) -> dict:
    """Run `cmd` from the repository root; peak RSS (MB) of its first process, of its largest child process, and
    of the whole tree at once, with its wall time."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    hwm: dict[int, int] = {}
    tree_peak = 0
    while proc.poll() is None:
        total = 0
        for pid in _tree(proc.pid):
            st = _status(pid)
            if st:
                total += st.get("VmRSS", 0)
                hwm[pid] = max(hwm.get(pid, 0), st.get("VmHWM", 0))
        tree_peak = max(tree_peak, total)
        time.sleep(POLL)
    err = proc.stderr.read() if proc.stderr else ""
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    parent = hwm.pop(proc.pid, 0)
    return {"parent": parent / 1024, "worker": max(hwm.values(), default=0) / 1024, "tree": tree_peak / 1024,
            "wall": wall}


def measure_ingest(path: Path) -> dict:
    """Peak RSS of `minutebook ingest PATH --jobs 1`: of the command, of its worker, of the two at once."""
    with tempfile.TemporaryDirectory(prefix="mb-bench-mem-") as home:
        return watch([sys.executable, "-m", "minutebook.cli", "--home", home, "ingest", str(path), "--jobs", "1"])


def measure_baseline(kind: str, path: Path) -> float:
    """Peak RSS (MB) of `benchmarks.bench_ingest`'s baseline `kind` (extract_text, pdfium_text) over `path`."""
    return watch([sys.executable, "-m", "benchmarks.bench_ingest", "--child", kind, str(path)])["parent"]


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def generated(pages: int) -> Path:
    from benchmarks.gen_corpus import write_single_pack

    CACHE.mkdir(parents=True, exist_ok=True)
    import zlib

    from benchmarks import gen_corpus

    version = f"{zlib.crc32(Path(gen_corpus.__file__).read_bytes()):08x}"
    path = CACHE / f"single-{pages}-{version}.pdf"
    if not path.exists():
        write_single_pack(path, pages, seed=0)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_memory", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, action="append", help="generated pack sizes (repeatable); default 1000, 2000")
    args = ap.parse_args(argv)
    sizes = args.pages or [1000, 2000]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}; "
          f"goal: peak RSS <= {GOAL_MB:.0f} MB")
    files = [("real pack", REAL_PACK)] + [("generated pack", generated(n)) for n in sizes]
    rows = ["| file | pages | ingest: command | worker | both at once | pdfplumber extract_text | "
            "pypdfium2 text | goal <= 300 MB |", "|---|---|---|---|---|---|---|---|"]
    for label, path in files:
        pages = _pages(path)
        print(f"\n== {label}: {path.name}, {pages} pages", flush=True)
        ours = measure_ingest(path)
        plumber_mb = measure_baseline("extract_text", path)
        pdfium_mb = measure_baseline("pdfium_text", path)
        peak = max(ours["parent"], ours["worker"])
        met = "met" if peak <= GOAL_MB else "not met"
        print(f"   minutebook ingest --jobs 1: command {ours['parent']:.0f} MB, worker {ours['worker']:.0f} MB, "
              f"both at once {ours['tree']:.0f} MB ({ours['wall']:.1f} s wall)")
        print(f"   pdfplumber extract_text alone {plumber_mb:.0f} MB, pypdfium2 get_text_range alone "
              f"{pdfium_mb:.0f} MB")
        print(f"   largest process {peak:.0f} MB: {peak / plumber_mb:.1f}x pdfplumber, goal {met}; "
              f"load average {os.getloadavg()[0]:.1f}")
        rows.append(f"| {label} | {pages} | {ours['parent']:.0f} MB | {ours['worker']:.0f} MB | "
                    f"{ours['tree']:.0f} MB | {plumber_mb:.0f} MB | {pdfium_mb:.0f} MB | {met} |")
    print("\nmarkdown:\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
