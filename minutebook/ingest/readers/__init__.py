"""Page readers: a PDF's pages as lines with font size, boldness and position (`RawPage`).

Two readers give the same lines (tests/test_reader_contract.py holds them to it):

- `pdfium` (the default): pdfium's text page through pypdfium2, with pdfplumber's word grouping and table
  finder (fed pdfminer's ruling lines, never its glyphs), handing the pages it cannot read to pdfplumber's path;
- `pdfplumber`: pdfplumber's own `extract_words` on every page, chosen with `MINUTEBOOK_READER=pdfplumber`.

The caller opens the PDF with pdfplumber first (`minutebook.ingest.pdf.open_pdf`), which validates it and
gives every damaged, encrypted or oversized file its one-line error; the fast reader opens the same bytes
again with pdfium, and a file pdfium cannot open is read with pdfplumber's path instead.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Protocol

from minutebook.ingest.readers.plumber import PlumberReader, RawPage, use_spec_encodings
from minutebook.ingest.readers.tables import RuledTables

__all__ = ["READER_ENV", "READERS", "Reader", "RawPage", "RuledTables", "open_reader", "reader_name"]

logger = logging.getLogger(__name__)

READER_ENV = "MINUTEBOOK_READER"
READERS = ("pdfium", "pdfplumber")


class Reader(Protocol):
    """Reads the pages of one open PDF, one at a time, by 0-based index."""

    name: str

    def __len__(self) -> int: ...

    def read(self, index: int, tables: RuledTables | None = None) -> RawPage: ...

    def close(self) -> None: ...


def reader_name() -> str:
    """$MINUTEBOOK_READER when it names a reader, else the fast one."""
    raw = os.environ.get(READER_ENV, "").strip().lower()
    if raw in READERS:
        return raw
    if raw:
        logger.warning("ignoring %s=%r: not one of %s", READER_ENV, raw, ", ".join(READERS))
    return READERS[0]


def open_reader(pdf: Any, source: bytes | str | Path, password: str | None, line_tolerance: float,
                name: str | None = None) -> Reader:
    """A reader over `pdf` (an open pdfplumber PDF) and `source`, the same file's bytes or path."""
    use_spec_encodings(pdf)  # both paths read unused WinAnsi codes as bullets, as the PDF reference says
    plumber = PlumberReader(pdf, line_tolerance)
    if (name or reader_name()) == "pdfplumber":
        return plumber
    import pypdfium2 as pdfium

    from minutebook.ingest.readers.pdfium import PdfiumReader

    try:
        doc = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source), password=password or None)
    except Exception as exc:  # pdfminer opened it, pdfium cannot: pdfplumber's path reads it all
        logger.info("pdfium cannot open %s (%s); reading it with pdfplumber", getattr(pdf, "path", "?"), exc)
        return plumber
    if len(doc) != len(pdf.pages):  # a page tree each repairs its own way: pages must line up to mix readers
        logger.info("pdfium counts %d pages, pdfminer %d; reading with pdfplumber", len(doc), len(pdf.pages))
        doc.close()
        return plumber
    return PdfiumReader(doc, plumber, line_tolerance)
