"""Reports attached to agenda items: cover-sheet fields, numbered sections, recommendations."""

from __future__ import annotations

import re

from minutebook.ingest.segment import Para
from minutebook.models import Item, Meeting, Person, PlanAction, ReportSection, Section

__all__ = ["attach_reports", "plan_actions", "membership", "exempt_pages"]

MEMBER_RE = re.compile(
    r"(?:(?:Cllr|Clir|Councillor|Dr|Mr|Mrs|Ms)\.?[ ]+)?(?P<name>[A-Z][a-z'’\-]+[ ]+[A-Z][A-Za-z'’\-]+)[ ]*,[ ]*"
)
# Words of posts and organisations, never of a person's name: "Chief Executive, Haringey Council".
POST_WORDS = {"chief", "executive", "director", "manager", "officer", "commander", "member", "council", "service",
              "services", "trust", "police", "team", "board", "head", "assistant", "deputy", "leader", "cabinet",
              "borough", "fire", "group", "assembly", "commissioning", "support", "partnership", "superintendent",
              "inspector", "secretariat", "interim", "senior", "community", "public", "health", "london", "national"}

COVER_FIELDS = re.compile(
    r"\b(Report for|Title|Report authorised by|Authorised by|Lead Officer|Ward\(?s\)? affected|Key Decision)\s*:", re.I
)


def attach_reports(agenda: Meeting, section: Section, paras: list[Para]) -> None:
    """Store a report's text as sections of the agenda item it belongs to."""
    item = _item_for(agenda, section)
    if item is None:
        agenda.unrecognised.append(f"pages {section.pages[0].cite}-{section.pages[-1].cite}: not tied to an item")
        return
    if section.exempt:
        item.exempt = item.exempt or all(p.exempt for p in section.pages)
    item.plan_actions.extend(plan_actions(section))
    heading, buf, page = section.heading or item.title, [], paras[0].page if paras else item.page
    for p in paras:
        if p.exempt:
            continue
        if COVER_FIELDS.match(p.text):
            item.reports.extend(_cover(p.text, p.page))
            continue
        m = re.match(r"^(\d{1,2})\.\s+([A-Z][^.]{2,80}?)(?=\s+\d{1,2}\.\d|\s*$)", p.text)
        if m and buf:
            item.reports.append(ReportSection(heading=heading, text=" ".join(buf), page=page, kind=_kind(heading)))
            buf, heading, page = [], m.group(2), p.page
        buf.append(p.text)
    if buf:
        item.reports.append(ReportSection(heading=heading, text=" ".join(buf), page=page, kind=_kind(heading)))


def exempt_pages(sections: list[Section], meetings: list[Meeting]) -> set[int]:
    """PDF page indices that are exempt beyond the pages that say so themselves.

    - A report's pages from its "Document is exempt" page to its end: the notice covers the report, not only
      its own page.
    - Every page of a report tied to an exempt item ("EXEMPT - ..."), stamped "Agenda Item N" on its first page
      only, as the Haringey pack lays its reports out.
    - The pages wholly inside an exempt minute.
    """
    out: set[int] = set()
    agenda = next((m for m in meetings if m.kind == "agenda"), None)
    for sec in sections:
        if sec.kind == "report":
            flagged = [n for n, p in enumerate(sec.pages) if p.exempt]
            if flagged:
                out.update(p.index for p in sec.pages[flagged[0]:])
            item = _item_for(agenda, sec) if agenda is not None else None
            if item is not None and item.exempt:
                out.update(p.index for p in sec.pages)
    for m in meetings:
        if m.kind != "minutes":
            continue
        for n, it in enumerate(m.items):
            nxt = m.items[n + 1].page if n + 1 < len(m.items) else None
            if it.exempt:
                # printed page numbers: the pages after the one the minute starts on, before the next minute's
                last = it.page_end if nxt is None else min(it.page_end, nxt - 1)
                cites = set(range(it.page + 1, last + 1))
                own = [sec for sec in sections if sec.kind == m.kind and sec.pages[0].cite == m.pages[0]]
                out.update(p.index for sec in own[:1] for p in sec.pages if p.cite in cites)
    return out


def _kind(heading: str) -> str:
    return "recommendations" if re.search(r"recommend", heading, re.I) else "section"


def _item_for(agenda: Meeting, section: Section) -> Item | None:
    """The agenda item a report belongs to: by its "Agenda Item N" stamp, else by its title.

    A report that starts on a page of its own with no stamp (Haringey pack pp30-62: the VVE briefing, the DAHA,
    VAWG and CCTV reports) is the item whose title its opening words repeat most; a report of exempt pages only
    is the first exempt item that has no report yet.
    """
    if section.agenda_item:
        return next((i for i in agenda.items if i.number == section.agenda_item), None)
    if all(p.exempt for p in section.pages):
        return next((i for i in agenda.items if i.exempt and not i.reports and not i.plan_actions), None)
    opening = _title_words(" ".join(p.text for p in section.pages[:2])[:2500])
    best, best_score = None, 0.0
    for item in agenda.items:
        want = _title_words(item.title)
        want -= {w.lower() for w in want if w.isupper()}  # "(VAWG)" once, as the acronym
        if not want:
            continue
        common = want & opening
        # an acronym the title spells out ("(VVE)", "(DAHA)") counts for more than an ordinary word
        score = len(common) / len(want) + 0.5 * sum(1 for w in common if w.isupper())
        if score > best_score:
            best, best_score = item, score
    return best if best_score >= 0.6 else None


_TITLE_STOP = {"the", "and", "of", "in", "on", "for", "to", "a", "an", "update", "report", "review", "annual", "with",
               "from", "by", "at"}


def _title_words(text: str) -> set[str]:
    """Content words of a title, acronyms kept in capitals ("VVE", "DAHA") and everything else lower-cased."""
    shouting = sum(c.isupper() for c in text) > 0.6 * sum(c.isalpha() for c in text)
    # in a title set in capitals only a bracketed word is an acronym: "VULNERABILITY, VIOLENCE ... (VVE)"
    acronyms = re.findall(r"\(([A-Z]{2,6})\)", text) if shouting else re.findall(r"\b[A-Z]{3,6}\b", text)
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z&'’-]+", text) if w.lower() not in _TITLE_STOP and len(w) > 2}
    return words | set(acronyms)


def _cover(text: str, page: int) -> list[ReportSection]:
    """'Report for: X Title: Y Lead Officer: Z' -> one cover field each."""
    marks = list(COVER_FIELDS.finditer(text))
    out = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        value = text[m.end() : end].strip(" .;")
        if value:
            out.append(ReportSection(heading=m.group(1), text=value, page=page, kind="cover"))
    return out


_COLUMNS = {"action": r"^actions?$|^what$", "lead": r"lead|officer|who|owner|responsib", "links": r"link|strateg",
            "rag": r"\brag\b|status", "comments": r"comment|update|progress|notes?"}


def plan_actions(section: Section) -> list[PlanAction]:
    """Rows of action-plan tables (Action | Lead Officer | ... | RAG Status | Comments), continued rows joined."""
    out: list[PlanAction] = []
    cols: dict[str, int] = {}
    for page in section.pages:
        if page.exempt:
            continue
        for table in page.tables:
            for row in table:
                cells = [(c or "").strip() for c in row]
                found = _header(cells)
                if found:
                    cols = found
                    continue
                if not cols or not any(cells):
                    continue

                def cell(name: str, cells: list[str] = cells, cols: dict[str, int] = cols) -> str:
                    k = cols.get(name)
                    return cells[k] if k is not None and k < len(cells) else ""

                if out and (not cell("action") or _continues(out[-1], cell("action"), cell("comments"))):
                    last = out[-1]  # a row continued from above, on this page or the previous one
                    last.action = _join(last.action, cell("action"))
                    last.leads = _leads(" ".join(last.leads) + " " + cell("lead")) if cell("lead") else last.leads
                    last.comments = _join(last.comments, cell("comments"))
                    last.rag = last.rag or cell("rag")
                    if cell("links"):
                        last.extra["strategic_links"] = _join(last.extra.get("strategic_links", ""), cell("links"))
                    continue
                if not cell("action"):
                    continue
                extra = {"strategic_links": _flat(cell("links"))} if cell("links") else {}
                out.append(PlanAction(action=_flat(cell("action")), leads=_leads(cell("lead")), rag=_flat(cell("rag")),
                                      comments=_flat(cell("comments")), page=page.cite, extra=extra))
    return out


_CONNECTORS = {"the", "and", "to", "of", "in", "with", "for", "a", "an", "on", "by", "or", "as", "at", "from", "into"}


def _continues(last: PlanAction, action: str, comments: str) -> bool:
    """Some tables rule every printed line: a row that reads on from the last one belongs to it."""
    tail = last.action.split()[-1].lower() if last.action else ""
    return action[:1].islower() or tail in _CONNECTORS or last.action.endswith(("-", ",")) or (
        bool(comments) and comments[:1].islower() and not last.comments.endswith("."))


def _header(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for k, c in enumerate(cells):
        for name, rx in _COLUMNS.items():
            if name not in found and re.search(rx, c.strip(), re.I) and len(c) < 40:
                found[name] = k
                break
    return found if "action" in found and len(found) >= 3 else {}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _join(a: str, b: str) -> str:
    return _flat(f"{a} {b}") if b else a


def _leads(text: str) -> list[str]:
    parts = re.split(r"(?:^|\s)-(?=[A-Z])|;|\n-", text)
    return [_flat(p).strip(" ,-") for p in parts if _flat(p).strip(" ,-")]


def membership(section: Section, paras: list[Para]) -> list[Person]:
    """Members from a membership list ("Name, Role Name, Role ..."), when the section is one."""
    text = " ".join(p.text for p in paras[:40]).replace("\n", " \n ")
    if not re.search(r"\bmembership\b", section.heading + " " + text[:300], re.I):
        return []
    marks = [m for m in MEMBER_RE.finditer(text) if not {w.lower() for w in m.group("name").split()} & POST_WORDS]
    people = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else min(len(text), m.end() + 120)
        role = re.sub(r"\s+", " ", text[m.end() : end]).strip(" ,;")
        if len(role) > 160:  # ran into the terms of reference: the list is over
            break
        people.append(Person(name=m.group("name"), role=re.sub(r"\s*\((?:co-?)?chair\)", "", role, flags=re.I)))
    return people
