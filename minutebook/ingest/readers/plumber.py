"""pdfplumber's own reading path: `page.extract_words` over pdfplumber's chars, one page at a time.

This is the reference the fast reader is held to (tests/test_reader_contract.py), the path for every page
with `MINUTEBOOK_READER=pdfplumber`, and the fast reader's fallback for a page it cannot read (rotated or
mirrored text, a file pdfium cannot open).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, NamedTuple

from minutebook.ingest.readers.lines import group_lines
from minutebook.ingest.readers.tables import RuledTables
from minutebook.models import Line

__all__ = ["RawPage", "PlumberReader", "UNUSED_WINANSI", "flat_page", "release_page", "ruling_objects",
           "undecoded_streams", "use_spec_encodings"]

logger = logging.getLogger(__name__)


class RawPage(NamedTuple):
    """One page as read, before running lines are stripped: its 1-based index, height, lines and tables."""

    index: int
    height: float
    lines: list[Line]
    tables: list[list[list[str | None]]]


# Codes WinAnsiEncoding leaves unused. ISO 32000-1, Annex D, note 6 on WinAnsiEncoding: "all unused codes greater
# than 40 map to the bullet character", and pdfium reads them so; pdfminer leaves them unmapped ("(cid:127)", which
# the line cleaner strips). The Haringey CSP pack sets every bullet as Helvetica/WinAnsi code 127 (p5: the "•" before
# "a. The AD for Safer Communities"), on 37 of its 80 pages.
UNUSED_WINANSI = (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _base_encoding(spec: dict) -> str | None:
    """The name of the built-in encoding a simple font's codes start from, as pdfminer picks it."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    default = "WinAnsiEncoding" if literal_name(resolve1(spec.get("Subtype"))) == "TrueType" else "StandardEncoding"
    encoding = resolve1(spec.get("Encoding", None))
    if isinstance(encoding, dict):
        encoding = resolve1(encoding.get("BaseEncoding", None))
    try:
        return literal_name(encoding) if encoding is not None else default
    except Exception:  # a malformed /Encoding: pdfminer's own default applies
        return default


@lru_cache(maxsize=1)
def _spec_fonts() -> type:
    """pdfminer's resource manager, its simple WinAnsi fonts given the unused codes' bullets."""
    from pdfminer.pdffont import PDFSimpleFont
    from pdfminer.pdfinterp import PDFResourceManager

    class SpecFonts(PDFResourceManager):
        def get_font(self, objid: object, spec: Any) -> Any:
            font = super().get_font(objid, spec)
            if isinstance(font, PDFSimpleFont) and not getattr(font, "_unused_winansi", False):
                font._unused_winansi = True
                missing = [c for c in UNUSED_WINANSI if c not in font.cid2unicode]
                if missing and isinstance(spec, dict) and _base_encoding(spec) == "WinAnsiEncoding":
                    # a copy: without /Differences pdfminer shares one table among all WinAnsi fonts
                    font.cid2unicode = {**font.cid2unicode, **dict.fromkeys(missing, "\u2022")}
            return font

    return SpecFonts


def use_spec_encodings(pdf: Any) -> None:
    """Have pdfminer read `pdf`'s WinAnsi fonts as the PDF reference and pdfium do: unused codes are bullets.

    The resource manager of this one PDF is replaced before any page is read (it caches the fonts, so each is
    read once for the file); both readers take their fonts from it, so they agree on these glyphs and no page
    has to go to pdfplumber's path for them."""
    cls = _spec_fonts()
    if not isinstance(pdf.rsrcmgr, cls):
        pdf.rsrcmgr = cls(caching=pdf.rsrcmgr.caching)


def _turned(chars: list[dict]) -> bool:
    """Text pdfminer cannot read as it stands: any glyph set sideways, or most glyphs running right to left."""
    return any(not c["upright"] for c in chars) or sum(c["matrix"][0] < 0 for c in chars) * 2 > len(chars)


def flat_page(page: Any) -> Any:
    """`page` with its /Rotate flag ignored: the page as its content is drawn (a pdfplumber Page)."""
    import copy

    from pdfplumber.page import Page as PlumberPage

    obj = copy.copy(page.page_obj)
    obj.attrs = {k: v for k, v in page.page_obj.attrs.items() if k != "Rotate"}
    obj.rotate = 0
    return PlumberPage(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def undecoded_streams(page: Any) -> list[tuple[Any, bytes]]:
    """The page's content streams that pdfminer has not decoded yet, with their raw bytes."""
    try:
        return [(s, s.rawdata) for s in page.page_obj.contents or () if getattr(s, "data", 1) is None and s.rawdata]
    except Exception:  # a malformed /Contents: reading the page will say so
        return []


@lru_cache(maxsize=1)
def _paths_device() -> type:
    """pdfminer's layout device that draws no text: paths and images only."""
    from pdfminer.converter import PDFPageAggregator

    class PathsOnly(PDFPageAggregator):
        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            return None  # no glyph is laid out: the per-character work is most of what pdfminer does

    return PathsOnly


RULING_KINDS = ("line", "rect", "curve")


def ruling_objects(page: Any) -> dict[str, list[dict]]:
    """The page's lines, rectangles and curves, the dicts pdfplumber's `page.objects` holds, from a pdfminer pass
    over the page's content that draws no text: what pdfplumber's table finder reads besides the characters.
    The caller releases the page (`release_page`) with the streams this pass decodes (`undecoded_streams`)."""
    from pdfminer.layout import LTContainer, LTCurve
    from pdfminer.pdfinterp import PDFPageInterpreter

    rsrcmgr = page.pdf.rsrcmgr
    device = _paths_device()(rsrcmgr, pageno=page.page_number, laparams=None)
    PDFPageInterpreter(rsrcmgr, device).process_page(page.page_obj)
    out: dict[str, list[dict]] = {k: [] for k in RULING_KINDS}

    def walk(objs: list) -> None:  # depth first, in drawing order, as pdfplumber's `iter_layout_objects`
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTCurve):
                attrs = page.process_object(obj)
                out[attrs["object_type"]].append(attrs)

    walk(device.get_result()._objs)
    return out


def release_page(page: Any, undecoded: list[tuple[Any, bytes]] = ()) -> None:
    """Close a pdfplumber page and put back the raw bytes of the content streams pdfminer decoded while reading
    it (it keeps the decoded bytes, several times larger, on the page object for good), so that memory follows
    the page being read, not the pages read so far (issue 16: 0.13 MB a page)."""
    try:
        page.close()
        for stream, raw in undecoded:
            stream.rawdata, stream.data = raw, None  # decoded again if the page is ever read again
    except Exception:  # a page that failed half-built has nothing worth releasing
        logger.debug("releasing page %s failed", getattr(page, "page_number", "?"), exc_info=True)


class PlumberReader:
    """Reads the pages of an open pdfplumber PDF with pdfplumber's own `extract_words`."""

    name = "pdfplumber"

    def __init__(self, pdf: Any, line_tolerance: float) -> None:
        self.pdf = pdf
        self.line_tolerance = line_tolerance
        self.tables = RuledTables()

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def read(self, index: int, tables: RuledTables | None = None) -> RawPage:
        """Page `index` (0-based), its tables found with `tables` (default: the reader's own, which carries a
        table's columns over to the next page)."""
        tables = self.tables if tables is None else tables
        page = self.pdf.pages[index]
        undecoded = undecoded_streams(page)
        try:
            if page.rotation and _turned(page.chars):
                # A page whose /Rotate flag turns upright text sideways or upside down is read as the text
                # stands (issue 14, case 19); a page drawn turned to match its /Rotate reads as displayed.
                flat = flat_page(page)
                if _turned(flat.chars):
                    release_page(flat)
                else:
                    page.close()
                    page = flat
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
            found, words = tables.extract(page, words)
            return RawPage(index + 1, float(page.height), group_lines(words, self.line_tolerance), found)
        finally:
            release_page(page, undecoded)

    def close(self) -> None:
        """Nothing of its own to close: the PDF belongs to the caller."""
