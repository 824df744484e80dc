"""NLP benchmark: what the action/owner stage costs within a whole ingest of a real pack.

Run by hand (not part of the test suite):

    python -m benchmarks.bench_nlp                      # the Haringey pack, 3 runs
    python -m benchmarks.bench_nlp --runs 5 path/to/pack.pdf

Target (issue 5): NLP costs at most a third of total ingest time on the pack.

Two measurements, both from `ParsedDocument.timings` ("read", "parse", "nlp") of `pipeline.parse_file`:

- cold: a fresh interpreter ingests the file once, so "nlp" includes importing spaCy and loading the model
  (what `minutebook ingest one.pdf` pays);
- warm: the same process ingests it `--runs` times after the model is loaded (what every further file of a
  batch pays); the median of each stage is reported.

It also reports how many paragraphs of the minutes reach the parser after the `TRIGGER_RE` prefilter.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PACK = Path(__file__).resolve().parent.parent / "corpus" / "haringey-csp-2019-12-11.pdf"
TARGET = 1 / 3

_COLD = """
import json, sys
from minutebook.ingest.pipeline import parse_file
parsed = parse_file(sys.argv[1])
print(json.dumps(parsed.timings))
"""


def cold(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _COLD, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm(path: Path, runs: int) -> list[dict[str, float]]:
    from minutebook.ingest.nlp import load_nlp
    from minutebook.ingest.pipeline import parse_file

    load_nlp()
    return [parse_file(path).timings for _ in range(runs)]


def prefilter_share(path: Path) -> tuple[int, int]:
    from minutebook.ingest.nlp import TRIGGER_RE, merge_marker_paragraphs
    from minutebook.ingest.pipeline import parse_file

    parsed = parse_file(path, nlp=False)
    paras = [t for m in parsed.meetings if m.kind == "minutes" for it in m.items if not it.exempt
             for _, t in merge_marker_paragraphs(it.paragraphs)]
    return sum(1 for t in paras if TRIGGER_RE.search(t)), len(paras)


def _line(name: str, t: dict[str, float]) -> str:
    total = sum(t.values())
    share = t["nlp"] / total if total else 0.0
    verdict = "ok" if share <= TARGET else "OVER BUDGET"
    return (f"{name:5} read {t['read']:6.2f}s  parse {t['parse']:5.2f}s  nlp {t['nlp']:5.2f}s  "
            f"total {total:6.2f}s  nlp share {share:5.1%}  ({verdict}, target <= {TARGET:.0%})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", type=Path, default=PACK)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    first = cold(args.pdf)
    print(_line("cold", first))
    runs = warm(args.pdf, args.runs)
    median = {k: statistics.median(r[k] for r in runs) for k in ("read", "parse", "nlp")}
    print(_line("warm", median))
    parsed, total = prefilter_share(args.pdf)
    print(f"prefilter: {parsed} of {total} minutes paragraphs reach the parser")
    print(f"(benchmark wall time {time.perf_counter() - t0:.1f}s)")
    return 0 if first["nlp"] / sum(first.values()) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
