"""Contract: the fast spaCy import and load (`minutebook.ingest.nlp._loading`) give what spaCy's own path gives.

Each path runs in its own interpreter (spaCy is imported once per process), over every paragraph of the
Haringey pack's text layer (../shared/corpus/haringey-csp-2019-12-11.txt, 80 pages of agenda and minutes):
the same tokenizer (serialised byte for byte), the same pipeline, the same tokens for every paragraph, and for
every paragraph the trigger filter passes to the model the same tags, dependencies, sentence starts and action
candidates. The whole ingest on the fast path is checked
by test_nlp.py's end-to-end tests and the corpus scores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

TEXT = SHARED / "corpus" / "haringey-csp-2019-12-11.txt"

_DUMP = r"""
import hashlib, json, sys
from minutebook.ingest.nlp import TRIGGER_RE, load_nlp

nlp = load_nlp()
paragraphs = [p.replace("\n", " ").strip() for p in open(sys.argv[1], encoding="utf-8").read().split("\n\n")]
paragraphs = [p for p in paragraphs if p]
out = {
    "spacy.cli imported": "spacy.cli" in sys.modules,
    "pipe_names": nlp.pipe_names,
    "tokenizer": hashlib.sha256(nlp.tokenizer.to_bytes()).hexdigest(),
    "paragraphs": len(paragraphs),
    "triggered": 0,
    "docs": [],
}
out["tokens"] = [[[t.text, t.norm_, t.shape_, t.is_stop] for t in nlp.make_doc(p)] for p in paragraphs]
triggered = [p for p in paragraphs if TRIGGER_RE.search(p)]  # what the stage sends through the pipe
out["triggered"] = len(triggered)
for doc in nlp.pipe(triggered):
    out["docs"].append({
        "tokens": [[t.text, t.tag_, t.dep_, t.head.i, bool(t.is_sent_start)] for t in doc],
        "actions": [[c.text, c.who, c.start, c.end, c.style, c.explicit] for c in doc._.actions or []],
    })
import spacy.cli  # the real command line is still there to import after the fast path
out["real cli"] = hasattr(spacy.cli, "setup_cli")
print(json.dumps(out))
"""


def _dump(load: str) -> dict:
    assert TEXT.exists(), f"../shared is missing (looked for {TEXT})"
    env = {**os.environ, "MINUTEBOOK_SPACY_LOAD": load, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _DUMP, str(TEXT)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def both() -> tuple[dict, dict]:
    return _dump("fast"), _dump("library")


def test_fast_path_skips_spacys_command_line_and_library_path_imports_it(both):
    fast, library = both
    assert fast["spacy.cli imported"] is False
    assert library["spacy.cli imported"] is True
    assert fast["real cli"] and library["real cli"]


def test_both_paths_build_the_same_tokenizer_and_pipeline(both):
    fast, library = both
    assert fast["tokenizer"] == library["tokenizer"]
    assert fast["pipe_names"] == library["pipe_names"]
    assert "tok2vec" in fast["pipe_names"] and "parser" in fast["pipe_names"]


def test_both_paths_analyse_every_paragraph_alike(both):
    fast, library = both
    assert fast["paragraphs"] == library["paragraphs"] > 500
    assert fast["tokens"] == library["tokens"]
    assert fast["triggered"] > 50  # the text holds commitments, so the action candidates are compared too
    assert sum(bool(d["actions"]) for d in fast["docs"]) > 10
    for n, (a, b) in enumerate(zip(fast["docs"], library["docs"], strict=True)):
        assert a == b, f"paragraph {n} differs"
