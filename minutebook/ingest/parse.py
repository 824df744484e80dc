"""Stage 3: parse sections into meetings with items, attendance and resolutions.

Structure is found from the document itself: numbered headings set in bold or
capitals, "RESOLVED" blocks, attendance paragraphs and motions. Actions are
added later by `minutebook.ingest.actions`.

    python -m minutebook.ingest.parse PACK.pdf
"""

from __future__ import annotations

import logging
import re
import sys

from minutebook.ingest.conventions import Context
from minutebook.ingest.conventions.action_tables import minutes_table_notes, tables_context
from minutebook.ingest.conventions.attendance import read_attendance, split_people
from minutebook.ingest.conventions.decisions import RESOLVED_RE, extract_decisions
from minutebook.ingest.dates import find_date, find_time
from minutebook.ingest.grammar import ITEM_LEAD_RE, is_upper
from minutebook.ingest.outline import find_headings
from minutebook.ingest.segment import Para, paragraphs
from minutebook.models import Item, Meeting, Section

__all__ = ["parse_sections", "parse_meeting", "split_people"]

logger = logging.getLogger(__name__)

POINT_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[a-z])[.)]\s+(?P<text>.+)$", re.S)
POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
EXEMPT_TITLE_RE = re.compile(r"\bexempt\b|\bconfidential\b|\bpart\s+(?:b|2|ii)\b|\bclosed\s+session\b|\brestricted\b", re.I)
KIND_PREFIX_RE = re.compile(
    r"^(?:notice\s+of\s+(?:the\s+)?meeting|(?:revised\s+|draft\s+|unconfirmed\s+|approved\s+)?minutes(?:\s+of)?"
    r"|(?:meeting\s+)?agenda|summons|(?:(?:regular|special|annual|extraordinary|ordinary|joint)\s+)+meeting\s+of)\b\s*(?:the\s+)?(?:(?:regular|special|annual|extraordinary|ordinary|adjourned|joint|"
    r"hybrid|virtual|public)\s+)*(?:meeting\s+)?(?:of\s+)?(?:the\s+)?[-–:]?\s*",
    re.I,
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
BODY_CUT_RE = re.compile(
    rf"\s+(?:held\b|on\s+{_WEEKDAY}|{_WEEKDAY}\b|meeting\b|[-–,]+\s*(?:{_WEEKDAY}|\d)|\d{{1,2}}(?:st|nd|rd|th)?\s+\w+\s+\d{{4}})"
    r"|[-–]\s*$|\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d",
    re.I,
)
SIGNED_RE = re.compile(r"^(?:chair(?:man|person)?\s*:|signed\b|signature\b|date\s*:?$|signed by chair)", re.I)
SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "at", "to", "a", "an", "&"}


def parse_sections(sections: list[Section]) -> list[Meeting]:
    """Meetings for every agenda/minutes section; reports attach to their agenda item; same-day parts merge."""
    meetings: list[Meeting] = []
    orphans: list[Section] = []
    for sec in sections:
        if sec.kind in ("agenda", "minutes") or (sec.kind == "other" and not meetings):
            meeting = parse_meeting(sec)
            same = next((m for m in meetings if m.kind == meeting.kind and m.date == meeting.date and m.date), None)
            if same is not None:
                _merge(same, meeting)
            else:
                meetings.append(meeting)
        else:
            orphans.append(sec)
    agenda = next((m for m in meetings if m.kind == "agenda"), meetings[0] if meetings else None)
    from minutebook.ingest.reports import attach_reports, membership

    for sec in orphans:
        if agenda is None:
            continue
        paras = paragraphs(sec)
        members = membership(sec, paras)
        for m in meetings:
            if members and m.body == agenda.body:
                m.members = members  # the pack's membership list names who the minutes may mean
        attach_reports(agenda, sec, paras)
    return meetings


def _merge(into: Meeting, other: Meeting) -> None:
    have = {i.number for i in into.items}
    into.items.extend(i for i in other.items if i.number not in have)
    into.attendees = into.attendees or other.attendees
    into.apologies = into.apologies or other.apologies
    into.chair = into.chair or other.chair
    into.body = into.body or other.body
    into.tables = into.tables + other.tables
    into.pages = (min(into.pages[0], other.pages[0]), max(into.pages[1], other.pages[1]))


def parse_meeting(section: Section) -> Meeting:
    """One meeting from one agenda or minutes section."""
    paras = paragraphs(section)
    kind = section.kind if section.kind in ("agenda", "minutes") else "agenda"
    meeting = Meeting(body="", date="", kind=kind, pages=(section.pages[0].cite, section.pages[-1].cite))
    meeting.tables = [(p.cite, t) for p in section.pages for t in p.tables]
    _parse_header(meeting, paras)
    headings = find_headings(paras)
    if not headings:
        meeting.unrecognised.append("no numbered items found; the text is searchable by page")
    first_item = headings[0].index if headings else len(paras)
    att = read_attendance(paras, Context(kind=kind, body=meeting.body, date=meeting.date, extra={"first_item": first_item}))
    meeting.attendees, meeting.apologies, meeting.chair = att.attendees, att.apologies, att.chair
    context = Context(kind=kind, body=meeting.body, date=meeting.date,
                      people=tuple(meeting.attendees + meeting.apologies))
    # minutes set as an "Item | Notes | Action" table have their text only in the table (Decoy 2020)
    in_table = minutes_table_notes(tables_context(meeting.tables), [h.number for h in headings]) if meeting.tables else {}
    for n, h in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else len(paras)
        first = h.index + (1 if h.styled else 0)
        body = [p for p in paras[first:end] if not SIGNED_RE.match(p.text)]
        body += _untold(body, in_table.get(h.number, []))
        item = Item(
            number=h.number,
            title=h.title,
            page=paras[h.index].page,
            page_end=max([paras[h.index].page] + [p.page_end for p in body]),
            pages_ref=h.pages_ref,
            exempt=bool(EXEMPT_TITLE_RE.search(h.title)) or any(p.exempt for p in body),
        )
        _fill_item(item, body, kind, context)
        meeting.items.append(item)
    return meeting


def _untold(body: list[Para], cells: list[tuple[int, str]]) -> list[Para]:
    """Table notes as paragraphs, unless the running text already carries them (a table whose header the PDF
    reader did not take for one stays in the text as well)."""
    told = re.sub(r"\W+", "", " ".join(p.text for p in body)).lower()
    return [Para(text=t, page=pg, page_end=pg) for pg, t in cells if re.sub(r"\W+", "", t).lower()[:60] not in told]


def _parse_header(meeting: Meeting, paras: list[Para]) -> None:
    head = paras[:6]
    head_text = " \n ".join(p.text for p in head)
    d = find_date(head_text)
    meeting.date = d.isoformat() if d else ""
    for p in head:
        if find_date(p.text) or re.search(r"\d{1,2}[.:]\d{2}", p.text):
            meeting.time, meeting.end_time = find_time(p.text)
            venue = re.split(r"\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[-–]\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?)?", p.text,
                             maxsplit=1, flags=re.I)
            if len(venue) == 2 and len(venue[1].strip(" -–,")) > 3:
                # The venue runs until the next labelled field ("Members: ...").
                meeting.venue = re.split(r"\s+[A-Z][a-z]+:\s", venue[1], maxsplit=1)[0].strip(" -–,")
            break
    for p in head:
        m = re.search(r"\bvenue\s*:\s*(.+)$", p.text, re.I)
        if m:
            meeting.venue = m.group(1).strip()
    meeting.body = _find_body(head)


def _find_body(head: list[Para]) -> str:
    for p in head:
        text = p.text.strip()
        if not (p.heading or is_upper(text) or p is head[0]) or ITEM_LEAD_RE.match(text):
            continue
        rest = KIND_PREFIX_RE.sub("", text, count=1).strip()
        cut = BODY_CUT_RE.search(rest)
        if cut:
            rest = rest[: cut.start()]
        rest = rest.strip(" -–:,.")
        words = re.findall(r"[A-Za-z]{2,}", rest)
        if len(words) >= 2 and not find_date(rest) and not re.match(r"(?i)(?:revised|draft|page)\b", rest):
            return _title_case(rest)
    return ""


def _title_case(text: str) -> str:
    if not is_upper(text):
        return text
    out = []
    for n, w in enumerate(text.split()):
        lw = w.lower()
        out.append(lw if n and lw in SMALL_WORDS else w.capitalize())
    return " ".join(out)


def _fill_item(item: Item, body: list[Para], kind: str, context: Context) -> None:
    kept = [p for p in body if not (item.exempt and p.exempt)]
    texts = [p.text for p in kept]
    item.paragraphs.extend((p.page, p.text) for p in kept)
    item.resolutions.extend(extract_decisions(kept, context))
    decided = " ".join(r.text for r in item.resolutions)
    for text in texts:
        for note in POST_NOTE_RE.finditer(text):
            item.notes.append(note.group("text").strip(" .*") + ".")
        pm = POINT_RE.match(text)
        if pm and kind == "minutes" and pm.group("text")[:60].strip() not in decided:
            item.points.append(text)
    item.text = "\n\n".join(texts)
    if kind == "agenda":
        item.description = "\n\n".join(t for t in texts if not RESOLVED_RE.match(t))[:2000]


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        print(f"=== {m.kind} {m.body!r} {m.date} {m.time}-{m.end_time} venue={m.venue!r} chair={m.chair!r} pages={m.pages}")
        print("  attendees:", [(a.name, a.role[:30]) for a in m.attendees])
        print("  apologies:", [(a.name, a.organisation) for a in m.apologies])
        for it in m.items:
            flag = " EXEMPT" if it.exempt else ""
            print(f"  {it.number}. {it.title} [p{it.page}-{it.page_end}]{flag} pts={len(it.points)} notes={it.notes}")
            for r in it.resolutions:
                print(f"      R: {r.text[:100]} {r.mover} {r.seconder} {r.outcome} {r.tally}")
            for rs in it.reports[:3]:
                print(f"      S: [{rs.kind}] {rs.heading[:60]} p{rs.page}")
        for note in m.unrecognised:
            print("  ?", note)


if __name__ == "__main__":
    main()
