"""The shared scorer on the real pack's export: the figures the issues promise must hold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from tests.conftest import SHARED

SCORE = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "gold" / "haringey-csp-2019-12-11.json"

pytestmark = pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")

# Floors at what the parsers reach today; raise them as the parsers improve, never lower them.
FLOORS = {
    "agenda_items_f1": 0.95, "minutes_items_f1": 0.95, "resolution_f1": 0.95, "attendees_f1": 0.95,
    "apologies_f1": 0.9, "chair_ok": 1.0, "agenda_items_exempt_f1": 1.0, "minutes_items_exempt_f1": 1.0,
    "action_f1": 0.7,
}


@pytest.fixture(scope="module")
def metrics(tmp_path_factory, _ingested_once):
    out = CliRunner().invoke(app, ["--home", str(_ingested_once), "export"], catch_exceptions=False).output
    path = tmp_path_factory.mktemp("eval") / "export.json"
    path.write_text(out)
    cmd = [sys.executable, str(SCORE), str(path), str(GOLD)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return {line.split()[0]: float(line.split()[1]) for line in proc.stdout.splitlines() if line.strip()}


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS.items()))
def test_score_meets_floor(metrics, metric, floor):
    assert metrics[metric] >= floor, json.dumps(metrics, indent=1)
