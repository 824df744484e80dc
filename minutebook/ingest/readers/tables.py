"""Ruled tables (action plans) read with pdfplumber's table finder, their words taken out of the running text."""

from __future__ import annotations

import re
from typing import Any

from minutebook.ingest.readers.lines import Char
from minutebook.ingest.readers.lines import clean as _clean

__all__ = ["RuledTables", "TablePage", "HEADER_WORDS"]

HEADER_WORDS = re.compile(
    r"\b(?:actions?|lead|officers?|owners?|who|when|status|rag|comments?|progress|updates?|links?|deadline|due|"
    r"responsib\w*|target|outcomes?|measures?|notes?|dates?|descriptions?|priority)\b",
    re.I,
)


class TablePage:
    """What pdfplumber's table finder reads of a page, without pdfminer interpreting its text: the ruling
    objects (`readers.plumber.ruling_objects`), the characters as the fast reader read them, and the page box.

    `find_tables` is pdfplumber's own `TableFinder` over these, so the cells are pdfplumber's; their text is
    the fast reader's characters, which tests/test_reader_contract.py holds to pdfplumber's. Only the characters
    inside a table found are made into pdfplumber's dicts: `Table.extract` looks at every character of the
    page for every row, and most of a page is running text."""

    def __init__(self, objects: dict[str, list[dict]], runs: list[tuple[str, float, list[Char]]], doctop: float,
                 bbox: tuple[float, ...]) -> None:
        from pdfplumber.container import Container

        class _Objects(Container):  # pdfplumber's edges (lines, rect sides, curve segments), built its way
            @property
            def objects(self) -> dict[str, list[dict]]:
                return self._objs

        self._container = _Objects()
        self._container._objs = dict(objects)
        self.runs, self.doctop, self.bbox = runs, doctop, bbox
        self.chars: list[dict] = []

    @property
    def lines(self) -> list[dict]:
        return self._container.lines

    @property
    def rects(self) -> list[dict]:
        return self._container.rects

    @property
    def edges(self) -> list[dict]:
        return self._container.edges

    def find_tables(self, settings: Any = None) -> list:
        from pdfplumber.table import TableFinder

        tables = TableFinder(self, settings).tables  # from the edges alone (the "lines" strategies)
        boxes = [t.bbox for t in tables]
        self.chars = [{"text": c[4], "x0": c[0], "x1": c[1], "top": c[2], "bottom": c[3], "doctop": c[2] + self.doctop,
                       "upright": True, "fontname": font, "size": size}
                      for font, size, run in self.runs for c in run
                      if any(b[0] <= (c[0] + c[1]) / 2 < b[2] and b[1] <= (c[2] + c[3]) / 2 < b[3] for b in boxes)]
        return tables


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

