"""Regression fixtures cut from real PDFs of other bodies (tests/data/wild/make.py): layouts unlike the dev pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutebook.errors import NoTextLayer
from minutebook.ingest.pipeline import parse_file
from tests.conftest import DATA

WILD = DATA / "wild"
FIXTURES = sorted(p for p in WILD.glob("*.pdf") if "garbled" not in p.name)


def summary(path: Path, nlp: bool = False) -> list[dict]:
    parsed = parse_file(path, nlp=nlp)
    return [
        {
            "kind": m.kind, "body": m.body, "date": m.date, "chair": m.chair,
            "attendees": [a.name for a in m.attendees],
            "apologies": [a.name for a in m.apologies],
            "items": [[i.number, i.title[:80], i.exempt] for i in m.items],
            "resolutions": [[i.number, r.mover, r.seconder, r.outcome, r.tally]
                            for i in m.items for r in i.resolutions],
            **({"actions": [[i.number, a.owners] for i in m.items for a in i.actions]} if nlp else {}),
        }
        for m in parsed.meetings
    ]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_structure_matches_expected(path):
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    assert summary(path) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_text_bearing_file_yields_a_dated_meeting_with_a_body(path):
    meetings = parse_file(path, nlp=False).meetings
    assert meetings and all(m.body and m.date for m in meetings)


def test_garbled_text_layer_is_refused_with_a_clear_message():
    with pytest.raises(NoTextLayer, match="garbled"):
        parse_file(WILD / "horsley_parish_council_minutes_garbled_textlayer.pdf")


def test_action_column_initials_resolve_to_attendees():
    path = WILD / "horsley_neighbourhood_plan_wg_minutes_2014-10-19.pdf"
    actions = summary(path, nlp=True)[0]["actions"]
    assert ["1", ["Jolyon Neely", "Alan Caudwell"]] in actions


def test_us_motion_has_mover_seconder_and_outcome():
    path = WILD / "alameda_open_government_commission_minutes_2023-07-11.pdf"
    motions = summary(path)[0]["resolutions"]
    assert any(m[1].endswith("Miley") and m[2].endswith("Chen") for m in motions)
