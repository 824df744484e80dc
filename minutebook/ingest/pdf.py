"""Stage 1: read a PDF into `Page`s of heading-aware lines, without running headers/footers.

    python -m minutebook.ingest.pdf PACK.pdf   # prints each page's label and lines
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import stat
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from minutebook.errors import BadInput, EncryptedPDF, NoTextLayer
from minutebook.ingest.quality import MIN_CHARS_PER_PAGE, judge_texts, layer_quality, layer_stats
from minutebook.ingest.readers import RawPage, Reader, RuledTables, open_reader
from minutebook.models import Line, Page

__all__ = ["ReadSettings", "read_pages", "read_pdf_bytes", "open_pdf", "close_pdf", "page_count", "max_pages", "MAX_PAGES"]

logger = logging.getLogger(__name__)

# "Page 3", "3", "- 3 -", "3 of 19", "Page 3 of 19": a printed page label in a margin.
LABEL_RE = re.compile(r"^(?:page\s+)?-?\s*(\d{1,4})\s*-?(?:\s+of\s+\d{1,4})?$", re.I)
# Labels glued to other running text, e.g. "Minutes 12/19/2023 Page 3" or "Page 77".
TRAILING_LABEL_RE = re.compile(r"\bpage\s+(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
# A running line ending in the page number: "December 19, 2023 1".
RUNNING_NUMBER_RE = re.compile(r"\s(\d{1,4})$")
AGENDA_ITEM_HEADER_RE = re.compile(r"^agenda\s+item\s+(\w{1,6})$", re.I)
BLANK_RE = re.compile(r"^this page (?:is|has been) (?:intentionally|deliberately) (?:left )?blank\.?$", re.I)
EXEMPT_RE = re.compile(
    r"^(?:document is (?:exempt|restricted|confidential)|by virtue of paragraph\(?s?\)?\b.*schedule 12a)", re.I
)


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


MAX_PAGES_ENV = "MINUTEBOOK_MAX_PAGES"
# A 5,000-page pack takes a quarter of an hour to read; a larger page count is an archive that
# should be split, or a malformed page tree (a "page bomb"). The limit is checked on the page
# tree's declared count, before any page is built.
MAX_PAGES = 5000
# What a file named .pdf usually is when it is not one, by its first bytes.
_MAGIC: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive, e.g. a Word .docx or Excel .xlsx file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
]


def _sniff(head: bytes) -> str:
    """Say what a non-PDF file looks like, so the error tells the user what they actually have."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"it looks like {what}"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:512]:
        return "it looks like a web page (HTML): a failed download?"
    # The 1 KiB cut may split one multi-byte character; more than that is not UTF-8 text.
    if b"\x00" not in head and head.decode("utf-8", "replace").count("\ufffd") <= 1:
        return "it looks like plain text"
    return "no %PDF header"


def max_pages() -> int:
    """The most pages read from one file: $MINUTEBOOK_MAX_PAGES, else `MAX_PAGES`."""
    raw = os.environ.get(MAX_PAGES_ENV, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if raw:
        logger.warning("ignoring %s=%r: not a positive whole number", MAX_PAGES_ENV, raw)
    return MAX_PAGES


def _declared_pages(pdf) -> int | None:
    """The page tree's /Count: known without building a single page object."""
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # a damaged page tree; building the pages will say more
        return None


def _regular_file(p: Path) -> int:
    """The size of `p`, or `BadInput` when it is missing, a folder, a pipe or device (reading a FIFO would
    block), or unreadable."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise BadInput(p, "no such file") from None
    except OSError as exc:
        raise BadInput(p, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise BadInput(p, "is a folder, not a PDF")
    if not stat.S_ISREG(st.st_mode):
        raise BadInput(p, "is not a regular file (a pipe, socket or device), so it cannot be a PDF")
    return st.st_size


def read_pdf_bytes(path: str | Path) -> bytes:
    """The bytes of `path`, read once, so that what is hashed is what is parsed (issue 14, case 12)."""
    p = Path(path)
    _regular_file(p)
    try:
        with p.open("rb") as fh:
            return fh.read()
    except OSError as exc:
        raise BadInput(p, f"cannot be read ({exc.strerror or exc})") from None


def _head_and_tail(p: Path) -> tuple[bytes, bytes]:
    size = _regular_file(p)
    try:
        with p.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 8192))
            return head, fh.read()
    except OSError as exc:
        raise BadInput(p, f"cannot be read ({exc.strerror or exc})") from None


class _PdfBytes(io.BytesIO):
    """A PDF's bytes, read as the file they came from would be: a stream whose /Length is negative or
    absurd (2**62) is an error, as it is for a file, where `BytesIO` would quietly read to the end."""

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and size < -1:
            raise ValueError("read length must be non-negative or -1")
        if size is not None and size > 1 << 40:
            raise ValueError(f"read length {size} is larger than any PDF")
        return super().read(size)


def open_pdf(path: str | Path, password: str | None = None, data: bytes | None = None):  # -> pdfplumber.PDF
    """Open a PDF with pdfplumber, turning every failure into a `BadInput` naming the file.

    `data` is the file's bytes when the caller has read them already (see `read_pdf_bytes`); the PDF
    is parsed from those bytes, never read again from `path`. Without it the file is opened by name and
    read as needed (counting pages reads little of it). Cheap checks come first, on the bytes:
    an empty file, a file that is not a PDF (named by what it looks like), a file cut short (no
    %%EOF near its end: pdfminer would silently read whatever part survived).
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    p = Path(path)
    if data is None:
        head, tail = _head_and_tail(p)
        source = p
    else:
        head, tail = data[:1024], data[-8192:]
        source = _PdfBytes(data)
    if not head:
        raise BadInput(p, "is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise BadInput(p, f"is not a PDF ({_sniff(head)})")
    if b"%%EOF" not in tail:
        raise BadInput(p, "is truncated (it lacks the %%EOF end marker): the download or copy was cut short")
    try:
        pdf = pdfplumber.open(source, password=password or "")
    except Exception as wrapped:  # pdfminer raises many ad-hoc types on broken files
        # pdfplumber wraps pdfminer's exception in a PdfminerException holding it as args[0].
        exc = wrapped.args[0] if wrapped.args and isinstance(wrapped.args[0], Exception) else wrapped
        if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(exc).lower():
            raise EncryptedPDF(p, _encrypted_reason(exc, password)) from None
        if isinstance(exc, PDFSyntaxError):
            raise BadInput(p, f"is damaged and cannot be parsed ({exc})") from None
        raise BadInput(p, _damaged(exc)) from None
    try:
        declared = _declared_pages(pdf)
        limit = max_pages()
        if declared is not None and declared > limit:
            raise BadInput(p, f"has {declared} pages, more than the {limit} minutebook reads from one file; "
                              f"split it, or set {MAX_PAGES_ENV} to a higher limit")
        n = len(pdf.pages)
        if n > limit:
            raise BadInput(p, f"has {n} pages, more than the {limit} minutebook reads from one file; "
                              f"split it, or set {MAX_PAGES_ENV} to a higher limit")
        if n == 0:
            raise BadInput(p, "has no pages")
    except BadInput:
        close_pdf(pdf)
        raise
    except Exception as exc:
        close_pdf(pdf)
        raise BadInput(p, _damaged(exc)) from None
    return pdf


def _damaged(exc: BaseException) -> str:
    """The reason for a file the parser gave up on; a parser's message can quote kilobytes of the file."""
    detail = str(exc)
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return f"is damaged and cannot be parsed ({type(exc).__name__}: {detail})"


def close_pdf(pdf) -> None:
    """Close a PDF without building a page and without raising.

    `pdfplumber.PDF.close()` drops its page list and then builds every page again in order to close each:
    minutes for a page-tree bomb, and on a malformed page tree (a short MediaBox, a negative /Length) the
    same exception again, raised from inside the handler that was turning the first one into a `BadInput`.
    Only the pages already built are closed here, then the file.
    """
    for page in pdf.__dict__.get("_pages") or ():
        try:
            page.close()
        except Exception:  # a page that failed half-built has nothing worth releasing
            logger.debug("closing a page of %s failed", getattr(pdf, "path", "?"), exc_info=True)
    try:
        if not getattr(pdf, "stream_is_external", True):
            pdf.stream.close()
    except Exception:
        logger.debug("closing %s failed", getattr(pdf, "path", "?"), exc_info=True)


def _encrypted_reason(exc: Exception, password: str | None) -> str:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if not isinstance(exc, PDFPasswordIncorrect) and "password" not in str(exc).lower():
        return f"is encrypted in a way minutebook cannot read ({exc or type(exc).__name__})"
    if password:
        return "is encrypted and the --password given is not its password"
    return "is encrypted; pass --password to open it"


def page_count(path: str | Path, password: str | None = None) -> int:
    """The number of pages, or `BadInput` naming the file (the same checks as `open_pdf`)."""
    pdf = open_pdf(path, password)
    try:
        return len(pdf.pages)
    except Exception as exc:  # open_pdf counted the pages already; this is belt and braces
        raise BadInput(path, _damaged(exc)) from None
    finally:
        close_pdf(pdf)


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


# Pages read before the text layer is first judged, and pages spread over the rest read to confirm a bad
# verdict: a garbled 2,000-page file is rejected in seconds, not after a five-minute read (issue 14, case 19).
SAMPLE_PAGES = 8
SPREAD_PAGES = 4


def _page_text(raw: RawPage) -> str:
    return "\n".join(ln.text for ln in raw.lines)


def _sample_verdict(pdf, reader: Reader, first: list[RawPage]):
    """None when the first pages, or with them a few pages spread over the rest, read as text; else the
    verdict that rejects the file (the raw glyphs say why when there is almost no text)."""
    texts = [_page_text(r) for r in first]
    if judge_texts(texts).usable:
        return None
    n = len(pdf.pages)
    rest = range(len(first), n)
    picks = sorted({rest[k * len(rest) // SPREAD_PAGES] for k in range(SPREAD_PAGES)}) if rest else []
    tables_state = RuledTables()
    texts += [_page_text(reader.read(i, tables_state)) for i in picks]
    verdict = judge_texts(texts)
    if verdict.usable:
        return None
    if verdict.chars_per_page < MIN_CHARS_PER_PAGE:
        layer = layer_quality(layer_stats(pdf))
        if not layer.usable:
            return layer
    return verdict


def read_pages(path: str | Path, settings: ReadSettings | None = None, data: bytes | None = None,
               reader: str | None = None) -> list[Page]:
    """Read every page of `path`; raise `BadInput` naming the file when it cannot be read.

    Pages are read one at a time and only their lines are kept, each page's pdfium and pdfplumber objects
    released as soon as its lines are built, so memory follows the amount of text, not the size of the PDF.
    `reader` names the reader (`minutebook.ingest.readers.READERS`; default $MINUTEBOOK_READER, else the
    fast one). When the text comes out (nearly) empty the raw glyphs decide why: `NoTextLayer` says
    "garbled" for unmapped fonts and "no text layer" for scans.
    """
    settings = settings or ReadSettings()
    pdf = open_pdf(path, settings.password, data)
    pages: Reader | None = None
    try:
        pages = open_reader(pdf, path if data is None else data, settings.password, settings.line_tolerance, reader)
        raw: list[RawPage] = []
        n = len(pdf.pages)
        for i in range(n):
            raw.append(pages.read(i))
            if len(raw) == SAMPLE_PAGES and n > SAMPLE_PAGES:
                verdict = _sample_verdict(pdf, pages, raw)
                if verdict is not None:
                    raise NoTextLayer(path, verdict.reason)
        chars = sum(len(ln.text.replace(" ", "")) for page in raw for ln in page.lines)
        if chars < MIN_CHARS_PER_PAGE * max(1, len(raw)):
            verdict = layer_quality(layer_stats(pdf))
            if not verdict.usable:
                raise NoTextLayer(path, verdict.reason)
    except (BadInput, MemoryError):  # MemoryError: the worker's memory cap (minutebook.workers) says it
        raise
    except Exception as exc:
        raise BadInput(path, _damaged(exc)) from None
    finally:
        if pages is not None:
            pages.close()
        close_pdf(pdf)
    return strip_running_lines(raw, settings)


def strip_running_lines(raw: list[RawPage], settings: ReadSettings) -> list[Page]:
    """Remove page labels and lines repeated in the margins; keep the label for citation."""
    margin_counts: Counter[str] = Counter()
    for _, height, lines, _tables in raw:
        seen = {_norm_running(ln.text) for ln in lines if _in_margin(ln, height, settings)}
        margin_counts.update(seen)
    min_repeats = max(2, math.ceil(settings.repeat_share * len(raw)))
    running = {text for text, n in margin_counts.items() if n >= min_repeats}

    pages: list[Page] = []
    running_numbers: dict[int, str] = {}
    for index, height, lines, tables in raw:
        page = Page(index=index, label="", tables=tables)
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
                if trailing and not page.label:
                    page.label = trailing.group(1)
                elif (number := RUNNING_NUMBER_RE.search(ln.text)) and index not in running_numbers:
                    running_numbers[index] = number.group(1)
            else:
                body.append(ln)
        _mark_paragraphs(body)
        page.lines = body
        # a page that is all ruled table (an action plan) has no running text but is not blank
        page.blank = (not body and not tables) or (len(body) <= 2 and any(BLANK_RE.match(b.text) for b in body))
        page.exempt = bool(body) and any(EXEMPT_RE.match(b.text) for b in body[:3])
        pages.append(page)
    # A number closing a running line is the page label only if it changes from page to page
    # ("December 19, 2023 7"), not a year repeated in every header ("AGENDA - April 24, 2019").
    values = list(running_numbers.values())
    if len(values) > 1 and len(set(values)) == len(values):
        for page in pages:
            if not page.label and page.index in running_numbers:
                page.label = running_numbers[page.index]
    return pages


PARA_GAP = 1.4  # a gap this many times the page's leading opens a paragraph
PARA_GAP_SAME_SIZE = 1.3  # ... or this many times the leading of lines of its own size
PARA_SAMPLE = 4  # same-size line gaps needed to take their own leading


def _mark_paragraphs(lines: list[Line]) -> None:
    """Flag lines that open a paragraph: the gap above them is clearly wider than the usual leading.

    The page's leading is the lower quartile of its line gaps; a gap over 1.4x it opens a paragraph. Templates
    may add as little as 5 pt between paragraphs on 13.5 pt leading (1.37x, as in council minutes), so a gap
    over 1.3x the leading of lines of the same size opens one too, when the page has enough such lines to
    know their leading (8 pt table rows then cannot make every 10.5 pt body line look spaced out).
    """
    gaps = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    if not gaps:
        return
    leading = gaps[len(gaps) // 4]  # lower quartile: the gap between lines of one paragraph
    by_size: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if b.top > a.top and abs(a.size - b.size) < 0.25:
            by_size.setdefault(round(b.size * 2) / 2, []).append(b.top - a.top)
    size_leading = {size: sorted(g)[len(g) // 4] for size, g in by_size.items() if len(g) >= PARA_SAMPLE}
    lines[0].para = True
    for prev, line in zip(lines, lines[1:]):
        gap = line.top - prev.top
        same = size_leading.get(round(line.size * 2) / 2) if abs(prev.size - line.size) < 0.25 else None
        line.para = gap > leading * PARA_GAP or (same is not None and gap > same * PARA_GAP_SAME_SIZE)


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
