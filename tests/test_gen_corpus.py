"""The benchmark corpus generator: deterministic packs, laid out like the reference pack, whose truth
minutebook's own pipeline recovers. A generated layout is not the dev pack, so this doubles as a
generalisation test of the parsers."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pdfplumber
import pytest

from benchmarks.gen_corpus import ACTION_STYLES, random_pack, render_pack

SEED = 78  # an agenda + minutes pack whose minutes use every action style and carry a post-meeting note


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict]:
    path = tmp_path_factory.mktemp("generated") / "pack.pdf"
    pages = render_pack(random_pack(random.Random(SEED), reports=False), path)
    return path, pages, json.loads(path.with_suffix(".truth.json").read_text())


@pytest.fixture(scope="module")
def parsed(pack):
    from minutebook.ingest.pipeline import parse_file

    return parse_file(pack[0])


def _meeting(parsed, truth_meeting: dict):
    found = [m for m in parsed.meetings if (m.kind, m.date) == (truth_meeting["kind"], truth_meeting["date"])]
    assert len(found) == 1, f"{truth_meeting['kind']} of {truth_meeting['date']} not found once: {parsed.meetings}"
    return found[0]


def _explicit_actions(truth: dict, styles: set[str]) -> list[tuple[dict, dict, dict]]:
    return [
        (m, it, a)
        for m in truth["meetings"]
        for it in m["items"]
        for a in it["actions"]
        if a["explicit"] and a["style"] in styles
    ]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        render_pack(random_pack(random.Random(SEED), reports=False), tmp_path / name)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.truth.json").read_text() == (tmp_path / "b.truth.json").read_text()


def test_page_count_and_labels(pack, parsed) -> None:
    path, pages, truth = pack
    assert len(truth["labels"]) == pages
    # the notice of meeting is unnumbered; the attached minutes are "Page 1", "Page 2", ...
    assert truth["labels"][:2] == ["", ""]
    numbered = [label for label in truth["labels"] if label]
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == pages
    # the reader finds each "Page N" in the bottom margin and keeps it out of the text
    assert [p.label for p in parsed.pages] == truth["labels"]
    assert [[h for h in p.headers if h.startswith("Page")] for p in parsed.pages] == [
        [f"Page {label}"] if label else [] for label in truth["labels"]
    ]


def test_truth_covers_every_action_style(pack) -> None:
    styles = {a["style"] for m in pack[2]["meetings"] for it in m["items"] for a in it["actions"]}
    assert styles == set(ACTION_STYLES)


def test_parser_finds_meetings(pack, parsed) -> None:
    truth = pack[2]
    assert sorted((m.kind, m.date) for m in parsed.meetings) == sorted(
        (m["kind"], m["date"]) for m in truth["meetings"]
    )
    for tm in truth["meetings"]:
        # the parser title-cases an upper-case heading ("Safer Neighbourhoods Board")
        assert _meeting(parsed, tm).body.lower() == tm["body"].lower()


def test_parser_finds_item_numbers(pack, parsed) -> None:
    for tm in pack[2]["meetings"]:
        assert [i.number for i in _meeting(parsed, tm).items] == [i["number"] for i in tm["items"]]


def test_parser_finds_chair_and_attendees(pack, parsed) -> None:
    tm = next(m for m in pack[2]["meetings"] if m["kind"] == "minutes")
    m = _meeting(parsed, tm)
    assert m.chair == tm["chair"]
    assert [p.name for p in m.attendees] == [a["name"] for a in tm["attendees"]]
    assert [p.name for p in m.apologies] == [a["name"] for a in tm["apologies"]]


@pytest.mark.parametrize("style", sorted(set(ACTION_STYLES) - {"agreed", "trailing"}))
def test_parser_finds_explicit_action_owners(pack, parsed, style: str) -> None:
    expected = _explicit_actions(pack[2], {style})
    assert expected
    for tm, ti, ta in expected:
        item = next(i for i in _meeting(parsed, tm).items if i.number == ti["number"])
        assert ta["owners"] in [a.owners for a in item.actions], (style, ti["number"], ta["text"])


def test_parser_finds_trailing_action_owners(pack, parsed) -> None:
    for tm, ti, ta in _explicit_actions(pack[2], {"trailing"}):
        item = next(i for i in _meeting(parsed, tm).items if i.number == ti["number"])
        assert ta["owners"] in [a.owners for a in item.actions], ta["text"]


def test_post_meeting_note_closes_its_action(pack, parsed) -> None:
    closed = [
        (tm, ti, ta)
        for tm in pack[2]["meetings"]
        for ti in tm["items"]
        for ta in ti["actions"]
        if ta["status"] == "done"
    ]
    assert closed
    for tm, ti, ta in closed:
        item = next(i for i in _meeting(parsed, tm).items if i.number == ti["number"])
        assert [a.status for a in item.actions if a.owners == ta["owners"]] == ["done"], ta["text"]


def test_fast_reader_reads_what_pdfplumber_reads(tmp_path: Path) -> None:
    """The pdfium reader gives pdfplumber's own words, tables and lines, page by page, on a generated pack with
    ruled action-plan tables (whose pages go to pdfplumber's table finder)."""
    from minutebook.ingest import pdf as reader
    from minutebook.ingest.readers import open_reader
    from tests.test_reader_contract import compare

    path = tmp_path / "tables.pdf"
    agenda = random_pack(random.Random(3))[0]  # the notice and one report with its action-plan table
    with_plan = [it for it in agenda.items if it.report and it.report.plan]
    for item in agenda.items:
        if item.report is not with_plan[0].report:
            item.report = None
    render_pack([agenda], path)
    settings = reader.ReadSettings()
    got = {}
    for name in ("pdfplumber", "pdfium"):
        pdf = reader.open_pdf(path)
        pages = open_reader(pdf, path, None, settings.line_tolerance, name)
        try:
            assert pages.name == name
            got[name] = [pages.read(i) for i in range(len(pdf.pages))]
        finally:
            pages.close()
            reader.close_pdf(pdf)
    assert any(page.tables for page in got["pdfplumber"])
    lines, same, problems = compare(got["pdfium"], got["pdfplumber"])  # pdfium's floats are single precision
    assert not problems and same == lines > 0, problems


def _indexed_ids(home: Path) -> set[str]:
    from whoosh import index

    from minutebook.home import index_path

    ix = index.open_dir(str(index_path(home)))
    try:
        with ix.searcher() as searcher:
            return {fields["doc_id"] for fields in searcher.all_stored_fields()}
    finally:
        ix.close()


def test_folder_ingest_indexes_what_a_rebuild_indexes(tmp_path: Path, monkeypatch) -> None:
    """Ingest batches index updates across files (a few commits, not one per file); the index it leaves
    must hold exactly what `reindex` builds from the store. A small batch forces flushes mid-run; two
    workers return the files out of order, yet results come back in input order."""
    from minutebook import app

    monkeypatch.setattr(app, "INDEX_BATCH_PAGES", 8)
    folder = tmp_path / "packs"
    folder.mkdir()
    rng = random.Random(11)
    for n in range(3):
        render_pack(random_pack(rng, reports=False), folder / f"pack-{n}.pdf")
    home = tmp_path / "batch-home"
    home.mkdir()
    results = app.ingest([folder], home, jobs=2)
    assert [r.status for r in results] == ["ingested"] * 3
    assert [Path(r.path).name for r in results] == ["pack-0.pdf", "pack-1.pdf", "pack-2.pdf"]
    assert not (home / app.INDEX_PENDING).exists()
    incremental = _indexed_ids(home)
    app.reindex(home)
    assert incremental == _indexed_ids(home)
