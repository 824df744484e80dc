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
from dataclasses import dataclass

from minutebook.ingest.dates import find_date, find_time
from minutebook.ingest.segment import Para, paragraphs
from minutebook.models import Item, Meeting, Person, Resolution, Section

__all__ = ["parse_sections", "parse_meeting", "split_people", "TITLES"]

logger = logging.getLogger(__name__)

TITLES = r"(?:Cllr|Clir|Councillor|Councilmember|Council\s?member|Commissioner|Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Sir|Dame|Rev|Revd)\.?"
_NAME_TOKEN = r"[A-Z][A-Za-z'’\-]+"
ITEM_RE = re.compile(
    r"^(?:item\s+)?\(?\*?(?P<num>\d{1,3}[A-Za-z]?|\d{1,2}-[A-Z]|\d{2}-\d{2,4}|\d{2}/\d{3}|[A-Z]|[IVX]{1,5})"
    r"(?:[.):]\s*|\s+[-–]\s+|\s+)(?P<title>[A-Za-z\"'‘“(].*)$",
    re.S,
)
PAGES_REF_RE = re.compile(r"\(\s*pages?\s+(\d+\s*[-–]\s*\d+|\d+)\s*\)", re.I)
RESOLVED_RE = re.compile(r"^(?:it\s+was\s+)?(?:RESOLVED|AGREED|DECISION|DECIDED)\b\s*(?:[:\-–,]\s*)?", re.I)
POINT_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[a-z])[.)]\s+(?P<text>.+)$", re.S)
SUB_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[ivx]{1,5}|\d{1,2}|[a-z])[.)]\s+(?P<text>.+)$", re.I | re.S)
POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
EXEMPT_TITLE_RE = re.compile(r"\bexempt\b|\bconfidential\b|\bpart\s+(?:b|2|ii)\b|\bclosed\s+session\b|\brestricted\b", re.I)
PRESENT_RE = re.compile(
    r"^(?:roll\s+call\s*[-–:]?\s*)?(?:members\s+)?(?:present|in\s+attendance|attendees|attending)\s*(?:were)?\s*[:\-–]\s*", re.I
)
ALSO_PRESENT_RE = re.compile(r"^\[?(?:also\s+(?:present|in\s+attendance)|(?:officers?|staff)\s+(?:present|in\s+attendance))\s*[:\-–]\s*", re.I)
APOLOGIES_RE = re.compile(
    r"(?:apologies\s+(?:for\s+absence\s+)?(?:were\s+)?(?:received\s+)?(?:from\s+)?|^apologies\s*[:\-–]\s*|^absent\s*[:\-–]\s*)", re.I
)
SUBSTITUTE_RE = re.compile(rf"(?P<who>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})\s+(?:to\s+)?substitut\w*\s+for\s+(?P<for>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})")
CHAIR_RE = re.compile(r"\((?:co-?)?chair(?:man|woman|person)?\)|\bin\s+the\s+chair\b", re.I)
CONVENED_RE = re.compile(
    rf"(?:(?:Mayor|Chair(?:man|woman|person)?|President|Vice[- ]Chair)\s+)(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}})\s+"
    r"(?:convened|called\s+the\s+meeting\s+to\s+order|presided|opened\s+the\s+meeting)"
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
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


@dataclass(slots=True)
class _Heading:
    index: int
    number: str
    title: str
    pages_ref: str
    styled: bool = True  # a set heading; a plain numbered paragraph is also the item's first paragraph


def parse_sections(sections: list[Section]) -> list[Meeting]:
    """Meetings for every agenda/minutes section; reports attach to their agenda item; same-day parts merge."""
    acronyms = _acronyms(sections)
    meetings: list[Meeting] = []
    orphans: list[Section] = []
    for sec in sections:
        if sec.kind in ("agenda", "minutes") or (sec.kind == "other" and not meetings):
            meeting = parse_meeting(sec, acronyms)
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
    into.pages = (min(into.pages[0], other.pages[0]), max(into.pages[1], other.pages[1]))


def _acronyms(sections: list[Section]) -> set[str]:
    """Upper-case words used in running text: they stay upper case when a heading is sentence-cased."""
    found: set[str] = set()
    for sec in sections:
        for page in sec.pages:
            for line in page.lines:
                letters = [c for c in line.text if c.isalpha()]
                if line.bold or not letters or sum(c.isupper() for c in letters) / len(letters) > 0.4:
                    continue  # headings and table captions are not evidence of an acronym
                found.update(re.findall(r"\b[A-Z][A-Z0-9&]{1,5}\b", line.text))
    return found - _COMMON_CAPS


_COMMON_CAPS = {"AND", "THE", "OF", "FOR", "TO", "IN", "ON", "NEW", "ANY", "OR", "BY", "AT", "AN", "A", "IS", "BE", "IT"}


def nice_title(text: str, acronyms: set[str]) -> str:
    """Sentence case for an all-capitals heading, keeping acronyms (CCTV, DAHA) as printed."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
        return text
    words = []
    for n, word in enumerate(text.split()):
        core = word.strip("()'\"‘’,.:;-–")
        if core in acronyms or (core.isalpha() and len(core) > 1 and not re.search(r"[AEIOUY]", core)):
            words.append(word)
        else:
            words.append(word.capitalize() if n == 0 else word.lower())
    return " ".join(words)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.85


def _num_key(num: str) -> tuple[int, int]:
    """Comparable key for item numbers of one scheme: 79, 5A, 23-123, C, IV."""
    if num.lower() in ROMAN:
        return (ROMAN.index(num.lower()) + 1, 0)
    m = re.match(r"(\d+)(?:[-/](\d+))?-?([A-Za-z]?)$", num)
    if m:
        return (int(m.group(1)) * 10000 + int(m.group(2) or 0), ord(m.group(3).lower()) if m.group(3) else 0)
    return (ord(num.upper()) - 64, 0) if len(num) == 1 else (0, 0)


def _scheme(num: str) -> str:
    if num.isdigit() or re.match(r"\d+-?[A-Za-z]$", num):
        return "arabic"
    if re.match(r"\d+[-/]\d+$", num):
        return "file"
    if num.lower() in ROMAN and len(num) > 1 or num in ("I", "V", "X"):
        return "roman"
    return "letter"


def _find_headings(paras: list[Para], start: int) -> list[_Heading]:
    """Numbered headings in reading order, keeping the dominant numbering scheme and rising numbers.

    Headings set in bold or capitals are trusted; plain numbered paragraphs ("1. Call to Order.", the
    Horsley minutes, Cuyahoga's agenda) count only when the document has no styled ones and they run on by one.
    """
    styled: list[_Heading] = []
    plain: list[_Heading] = []
    for i in range(start, len(paras)):
        p = paras[i]
        m = ITEM_RE.match(p.text)
        if not m or RESOLVED_RE.match(m.group("title")) or not re.search(r"[A-Za-z]{2}", m.group("title")):
            continue
        title = m.group("title").strip()
        is_styled = (p.heading or _is_upper(title)) and len(p.text) <= 260
        if not is_styled:
            # a plain paragraph: its first sentence or line is the title
            title = re.split(r"(?<=[a-z0-9)])[.;:](?:\s|$)|\n", title, maxsplit=1)[0][:150]
        ref = PAGES_REF_RE.search(title)
        if ref:
            title = (title[: ref.start()] + title[ref.end() :]).strip()
        h = _Heading(i, m.group("num"), title.strip(" .:-–"), ref.group(1) if ref else "", is_styled)
        (styled if is_styled else plain).append(h)
    best = _best_run(styled, consecutive=False)
    if len(best) < 2:
        run = _best_run(plain, consecutive=True)
        if len(run) >= 3 or (run and not best):
            best = run
    return best


def _best_run(cands: list[_Heading], consecutive: bool) -> list[_Heading]:
    if not cands:
        return []
    by_scheme: dict[str, list[_Heading]] = {}
    for c in cands:
        by_scheme.setdefault(_scheme(c.number), []).append(c)
    # Arabic numbering wins ties: a stray "A." heading must not displace a numbered agenda.
    order = {"arabic": 3, "file": 2, "roman": 1, "letter": 0}
    runs = []
    for scheme, hs in by_scheme.items():
        kept: list[_Heading] = []
        for h in hs:
            if not kept or (_num_key(h.number) > _num_key(kept[-1].number)
                            and (not consecutive or _next_of(kept[-1].number, h.number))):
                kept.append(h)
        runs.append((len(kept) + (2 if scheme == "arabic" and len(kept) >= 3 else 0), order[scheme], kept))
    return max(runs, key=lambda r: (r[0], r[1]))[2]


def _next_of(a: str, b: str) -> bool:
    """b follows a closely: the next number, a lettered sub-item, or (for file numbers) a small gap."""
    ka, kb = _num_key(a), _num_key(b)
    step = kb[0] - ka[0]
    return step in (1, 10000) or (kb[0] == ka[0] and kb[1] > ka[1]) or (_scheme(a) == "file" and 0 < step <= 5)


def parse_meeting(section: Section, acronyms: set[str] | None = None) -> Meeting:
    """One meeting from one agenda or minutes section."""
    acronyms = acronyms or set()
    paras = paragraphs(section)
    kind = section.kind if section.kind in ("agenda", "minutes") else "agenda"
    meeting = Meeting(body="", date="", kind=kind, pages=(section.pages[0].cite, section.pages[-1].cite))
    _parse_header(meeting, paras)
    headings = _find_headings(paras, 0)
    if not headings:
        meeting.unrecognised.append("no numbered items found; the text is searchable by page")
    first_item = headings[0].index if headings else len(paras)
    for n, h in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else len(paras)
        first = h.index + (1 if h.styled else 0)
        body = [p for p in paras[first:end] if not SIGNED_RE.match(p.text)]
        item = Item(
            number=h.number,
            title=nice_title(h.title, acronyms),
            page=paras[h.index].page,
            page_end=max([paras[h.index].page] + [p.page_end for p in body]),
            pages_ref=h.pages_ref,
            exempt=bool(EXEMPT_TITLE_RE.search(h.title)) or any(p.exempt for p in body),
        )
        _fill_item(item, body, kind)
        meeting.items.append(item)
    _parse_people(meeting, paras, first_item)
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
    for p in head:
        text = p.text.strip()
        if not (p.heading or _is_upper(text) or p is head[0]) or ITEM_RE.match(text):
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
    if not _is_upper(text):
        return text
    out = []
    for n, w in enumerate(text.split()):
        lw = w.lower()
        out.append(lw if n and lw in SMALL_WORDS else w.capitalize())
    return " ".join(out)


def _fill_item(item: Item, body: list[Para], kind: str) -> None:
    texts: list[str] = []
    in_resolution = False
    for p in body:
        text = p.text
        if item.exempt and p.exempt:
            continue
        item.paragraphs.append((p.page, text))
        m = RESOLVED_RE.match(text)
        if m and (p.heading or text[: m.end()].strip(" :-–,").isupper()):
            in_resolution = True
            rest = text[m.end() :].strip()
            if rest:
                item.resolutions.extend(_resolution_parts(rest, p.page))
            texts.append(text)
            continue
        if in_resolution:
            if _continues_resolution(text, item):
                _add_resolution_text(item, text, p.page)
                texts.append(text)
                continue
            in_resolution = False
        for note in POST_NOTE_RE.finditer(text):
            item.notes.append(note.group("text").strip(" .*") + ".")
        pm = POINT_RE.match(text)
        if pm and kind == "minutes":
            item.points.append(text)
        texts.append(text)
    _distribute_intro(item)
    motions = _motions(texts, body)
    item.resolutions.extend(motions)
    item.text = "\n\n".join(texts)
    if kind == "agenda":
        item.description = "\n\n".join(t for t in texts if not RESOLVED_RE.match(t))[:2000]


def _distribute_intro(item: Item) -> None:
    """'That the Board: i. Noted ... ii. Recommended ...' is two decisions, each read with its introduction."""
    out: list[Resolution] = []
    intro = ""
    for r in item.resolutions:
        if r.text.endswith(":"):
            intro = r.text
            continue
        if intro:
            r.text = f"{intro} {r.text}"
        out.append(r)
    if intro and not out:
        out = [r for r in item.resolutions]
    item.resolutions = out


def _continues_resolution(text: str, item: Item) -> bool:
    """After RESOLVED: the decision text and its numbered parts, not the next paragraph of discussion."""
    if not item.resolutions:
        return True
    last = item.resolutions[-1].text
    return last.endswith(":") or bool(SUB_RE.match(text)) or text.lower().startswith("that ")


def _resolution_parts(text: str, page: int) -> list[Resolution]:
    return [Resolution(text=_strip_mark(t), page=page) for t in _split_subs(text)]


def _add_resolution_text(item: Item, text: str, page: int) -> None:
    if item.resolutions and item.resolutions[-1].text.endswith(":") and not SUB_RE.match(text):
        item.resolutions[-1].text += " " + text
        return
    item.resolutions.extend(_resolution_parts(text, page))


def _split_subs(text: str) -> list[str]:
    parts = re.split(r"\s(?=\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+[A-Z])", text)
    return [p.strip() for p in parts if p.strip()]


def _strip_mark(text: str) -> str:
    m = SUB_RE.match(text)
    return m.group("text").strip() if m else text.strip()


MOVED_RE = re.compile(
    rf"(?P<mover>(?:(?:Vice\s+)?(?:Council\s?member|Commissioner|Mayor|Chair(?:person)?|Trustee|Board\s+Member|Member|Director|Supervisor|President|Cllr\.?|Councillor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)\s+"
    r"(?:moved|made\s+a\s+motion|motioned)\s+(?P<what>[^.]*(?:\.(?!\s+[A-Z])[^.]*)*)\.",
)
SECONDED_RE = re.compile(
    rf"(?:(?P<seconder>(?:(?:Vice\s+)?(?:Council\s?member|Commissioner|Mayor|Chair(?:person)?|Trustee|Board\s+Member|Member|Director|Supervisor|President|Cllr\.?|Councillor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)\s+seconded|seconded\s+by\s+(?P<seconder2>(?:\w+\.?\s+)?{_NAME_TOKEN}))",
)
# "carried out" is work done, not a vote (Haringey minutes); the tally is bounded to the vote's own words.
OUTCOME_RE = re.compile(r"\b(carried(?!\s+out)|passed|adopted|failed|defeated|withdrawn|withdrew|lost)\b", re.I)
TALLY_RE = re.compile(
    r"\bayes\s*[:\-–]?\s*(?P<ayes>\d+)(?:[^.]{0,80}?\.?\s*noes\s*[:\-–]?\s*(?P<noes>\d+))?"
    r"|\bvote\b[^.]{0,30}?[-–]\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?|\b(unanimous(?:ly)?)\b",
    re.I,
)


def _motions(texts: list[str], body: list[Para]) -> list[Resolution]:
    """US-style motions: mover, seconder, outcome and vote tally become a resolution.

    The seconder and the vote are often paragraphs of their own after the motion (Alameda minutes),
    so each motion reads on into the next few paragraphs, up to the next motion.
    """
    out: list[Resolution] = []
    pages = [p.page for p in body]
    for n, text in enumerate(texts):
        for m in MOVED_RE.finditer(text):
            after = " ".join([text[m.end() :], *texts[n + 1 : n + 4]])
            nxt = MOVED_RE.search(after)
            window = after[: nxt.start()] if nxt else after
            window = window[:900]
            sec = SECONDED_RE.search(window)
            outcome = OUTCOME_RE.search(window)
            tally = TALLY_RE.search(window)
            what = re.sub(r"^(?:to\s+)?", "", m.group("what").strip())
            res = Resolution(
                text=f"Motion: {what}." if what else m.group(0),
                page=pages[n] if n < len(pages) else (pages[-1] if pages else 0),
                mover=m.group("mover").strip(),
                seconder=((sec.group("seconder") or sec.group("seconder2")) or "").strip() if sec else "",
            )
            if outcome:
                word = outcome.group(1).lower()
                res.outcome = {"passed": "carried", "approved": "carried", "adopted": "carried", "defeated": "failed",
                               "lost": "failed", "withdrew": "withdrawn"}.get(word, word)
            if tally:
                if tally.group("ayes"):
                    res.tally = f"{tally.group('ayes')}-{tally.group('noes') or 0}"
                elif tally.group("a"):
                    res.tally = f"{tally.group('a')}-{tally.group('b')}"
                else:
                    res.tally = "unanimous"
            out.append(res)
    return out


def split_people(text: str) -> list[Person]:
    """Attendance written as "Name – Role Name – Role ..." or as a list "A, B (Org) and C"."""
    text = text.strip().rstrip(".")
    if len(re.findall(r"\s[–-]\s", text)) >= 2 and not re.search(r"[–-]\s*\d+\.?$", text):
        return _split_name_role(text)
    people = []
    carried = ""  # "Councilmembers A, B, C": the plural role applies to every name after it
    for chunk in _split_list(text):
        chunk = re.sub(r"^(?:and\s+)", "", chunk.strip()).strip(" .;")
        org = ""
        m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<org>[^)]*)\)\s*$", chunk)
        if m:
            chunk, org = m.group("name"), m.group("org")
        chunk = re.sub(r"\s*[–-]\s*\d+$", "", chunk)
        role = ""
        rm = re.match(rf"^(?P<role>(?:Vice\s+)?(?:Mayor|Chair|Chairman|Chairwoman|Chairperson|President|Vice[- ]Chair|Councilmembers?|Commissioners?|Trustees?|Members?|Directors?|Supervisors?))\s+(?P<name>{_NAME_TOKEN}.*)$", chunk)
        if rm:
            role, chunk = rm.group("role"), rm.group("name")
            carried = role if role.endswith("s") else ""
        elif carried:
            role = carried
        else:
            # "Chief Assistant City Attorney Elizabeth Mackenzie": the post, then the person's two names
            tokens = chunk.strip(" []").split()
            if len(tokens) >= 4 and all(re.fullmatch(_NAME_TOKEN, t) for t in tokens[-2:]):
                role, chunk = " ".join(tokens[:-2]), " ".join(tokens[-2:])
        name = _clean_name(chunk.strip(" []"))
        if name and len(name) < 60 and re.match(r"[A-Z]", name):
            chair = bool(CHAIR_RE.search(org)) or role.lower() in ("chair", "chairman", "chairwoman", "chairperson")
            people.append(Person(name=name, role=role[:-1] if role.endswith("s") else role,
                                 organisation="" if chair else org, chair=chair))
    return people


def _split_list(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\s+and\s+|\s+&\s+)", text)
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and tok is not None and (tok in (",", ";") or re.fullmatch(r"\s+(?:and|&)\s+", tok)):
            parts.append(cur)
            cur = ""
        else:
            cur += tok or ""
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _split_name_role(text: str) -> list[Person]:
    segments = re.split(r"\s[–-]\s", text)
    names = [segments[0]]
    roles = []
    name_tail = re.compile(rf"(?:(?:{TITLES})\s+)?{_NAME_TOKEN}\s+(?:{_NAME_TOKEN}\s+)?{_NAME_TOKEN}$")
    for seg in segments[1:-1]:
        m = _last_name_in(seg, name_tail)
        if m is None:
            roles.append(seg)
            names.append("")
            continue
        roles.append(seg[:m].strip(" ,"))
        names.append(seg[m:].strip())
    roles.append(segments[-1])
    people = []
    for name, role in zip(names, roles):
        clean = _clean_name(name)
        if not clean:
            continue
        chair = bool(CHAIR_RE.search(role))
        role = CHAIR_RE.sub("", role).strip(" ,")
        people.append(Person(name=clean, role=role, chair=chair))
    return people


def _last_name_in(seg: str, name_tail: re.Pattern[str]) -> int | None:
    """Offset where the trailing person's name starts in 'Role words Name Surname'."""
    tokens = list(re.finditer(r"\S+", seg))
    if len(tokens) < 2:
        return None
    # Prefer a two-word name; take a title (Cllr, Dr) in front of it as part of the name.
    start = tokens[-2].start()
    if not re.fullmatch(_NAME_TOKEN, tokens[-2].group()) or not re.fullmatch(_NAME_TOKEN, tokens[-1].group()):
        return None
    if len(tokens) >= 3 and re.fullmatch(TITLES, tokens[-3].group()):
        start = tokens[-3].start()
    return start


def _clean_name(name: str) -> str:
    name = re.sub(rf"^(?:{TITLES}\s+)+", "", name.strip())
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return name


def _list_after(paras: list[Para], n: int, rest: str) -> str:
    """The list under a 'Present:' heading: the text after the colon, else the paragraphs below it."""
    if rest.strip():
        return rest
    out = []
    for p in paras[n + 1 : n + 6]:
        if p.heading or PRESENT_RE.match(p.text) or APOLOGIES_RE.match(p.text) or ITEM_RE.match(p.text):
            break
        out.append(p.text)
    return " ".join(out)


def _people_in(text: str) -> list[Person]:
    """People in an attendance list; "Jane Archer (JA) Alan Caudwell (AC)" lists are read by their initials."""
    tagged = NAME_INITIALS_RE.findall(text)
    if len(tagged) >= 2:
        return [Person(name=_clean_name(name), initials=ini) for name, ini in tagged]
    return split_people(text)


NAME_INITIALS_RE = re.compile(rf"((?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})+)\s*\(([A-Z]{{2,3}})\)")


def _parse_people(meeting: Meeting, paras: list[Para], first_item: int) -> None:
    for n, p in enumerate(paras):
        text = p.text
        m = PRESENT_RE.match(text) or ALSO_PRESENT_RE.match(text)
        if m and not meeting.attendees or (m and ALSO_PRESENT_RE.match(text)):
            rest = _list_after(paras, n, text[m.end() :])
            rest = re.split(r"\s(?:absent|apologies)\s*:", rest, maxsplit=1, flags=re.I)[0]
            meeting.attendees.extend(_people_in(rest))
            tail = re.search(r"\babsent\s*:\s*(.+)$", text, re.I)
            if tail and not meeting.apologies:
                meeting.apologies = [Person(name=x.name, organisation=x.organisation) for x in split_people(tail.group(1))]
            continue
        am = APOLOGIES_RE.search(text)
        if am and not meeting.apologies and ("from" in text[: am.end()].lower() or am.start() == 0):
            rest = re.split(r"(?<=[.])\s+(?=[A-Z])", _list_after(paras, n, text[am.end() :]), maxsplit=1)[0]
            if rest.strip().lower().startswith(("none", "there were no", "no apologies")):
                continue
            meeting.apologies = [Person(name=x.name, organisation=x.organisation or x.role, initials=x.initials)
                                 for x in _people_in(rest)]
        for sm in SUBSTITUTE_RE.finditer(text):
            who, for_ = _clean_name(sm.group("who")), _clean_name(sm.group("for"))
            for person in meeting.attendees:
                if person.name == who:
                    person.substitute_for = for_
    chair = next((a for a in meeting.attendees if a.chair), None)
    if chair:
        meeting.chair = chair.name
    else:
        for p in paras[: first_item + 5]:
            m = CONVENED_RE.search(p.text)
            if m:
                meeting.chair = _full_name(m.group("name"), meeting.attendees)
                break


def _full_name(name: str, people: list[Person]) -> str:
    hits = [p.name for p in people if p.name == name or p.name.split()[-1] == name.split()[-1]]
    return hits[0] if len(hits) == 1 else name


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
