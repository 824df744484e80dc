"""Every convention's fixture folder, run automatically: tests/conventions/<convention name>/<case>.json.

A case is a real passage cut from a real PDF (its `source` names the document and page):
    {"source": "...", "paras": ["text" | {"text", "page", "heading"}], "context": {...}, "expected": [...]}
`expected` lists what the convention must return, each entry the fields that must match (a subset of the
dataclass's fields). A known miss carries `"xfail": "reason"`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from minutebook.ingest import conventions
from minutebook.models import Person

FIXTURES = Path(__file__).parent / "conventions"
CASES = sorted(FIXTURES.glob("*/*.json"))


def _context(raw: dict) -> conventions.Context:
    people = tuple(Person(**p) if isinstance(p, dict) else Person(name=p) for p in raw.get("people", []))
    return conventions.Context(kind=raw.get("kind", "minutes"), body=raw.get("body", ""), date=raw.get("date", ""),
                               people=people, extra=raw.get("extra", {}))


def _as_dict(obj) -> dict:
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else dict(obj)


def _matches(got: dict, want: dict) -> bool:
    for key, value in want.items():
        have = got.get(key)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            if len(have or []) != len(value) or not all(_matches(_as_dict(h), w) for h, w in zip(have, value)):
                return False
        elif isinstance(value, list) and have and not isinstance(have[0], str):
            if [_as_dict(h).get("name") for h in have] != value:
                return False
        elif have != value:
            return False
    return True


def test_every_convention_has_cases():
    missing = [name for name in conventions.names() if not list((FIXTURES / name).glob("*.json"))]
    assert not missing, f"conventions without a fixture folder of real cases: {missing}"


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_convention_case(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    conv = conventions.get(path.parent.name)
    paras = [conventions.para_from_json(p) for p in case["paras"]]
    before = [dataclasses.replace(p) for p in paras]
    got = [_as_dict(x) for x in conv.extract(paras, _context(case.get("context", {})))]
    assert paras == before, "a convention must not edit its input"
    want = case["expected"]
    assert len(got) == len(want), f"{path.name}: expected {len(want)} results, got {len(got)}: {got}"
    for g, w in zip(got, want):
        assert _matches(g, w), f"{path.name}: got {g}, wanted {w}"
