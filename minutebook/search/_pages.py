"""Which page a piece of a record's text is printed on, so a hit cites the page its snippet comes from.

A record (an item with its points and resolutions, a report section) often
runs over a page break, and the parser keeps only the page it starts on. At
index time its text is located in the document's pages: `page_map` gives,
for offsets into the record's whitespace-collapsed text (the text snippets
are cut from), the page that text starts on. At search time `page_at` reads
the page at the snippet's first matched word.

Text is compared as lower-case letters and digits only, so line-end hyphens,
spacing and punctuation the parser tidied do not stop a match.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.models import Page

__all__ = ["PageEntry", "PageLocator", "collapse", "page_at"]

# (offset into the collapsed record text, PDF page index, printed page label)
PageEntry = tuple[int, int, str]

PROBE_EVERY = 8  # words between probes: a page break is found to within this many words
PROBE_CHARS = 28  # letters and digits in a probe: long enough to be unique within an item's pages
MIN_PROBE = 12
# A table row's cells are printed interleaved with the next column's, so long probes rarely match: a record
# found nowhere is probed again with short ones, on its own pages only.
SHORT_PROBE_EVERY = 3
SHORT_PROBE_CHARS = 14
# Text not found on the pages a record cites is looked for this many pages either side, not in the whole
# document: a 1,000-page pack would make every table row that is not found there cost a scan of it all.
NEAR_PAGES = 25


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as snippets are cut."""
    return " ".join(text.split())


def _key(text: str) -> tuple[str, list[int]]:
    """`text` as lower-case letters and digits, and each key character's offset in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch.lower())
            where.append(i)
    return "".join(chars), where


@dataclass(slots=True)
class PageLocator:
    """The pages of one document, ready to locate text in."""

    pages: list[Page]
    key: str = ""
    starts: tuple[int, ...] = ()  # where each page begins in `key`

    def __post_init__(self) -> None:
        self.pages = sorted(self.pages, key=lambda p: p.index)
        parts, starts, at = [], [], 0
        for page in self.pages:
            k = _key(page.text)[0]
            starts.append(at)
            parts.append(k)
            at += len(k)
        self.key = "".join(parts)
        self.starts = tuple(starts)

    def _windows(self, first: int, last: int) -> list[tuple[int, int]]:
        """The key ranges of the runs of consecutive pages cited `first`..`last`, or the whole document.

        Printed numbers and PDF positions can both say "page 1" (an unnumbered agenda before minutes
        numbered from 1), so each run of pages is a candidate of its own.
        """
        inside = [n for n, p in enumerate(self.pages) if first <= p.cite <= last]
        if not inside:
            return [(0, len(self.key))]
        runs, start = [], inside[0]
        for prev, n in zip(inside, inside[1:] + [None]):
            if n is None or n != prev + 1 or self.pages[n].label.isdigit() != self.pages[prev].label.isdigit():
                runs.append((start, prev))
                start = n
        ends = [*self.starts[1:], len(self.key)]
        return [(self.starts[lo], ends[hi]) for lo, hi in runs]

    def cited(self, cite: int) -> list[PageEntry]:
        """The page map of a record whose text cannot be found (a table row): the page it cites, if known.

        A printed number beats an unnumbered page at that PDF position (agenda
        covers are often unnumbered, so PDF page 2 and printed page 2 differ).
        """
        same = [p for p in self.pages if p.cite == cite]
        same.sort(key=lambda p: not p.label.isdigit())
        return [(0, same[0].index, same[0].label)] if same else []

    def page_map(self, text: str, first: int = 0, last: int = 0) -> list[PageEntry]:
        """Where each page's part of `text` starts, as offsets into `collapse(text)`.

        `first`/`last` are the cited pages the record is said to span; text is
        looked for there first (a title also printed in the agenda must not
        cite the agenda's page), then anywhere in the document.
        """
        if not self.pages:
            return []
        flat = collapse(text)
        key, where = _key(flat)
        if not key:
            return []
        starts = [ki for ki, fi in enumerate(where) if fi == 0 or not flat[fi - 1].isalnum()]  # word starts
        windows = self._windows(first, last or first) if first else [(0, len(self.key))]
        best: tuple[int, list[PageEntry]] | None = None
        for lo, hi in windows:
            found, out = self._walk(key, where, starts[::PROBE_EVERY], lo, hi)
            if best is None or found > best[0]:
                best = (found, out)
        if best is not None and not best[1] and first:
            for lo, hi in windows:
                found, out = self._walk(key, where, starts[::SHORT_PROBE_EVERY], lo, hi, SHORT_PROBE_CHARS, near=False)
                if found > best[0]:
                    best = (found, out)
        return best[1] if best else []

    def _near(self, lo: int, hi: int) -> tuple[int, int]:
        """The key range NEAR_PAGES pages either side of the window lo..hi."""
        first = max(0, bisect_right(self.starts, lo) - 1 - NEAR_PAGES)
        last = bisect_right(self.starts, max(lo, hi - 1)) - 1 + NEAR_PAGES + 1
        return self.starts[first], self.starts[last] if last < len(self.starts) else len(self.key)

    def _walk(self, key: str, where: list[int], probes: list[int], lo: int, hi: int, size: int = PROBE_CHARS,
              near: bool = True) -> tuple[int, list[PageEntry]]:
        """The page map of one candidate window, and how many probes were found inside it."""
        out: list[PageEntry] = []
        cursor, inside, last_ki = lo, 0, -1
        for ki in probes:
            probe = key[ki:ki + size]
            if len(probe) < MIN_PROBE and (out or not near):
                break
            # Nearest first: on from the last match within the record's pages, back from it (a part of the
            # record that repeats earlier text, such as a resolution, is nearest there), on from the last
            # match in the rest of the document, then anywhere.
            found = self.key.find(probe, cursor, hi + PROBE_CHARS)
            if found < 0:
                found = self.key.rfind(probe, lo, cursor + len(probe))
            if found >= 0:
                inside += 1
            elif near:
                near_lo, near_hi = self._near(lo, hi)
                found = self.key.find(probe, cursor, near_hi)
                if found < 0:
                    found = self.key.find(probe, near_lo, near_hi)
            if found < 0:
                continue
            cursor = found
            n = bisect_right(self.starts, found) - 1
            page = self.pages[n]
            if not out or out[-1][1] != page.index:
                # The text before this probe (back to the last one found) is on this page too as far as it
                # runs on unbroken, but not past the page's start.
                back = ki
                while back - 1 > last_ki and found - (ki - back) - 1 >= self.starts[n] and \
                        key[back - 1] == self.key[found - (ki - back) - 1]:
                    back -= 1
                out.append((where[back] if out else 0, page.index, page.label))
            last_ki = ki
        return inside, out


def page_at(page_map: Sequence[Sequence], offset: int) -> tuple[int, str] | None:
    """(PDF page index, printed label) of the text at `offset` into the collapsed record text."""
    if not page_map:
        return None
    starts = [int(e[0]) for e in page_map]
    entry = page_map[max(0, bisect_right(starts, offset) - 1)]
    return int(entry[1]), str(entry[2])
