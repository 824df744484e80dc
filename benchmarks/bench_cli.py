"""CLI benchmark: cold start of everyday commands against a bare `python -c pass`.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_cli [--runs 11]

Each command runs as a fresh process through the installed `minutebook` script (best of N wall clock),
against a small data home holding the real pack: `--help`, `actions`, `search x` (table), a question with
`--json`, and `show` of one minute item. Targets: `--help` and `actions` <= 150 ms, i.e. within
about 2x of `python -c pass`. It also runs `actions` under `python -X importtime` and reports whether spaCy,
pdfplumber/pdfminer or Whoosh were imported (they must not be), and the slowest imports of each command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PACK = ROOT / "corpus" / "haringey-csp-2019-12-11.pdf"
HEAVY = ("spacy", "thinc", "pdfplumber", "pdfminer", "whoosh", "reportlab")


def _script() -> list[str]:
    exe = shutil.which("minutebook", path=str(Path(sys.executable).parent))
    if exe:
        return [exe]
    return [sys.executable, "-c", "from minutebook.cli import run; run()"]


def best_of(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def import_report(args: list[str], env: dict[str, str]) -> tuple[set[str], list[tuple[float, str]]]:
    """Top-level heavy packages imported by `minutebook ARGS`, and the slowest imports (cumulative ms, module)."""
    script = _script()
    cmd = (
        [sys.executable, "-X", "importtime", *script[1:]]
        if len(script) > 1
        else [sys.executable, "-X", "importtime", script[0]]
    )
    proc = subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, check=False)
    heavy: set[str] = set()
    rows: list[tuple[float, str]] = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        try:
            cumulative = int(parts[1].strip()) / 1000
        except ValueError:
            continue
        name = parts[2].strip()
        top = name.split(".")[0]
        if top in HEAVY:
            heavy.add(top)
        if not parts[2].startswith("  "):  # direct imports of the program, not nested ones
            rows.append((cumulative, name))
    rows.sort(reverse=True)
    return heavy, rows[:6]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_cli", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=11, help="runs per command; the best is reported")
    args = ap.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="mb-bench-cli-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        from minutebook import app

        app.ingest([REAL_PACK], home, jobs=1)
        env = {**os.environ, "MINUTEBOOK_HOME": str(home)}
        script = _script()
        baseline = best_of([sys.executable, "-c", "pass"], args.runs, env)
        print(f"\npython -c pass            {1000 * baseline:7.1f} ms")
        table = [
            f"| command | cold start (best of {args.runs}) | vs `python -c pass` | heavy imports |",
            "|---|---|---|---|",
            f"| `python -c pass` | {1000 * baseline:.0f} ms | 1.0x | |",
        ]
        commands = ((["--help"], 0.150), (["actions"], 0.150), (["search", "x"], None),
                    (["search", "what did we resolve about CCTV?", "--json"], None),
                    (["show", "2019-10-09", "94"], None))
        for cmd_args, target in commands:
            t = best_of([*script, *cmd_args], args.runs, env)
            heavy, slow = import_report(cmd_args, env)
            verdict = "" if target is None else ("  ok" if t <= target else f"  OVER the {1000 * target:.0f} ms target")
            label = "minutebook " + " ".join(cmd_args)
            print(f"{label:25} {1000 * t:7.1f} ms  {t / baseline:4.1f}x{verdict}")
            print(f"   heavy imports: {', '.join(sorted(heavy)) or 'none'}")
            print("   slowest imports: " + ", ".join(f"{name} {ms:.0f} ms" for ms, name in slow))
            table.append(
                f"| `{label}` | {1000 * t:.0f} ms | {t / baseline:.1f}x | {', '.join(sorted(heavy)) or 'none'} |"
            )
        print("\nmarkdown:\n" + "\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
