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
from minutebook.ingest.conventions.attendance import read_attendance, split_people
from minutebook.ingest.conventions.decisions import RESOLVED_RE, extract_decisions
from minutebook.ingest.dates import find_date, find_time
from minutebook.ingest.grammar import BODY_HEADS, ITEM_LEAD_RE, is_upper
from minutebook.ingest.outline import find_headings
from minutebook.ingest.segment import Para, paragraphs
from minutebook.models import Item, Meeting, Section

__all__ = ["parse_sections", "parse_meeting", "split_people"]

logger = logging.getLogger(__name__)

POINT_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[a-z])[.)]\s+(?P<text>.+)$", re.S)
POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
# "Part II" heads an exempt part of the agenda ("PART II - ITEMS LIKELY TO BE HELD IN PRIVATE", "Item (Part 2)");
# inside a public item's title it is just a part of something ("Food Retail ... Part II", Cuyahoga agenda).
EXEMPT_TITLE_RE = re.compile(
    r"\bexempt\b|\bconfidential\b|^part\s+(?:b|2|ii)\b|\(part\s+(?:b|2|ii)\)|\bclosed\s+session\b|\brestricted\b"
    r"|\bin\s+private\b",
    re.I,
)
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
    if not meeting.body and section.pages[0].headers:
        # a body printed only as the running header of every page was taken out of the text
        meeting.body = _find_body([Para(text=h, page=section.pages[0].cite, page_end=section.pages[0].cite, heading=True)
                                   for h in section.pages[0].headers[:4]])
    headings = find_headings(paras)
    if not headings:
        meeting.unrecognised.append("no numbered items found; the text is searchable by page")
    first_item = headings[0].index if headings else len(paras)
    tables = [{"page": page.cite, "rows": rows} for page in section.pages for rows in page.tables]
    att = read_attendance(paras, Context(kind=kind, body=meeting.body, date=meeting.date,
                                         extra={"first_item": first_item, "tables": tables}))
    meeting.attendees, meeting.apologies, meeting.chair = att.attendees, att.apologies, att.chair
    context = Context(kind=kind, body=meeting.body, date=meeting.date,
                      people=tuple(meeting.attendees + meeting.apologies))
    for n, h in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else len(paras)
        first = h.index + (1 if h.styled else 0)
        body = [p for p in paras[first:end] if not SIGNED_RE.match(p.text)]
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
    """The body that met, from the title lines above the minutes.

    Of the title lines, the last that names a body ("... Committee", "... Commission", "Cabinet") is the body;
    a line printed just above it that names no body itself and no date ("EAST PALO ALTO", East Palo Alto p1;
    "HORSLEY VILLAGE HALL", Horsley village hall p1) or that is the parent body ("KENT COUNTY COUNCIL" over
    "CABINET", Kent p1) is part of its name. Title lines end at the first paragraph of prose. Without a line that
    names a body, the first title line that reads as a name.
    """
    lines: list[tuple[int, str, str]] = []  # (index, body text, the title line as printed)
    for n, p in enumerate(head):
        text = p.text.strip()
        titled = p.heading or is_upper(text) or n == 0 or bool(MINUTES_OF_RE.match(text))
        if not titled and _is_prose(text):
            break
        if not titled or ITEM_LEAD_RE.match(text):
            continue
        rest = _body_text(text)
        if rest:
            lines.append((n, rest, text))
    if not lines:
        return ""
    named = [(n, rest, raw) for n, rest, raw in lines if _names_body(rest)]
    if not named:
        first = next((rest for _, rest, _ in lines if len(re.findall(r"[A-Za-z]{2,}", rest)) >= 2), "")
        return _title_case(first)
    # the last line that names a body, unless it repeats one above ("CABINET" ... "MINUTES of ... the Cabinet", Kent p1)
    n, body, raw = named[-1]
    for m, other, _ in named[:-1]:
        if set(_words(body)) <= set(_words(other)):
            # "*HYBRID CITY COUNCIL MEETING" under "AGENDA RANCHO PALOS VERDES CITY COUNCIL MEETING ..." (Rancho Palos
            # Verdes agenda p1), "the Cabinet" under "CABINET" (Kent p1): the line above names the body as fully
            n, body = m, other
            break
    parent = next((rest for m, rest, raw_p in lines if m == n - 1 and not re.search(r"[;:]", raw_p)), "")
    body = _title_case(body)
    if parent:
        body = _joined(_title_case(parent), body)
    return body


MINUTES_OF_RE = re.compile(r"^(?:(?:approved|draft|unconfirmed|confirmed|signed)\s+)?(?:minutes|notes|record)\s+of\b", re.I)
# "the Annual Parochial Church Meeting" (Cogges p1), "Annual Parish Meeting": a meeting that is itself the body
MEETING_BODY_RE = re.compile(r"\b(?P<body>annual\s+(?:[A-Za-z’']+\s+){0,3}?meeting|(?:parish|town|village|vestry)\s+meeting)\b",
                             re.I)
MEETING_KIND_RE = re.compile(r"\b(?:regular|special|adjourned|extraordinary|hybrid|virtual|remote|reconvened|in[- ]person"
                             r"|zoom|online)\b", re.I)


def _body_text(text: str) -> str:
    """A title line without its kind ("Minutes of"), date, time and venue: the name it gives, else ''."""
    lead = re.sub(r"^(?:(?:approved|draft|unconfirmed|confirmed)\s+)?(?:minutes|notes|record)\s+of\s+(?:an?\s+|the\s+)?", "",
                  text.strip(), count=1, flags=re.I)
    mb = MEETING_BODY_RE.search(lead)
    if mb and not re.match(r"\s+of\b", lead[mb.end():], re.I):
        # the meeting is itself the body ("Annual Parochial Church Meeting", Cogges p1; "X Society Annual General
        # Meeting")
        rest = lead[: mb.end()]
    else:
        rest = re.sub(r"^(?:an?|the)\s+(?:\w+\s+){0,2}?meeting\s+of\s+", "", lead, count=1, flags=re.I)
        rest = KIND_PREFIX_RE.sub("", rest, count=1).strip()
        rest = re.sub(r"^meeting\s+(?:of\s+)?(?:the\s+)?", "", rest, flags=re.I)  # Haringey minutes p1
        # "Business Management Committee 28/09/2020" (Decoy p1), "X Community Council Minutes of meeting held on ..."
        rest = re.sub(r"\s+(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|minutes\b|agenda\b).*$", "", rest, flags=re.I)
        cut = BODY_CUT_RE.search(rest)
        if cut:
            rest = rest[: cut.start()]
    # "City Council Study Session", "Planning Commission Workshop": the kind of meeting, not the body
    rest = re.sub(r"\s+(?:(?:study|work|joint|closed|executive|budget)\s+)?(?:session|workshop|retreat|hearing)s?\s*$", "",
                  rest, flags=re.I)
    rest = re.sub(r"^the\s+", "", MEETING_KIND_RE.sub(" ", rest), flags=re.I)
    rest = re.sub(r",\s*(?:inc|ltd|llc|cic)\b\.?", "", rest, flags=re.I)  # "Association, Inc. Board of ..." (Falls Creek p1)
    rest = re.sub(r"^[^A-Za-z]+", "", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" -–:,.")
    words = re.findall(r"[A-Za-z]{2,}", rest)
    if find_date(rest) or re.match(r"(?i)(?:revised|draft|page)\b", rest):
        return ""
    if len(words) >= 2 or (len(words) == 1 and _names_body(rest)):
        return rest
    return ""


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9’']+", text.lower()) if w not in ("the", "of")]


def _names_body(text: str) -> bool:
    words = re.findall(r"[a-z’'-]+", text.lower())
    if words and words[-1] == "meeting":
        return bool(MEETING_BODY_RE.search(text))  # "Annual Parish Meeting" names a body, "a Meeting" does not
    # "Planning Commission", "Board of Zoning Appeals", "Committee on Ways and Means": a head, perhaps its "of ..."
    heads = [k for k, w in enumerate(words) if w in BODY_HEADS and w != "meeting"]
    return bool(heads) and (heads[-1] == len(words) - 1 or words[heads[-1] + 1] in ("of", "for", "on"))


def _is_prose(text: str) -> bool:
    return len(text.split()) >= 8 or bool(re.search(r"[a-z]{2}\.$", text))


def _joined(parent: str, child: str) -> str:
    """ "Horsley Village Hall" + "Village Hall Management Committee" (Horsley village hall p1): shared words once."""
    pw, cw = parent.split(), child.split()
    for k in range(min(len(pw), len(cw)), 0, -1):
        if [w.lower() for w in pw[-k:]] == [w.lower() for w in cw[:k]]:
            return " ".join(pw + cw[k:])
    return f"{parent} {child}"


def _title_case(text: str) -> str:
    if not is_upper(text):
        # "City of Alameda, California SOCIAL SERVICE HUMAN RELATIONS BOARD" (Alameda SSHRB p1): the run in capitals
        return re.sub(r"\b[A-Z]{2,}(?:\s+[A-Z&]{2,})+\b", lambda m: _title_case(m.group(0)), text)
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
