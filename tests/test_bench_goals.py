"""`python -m benchmarks.goals` at tiny sizes: every row of issue 16's table comes out with a baseline measured in
the same run, a ratio and a goal. Nothing here asserts a speed: the figures of a run this small mean nothing."""

from __future__ import annotations

import re
import sys

import pytest

from benchmarks import bench_ingest, goals
from benchmarks.measure import markdown_table, percentile, run_child


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[goals.Row]:
    """All four parts: 2 small generated minutes (one of them standing for the real pack), archives of 20 and 40
    meetings, 3 queries run once each, one cold-start round."""
    cache = tmp_path_factory.mktemp("bench-cache")
    saved, bench_ingest.CACHE = bench_ingest.CACHE, cache
    try:
        pack = sorted(goals.small_minutes(2).glob("*.pdf"))[0]
        return goals.run(set(goals.PARTS), sizes=[20, 40], n_small=2, repeat=1, n_queries=3, start_runs=1,
                         pack=pack)
    finally:
        bench_ingest.CACHE = saved


def test_every_row_of_the_issue_table_is_produced(rows):
    measures = [r.measure for r in rows]
    expected = [
        r"ingest, real pack .*, 1 job",
        r"ingest, 2 small generated minutes, 1 job",
        r"ingest, 2 small generated minutes, --jobs 2 vs --jobs 1",
        r"index build, 20 meetings",
        r"search CPU p50/p95, 20 meetings, 3 queries",
        r"index build, 40 meetings",
        r"search CPU p50/p95, 40 meetings, 3 queries",
        r"cold start: `minutebook --help`",
        r"cold start: `minutebook actions`",
        r"cold start: `minutebook search x`",
    ]
    assert len(measures) == len(expected), measures
    for measure, pattern in zip(measures, expected, strict=True):
        assert re.match(pattern, measure), (measure, pattern)


def test_each_row_has_a_baseline_a_ratio_a_goal_and_a_verdict(rows):
    baselines = {"ingest": "extract_text", "index": "FTS5", "search": "FTS5", "cold": "python -c pass"}
    for row in rows:
        key = row.measure.split()[0].rstrip(",")
        if row.measure.endswith("--jobs 1"):
            assert "--jobs 1" in row.baseline
        else:
            assert baselines[key] in row.baseline, row
        assert re.search(r"\d+(\.\d+)?x", row.ratio), row
        assert row.goal and isinstance(row.met, bool), row
    ingest = rows[0]
    assert "pypdfium2" in ingest.baseline and "pdftotext" in ingest.baseline


def test_sizes_off_the_issue_take_the_goals_of_their_place(rows):
    index_rows = [r for r in rows if r.measure.startswith("index build")]
    assert "<= 5 CPU s (the goal set for 1,000)" == index_rows[0].goal
    assert "<= 60 CPU s, peak <= 300 MB (the goal set for 10,000)" == index_rows[1].goal
    assert goals._size_goal(10000, 0)[0] == 10000


def test_the_baselines_search_the_same_records(tmp_path):
    """The raw engines index the very records minutebook's index holds, and the battery finds the same count of
    them for a plain query in tantivy's syntax as in minutebook's."""
    fts5 = goals.child_engine("fts5", 20, str(tmp_path), 0, 0)
    ours = goals.child_engine("minutebook", 20, str(tmp_path / "home"), 0, 1)
    assert fts5["docs"] == ours["docs"] > 0
    if goals.importlib.util.find_spec("tantivy") is not None:
        raw = goals.child_engine("tantivy", 20, str(tmp_path), 0, 1)
        assert raw["hits"] == ours["hits"]


def test_a_child_is_measured_alone():
    child = run_child([sys.executable, "-c", "print('hello')"])
    assert child.stdout.strip() == "hello" and child.returncode == 0
    assert child.cpu > 0 and child.maxrss_mb > 1


@pytest.mark.parametrize(("values", "pct", "expected"), [([3, 1, 2], 50, 2), ([5], 95, 5), ([], 50, 0.0),
                                                          (list(range(1, 101)), 95, 95)])
def test_percentile(values, pct, expected):
    assert percentile(values, pct) == expected


def test_markdown_table_escapes_pipes():
    assert markdown_table(("a", "b"), [("x|y", 1)]).splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1 |"]
