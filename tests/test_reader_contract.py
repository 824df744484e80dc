"""The fast reader (pdfium) against pdfplumber's own path, on every PDF we have (issue 16, "Reading").

Tolerances, per file:
- the same pages, with the same heights (within 0.01 pt), the same ruled tables and the same number of lines;
- line text identical on at least 98% of the lines of a file and 99.5% of all lines (pdfium drops a space
  glyph that overlaps the next glyph: Cuyahoga agenda p2, "H. RESOLUTION" reads "H.RESOLUTION");
- on lines of the same text: bold the same, font size within 0.1, x0 and top within 1 pt;
- after running lines are stripped: the same page labels, running headers, blank and exempt flags, and
  paragraph marks on lines of the same text.
The corpus scores (the shared kit's score.py, in process) are the same through both readers.
Without ../shared these tests fail: they never skip.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from minutebook.errors import BadInput
from minutebook.ingest import pdf as reader
from minutebook.ingest.readers import RawPage, open_reader
from tests.conftest import DATA, PACK, SHARED

WILD = SHARED / "corpus" / "wild"
ANNOTATED = SHARED / "corpus" / "annotated"
FILES = sorted(DATA.rglob("*.pdf")) + sorted(WILD.glob("*.pdf")) + sorted(ANNOTATED.glob("*.pdf")) + [PACK]
FILE_SHARE = 0.98
TOTAL_SHARE = 0.995
TOTALS = {"lines": 0, "same": 0}


def raw_pages(path: Path, name: str) -> list[RawPage]:
    pdf = reader.open_pdf(path)
    pages = open_reader(pdf, path, None, reader.ReadSettings().line_tolerance, name)
    try:
        assert pages.name == name or pages.name == "pdfplumber"  # pdfium may hand a whole file to pdfplumber
        return [pages.read(i) for i in range(len(pdf.pages))]
    finally:
        pages.close()
        reader.close_pdf(pdf)


def compare(fast: list[RawPage], slow: list[RawPage]) -> tuple[int, int, list[str]]:
    """(lines, lines of the same text, differences beyond the tolerances)."""
    problems: list[str] = []
    lines = same = 0
    assert len(fast) == len(slow)
    for f, s in zip(fast, slow):
        if f.index != s.index or abs(f.height - s.height) > 0.01:
            problems.append(f"p{s.index}: height {f.height} vs {s.height}")
        if f.tables != s.tables:
            problems.append(f"p{s.index}: tables differ")
        if len(f.lines) != len(s.lines):
            problems.append(f"p{s.index}: {len(f.lines)} lines vs {len(s.lines)}")
        for a, b in zip(f.lines, s.lines):
            lines += 1
            if a.text != b.text:
                continue
            same += 1
            if a.bold != b.bold or abs(a.size - b.size) > 0.1 or abs(a.x0 - b.x0) > 1 or abs(a.top - b.top) > 1:
                problems.append(f"p{s.index}: {a.text[:50]!r}: bold {a.bold}/{b.bold} size {a.size}/{b.size} "
                                f"x0 {a.x0:.2f}/{b.x0:.2f} top {a.top:.2f}/{b.top:.2f}")
    return lines, same, problems


def test_the_corpora_are_there():
    assert WILD.is_dir() and ANNOTATED.is_dir() and PACK.exists(), f"../shared is missing (looked in {SHARED})"
    assert len(FILES) > 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_both_readers_give_the_same_lines(path: Path):
    assert path.exists(), f"{path} is missing"
    try:
        slow = raw_pages(path, "pdfplumber")
    except BadInput as exc:  # a file meant to be bad: the fast reader must say the same
        with pytest.raises(BadInput) as fast_exc:
            raw_pages(path, "pdfium")
        assert str(fast_exc.value) == str(exc)
        return
    fast = raw_pages(path, "pdfium")
    lines, same, problems = compare(fast, slow)
    TOTALS["lines"] += lines
    TOTALS["same"] += same
    assert not problems, "\n".join(problems[:20])
    assert same >= FILE_SHARE * lines, f"{lines - same} of {lines} lines differ"


def test_over_all_files_nearly_every_line_is_the_same():
    if TOTALS["lines"] < 1000:  # run alone: read the corpora here
        for path in FILES:
            try:
                lines, same, _ = compare(raw_pages(path, "pdfium"), raw_pages(path, "pdfplumber"))
            except BadInput:
                continue
            TOTALS["lines"] += lines
            TOTALS["same"] += same
    assert TOTALS["same"] >= TOTAL_SHARE * TOTALS["lines"], TOTALS


@pytest.mark.parametrize("path", [p for p in FILES if "bad" not in p.parts], ids=lambda p: p.stem)
def test_pages_after_running_lines_are_stripped_are_the_same(path: Path, monkeypatch):
    def pages(name: str):
        try:
            return reader.read_pages(path, reader=name)
        except BadInput as exc:
            return str(exc)

    fast, slow = pages("pdfium"), pages("pdfplumber")
    if isinstance(slow, str):
        assert fast == slow
        return
    assert [(p.index, p.label, p.headers, p.blank, p.exempt) for p in fast] == \
        [(p.index, p.label, p.headers, p.blank, p.exempt) for p in slow]
    for f, s in zip(fast, slow):
        assert [a.para for a, b in zip(f.lines, s.lines) if a.text == b.text] == \
            [b.para for a, b in zip(f.lines, s.lines) if a.text == b.text], f"page {s.index}"


def test_the_switch_picks_the_reader(monkeypatch):
    from minutebook.ingest.readers import reader_name

    monkeypatch.setenv("MINUTEBOOK_READER", "pdfplumber")
    assert reader_name() == "pdfplumber"
    pdf = reader.open_pdf(PACK)
    try:
        assert open_reader(pdf, PACK, None, 3.0).name == "pdfplumber"
        monkeypatch.setenv("MINUTEBOOK_READER", "pdfium")
        fast = open_reader(pdf, PACK, None, 3.0)
        assert fast.name == "pdfium"
        fast.close()
    finally:
        reader.close_pdf(pdf)
    monkeypatch.delenv("MINUTEBOOK_READER")
    assert reader_name() == "pdfium"


def _scores(name: str, monkeypatch) -> dict[str, dict[str, float]]:
    from minutebook.export import meeting_json
    from minutebook.ingest.pipeline import parse_file

    sys.path.insert(0, str(SHARED / "eval"))
    try:
        from score import score
    finally:
        sys.path.remove(str(SHARED / "eval"))
    monkeypatch.setenv("MINUTEBOOK_READER", name)
    out = {}
    for gold in sorted(ANNOTATED.glob("*.gold.json")):
        pdf = gold.with_name(gold.name[: -len(".gold.json")] + ".pdf")
        parsed = parse_file(pdf)
        export = {"meetings": [meeting_json(m, include_exempt=True) for m in parsed.meetings]}
        out[pdf.stem] = score(export, json.loads(gold.read_text(encoding="utf-8")))
    return out


def test_corpus_scores_are_the_same_through_both_readers(monkeypatch):
    assert ANNOTATED.is_dir(), f"../shared is missing (looked in {SHARED})"
    fast = _scores("pdfium", monkeypatch)
    slow = _scores("pdfplumber", monkeypatch)
    assert len(fast) >= 10
    assert fast == slow


def test_unused_winansi_codes_read_as_bullets_on_both_paths():
    """Haringey CSP pack p5 sets its bullets as Helvetica/WinAnsi code 127, which ISO 32000-1 Annex D maps to
    the bullet: pdfium reads it so, and pdfplumber's path is given the same reading (`use_spec_encodings`)."""
    for name in ("pdfium", "pdfplumber"):
        page = raw_pages(PACK, name)[4]
        assert any(ln.text.startswith("• a. The AD for Safer Communities mentioned") for ln in page.lines), name


def test_the_fast_reader_reads_the_real_pack_without_pdfplumber():
    """No page of the Haringey pack goes to pdfplumber's path, and its ruled pages find their tables from
    pdfium's characters (except those with glyphs pdfminer reads as letters, ZapfDingbats "n" on p43)."""
    from minutebook.ingest.readers.pdfium import PdfiumReader

    pdf = reader.open_pdf(PACK)
    pages = open_reader(pdf, PACK, None, reader.ReadSettings().line_tolerance, "pdfium")
    try:
        assert isinstance(pages, PdfiumReader)
        found = [pages.read(i).tables for i in range(len(pdf.pages))]
        assert pages.fallback_pages == 0
        assert pages.table_pages >= 10 and any(found)
    finally:
        pages.close()
        reader.close_pdf(pdf)
