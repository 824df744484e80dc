"""Stage 3a: the outline of a meeting: which paragraphs are item headings, with their numbers and titles.

Headings are found by type, not by one house style: a paragraph that opens with an
item number (any scheme in `grammar.SCHEMES`) and is set as a heading (bold,
capitals, or a short line standing alone). The dominant numbering scheme wins and
numbers must not fall. A heading whose sub-items carry the business and that
holds none of its own ("5. AGENDA ITEMS" over 5-A..5-E) gives way to them; lettered
sub-headings under such a heading become items numbered under it ("5(a)").

    python -m minutebook.ingest.outline MINUTES.pdf
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.ingest.conventions.decisions import RESOLVED_RE
from minutebook.ingest.grammar import ITEM_LEAD_RE, ROMAN, SUB_LEAD_RE, is_upper, number_key, scheme_of
from minutebook.ingest.segment import Para

__all__ = ["Heading", "find_headings"]

PAGES_REF_RE = re.compile(r"\(\s*pages?\s+(\d+\s*[-–]\s*\d+|\d+)\s*\)", re.I)
# Schemes that number the same level of an outline; "sub" numbers (5A, 6(a)) run inside an arabic outline.
_FAMILY = {"sub": "arabic"}
_RANK = {"dotted": 6, "prefixed": 5, "arabic": 4, "file": 2, "roman": 1, "letter": 0}


@dataclass(frozen=True, slots=True)
class Heading:
    """An item heading: the paragraph it is, its number as printed (without a trailing dot) and its title."""

    index: int
    number: str
    title: str
    pages_ref: str = ""
    styled: bool = True  # a set heading; a plain numbered paragraph is also the item's first paragraph


def _candidate(i: int, p: Para) -> Heading | None:
    m = ITEM_LEAD_RE.match(p.text)
    # a title has words; "A.O.B" (any other business) is one, written with stops
    if not m or RESOLVED_RE.match(m.group("title")) or not re.search(r"[A-Za-z]{2}|(?:[A-Z]\.){2}", m.group("title")):
        return None
    num = re.sub(r"\s+", " ", m.group("num"))
    if not scheme_of(num):
        return None
    title = m.group("title").strip()
    styled = (p.heading or is_upper(title)) and len(p.text) <= 260
    if not styled:
        # a plain paragraph: its first sentence or line is the title
        title = re.split(r"(?<=[a-z0-9)])[.;:](?:\s|$)|\n", title, maxsplit=1)[0][:150]
    ref = PAGES_REF_RE.search(title)
    if ref:
        title = (title[: ref.start()] + title[ref.end() :]).strip()
    return Heading(i, num, title.strip(" .:-–"), ref.group(1) if ref else "", styled)


def _family(num: str) -> str:
    s = scheme_of(num)
    return _FAMILY.get(s, s)


def _best_run(cands: list[Heading], consecutive: bool) -> list[Heading]:
    if not cands:
        return []
    by_scheme: dict[str, list[Heading]] = {}
    for c in cands:
        by_scheme.setdefault(_family(c.number), []).append(c)
    runs = []
    for scheme, hs in by_scheme.items():
        kept: list[Heading] = []
        for h in hs:
            if not kept:
                kept.append(h)
                continue
            prev = number_key(kept[-1].number)
            key = number_key(h.number)
            # A number may repeat (two items printed "4."), but only once in a row and with another title.
            repeat = key == prev and h.styled and kept[-1].styled and h.title.lower() != kept[-1].title.lower() and (
                len(kept) < 2 or number_key(kept[-2].number) != key)
            # An arabic number far past the last one is a street number or a count, not the next item
            # ("225 High Road" after item 16, Haringey agenda p.2).
            leap = scheme in ("arabic",) and key[0] - prev[0] > 30
            if (key > prev or repeat) and not leap and (
                    not consecutive or _next_of(kept[-1].number, h.number) or repeat):
                kept.append(h)
        bonus = 2 if scheme in ("arabic", "dotted", "prefixed") and len(kept) >= 3 else 0
        runs.append((len(kept) + bonus, _RANK.get(scheme, 0), kept))
    return max(runs, key=lambda r: (r[0], r[1]))[2]


def _next_of(a: str, b: str) -> bool:
    """b follows a closely: the next number, a sub-item, or (for file and minute numbers) a small gap."""
    ka, kb = number_key(a), number_key(b)
    if ka[:3] == kb[:3]:
        return kb[3] > ka[3]  # 5 -> 5A, 5A -> 5B
    if kb[0] == ka[0] + 1 and not any(kb[1:3]):
        return True  # 5 -> 6, 5A -> 6
    sig = 2 if ka[2] or kb[2] else 1 if ka[1] or kb[1] else 0
    step = kb[sig] - ka[sig]
    return ka[:sig] == kb[:sig] and 0 < step <= (5 if scheme_of(a) in ("file", "prefixed", "dotted") else 1)


def _is_child(parent: str, child: str) -> bool:
    """'5-A' and '5A' and '5(a)' are children of '5'."""
    return scheme_of(child) == "sub" and re.match(r"\d+", child).group(0) == parent


def _sub_headings(paras: Sequence[Para], start: int, end: int) -> list[tuple[int, str, str]]:
    """Lettered sub-headings "(a) Title" standing alone between start and end, in order a, b, c ..."""
    found: list[tuple[int, str, str]] = []
    for i in range(start, end):
        p = paras[i]
        m = SUB_LEAD_RE.match(p.text)
        if not m or not (p.heading or len(p.text) <= 100) or len(m.group("title").split()) > 16:
            continue
        mark = m.group("mark")
        want = chr(ord("a") + len(found)) if mark not in ROMAN[1:] else ROMAN[len(found)]
        if mark == want or (mark == "i" and not found):
            found.append((i, mark, m.group("title").strip(" .:-–")))
    return found


def find_headings(paras: Sequence[Para]) -> list[Heading]:
    """Item headings in reading order.

    Headings set as headings (bold, capitals, a short line standing alone) are trusted; plain numbered
    paragraphs ("1. Call to Order." run into their text) count only when the document has no set ones and
    their numbers run on by one.
    """
    styled: list[Heading] = []
    plain: list[Heading] = []
    for i, p in enumerate(paras):
        h = _candidate(i, p)
        if h is not None:
            (styled if h.styled else plain).append(h)
    best = _best_run(styled, consecutive=False)
    # Numbered paragraphs whose numbers run on by one outline the minutes even where a few of them stand
    # alone on a line (Cuyahoga agenda, Alameda City Council minutes): they win when they explain far more.
    every = sorted(styled + plain, key=lambda h: h.index)
    run = _best_run(every, consecutive=True) if plain else []
    extends = len({h.index for h in best} & {h.index for h in run}) >= 0.8 * len(best)
    if len(run) > len(best) and (extends or len(best) < 2) and (len(run) >= 3 or len(best) < 2):
        best = run
    return _expand(paras, best)


def _expand(paras: Sequence[Para], heads: list[Heading]) -> list[Heading]:
    """A heading with no business of its own gives way to its sub-items: numbered ones, else lettered ones."""
    out: list[Heading] = []
    for n, h in enumerate(heads):
        end = heads[n + 1].index if n + 1 < len(heads) else len(paras)
        body_start = h.index + 1
        nxt = heads[n + 1] if n + 1 < len(heads) else None
        if nxt is not None and nxt.index == body_start and _is_child(h.number, nxt.number):
            continue  # "5. AGENDA ITEMS" directly over "5-A ...": the sub-items are the items
        subs = _sub_headings(paras, body_start, end) if h.styled and scheme_of(h.number) == "arabic" else []
        if len(subs) >= 2 and subs[0][0] == body_start:
            out.extend(Heading(i, f"{h.number}({mark})", title, "", True) for i, mark, title in subs)
            continue
        out.append(h)
    return out


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import paragraphs, segment

    for sec in segment(read_pages((argv or sys.argv[1:])[0])):
        if sec.kind not in ("agenda", "minutes"):
            continue
        paras = paragraphs(sec)
        print(f"=== {sec.kind}: {sec.heading[:70]}")
        for h in find_headings(paras):
            print(f"  {h.number:>10}  {h.title[:90]}  [p{paras[h.index].page}{'' if h.styled else ' plain'}]")


if __name__ == "__main__":
    main()
