"""The fast reader: characters from pdfium's text page (pypdfium2), grouped into pdfplumber's words.

pdfplumber's `extract_words` has pdfminer interpret every page in Python and build a dict of some twenty
attributes per glyph; pdfium does the interpreting in C. This reader asks pdfium's text page, through
`pypdfium2.raw`, for each character's code point and loose box (one call each), and for each text object's
matrix, font size and font name once, then groups words as pdfplumber does (`lines.words_from_chars`).
The boxes are pdfminer's: x0 at the origin, x1 one advance further, the bottom at the font's descent, the
top one font size above it (the matrix's vertical scale times the font size, which is pdfminer's `size`).

What it hands back to pdfplumber's own path (`PlumberReader`), page by page:
- a page whose text is not set upright (rotated, mirrored or skewed text objects);
- the table finder's ruling lines: a page with at least `RuledTables.MIN_RULES` subpaths (counted cheaply
  from pdfium's path objects, an upper bound of pdfplumber's `lines + rects`) has pdfminer lay out its paths
  but none of its glyphs (`plumber.ruling_objects`), and pdfplumber's table finder reads those with the fast
  reader's characters (`tables.TablePage`); only where pdfium guessed a glyph pdfminer reads as a letter
  does pdfplumber build the whole page for the cells;
- a whole file pdfium cannot open (`open_reader` falls back).

pdfium reads a page in unrotated page space, so a page whose /Rotate flag turns upright text sideways reads
as the text stands, as pdfplumber's path reads it after `flat_page` (issue 14, case 19).
"""

from __future__ import annotations

import ctypes
import logging
from functools import lru_cache
from typing import Any, NamedTuple

from minutebook.ingest.readers.lines import group_lines, words_from_chars
from minutebook.ingest.readers.plumber import (
    UNUSED_WINANSI,
    PlumberReader,
    RawPage,
    flat_page,
    release_page,
    ruling_objects,
    undecoded_streams,
)
from minutebook.ingest.readers.tables import RuledTables, TablePage

__all__ = ["PdfiumReader", "count_rules"]

logger = logging.getLogger(__name__)

_SKEW = 1e-6  # off-diagonal matrix terms below this (relative to the scale) count as zero


class _Api:
    """The pdfium calls made per character, bound once with plain pointer arguments: pypdfium2's own
    bindings check their typed handles on every call, which costs more than the call itself."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        vp, i, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint

        def bind(fn: Any, restype: Any, *argtypes: Any) -> Any:
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, vp).value)

        self.raw = raw
        self.unicode = bind(raw.FPDFText_GetUnicode, u, vp, i)
        self.text_object = bind(raw.FPDFText_GetTextObject, vp, vp, i)
        self.origin = bind(raw.FPDFText_GetCharOrigin, i, vp, i, ctypes.POINTER(ctypes.c_double),
                           ctypes.POINTER(ctypes.c_double))
        self.map_error = bind(raw.FPDFText_HasUnicodeMapError, i, vp, i)
        self.loose_box = bind(raw.FPDFText_GetLooseCharBox, i, vp, i, ctypes.POINTER(raw.FS_RECTF))
        self.matrix = bind(raw.FPDFText_GetMatrix, i, vp, i, ctypes.POINTER(raw.FS_MATRIX))
        self.obj_font_size = bind(raw.FPDFTextObj_GetFontSize, i, vp, ctypes.POINTER(ctypes.c_float))
        self.obj_font = bind(raw.FPDFTextObj_GetFont, vp, vp)
        self.base_font_name = bind(raw.FPDFFont_GetBaseFontName, ctypes.c_size_t, vp, ctypes.c_char_p,
                                   ctypes.c_size_t)
        self.count_objects = bind(raw.FPDFPage_CountObjects, i, vp)
        self.get_object = bind(raw.FPDFPage_GetObject, vp, vp, i)
        self.form_count = bind(raw.FPDFFormObj_CountObjects, i, vp)
        self.form_object = bind(raw.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)
        self.obj_type = bind(raw.FPDFPageObj_GetType, i, vp)
        self.count_segments = bind(raw.FPDFPath_CountSegments, i, vp)
        self.segment = bind(raw.FPDFPath_GetPathSegment, vp, vp, i)
        self.segment_type = bind(raw.FPDFPathSegment_GetType, i, vp)


@lru_cache(maxsize=1)
def _api() -> _Api:
    return _Api()


def _handle(obj: Any) -> int:
    """The address behind a pypdfium2 handle."""
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def count_rules(page: int, at_least: int) -> int:
    """Subpaths that pdfminer could make a line or a rectangle of (one to four straight segments) in the page's
    path objects, inside form XObjects too, counted up to `at_least`: an upper bound of pdfplumber's
    `len(page.lines) + len(page.rects)`, so a count below its table gate means the page has no table."""
    api = _api()
    raw = api.raw
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    found = 0
    stack: list[tuple[int, bool]] = [(page, False)]
    while stack and found < at_least:
        owner, is_form = stack.pop()
        n = api.form_count(owner) if is_form else api.count_objects(owner)
        for k in range(n):
            obj = api.form_object(owner, k) if is_form else api.get_object(owner, k)
            kind = api.obj_type(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True))
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                lines = -1  # straight segments of the open subpath; -1 before its first moveto or after a curve
                for s in range(api.count_segments(obj)):
                    kind = api.segment_type(api.segment(obj, s))
                    if kind == moveto:
                        found += 1 <= lines <= 4
                        lines = 0
                    elif kind == lineto:
                        lines += lines >= 0
                    else:
                        lines = -1
                found += 1 <= lines <= 4
            if found >= at_least:
                break
    return found


class PdfiumReader:
    """Reads pages with pdfium's text page; pages it cannot read go to `fallback` (pdfplumber's own path)."""

    name = "pdfium"

    def __init__(self, doc: Any, fallback: PlumberReader, line_tolerance: float) -> None:
        self.doc = doc  # a pypdfium2.PdfDocument, owned (and closed) by this reader
        self.fallback = fallback
        self.line_tolerance = line_tolerance
        self.tables = fallback.tables  # one table state for both paths: a table's columns carry over pages
        self.fonts: dict[int, _Font | None] = {}  # pdfium font handle -> pdfminer's view of it, for the document
        self.fallback_pages = 0  # pages handed to pdfplumber's path, for the benchmark and the tests
        self.table_pages = 0  # ruled pages whose tables were found from pdfium's characters
        self.guessed = False  # the page just read has glyphs whose text only pdfminer knows (see `_runs`)

    def __len__(self) -> int:
        return len(self.doc)

    def read(self, index: int, tables: RuledTables | None = None) -> RawPage:
        tables = self.tables if tables is None else tables
        plumber_pdf = self.fallback.pdf  # its pages are built, but only interpreted for the pages that need it
        height = _flat_height(plumber_pdf.pages[index])
        api = _api()
        page = api.raw.FPDF_LoadPage(self.doc.raw, index)
        if not page:
            raise ValueError(f"pdfium could not load page {index + 1}")
        try:
            handle = _handle(page)
            runs = self._runs(page, plumber_pdf.pages[index], height)
            if runs is None:
                self.fallback_pages += 1
                return self.fallback.read(index, tables)
            words = words_from_chars(runs)
            found: list = []
            if count_rules(handle, RuledTables.MIN_RULES) >= RuledTables.MIN_RULES:
                ppage = plumber_pdf.pages[index]
                if ppage.rotation:
                    ppage = flat_page(ppage)
                streams = undecoded_streams(ppage)
                try:
                    if self.guessed:
                        # a glyph pdfminer reads as a letter and pdfium as a symbol (ZapfDingbats "n" for "■",
                        # Haringey CSP pack p43, in an action plan's cells): pdfplumber's characters fill the cells
                        found, words = tables.extract(ppage, words)
                    else:
                        self.table_pages += 1
                        table_page = TablePage(ruling_objects(ppage), runs, ppage.initial_doctop, ppage.bbox)
                        found, words = tables.extract(table_page, words)
                finally:
                    release_page(ppage, streams)
            return RawPage(index + 1, height, group_lines(words, self.line_tolerance), found)
        finally:
            api.raw.FPDF_ClosePage(page)

    def _runs(self, page: Any, plumber_page: Any, height: float) -> list[tuple[str, float, list]] | None:
        """The page's characters as runs of one font name and size, in content order, in pdfplumber's page
        coordinates; None when some text is not set upright or its font is not one pdfminer knows."""
        api = _api()
        raw = api.raw
        textpage = raw.FPDFText_LoadPage(page)
        if not textpage:
            return None
        try:
            tp = _handle(textpage)
            n = raw.FPDFText_CountChars(textpage)
            box = raw.FS_RECTF()
            boxp = ctypes.byref(box)
            text_object, loose_box, map_error = api.text_object, api.loose_box, api.map_error
            codes = _page_text(raw, textpage, tp, n)
            fonts = _PageFonts(plumber_page, self.fonts)
            self.guessed = False
            surrogates = False
            objects: dict[int, _TextObject | None] = {}
            runs: list[tuple[str, float, list]] = []
            run: list = []
            key: tuple[str, float] | None = None
            info: _TextObject | None = None
            for i in range(n):
                obj = text_object(tp, i)
                u = codes[i]
                if not obj:
                    # A space or line break pdfium generated. pdfium also turns some real space glyphs into
                    # generated spaces (Alameda council minutes, p1 footer: "December 19, 2023"), so a
                    # generated space ends a word, as the space glyph does in pdfminer's reading.
                    if run and u == 32:
                        loose_box(tp, i, boxp)
                        last = run[-1]
                        run.append((box.left, box.left, last[2], last[3], " "))
                    continue
                info = objects.get(obj, 0)
                if info == 0:
                    info = objects[obj] = self._object_info(tp, i, obj, fonts, height)
                if info is None:
                    return None
                if map_error(tp, i):
                    text = f"(cid:{u})"
                else:
                    text = "-" if u == 2 else _chr(u)  # 2: pdfium's mark for a hyphen ending a line
                    if info.mapped is not None and text not in info.mapped:
                        text = "(cid:0)"  # pdfminer has no Unicode for this glyph; pdfium guessed one
                        self.guessed = True
                    elif text in info.ambiguous:
                        return None
                    elif 0xD800 <= u <= 0xDBFF:
                        surrogates = True
                loose_box(tp, i, boxp)
                if info.key is not key and info.key != key:
                    if run:
                        runs.append((key[0], key[1], run))
                    run, key = [], info.key
                run.append((box.left, box.right, info.top, info.bottom, text))
            if run:
                runs.append((key[0], key[1], run))
            return _join_surrogates(runs) if surrogates else runs
        finally:
            raw.FPDFText_ClosePage(textpage)

    def _object_info(self, tp: int, i: int, obj: int, fonts: _PageFonts, height: float) -> _TextObject | None:
        """A text object's font, size and vertical extent, from its first character; None when it is not set
        upright or its font is not found."""
        api = _api()
        m = api.raw.FS_MATRIX()
        if not api.matrix(tp, i, ctypes.byref(m)):
            return None
        scale = max(abs(m.a), abs(m.d))
        if not (m.a > 0 and m.d > 0 and abs(m.b) <= _SKEW * scale and abs(m.c) <= _SKEW * scale):
            return None
        size = ctypes.c_float()
        if not api.obj_font_size(obj, ctypes.byref(size)):
            return None
        font = fonts.lookup(api.obj_font(obj))
        if font is None:
            return None
        x, y = ctypes.c_double(), ctypes.c_double()
        if not api.origin(tp, i, ctypes.byref(x), ctypes.byref(y)):
            return None
        # pdfminer's LTChar: the box runs from the descent to one font size above it, scaled by the matrix
        fontsize = float(size.value)
        bottom = y.value + m.d * font.descent * fontsize
        top = bottom + m.d * fontsize
        return _TextObject((font.name, m.d * fontsize), height - top, height - bottom, font.mapped, font.ambiguous)

    def close(self) -> None:
        try:
            self.doc.close()
        except Exception:  # closing must never raise over the error that ended the read
            logger.debug("closing the pdfium document failed", exc_info=True)


class _Font(NamedTuple):
    """What pdfminer makes of a font: its name, its descent per unit of font size, and the characters it can
    give (None: any; pdfminer writes "(cid:N)" for a glyph it cannot map, where pdfium may guess)."""

    name: str
    descent: float
    mapped: frozenset[str] | None
    ambiguous: frozenset[str]  # characters pdfium gives for glyphs pdfminer may or may not map: pdfplumber decides


class _TextObject(NamedTuple):
    key: tuple[str, float]  # font name and size: a run of these is one word group, as in pdfplumber
    top: float
    bottom: float
    mapped: frozenset[str] | None
    ambiguous: frozenset[str]


class _PageFonts:
    """pdfium's fonts matched to the page's font resources by base font name, read as pdfminer reads them
    (its resource manager caches each font for the document, so each is read once)."""

    def __init__(self, plumber_page: Any, cache: dict[int, _Font | None]) -> None:
        self.page = plumber_page
        self.cache = cache
        self.specs: dict[str, list[tuple[Any, dict]]] | None = None

    def lookup(self, handle: int | None) -> _Font | None:
        if not handle:
            return None
        if handle in self.cache:
            return self.cache[handle]
        buf = ctypes.create_string_buffer(512)
        _api().base_font_name(handle, buf, 512)
        base = buf.value.decode("latin-1")
        if self.specs is None:
            self.specs = _font_specs(self.page.page_obj.resources)
        found = self.specs.get(base)
        if not found:  # pdfium may report a subset font without its "ABCDEF+" tag, or the other way round
            found = [f for name, specs in self.specs.items() if _untagged(name) == _untagged(base) for f in specs]
        font = _pdfminer_font(self.page.pdf.rsrcmgr, found) if found else None
        if font is not None:  # a font missing from this page's resources may be found on a later page
            self.cache[handle] = font
        return font


def _untagged(name: str) -> str:
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _font_specs(resources: Any, depth: int = 0) -> dict[str, list[tuple[Any, dict]]]:
    """BaseFont name -> [(object id, font dict)] for the fonts of `resources` and of the forms it draws (one
    name may be two fonts: Bronx CB12 minutes, p2, set its bullets in a second TimesNewRomanPSMT)."""
    from pdfminer.pdftypes import PDFObjRef, resolve1
    from pdfminer.psparser import PSLiteral

    out: dict[str, list[tuple[Any, dict]]] = {}
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > 8:
        return out
    fonts = resolve1(resources.get("Font"))
    if isinstance(fonts, dict):
        for ref in fonts.values():
            spec = resolve1(ref)
            if not isinstance(spec, dict):
                continue
            base = resolve1(spec.get("BaseFont"))
            name = base.name if isinstance(base, PSLiteral) else base
            if isinstance(name, bytes):
                name = name.decode("latin-1")
            if isinstance(name, str):
                found = (ref.objid if isinstance(ref, PDFObjRef) else None, spec)
                if not any(f[1] is spec for f in out.setdefault(name, [])):
                    out[name].append(found)
    xobjects = resolve1(resources.get("XObject"))
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            xobj = resolve1(ref)
            attrs = getattr(xobj, "attrs", None)
            if isinstance(attrs, dict) and getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form":
                for name, inner in _font_specs(attrs.get("Resources"), depth + 1).items():
                    mine = out.setdefault(name, [])
                    mine.extend(f for f in inner if not any(g[1] is f[1] for g in mine))
    return out



def _pdfminer_font(rsrcmgr: Any, specs: list[tuple[Any, dict]]) -> _Font | None:
    """The font as pdfminer builds it for pdfplumber, from the font dicts pdfium's font may be; None when
    they disagree on the descent, or for a Type3 font (scaled by its own matrix): pdfplumber's path reads it."""
    from pdfminer.pdffont import PDFCIDFont, PDFType3Font
    from pdfplumber.page import fix_fontname_bytes

    names, descents = set(), set()
    values: set[str] = set()
    ambiguous = False
    for objid, spec in specs:
        font = rsrcmgr.get_font(objid, spec)
        if isinstance(font, PDFType3Font):
            return None
        name = font.fontname
        names.add(fix_fontname_bytes(name) if isinstance(name, bytes) else str(name))
        descents.add(font.get_descent())
        unicode_map = getattr(font.unicode_map, "cid2unichr", None) or {}
        values.update(unicode_map.values())
        if not isinstance(font, PDFCIDFont):
            values.update(font.cid2unicode.values())
            ambiguous |= any(c not in unicode_map and c not in font.cid2unicode for c in UNUSED_WINANSI)
    if len(names) != 1 or len(descents) != 1:
        return None
    mapped = frozenset(values | {c for v in values for c in v})
    return _Font(names.pop(), descents.pop(), mapped, frozenset("•") if ambiguous else frozenset())


def _flat_height(page: Any) -> float:
    """The height of a pdfplumber page with its /Rotate flag ignored, as pdfium's page space stands.

    pdfplumber's `top` is this height less the glyph's top in page space (see its `Page.process_object`)."""
    return float(page.width if page.rotation in (90, 270) else page.height)


def _page_text(raw: Any, textpage: Any, tp: int, n: int) -> list[int]:
    """Each character's UTF-16 unit, as `FPDFText_GetUnicode` gives it, for the whole page in one call when
    `FPDFText_GetText` gives one unit per character (it does on every page of the corpora but a garbled one,
    Horsley parish minutes, whose text it shortens: those are read a character at a time)."""
    buf = (ctypes.c_ushort * (n + 1))()
    if n and raw.FPDFText_GetText(textpage, 0, n, buf) == n + 1:
        # GetText writes 0xFFFE where GetUnicode gives 2, pdfium's mark for a hyphen ending a line
        return [2 if u == 0xFFFE else u for u in buf[:n]]
    unicode = _api().unicode
    return [unicode(tp, i) for i in range(n)]


def _chr(u: int) -> str:
    try:
        return chr(u)
    except ValueError:  # not a code point at all
        return "\ufffd"


def _join_surrogates(runs: list[tuple[str, float, list]]) -> list[tuple[str, float, list]]:
    """pdfium reports a character beyond U+FFFF as two UTF-16 halves; pdfminer as one character."""
    for _, _, run in runs:
        for k in range(len(run) - 1, 0, -1):
            hi, lo = run[k - 1][4], run[k][4]
            if len(hi) == 1 and len(lo) == 1 and "\ud800" <= hi <= "\udbff" and "\udc00" <= lo <= "\udfff":
                joined = (hi + lo).encode("utf-16", "surrogatepass").decode("utf-16")
                a, b = run[k - 1], run[k]
                run[k - 1] = (a[0], max(a[1], b[1]), a[2], a[3], joined)
                del run[k]
    return runs
