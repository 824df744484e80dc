"""CLI benchmark: cold start of everyday commands against a bare `python -c pass`, in the same run.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_cli [--runs 15] [--tty]

Each command runs as a fresh process through the installed `minutebook` script against a small data home holding
the real pack: `--help`, `actions`, `search x` (the issue 16 goal: each <= 4x `python -c pass`), then a question
with `--json`, `actions --json` and `show` of one minute item. The commands and the baseline take turns, round
after round, so a change in the machine's load falls on all of them alike; each figure is the best of the rounds,
wall clock and CPU (user + system of the child), and the ratio is to `python -c pass` measured in the same rounds.
On a shared machine the CPU ratio is the steadier one.

`--tty` gives each command a pseudo-terminal for stdout, as a person at a terminal has (colour, the terminal's
width); by default stdout is a pipe, as in scripts.

Then each command runs once under `python -X importtime`: the heavy packages it imported (spaCy, pdfplumber,
pdfminer, Whoosh, numpy, rich, reportlab), and where its import time went beyond what `python -c pass` itself
imports: self time summed per top-level package, largest first.

The package's bytecode is compiled first (`compileall`), as `pip install` does: with PYTHONDONTWRITEBYTECODE set
and no `__pycache__`, every start would otherwise compile minutebook's sources again, 50-100 ms that no installed
copy pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import pty
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PACK = ROOT / "corpus" / "haringey-csp-2019-12-11.pdf"
HEAVY = ("spacy", "thinc", "pdfplumber", "pdfminer", "whoosh", "numpy", "rich", "reportlab")
GOAL = 4.0  # issue 16: <= 4x `python -c pass`
COMMANDS: tuple[tuple[list[str], float | None], ...] = (
    (["--help"], GOAL),
    (["actions"], GOAL),
    (["search", "x"], GOAL),
    (["search", "what did we resolve about CCTV?", "--json"], None),
    (["actions", "--json"], None),
    (["show", "2019-10-09", "94"], None),
)


# What the commands cannot start without, each imported alone in the same rounds: the floors under the figures.
FLOORS: tuple[tuple[str, str], ...] = (
    ("typer", "import typer"),
    ("rich console and table", "import rich.console, rich.table"),
    ("Whoosh (index, searching, query parser)", "import whoosh.index, whoosh.searching, whoosh.qparser"),
    ("numpy", "import numpy"),
    ("  of Whoosh: urllib.request (whoosh.compat)", "import urllib.request"),
    ("  of Whoosh: asyncio (the cached_property package)", "import asyncio"),
    ("sqlite3", "import sqlite3"),
)


def _script() -> list[str]:
    exe = shutil.which("minutebook", path=str(Path(sys.executable).parent))
    if exe:
        return [sys.executable, exe]  # the script's own interpreter line would be this python too
    return [sys.executable, "-c", "import sys; from minutebook.cli import run; sys.argv[0] = 'minutebook'; run()"]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run_once(cmd: list[str], env: dict[str, str], tty: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `cmd`."""
    if tty:
        leader, follower = pty.openpty()
    cpu, t = _children_cpu(), time.perf_counter()
    if tty:
        proc = subprocess.Popen(cmd, env=env, stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        os.close(follower)
        while True:  # drain the terminal, or a long listing would block on a full pty buffer
            try:
                if not os.read(leader, 65536):
                    break
            except OSError:
                break
        proc.wait()
        os.close(leader)
    else:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, _children_cpu() - cpu


def timings(cmds: list[list[str]], runs: int, env: dict[str, str], tty: bool) -> list[tuple[float, float]]:
    """Best wall and best CPU seconds of each command over `runs` rounds, the commands taking turns."""
    best = [(float("inf"), float("inf")) for _ in cmds]
    for _ in range(runs):
        for n, cmd in enumerate(cmds):
            wall, cpu = _run_once(cmd, env, tty)
            best[n] = (min(best[n][0], wall), min(best[n][1], cpu))
    return best


def _importtime(cmd: list[str], env: dict[str, str]) -> dict[str, int]:
    """Self import time (us) of each module `cmd` imports (its python run with -X importtime)."""
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)
    out: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            out[parts[2].strip()] = int(parts[0].split(":")[1])
        except ValueError:  # the header line
            continue
    return out


def import_report(cmd: list[str], env: dict[str, str], baseline: set[str], top: int = 8,
                  ) -> tuple[list[str], list[tuple[float, str]], float]:
    """Heavy packages `cmd` imports, its import self time (ms, least of three runs) per top-level package beyond
    `baseline`'s modules, largest first, and that time in all."""
    modules = _importtime(cmd, env)
    for _ in range(2):  # the least of three runs per module: one run on a loaded machine is mostly noise
        again = _importtime(cmd, env)
        modules = {name: min(us, again.get(name, us)) for name, us in modules.items()}
    heavy = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    per_package: Counter[str] = Counter()
    for name, us in modules.items():
        if name not in baseline:
            per_package[name.split(".")[0]] += us
    total = sum(per_package.values()) / 1000
    return heavy, [(us / 1000, name) for name, us in per_package.most_common(top)], total


def _compile_package() -> str:
    import minutebook

    pkg = Path(minutebook.__file__).parent
    ok = compileall.compile_dir(str(pkg), quiet=1)
    return f"bytecode compiled for {pkg}" + ("" if ok else " (some files failed)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_cli", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="rounds; the best of each command is reported")
    ap.add_argument("--tty", action="store_true", help="stdout is a pseudo-terminal, not a pipe")
    args = ap.parse_args(argv)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"python {sys.version.split()[0]}; stdout {'a pseudo-terminal' if args.tty else 'a pipe'}")
    print(_compile_package())
    with tempfile.TemporaryDirectory(prefix="mb-bench-cli-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        from minutebook import app

        app.ingest([REAL_PACK], home, jobs=1)
        env = {**os.environ, "MINUTEBOOK_HOME": str(home), "COLUMNS": "100"}
        script = _script()
        base_cmd = [sys.executable, "-c", "pass"]
        cmds = [base_cmd] + [[*script, *cmd_args] for cmd_args, _ in COMMANDS]
        best = timings(cmds, args.runs, env, args.tty)
        (base_wall, base_cpu), rows = best[0], best[1:]
        baseline = set(_importtime(base_cmd, env))
        print(f"\n{'python -c pass':44} {1000 * base_wall:6.1f} ms  cpu {1000 * base_cpu:6.1f} ms   1.0x")
        table = [
            f"| command | wall (best of {args.runs}) | vs `python -c pass` | CPU | vs `python -c pass` | goal | "
            "heavy imports |",
            "|---|---|---|---|---|---|---|",
            f"| `python -c pass` | {1000 * base_wall:.0f} ms | 1.0x | {1000 * base_cpu:.0f} ms | 1.0x | | |",
        ]
        for (cmd_args, goal), (wall, cpu) in zip(COMMANDS, rows, strict=True):
            heavy, slow, total = import_report([*script, *cmd_args], env, baseline)
            ratio, cpu_ratio = wall / base_wall, cpu / base_cpu
            verdict = "" if goal is None else ("met" if max(ratio, cpu_ratio) <= goal else
                                               "met (CPU)" if cpu_ratio <= goal else f"NOT met (<= {goal:g}x)")
            label = "minutebook " + " ".join(f'"{a}"' if " " in a else a for a in cmd_args)
            print(f"{label:44} {1000 * wall:6.1f} ms  cpu {1000 * cpu:6.1f} ms  {ratio:4.1f}x wall, "
                  f"{cpu_ratio:4.1f}x cpu  {verdict}")
            print(f"   heavy imports: {', '.join(heavy) or 'none'}")
            print(f"   import time beyond python's own, {total:.0f} ms: "
                  + ", ".join(f"{name} {ms:.0f}" for ms, name in slow))
            table.append(f"| `{label}` | {1000 * wall:.0f} ms | {ratio:.1f}x | {1000 * cpu:.0f} ms | {cpu_ratio:.1f}x "
                         f"| {verdict} | {', '.join(heavy) or 'none'} |")
        floors = timings([base_cmd] + [[sys.executable, "-c", code] for _, code in FLOORS], args.runs, env, False)
        (fb_wall, fb_cpu), floor_rows = floors[0], floors[1:]
        table += ["", f"| import alone (best of {args.runs}) | wall | over `python -c pass` | CPU | over `python -c "
                  "pass` |", "|---|---|---|---|---|"]
        print(f"\nimported alone ({'python -c pass'} {1000 * fb_wall:.1f} ms, cpu {1000 * fb_cpu:.1f} ms):")
        for (label, code), (wall, cpu) in zip(FLOORS, floor_rows, strict=True):
            print(f"   {label:52} +{1000 * (wall - fb_wall):6.1f} ms ({(wall - fb_wall) / fb_wall:4.2f}x)  "
                  f"cpu +{1000 * (cpu - fb_cpu):6.1f} ms ({(cpu - fb_cpu) / fb_cpu:4.2f}x)")
            table.append(f"| {label.strip()} (`{code}`) | {1000 * wall:.0f} ms | +{(wall - fb_wall) / fb_wall:.2f}x | "
                         f"{1000 * cpu:.0f} ms | +{(cpu - fb_cpu) / fb_cpu:.2f}x |")
        print("\nmarkdown:\n" + "\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
