"""Measurement helpers shared by the benchmarks: a child process's wall, CPU and peak RSS, the peak RSS of a
stretch of work inside a process, percentiles, the machine line and markdown tables.

A child is waited for with `os.wait4`, whose resource usage is that child's own plus that of the children it
reaped itself (an ingest's worker processes), so CPU and peak RSS belong to this run alone; the running maximum
of `getrusage(RUSAGE_CHILDREN)` would carry an earlier, larger child's peak into every later figure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Child", "run_child", "reset_peak_rss", "peak_rss_mb", "rss_mb", "percentile", "machine_line",
           "markdown_table"]


@dataclass
class Child:
    """One finished child process: its exit code, output, wall and CPU seconds and peak RSS."""

    returncode: int
    stdout: str
    stderr: str
    wall: float
    cpu: float  # user + system, the child's and its reaped children's
    maxrss_mb: float

    def json(self) -> dict:
        """The last line of stdout, as JSON (the protocol of the benchmarks' `--child` entry points)."""
        lines = self.stdout.strip().splitlines()
        if self.returncode != 0 or not lines:
            raise RuntimeError(f"child failed (exit {self.returncode}):\n{self.stderr[-3000:]}")
        return json.loads(lines[-1])


def run_child(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
              check: bool = True) -> Child:
    """Run `cmd` to the end and measure it (stdout and stderr captured, stdin closed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=dict(env) if env is not None else None, cwd=cwd, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read both pipes before reaping, or a chatty child blocks on a full pipe; wait4 itself does the reaping so
    # its rusage is this child's alone.
    out, err = _drain(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    child = Child(proc.returncode, out, err, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    if check and child.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} ... failed (exit {child.returncode}):\n{err[-3000:]}")
    return child


def _drain(proc: subprocess.Popen) -> tuple[str, str]:
    """Both pipes read to their end, in two threads (the child exits once it has written everything)."""
    import threading

    chunks: dict[str, str] = {}

    def read(name: str, stream) -> None:
        chunks[name] = stream.read()
        stream.close()

    threads = [threading.Thread(target=read, args=(name, stream)) for name, stream in
               (("out", proc.stdout), ("err", proc.stderr))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return chunks["out"], chunks["err"]


def _status_kb(field: str) -> float:
    try:
        match = re.search(rf"^{field}:\s+(\d+)\s+kB", Path("/proc/self/status").read_text(), re.M)
    except OSError:
        match = None
    if match:
        return float(match.group(1))
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # no /proc: the whole life's peak


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS to its current RSS (Linux `clear_refs` 5); False where that is not possible,
    and `peak_rss_mb` then reports the peak of the whole process's life."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """This process's peak RSS in MB since it started or since `reset_peak_rss`."""
    return _status_kb("VmHWM") / 1024


def rss_mb() -> float:
    """This process's RSS now, in MB."""
    return _status_kb("VmRSS") / 1024


def percentile(values: Iterable[float], pct: float) -> float:
    """The `pct` percentile of `values` (nearest rank on the sorted values; 0 for no values)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def machine_line() -> str:
    """Cores and load average now, for the head of a benchmark's output."""
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A markdown table, pipes inside cells escaped."""
    def cells(row: Sequence[object]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |"

    return "\n".join([cells(header), "|" + "---|" * len(header), *(cells(r) for r in rows)])
