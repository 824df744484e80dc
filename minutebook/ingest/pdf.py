"""Stage 1: read a PDF into `Page`s of heading-aware lines, without running headers/footers.

    python -m minutebook.ingest.pdf PACK.pdf   # prints each page's label and lines
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from minutebook.errors import BadInput, EncryptedPDF
from minutebook.models import Line, Page

__all__ = ["ReadSettings", "read_pages", "open_pdf", "page_count"]

logger = logging.getLogger(__name__)

# "Page 3", "3", "- 3 -", "3 of 19", "Page 3 of 19": a printed page label in a margin.
LABEL_RE = re.compile(r"^(?:page\s+)?-?\s*(\d{1,4})\s*-?(?:\s+of\s+\d{1,4})?$", re.I)
# Labels glued to other running text, e.g. "Minutes 12/19/2023 Page 3" or "Page 77".
TRAILING_LABEL_RE = re.compile(r"\bpage\s+(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
AGENDA_ITEM_HEADER_RE = re.compile(r"^agenda\s+item\s+(\w{1,6})$", re.I)
BLANK_RE = re.compile(r"^this page (?:is|has been) (?:intentionally|deliberately) (?:left )?blank\.?$", re.I)
EXEMPT_RE = re.compile(
    r"^(?:document is (?:exempt|restricted|confidential)|by virtue of paragraph\(?s?\)?\b.*schedule 12a)", re.I
)
BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """How to read pages; validated so a bad value names itself."""

    margin: float = 0.09  # share of the page height treated as header/footer zone
    line_tolerance: float = 3.0  # points: words whose tops differ less share a line
    repeat_share: float = 0.3  # a margin line on this share of pages is a running header
    password: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.margin < 0.5:
            raise ValueError(f"margin must be in [0, 0.5), got {self.margin!r}")
        if self.line_tolerance <= 0:
            raise ValueError(f"line_tolerance must be > 0, got {self.line_tolerance!r}")
        if not 0 < self.repeat_share <= 1:
            raise ValueError(f"repeat_share must be in (0, 1], got {self.repeat_share!r}")


def open_pdf(path: str | Path, password: str | None = None):  # -> pdfplumber.PDF
    """Open a PDF with pdfplumber, turning every failure into a `BadInput` naming the file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    p = Path(path)
    if not p.exists():
        raise BadInput(p, "no such file")
    if p.is_dir():
        raise BadInput(p, "is a folder, not a PDF")
    try:
        with p.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise BadInput(p, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise BadInput(p, "is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise BadInput(p, "is not a PDF (no %PDF header)")
    try:
        pdf = pdfplumber.open(p, password=password or "")
        n = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        msg = "is encrypted; give the right --password" if password else "is encrypted; pass --password to open it"
        raise EncryptedPDF(p, msg) from None
    except PDFSyntaxError as exc:
        raise BadInput(p, f"is damaged and cannot be parsed ({exc})") from None
    except Exception as exc:  # pdfminer raises many ad-hoc types on broken files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise EncryptedPDF(p, "is encrypted; pass --password to open it") from None
        raise BadInput(p, f"is damaged and cannot be parsed ({type(exc).__name__}: {exc})") from None
    if n == 0:
        pdf.close()
        raise BadInput(p, "has no pages")
    return pdf


def page_count(path: str | Path, password: str | None = None) -> int:
    pdf = open_pdf(path, password)
    try:
        return len(pdf.pages)
    finally:
        pdf.close()


def _group_lines(words: list[dict], tolerance: float) -> list[Line]:
    """Cluster words into lines by their top edge, then order each line left to right."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= tolerance:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in row)
        n_bold = sum(len(w["text"]) for w in row if BOLD_RE.search(w.get("fontname", "")))
        n_all = sum(len(w["text"]) for w in row) or 1
        size = max(w.get("size", 0.0) for w in row)
        lines.append(Line(text=text, bold=n_bold / n_all > 0.6, size=round(size, 1), top=row[0]["top"], x0=row[0]["x0"]))
    return lines


def _clean(text: str) -> str:
    # pdfminer renders unmapped bullet glyphs as "(cid:127)"; they carry no words.
    text = re.sub(r"\(cid:\d+\)\s*", "", text)
    return text.replace("\u00a0", " ").strip()


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _raw_pages(pdf, settings: ReadSettings) -> Iterator[tuple[int, float, list[Line]]]:
    for i, page in enumerate(pdf.pages, start=1):
        try:
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
            lines = []
            for line in _group_lines(words, settings.line_tolerance):
                line.text = _clean(line.text)
                if line.text:
                    lines.append(line)
            yield i, float(page.height), lines
        finally:
            page.close()  # pdfplumber caches layout objects per page until closed


def read_pages(path: str | Path, settings: ReadSettings | None = None) -> list[Page]:
    """Read every page of `path`; raise `BadInput` naming the file when it cannot be read."""
    settings = settings or ReadSettings()
    pdf = open_pdf(path, settings.password)
    try:
        raw = list(_raw_pages(pdf, settings))
    except BadInput:
        raise
    except Exception as exc:
        raise BadInput(path, f"is damaged and cannot be parsed ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    return strip_running_lines(raw, settings)


def strip_running_lines(raw: list[tuple[int, float, list[Line]]], settings: ReadSettings) -> list[Page]:
    """Remove page labels and lines repeated in the margins; keep the label for citation."""
    margin_counts: Counter[str] = Counter()
    for _, height, lines in raw:
        seen = {_norm_running(ln.text) for ln in lines if _in_margin(ln, height, settings)}
        margin_counts.update(seen)
    min_repeats = max(3, int(settings.repeat_share * len(raw)))
    running = {text for text, n in margin_counts.items() if n >= min_repeats}

    pages: list[Page] = []
    for index, height, lines in raw:
        page = Page(index=index, label="")
        body: list[Line] = []
        for ln in lines:
            in_margin = _in_margin(ln, height, settings)
            label = _label_of(ln.text) if in_margin else None
            if label is not None:
                page.label = label
                page.headers.append(ln.text)
            elif in_margin and (_norm_running(ln.text) in running or AGENDA_ITEM_HEADER_RE.match(ln.text)):
                page.headers.append(ln.text)
                trailing = TRAILING_LABEL_RE.search(ln.text)
                if trailing:
                    page.label = trailing.group(1)
            else:
                body.append(ln)
        _mark_paragraphs(body)
        page.lines = body
        page.blank = not body or (len(body) <= 2 and any(BLANK_RE.match(b.text) for b in body))
        page.exempt = bool(body) and any(EXEMPT_RE.match(b.text) for b in body[:3])
        pages.append(page)
    return pages


def _mark_paragraphs(lines: list[Line]) -> None:
    """Flag lines that open a paragraph: the gap above them is clearly wider than the page's usual leading."""
    gaps = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    if not gaps:
        return
    leading = gaps[len(gaps) // 4]  # lower quartile: the gap between lines of one paragraph
    lines[0].para = True
    for prev, line in zip(lines, lines[1:]):
        line.para = line.top - prev.top > leading * 1.4


def _in_margin(line: Line, height: float, settings: ReadSettings) -> bool:
    return line.top < height * settings.margin or line.top > height * (1 - settings.margin)


def _label_of(text: str) -> str | None:
    m = LABEL_RE.match(text.strip())
    return m.group(1) if m else None


def main(argv: list[str] | None = None) -> None:
    for page in read_pages((argv or sys.argv[1:])[0]):
        flags = " blank" if page.blank else (" exempt" if page.exempt else "")
        print(f"--- pdf page {page.index} label {page.label}{flags} headers={page.headers}")
        for ln in page.lines:
            print(("# " if ln.bold else "  ") + ln.text)


if __name__ == "__main__":
    main()
