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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from minutebook.errors import BadInput, EncryptedPDF, NoTextLayer
from minutebook.ingest.quality import MIN_CHARS_PER_PAGE, judge_texts, layer_quality, layer_stats
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


# Bullets set in the Symbol and Wingdings fonts come out as private-use code points (Alameda SSHRB minutes, p2:
# U+F0B7 before each bullet, U+F0A7 before each sub-bullet); the stages know them as the ordinary bullets.
_SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0a8": "▪", "\uf0d8": "➢", "\uf076": "❖",
                                 "\uf0fc": "✓", "\uf06e": "■", "\uf0e0": "➢", "\uf02d": "-"})


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
    bold_font: dict[str, bool] = {}
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in row).translate(_SYMBOL_BULLETS)
        n_bold = n_all = 0
        size = 0.0
        for w in row:
            font = w.get("fontname", "")
            bold = bold_font.get(font)
            if bold is None:
                bold = bold_font[font] = bool(BOLD_RE.search(font))
            n = len(w["text"])
            n_all += n
            if bold:
                n_bold += n
            size = max(size, w.get("size", 0.0))
        lines.append(Line(text=text, bold=n_bold / (n_all or 1) > 0.6, size=round(size, 1), top=row[0]["top"],
                          x0=row[0]["x0"]))
    return lines


HEADER_WORDS = re.compile(
    r"\b(?:actions?|lead|officers?|owners?|who|when|status|rag|comments?|progress|updates?|links?|deadline|due|"
    r"responsib\w*|target|outcomes?|measures?|notes?|dates?|descriptions?|priority)\b",
    re.I,
)


class RuledTables:
    """Ruled tables (action plans) read with pdfplumber's table finder, their words taken out of the running text.

    A table continued on the next page often has no header row there, and pdfplumber may find fewer
    columns when one is empty; cells are therefore placed under the header's columns by position.
    """

    MIN_RULES = 8  # fewer ruling lines than this: no table worth the finder's time

    def __init__(self) -> None:
        self.columns: list[tuple[float, float]] = []  # x-ranges of the last header row seen

    def extract(self, page, words: list[dict]) -> tuple[list[list[list[str | None]]], list[dict]]:
        if len(page.lines) + len(page.rects) < self.MIN_RULES:
            return [], words
        out = []
        boxes = []
        for table in page.find_tables():
            rows = table.rows
            texts = table.extract()
            if len(rows) < 2 or len(rows[0].cells) < 2:
                continue
            grid: list[list[str | None]] = []
            for row, cells in zip(rows, texts):
                spans = [c for c in row.cells]
                if self._is_header(cells):
                    self.columns = [(c[0], c[2]) for c in spans if c is not None]
                    grid.append([_clean(c or "") for c in cells if c is not None] if None in spans else
                                [_clean(c or "") for c in cells])
                    continue
                grid.append(self._place(spans, cells))
            out.append(grid)
            if self.columns:
                # a table read as columns (it has, or continues, a header row) leaves the running text;
                # a layout grid such as a two-column minutes page stays text
                boxes.append(table.bbox)
        if boxes:
            words = [w for w in words if not any(_inside(w, b) for b in boxes)]
        return out, words

    @staticmethod
    def _is_header(cells: list[str | None]) -> bool:
        """A row of column titles: three or more short cells, at least two of them the words plans use."""
        filled = [c for c in cells if c]
        titled = [c for c in filled if HEADER_WORDS.search(c)]
        return len(filled) >= 3 and len(titled) >= 2 and all(len(c) < 40 and "\n" not in c for c in filled)

    def _place(self, spans: list, cells: list[str | None]) -> list[str | None]:
        """Fit a row found with fewer columns than the header: leading cells in order, the last cell last.

        Column widths differ from page to page, so positions do not line up with the header; in action
        plans the narrow status column is the one that loses its rules, and comments stay rightmost.
        """
        texts = [_clean(c or "") for c, span in zip(cells, spans) if span is not None]
        width = len(self.columns)
        if not self.columns or len(texts) >= width or not texts:
            return texts
        return texts[:-1] + [""] * (width - len(texts)) + texts[-1:]


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _clean(text: str) -> str:
    # pdfminer renders unmapped bullet glyphs as "(cid:127)"; they carry no words.
    text = re.sub(r"\(cid:\d+\)\s*", "", text)
    return text.replace("\u00a0", " ").strip()


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


# --- The fast reader --------------------------------------------------------------------------------
# pdfplumber's `extract_words` (and `extract_text`) first has pdfminer build an LTChar object per glyph,
# then turns each into a dict of some twenty resolved attributes; that is most of their cost. The reader
# below interprets each page once with a device that records a plain tuple per glyph instead, computed
# with the same arithmetic as pdfminer's LTChar, then groups words exactly as pdfplumber's WordExtractor
# does. Only pages with ruling lines (possible tables) get pdfplumber's object model, built from the
# same tuples, because its table finder needs it. Anything unusual (rotated or vertical text, Unicode
# normalisation, layout analysis, byte font names) takes pdfplumber's own path for that page.

_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # as extract_words
_WORD_TOLERANCE = 3.0  # pdfplumber's default x and y tolerance for words
# A glyph: text, fontname, size, x0, x1, y0, y1 (pdfminer's bottom-up page space), upright, adv, matrix,
# non-stroking colour space, graphic state, marked-content id and tag.
_TEXT, _FONT, _SIZE, _X0, _X1, _Y0, _Y1, _UPRIGHT, _ADV, _MATRIX, _NCS, _GSTATE, _MCID, _TAG = range(14)


@lru_cache(maxsize=1)
def _glyph_device_class():
    """pdfplumber's layout device, recording glyphs as tuples (defined on first use: it imports pdfplumber)."""
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class GlyphDevice(PDFPageAggregatorWithMarkedContent):
        def __init__(self, rsrcmgr, pageno: int) -> None:
            super().__init__(rsrcmgr, pageno=pageno, laparams=None)
            self.glyphs: list[tuple] = []
            self.fonts: dict[int, tuple] = {}
            self.irregular = False  # rotated or mirrored text, or a font name in bytes: pdfplumber's path reads it

        def render_string_horizontal(self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise,
                                     dxscale, ncs, graphicstate):
            # pdfminer's PDFTextDevice.render_string_horizontal with render_char and LTChar.__init__ inlined.
            x, y = pos
            needcharspace = False
            info = self.fonts.get(id(font))
            if info is None:
                info = self.fonts[id(font)] = (font, {}, font.fontname, font.get_descent())
            _, widths, fontname, descent = info
            a, b, c, d, e, f = matrix
            upright = a * d * scaling > 0 and b * c <= 0
            if not upright or not isinstance(fontname, str):
                self.irregular = True
            lo = descent * fontsize + rise
            hi = descent * fontsize + rise + fontsize
            # The glyph box corners below, term by term as apply_matrix_rect computes them (so the floats are
            # the same); the terms that do not depend on the glyph are computed once per string.
            clo, chi, dlo, dhi = c * lo, c * hi, d * lo, d * hi
            left_lo, left_hi, bottom_lo, bottom_hi = a * 0 + clo, a * 0 + chi, b * 0 + dlo, b * 0 + dhi
            mcid, tag = self.cur_mcid, self.cur_tag
            out = self.glyphs
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                elif isinstance(obj, bytes):
                    for cid in font.decode(obj):
                        if needcharspace:
                            x += charspace
                        known = widths.get(cid)
                        if known is None:
                            try:
                                text = font.to_unichr(cid)
                            except PDFUnicodeNotDefined:
                                text = self.handle_undefined_char(font, cid)
                            known = widths[cid] = (text, font.char_width(cid))
                        text, textwidth = known
                        adv = textwidth * fontsize * scaling
                        # translate_matrix(matrix, (x, y)), then apply_matrix_rect to (0, lo, adv, hi)
                        e2 = x * a + y * c + e
                        f2 = x * b + y * d + f
                        a_adv, b_adv = a * adv, b * adv
                        l1, b1 = left_lo + e2, bottom_lo + f2
                        r1, b2 = a_adv + clo + e2, b_adv + dlo + f2
                        r2, t1 = a_adv + chi + e2, b_adv + dhi + f2
                        l2, t2 = left_hi + e2, bottom_hi + f2
                        x0, y0 = min(l1, l2, r1, r2), min(b1, b2, t1, t2)
                        x1, y1 = max(l1, l2, r1, r2), max(b1, b2, t1, t2)
                        out.append((text, fontname, y1 - y0, x0, x1, y0, y1, upright, adv, (a, b, c, d, e2, f2),
                                    ncs, graphicstate, mcid, tag))
                        x += adv
                        if cid == 32 and wordspace:
                            x += wordspace
                        needcharspace = True
                else:
                    logger.warning("Cannot render horizontal string because %r is not a valid int, float or bytes.", obj)
            return (x, y)

    return GlyphDevice


def _page_glyphs(page) -> tuple[list[tuple], object] | None:
    """The page's glyphs and its pdfminer layout (without glyphs), or None when pdfplumber's path must read it."""
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter

    pdf = page.pdf
    if pdf.laparams is not None or getattr(pdf, "unicode_norm", None) is not None:
        return None
    device = _glyph_device_class()(pdf.rsrcmgr, page.page_number)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    layout = device.get_result()
    if device.irregular:
        return None
    if any(isinstance(obj, LTChar) for obj in _layout_leaves(layout)):
        return None  # vertical fonts still render LTChar objects: leave such pages to pdfplumber
    return device.glyphs, layout


def _layout_leaves(layout):
    """Every object of a pdfminer layout tree that is not itself a container, in document order."""
    from pdfminer.layout import LTContainer

    stack = [iter(layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
            yield obj
        else:
            stack.pop()


def _count_rules(layout) -> int:
    """Ruling lines and rectangles, as `len(page.lines) + len(page.rects)` counts them."""
    from pdfminer.layout import LTLine, LTRect

    return sum(isinstance(obj, (LTLine, LTRect)) for obj in _layout_leaves(layout))


def _page_words(page, glyphs: list[tuple]) -> list[dict]:
    """Words as `page.extract_words(extra_attrs=["fontname", "size"])` gives them, following pdfplumber 0.11's
    WordExtractor step by step: runs of one font and size, lines by clustered tops, split at spaces and gaps."""
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    tol = _WORD_TOLERANCE
    ligatures = _LIGATURES
    words: list[dict] = []
    start, n = 0, len(glyphs)
    while start < n:
        font, size = glyphs[start][_FONT], glyphs[start][_SIZE]
        end = start + 1
        while end < n and glyphs[end][_FONT] == font and glyphs[end][_SIZE] == size:
            end += 1
        # (x0, x1, top, bottom, text) per glyph, in page coordinates as pdfplumber computes them
        run = []
        for g in glyphs[start:end]:
            x0, x1 = g[_X0], g[_X1]
            if mb_x0 != 0:
                x0, x1 = x0 + mb_x0, x1 + mb_x0
            run.append((x0, x1, (height - g[_Y1]) + mb_top, (height - g[_Y0]) + mb_top, g[_TEXT]))
        start = end
        # pdfplumber's cluster_objects: sorted distinct tops, a new line after a gap above the tolerance
        cluster: dict[float, int] = {}
        k, last = 0, None
        for t in sorted({c[2] for c in run}):
            if last is not None and t > last + tol:
                k += 1
            cluster[t] = k
            last = t
        lines: list[list[tuple]] = [[] for _ in range(k + 1)]
        for c in run:
            lines[cluster[c[2]]].append(c)
        for line in lines:
            line.sort(key=itemgetter(0))  # stable, as pdfplumber's sort by (x0, x0)
            parts: list[str] = []  # the open word: its text, bounding box and last glyph
            w_x0 = w_x1 = w_top = w_bottom = p_x0 = p_x1 = p_top = 0.0
            for x0, x1, top, bottom, text in line:
                if text.isspace() or text == "":
                    if parts:
                        words.append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top,
                                      "bottom": w_bottom, "fontname": font, "size": size})
                        parts = []
                    if text == "":  # pdfplumber's punctuation split matches the empty string: a word of its own
                        words.append({"text": "", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                                      "fontname": font, "size": size})
                    continue
                if parts and (x0 < p_x0 or x0 > p_x1 + tol or abs(top - p_top) > tol):
                    words.append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top,
                                  "bottom": w_bottom, "fontname": font, "size": size})
                    parts = []
                if parts:
                    parts.append(ligatures.get(text, text))
                    if x1 > w_x1:
                        w_x1 = x1
                    if top < w_top:
                        w_top = top
                    if bottom > w_bottom:
                        w_bottom = bottom
                else:
                    parts = [ligatures.get(text, text)]
                    w_x0, w_x1, w_top, w_bottom = x0, x1, top, bottom
                p_x0, p_x1, p_top = x0, x1, top
            if parts:
                words.append({"text": "".join(parts), "x0": w_x0, "x1": w_x1, "top": w_top, "bottom": w_bottom,
                              "fontname": font, "size": size})
    return words


def _page_objects(page, glyphs: list[tuple], layout) -> dict[str, list[dict]]:
    """`page.objects` as pdfplumber builds it (same keys, same values): glyph dicts from the tuples, the
    rest (lines, rectangles, curves, images) by pdfplumber's own `process_object`."""
    from pdfplumber.utils.pdfinternals import resolve_and_decode

    objects: dict[str, list[dict]] = {}
    for obj in _layout_leaves(layout):
        attr = page.process_object(obj)
        if attr["object_type"] != "anno":
            objects.setdefault(attr["object_type"], []).append(attr)
    page_number, height, doctop0 = page.page_number, page.height, page.initial_doctop
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    spaces: dict[int, object] = {}
    chars = []
    for g in glyphs:
        x0, y0, x1, y1 = g[_X0], g[_Y0], g[_X1], g[_Y1]
        space = g[_NCS]
        name = spaces.get(id(space))
        if name is None:
            name = spaces[id(space)] = resolve_and_decode(space.name)
        gs = g[_GSTATE]
        top = (height - y1) + mb_top
        char = {
            "matrix": g[_MATRIX], "fontname": g[_FONT], "adv": g[_ADV], "upright": g[_UPRIGHT],
            "x0": x0 + mb_x0 if mb_x0 != 0 else x0, "y0": y0,
            "x1": x1 + mb_x0 if mb_x0 != 0 else x1, "y1": y1,
            "width": x1 - x0, "height": y1 - y0, "size": g[_SIZE], "mcid": g[_MCID], "tag": g[_TAG],
            "object_type": "char", "page_number": page_number, "ncs": name, "text": g[_TEXT],
            "stroking_color": gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,),
            "non_stroking_color": gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,),
            "top": top, "bottom": (height - y0) + mb_top, "doctop": doctop0 + top,
        }
        chars.append(char)
    if chars:
        objects["char"] = chars
    return objects


def _raw_pages(pdf, settings: ReadSettings) -> Iterator[tuple[int, float, list[Line], list]]:
    tables_state = RuledTables()
    for i, page in enumerate(pdf.pages, start=1):
        yield _raw_page(i, page, tables_state, settings)


def _backwards(glyphs: list[tuple]) -> bool:
    """Most glyphs run right to left: text turned upside down on the page as displayed."""
    return sum(g[_MATRIX][0] < 0 for g in glyphs) * 2 > len(glyphs)


def _unturned(page, read):
    """A page whose /Rotate flag turns upright text sideways or upside down, read as the text stands.

    pdfminer reads a page as displayed, so on such a page every line comes out backwards or one letter a
    line (issue 14, case 19). When the page's text stands upright with /Rotate ignored, the page is read
    that way: `(page, glyphs)` for the unturned page, or None to keep the page as it was. Pages whose
    content is drawn turned to match their /Rotate (a landscape table) read upright as displayed and are
    not touched."""
    if not page.rotation or (read is not None and not _backwards(read[0])):
        return None
    import copy

    from pdfplumber.page import Page as PlumberPage

    obj = copy.copy(page.page_obj)
    obj.attrs = {k: v for k, v in page.page_obj.attrs.items() if k != "Rotate"}
    obj.rotate = 0
    flat = PlumberPage(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
    flat_read = _page_glyphs(flat)
    if flat_read is None or _backwards(flat_read[0]):
        flat.close()
        return None
    return flat, flat_read


def _raw_page(i: int, page, tables_state: RuledTables, settings: ReadSettings) -> tuple[int, float, list[Line], list]:
    try:
        read = _page_glyphs(page)
        unturned = _unturned(page, read)
        if unturned is not None:
            page.close()
            page, read = unturned
        if read is None:
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
            tables, words = tables_state.extract(page, words)
        else:
            glyphs, layout = read
            words = _page_words(page, glyphs)
            if _count_rules(layout) >= RuledTables.MIN_RULES:
                # Possible tables: hand the page its object model (its `objects` property caches it under
                # `_objects`), so pdfplumber's table finder does not interpret the page a second time.
                page._objects = _page_objects(page, glyphs, layout)
                tables, words = tables_state.extract(page, words)
            else:
                tables = []
        lines = []
        for line in _group_lines(words, settings.line_tolerance):
            line.text = _clean(line.text)
            if line.text:
                lines.append(line)
        return i, float(page.height), lines, tables
    finally:
        page.close()  # pdfplumber caches layout objects per page until closed


# Pages read before the text layer is first judged, and pages spread over the rest read to confirm a bad
# verdict: a garbled 2,000-page file is rejected in seconds, not after a five-minute read (issue 14, case 19).
SAMPLE_PAGES = 8
SPREAD_PAGES = 4


def _page_text(raw: tuple[int, float, list[Line], list]) -> str:
    return "\n".join(ln.text for ln in raw[2])


def _sample_verdict(pdf, first: list[tuple[int, float, list[Line], list]], settings: ReadSettings):
    """None when the first pages, or with them a few pages spread over the rest, read as text; else the
    verdict that rejects the file (the raw glyphs say why when there is almost no text)."""
    texts = [_page_text(r) for r in first]
    if judge_texts(texts).usable:
        return None
    n = len(pdf.pages)
    rest = range(len(first), n)
    picks = sorted({rest[k * len(rest) // SPREAD_PAGES] for k in range(SPREAD_PAGES)}) if rest else []
    tables_state = RuledTables()
    texts += [_page_text(_raw_page(i + 1, pdf.pages[i], tables_state, settings)) for i in picks]
    verdict = judge_texts(texts)
    if verdict.usable:
        return None
    if verdict.chars_per_page < MIN_CHARS_PER_PAGE:
        layer = layer_quality(layer_stats(pdf))
        if not layer.usable:
            return layer
    return verdict


def read_pages(path: str | Path, settings: ReadSettings | None = None, data: bytes | None = None) -> list[Page]:
    """Read every page of `path`; raise `BadInput` naming the file when it cannot be read.

    Pages are read one at a time and only their lines are kept (see `_raw_pages`), so memory
    follows the amount of text, not the size of the PDF. When the text comes out (nearly) empty
    the raw glyphs decide why: `NoTextLayer` says "garbled" for unmapped fonts and "no text
    layer" for scans.
    """
    settings = settings or ReadSettings()
    pdf = open_pdf(path, settings.password, data)
    try:
        raw = []
        for page in _raw_pages(pdf, settings):
            raw.append(page)
            if len(raw) == SAMPLE_PAGES and len(pdf.pages) > SAMPLE_PAGES:
                verdict = _sample_verdict(pdf, raw, settings)
                if verdict is not None:
                    raise NoTextLayer(path, verdict.reason)
        chars = sum(len(ln.text.replace(" ", "")) for _, _, lines, _ in raw for ln in lines)
        if chars < MIN_CHARS_PER_PAGE * max(1, len(raw)):
            verdict = layer_quality(layer_stats(pdf))
            if not verdict.usable:
                raise NoTextLayer(path, verdict.reason)
    except (BadInput, MemoryError):  # MemoryError: the worker's memory cap (minutebook.workers) says it
        raise
    except Exception as exc:
        raise BadInput(path, _damaged(exc)) from None
    finally:
        close_pdf(pdf)
    return strip_running_lines(raw, settings)


def strip_running_lines(raw: list[tuple[int, float, list[Line], list]], settings: ReadSettings) -> list[Page]:
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
