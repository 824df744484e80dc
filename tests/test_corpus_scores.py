"""The annotated real minutes (../shared/corpus/annotated), scored with the shared kit's score_corpus.py.

The floors are the means reached now, a little below, so a change that reads any body's minutes worse
cannot land; they rise as the parsers improve (issue 17's targets are in TARGETS, not yet all met).
Without ../shared the test fails: it never skips.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED

SCORE_CORPUS = SHARED / "eval" / "score_corpus.py"
ANNOTATED = SHARED / "corpus" / "annotated"

# Means measured on the 13 annotated documents, less a small margin for ties in the scorer's matching.
FLOORS = {"minutes_items_f1": 0.90, "resolution_f1": 0.90, "action_f1": 0.92, "owner_acc": 0.90,
          "implicit_action_r": 0.78, "attendees_f1": 0.95, "apologies_f1": 0.95, "chair_ok": 0.95, "body_ok": 0.88}
# Issue 17's targets: the ones not met yet are known misses, reported as xfail with the figure reached.
TARGETS = {"minutes_items_f1": 0.90, "resolution_f1": 0.85, "action_f1": 0.80, "owner_acc": 0.75,
           "implicit_action_r": 0.70, "attendees_f1": 0.90, "apologies_f1": 0.90, "chair_ok": 0.90}


@pytest.fixture(scope="module")
def means(tmp_path_factory) -> dict[str, float]:
    assert SCORE_CORPUS.exists() and ANNOTATED.is_dir(), f"../shared is missing (looked in {SHARED})"
    out = tmp_path_factory.mktemp("corpus") / "scores.json"
    cmd = [sys.executable, str(SCORE_CORPUS), str(ANNOTATED), "--minutebook", f"{sys.executable} -m minutebook.cli",
           "--json", str(out)]
    subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=1200)
    return json.loads(out.read_text())["means"]


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS.items()))
def test_mean_holds_its_floor(means, metric, floor):
    assert means[metric] >= floor, json.dumps(means, indent=1)


@pytest.mark.parametrize(("metric", "target"), sorted(TARGETS.items()))
def test_mean_meets_issue_17_target(means, metric, target):
    if means[metric] < target:
        pytest.xfail(f"issue 17 target not met yet: {metric} = {means[metric]:.2f} < {target}")
