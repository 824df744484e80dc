"""Stage 2: split a document's pages into sections (agenda, minutes, reports) and paragraphs.

One agenda pack can hold several meetings: the notice of the meeting it is for,
the minutes of an earlier meeting attached as an agenda item, and reports.

    python -m minutebook.ingest.segment PACK.pdf
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace

from minutebook.ingest.grammar import (
    ITEM_LEAD_RE,
    ITEM_REF_HEADS,
    MINUTE_TEXT_HEADS,
    REPORT_COVER_RE,
    SUB_LEAD_RE,
    is_minutes_action_table,
    record_kind_evidence,
    table_heading,
)
from minutebook.models import Line, Page, Section

__all__ = ["Para", "segment", "paragraphs", "detect_kind"]

AGENDA_ITEM_RE = re.compile(r"^agenda\s+item\s+(\w{1,6})$", re.I)
# Words that open a meeting document, looked for in the first heading lines of a page.
MINUTES_RE = re.compile(
    r"^(?:(?:draft|unconfirmed|approved|confirmed|signed)\s+)?(?:minutes|action\s+notes|notes\s+of\s+(?:the\s+)?meeting)\b"
    r"|^(?:[A-Z][\w&'’-]*\s+){0,8}minutes\s*$",
    re.I,
)
# "AGENDA", "Meeting Agenda – January 25, 2022", "NOTICE OF MEETING"; not "COMMISSION AGENDA REQUESTS".
AGENDA_RE = re.compile(
    r"^(?:notice\s+of\s+(?:the\s+)?meeting|summons\b|(?:[\w&'’-]+\s+){0,8}agenda\s*(?:$|[-–:,(]|for\b|of\b|\d))", re.I
)
NUMBERED_RE = re.compile(r"^\(?(?:\d{1,3}|[A-Z]|[IVX]{1,5})[.):]\s")
HEAD_LINES = 6  # a meeting heading sits in the first few lines of its first page

LIST_MARK_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?(?:\(?[a-z]{1,2}[.)]|\(?[ivx]{1,5}[.)]|\d{1,2}[.)])\s+\S", re.I)
SENTENCE_END_RE = re.compile(r"[.:;!?)\]]['\"”’*]*$")
# A trailing owner marker closes its paragraph though it has no full stop: "... by May. Action: Susan Okafor".
TRAILING_ACTION_RE = re.compile(
    r"(?:^|[.;!?]\s+)(?i:actions?)\s*[:\-–]\s*[A-Z][\w'’.-]*(?:\s+(?:&|and|[A-Z][\w'’.-]*)){0,6}$")
# A bold line that opens like a heading is one, whatever precedes it: "100. DATES OF FUTURE MEETINGS", "RESOLVED".
HEADING_START_RE = re.compile(
    r"^(?:\(?(?:\d{1,3}[A-Za-z]?|[A-Z]|[IVX]{1,5})[.):]\s+\S"
    r"|(?:it\s+was\s+)?(?:RESOLVED|AGREED|DECIDED|DECISION)\b"
    r"|(?:Resolved|Agreed|Decided|Decision)\s*(?:[:\-–]|$))"
)


@dataclass(slots=True)
class Para:
    """A paragraph: joined lines, the page it starts on, and whether it is set as a heading."""

    text: str
    page: int
    heading: bool = False
    page_end: int = 0
    exempt: bool = False


def detect_kind(lines: list[Line]) -> str | None:
    """'minutes' or 'agenda' when the first heading lines of a page open a meeting document."""
    body_size = sorted(ln.size for ln in lines)[len(lines) // 2] if lines else 0.0
    for line in lines[:HEAD_LINES]:
        text = line.text.strip()
        heading_like = line.bold or text.isupper() or line.size > body_size + 0.5 or len(text) < 70
        if len(text) > 160 or not heading_like or not text[:1].isupper() or NUMBERED_RE.match(text):
            continue  # a numbered line is an agenda item ("B. Approval of Minutes"), not a document heading
        if MINUTES_RE.search(text):
            return "minutes"
        if AGENDA_RE.match(text):
            return "agenda"
    return None


def _opens_document(lines: list[Line]) -> bool:
    from minutebook.ingest.dates import find_date

    head = lines[:HEAD_LINES]
    set_heading = any((ln.bold or ln.text.isupper()) and (MINUTES_RE.search(ln.text) or AGENDA_RE.match(ln.text))
                      for ln in head[:3])
    return set_heading and find_date(" ".join(ln.text for ln in head)) is not None


def segment(pages: list[Page]) -> list[Section]:
    """Group pages into sections; blank pages are dropped, exempt pages kept but flagged.

    In an agenda pack each report starts on a page of its own: after a page left blank, or with a cover sheet
    ("Report for:", "Title:", "1. Describe the issue under consideration"). Such a page starts a new report
    section even when no "Agenda Item N" stamp says which item it belongs to; `reports` ties it by its title.
    """
    sections: list[Section] = []
    after_blank = False
    for page in pages:
        if page.blank:
            after_blank = True
            continue
        kind = detect_kind(page.lines)
        if kind and sections and not _opens_document(page.lines):
            kind = None  # a new meeting inside a document has a set heading and states its date
        item = next((m.group(1) for h in page.headers if (m := AGENDA_ITEM_RE.match(h))), None)
        if item is None and page.lines:
            m = AGENDA_ITEM_RE.match(page.lines[0].text)
            if m:
                item = m.group(1)
                page = replace(page, lines=page.lines[1:])
        if not page.lines:
            if page.tables and sections:
                sections[-1].pages.append(page)  # a page that is all table (an action plan) continues its section
            continue  # else nothing printed but running lines
        starts_report = bool(sections) and sections[-1].kind == "report" and (
            after_blank or _opens_report(page) or (page.exempt and not sections[-1].pages[-1].exempt))
        after_blank = False
        if kind:
            sections.append(Section(kind=kind, pages=[page], agenda_item=item, heading=page.lines[0].text))
        elif item is not None or starts_report:
            heading = page.lines[0].text if page.lines else ""
            sections.append(Section(kind="report", pages=[page], agenda_item=item, heading=heading))
        elif sections:
            sections[-1].pages.append(page)
        else:
            sections.append(Section(kind=_guess_kind(page), pages=[page], heading=page.lines[0].text if page.lines else ""))
    return [Section(kind="minutes", pages=s.pages, agenda_item=s.agenda_item, heading=s.heading)
            if s.kind == "agenda" and _records_held_meeting(s) else s for s in sections]


def _opens_report(page: Page) -> bool:
    """A cover sheet in the page's first lines: "Report for:", "Title:", "Ward(s) affected:", or the first of a
    report's numbered sections ("1. Describe the issue under consideration", "1. Introduction / Background")."""
    head = [ln.text for ln in page.lines[:14]]
    return any(REPORT_COVER_RE.match(t) for t in head)


def _guess_kind(page: Page) -> str:
    """A document with no recognised heading: minutes record what happened, agendas what will be taken."""
    text = page.text[:3000]
    held, agenda = record_kind_evidence(text)
    if held >= 2 and held > agenda or re.search(r"^\s*minutes\b", text, re.I):
        return "minutes"
    return "agenda"


def _records_held_meeting(section: Section) -> bool:
    """An 'agenda' whose own pages report a meeting held ("called to order at 7:02pm", "seconded", votes).

    Some bodies publish their minutes under the agenda's heading (Bronx Community Board 12, 2024-05-23): the
    language decides. Only the section's first pages are read, so an agenda pack's attached reports do not count.
    """
    text = "\n".join(p.text for p in section.pages[:2])
    held, agenda = record_kind_evidence(text)
    if held >= 4 and held > 2 * agenda:
        return True
    # minutes set as an "Item | Notes | Action" table under the agenda's heading (Decoy 2020 p2)
    return any(t and is_minutes_action_table(t[0]) for p in section.pages[:3] for t in p.tables)


def paragraphs(section: Section) -> list[Para]:
    """Join lines into paragraphs across page breaks, so a sentence split by a page break is whole again.

    Minutes set as a table ("Item | Notes | Action") are read row by row: the item cells become the item's
    heading and the notes its paragraphs, and the agenda list printed above the table, which repeats the same
    numbers and titles, gives way to them.
    """
    rows = _table_rows(section)
    repeated = {_lead_number(p.text) for ps in rows.values() for p in ps if p.heading} - {""}
    paras: list[Para] = []
    for page in section.pages:
        wide = _full_width(page.lines)
        for n, line in enumerate(page.lines):
            text = line.text
            if repeated and _lead_number(text) in repeated:
                continue  # the agenda list above minutes set as a table: the table's rows are the items
            if _stands_alone(text, wide):
                # "1. Police Report" on a line of its own, then the minute's text: a heading by its type
                paras.append(Para(text=text, page=page.cite, heading=True, page_end=page.cite, exempt=page.exempt))
                continue
            # A bold run inside a sentence ("... programme **(Action: Partnership)**") is not a heading,
            # unless it opens like one ("N/A" then "100. DATES OF FUTURE MEETINGS").
            inline_bold = line.bold and paras and not paras[-1].heading and not HEADING_START_RE.match(text) and (
                not _ended(paras[-1].text) or paras[-1].text.count("(") > paras[-1].text.count(")"))
            continues = (
                paras
                and (not line.bold or inline_bold)
                and not paras[-1].heading
                and (not line.para or (n == 0 and not _ended(paras[-1].text)))
                and not LIST_MARK_RE.match(text)
            )
            if continues:
                last = paras[-1]
                last.text = _join(last.text, text)
                last.page_end = page.cite
            elif paras and line.bold and paras[-1].heading and not line.para and not HEADING_START_RE.match(text):
                paras[-1].text = _join(paras[-1].text, text)
            else:
                paras.append(Para(text=text, page=page.cite, heading=line.bold, page_end=page.cite, exempt=page.exempt))
        paras.extend(rows.get(page.index, []))
    return paras


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _lead_number(text: str) -> str:
    m = ITEM_LEAD_RE.match(text)
    return re.sub(r"\s+", " ", m.group("num")) if m else ""


def _table_rows(section: Section) -> dict[int, list[Para]]:
    """Paragraphs from minutes set as a table, by page: from a header row with a notes column beside an action
    column (Decoy 2020 p2), through the tables that continue it on later pages without a header."""
    out: dict[int, list[Para]] = {}
    texts: dict[int, str] = {}

    def told(page: Page) -> str:
        if page.index not in texts:
            texts[page.index] = _squash(page.text)
        return texts[page.index]

    columns: tuple[int, int] | None = None  # (item column, notes column)
    width = 0
    for page in section.pages:
        for table in page.tables:
            if not table:
                continue
            if is_minutes_action_table(table[0]):
                heads = [table_heading(c) for c in table[0]]
                notes = next(k for k, h in enumerate(heads) if h in MINUTE_TEXT_HEADS)
                item = next((k for k, h in enumerate(heads) if h in ITEM_REF_HEADS), 0)
                columns, width, body = (item, notes), len(table[0]), table[1:]
            elif columns is not None and len(table[0]) == width:
                body = table
            else:
                continue
            for row in body:
                cells = [re.sub(r"\s*\n\s*", " ", str(c or "")).strip() for c in row]
                # the number may sit in a column of its own before the item's title
                lead = " ".join(c for c in cells[: columns[1]] if c)
                parts = out.setdefault(page.index, [])
                if lead and ITEM_LEAD_RE.match(lead):
                    parts.append(Para(text=lead, page=page.cite, heading=True, page_end=page.cite, exempt=page.exempt))
                for chunk in _cell_paragraphs(str(row[columns[1]] or "")):
                    if _squash(chunk)[:60] in told(page):
                        continue  # the reader kept this table in the running text as well
                    parts.append(Para(text=chunk, page=page.cite, page_end=page.cite, exempt=page.exempt))
    return out


_LABEL_RE = re.compile(r"^[A-Z][\w’' ]{0,30}:\s")  # "Apologies: None.", "Visitors: None"


def _cell_paragraphs(cell: str) -> list[str]:
    """A notes cell's lines joined into paragraphs; a list mark ("a.", "•") or a finished sentence starts another."""
    out: list[str] = []
    for line in (ln.strip() for ln in cell.splitlines()):
        if not line:
            continue
        if out and not LIST_MARK_RE.match(line) and not SENTENCE_END_RE.search(out[-1]) \
                and not _LABEL_RE.match(line):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line)
    return out




_MONTH_RE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d|,|$)", re.I)


def _full_width(lines: list[Line]) -> int:
    """The length, in characters, of a full line of running text on this page."""
    sizes = sorted(len(ln.text) for ln in lines)
    return sizes[int(len(sizes) * 0.9)] if len(sizes) >= 5 else 0


def _stands_alone(text: str, wide: int) -> bool:
    """A numbered line that stops well short of the margin and reads as a title, not as a sentence run on."""
    if not wide or len(text) > 0.75 * wide:
        return False
    m = ITEM_LEAD_RE.match(text) or SUB_LEAD_RE.match(text)
    if not m:
        return False
    title = m.group("title")
    if _MONTH_RE.match(title):
        return False  # "11 March 2020" is a date, not item 11
    words = title.split()
    return (1 <= len(words) <= 14 and title[:1].isupper() and not re.search(r"[,;]$|\b(?:and|of|the|to|for|in)$", title)
            and not re.search(r"[.!?]\s+[A-Z]", title))


def _ended(text: str) -> bool:
    """The paragraph's text ends a sentence (or with a trailing "Action: Name")."""
    return bool(SENTENCE_END_RE.search(text) or TRAILING_ACTION_RE.search(text[-120:]))


def _join(a: str, b: str) -> str:
    # A word hyphenated across lines ("multi-\nagency") keeps its hyphen; pdfminer gives no soft-hyphen info.
    return a + ("" if a.endswith("-") and b[:1].islower() else " ") + b


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.pdf import read_pages

    for sec in segment(read_pages((argv or sys.argv[1:])[0])):
        span = f"{sec.pages[0].cite}-{sec.pages[-1].cite}"
        print(f"=== {sec.kind} item={sec.agenda_item} pages={span} exempt={sec.exempt}: {sec.heading[:70]}")
        for p in paragraphs(sec)[:8]:
            print(("  # " if p.heading else "    ") + f"[{p.page}] {p.text[:100]}")


if __name__ == "__main__":
    main()
