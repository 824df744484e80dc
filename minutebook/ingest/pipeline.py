"""The whole ingest pipeline for one file: PDF -> pages -> sections -> meetings -> actions.

Pure: it reads the file and returns a `ParsedDocument`; storing and indexing are the caller's.

    python -m minutebook.ingest.pipeline PACK.pdf   # prints a summary
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from minutebook.errors import NoTextLayer
from minutebook.ingest.parse import parse_sections
from minutebook.ingest.pdf import ReadSettings, read_pages, read_pdf_bytes
from minutebook.ingest.quality import text_quality
from minutebook.ingest.reports import exempt_pages
from minutebook.ingest.segment import segment
from minutebook.models import Document, Meeting, ParsedDocument

__all__ = ["parse_file", "sha256_of", "next_meeting_date"]


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def next_meeting_date(meetings: list[Meeting], after: str) -> str | None:
    """The first meeting of the pack dated after `after`: 'for the next meeting' means that one."""
    later = sorted(m.date for m in meetings if m.date and m.date > after)
    return later[0] if later else None


def parse_file(path: str | Path, password: str | None = None, nlp: bool = True, sha256: str | None = None) -> ParsedDocument:
    """Parse one PDF. Raises `BadInput` (naming the file) when it cannot be read or has no usable text.

    The file is read once and its sha256 is that of the bytes parsed, so a file replaced while a batch runs is
    never stored under the old file's hash; `sha256` overrides it (the OCR pass parses a derived file).
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    data = read_pdf_bytes(path)
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    pages = read_pages(path, ReadSettings(password=password), data)
    del data
    timings["read"] = time.perf_counter() - t0
    quality = text_quality(pages)
    if not quality.usable:
        raise NoTextLayer(path, quality.reason)
    t1 = time.perf_counter()
    sections = segment(pages)
    meetings = parse_sections(sections)
    exempt = exempt_pages(sections, meetings)
    pages = [replace(p, exempt=True) if p.index in exempt and not p.exempt else p for p in pages]
    timings["parse"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    if nlp and any(m.kind == "minutes" for m in meetings):
        from minutebook.ingest.nlp import find_actions, load_nlp

        model = load_nlp()
        meetings = [find_actions(m, model, next_meeting_date(meetings, m.date))[0] for m in meetings]
    timings["nlp"] = time.perf_counter() - t2
    # Stored absolute, so a hit cites the file wherever the ingest was run from.
    doc = Document(path=os.path.abspath(path), sha256=sha256, pages=len(pages), title=Path(path).stem)
    warnings = [f"{m.kind} {m.date or '(undated)'}: {u}" for m in meetings for u in m.unrecognised]
    if not meetings:
        warnings.append("no meeting heading recognised; the text is searchable by page")
    return ParsedDocument(document=doc, pages=pages, meetings=meetings, warnings=warnings, timings=timings)


def main(argv: list[str] | None = None) -> None:
    parsed = parse_file((argv or sys.argv[1:])[0])
    print({k: round(v, 3) for k, v in parsed.timings.items()})
    for m in parsed.meetings:
        n_act = sum(len(i.actions) for i in m.items)
        print(f"{m.kind:8} {m.date} {m.body!r}: {len(m.items)} items, {len(m.attendees)} attendees, {n_act} actions")
    for w in parsed.warnings:
        print("warning:", w)


if __name__ == "__main__":
    main()
