"""What `minutebook show` opens: any search hit, a meeting by date or id prefix, or BODY DATE ITEM.

A reference is one of:

- a hit's `doc_id` as search prints it: `minute_item:<item id>`, `point:<item id>/2`,
  `resolution:<id>`, `action:<id>`, `report_section:<item id>/3`, `plan_action:<item id>/1`,
  `page:<document id>:<pdf page>`;
- an item id (`<meeting id>.<number>`) or a meeting id, either as a unique prefix;
- a meeting date (`2019-10-09`), optionally with a body before it and an item number after it:
  `"Community Safety Partnership" 2019-10-09 94`, `community safety 2019-10-09`, `2019-10-09 94`.

Nothing here prints: `resolve` returns a `Shown` for `render.render_shown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from minutebook.errors import Ambiguous, MinutebookError, NotFound
from minutebook.models import Item, Meeting, Page

__all__ = ["Shown", "resolve"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECORD_KINDS = ("minute_item", "agenda_item", "point", "resolution", "action", "report_section", "plan_action",
                "page")


@dataclass(slots=True)
class Shown:
    """A resolved reference: the meeting (and item, and record) it names, with the document's pages and file."""

    kind: str  # "meeting" | "item" | a record kind of the search index ("resolution", "page", ...)
    meeting: Meeting | None = None
    item: Item | None = None
    record: Any = None  # Resolution, Action, ReportSection, PlanAction, a point's text, or a Page
    pages: list[Page] = field(default_factory=list)  # the document's pages, for printed label <-> PDF page
    path: str = ""

    def locate(self, text: str, first: int | None, last: int | None = None) -> list[tuple[int, str]]:
        """The (PDF page, printed label) pages `text` is printed on, found as the search index finds them.

        A cited number alone can be two pages (an unnumbered agenda page 2 and
        printed page 2), so the text decides; a record whose text is not found
        (a table row) falls back to the page its number names.
        """
        from minutebook.search import PageLocator

        locator = PageLocator(self.pages)
        found = locator.page_map(text, first or 0, max(first or 0, last or 0) + 1) if text else []
        if not found and first:
            found = locator.cited(first)
        return [(int(e[1]), str(e[2])) for e in found]

    def where(self, text: str, first: int | None, last: int | None = None) -> str:
        """"p.8 (PDF p.11)", "p.2–3 (PDF p.5–6)" or "PDF p.1" (an unnumbered page) for a record's text."""
        return self.span([(text, first, last)])

    def span(self, parts: list[tuple[str, int | None, int | None]]) -> str:
        """As `where`, from the first page of the first part's text to the last page of the last part's."""
        if not parts:
            return ""
        head = self.locate(*parts[0])
        tail = self.locate(*parts[-1]) if len(parts) > 1 else head
        pages = head[:1] + tail[-1:] if head and tail else head or tail
        first = parts[0][1]
        if not pages:
            return f"p.{first}" if first else ""
        (a, la), (b, lb) = pages[0], pages[-1]
        if a == b:
            return f"p.{la} (PDF p.{a})" if la.isdigit() else f"PDF p.{a}"
        if la.isdigit() and lb.isdigit():
            return f"p.{la}–{lb} (PDF p.{a}–{b})"
        return f"PDF p.{a}–{b}"


    def _text_and_pages(self) -> tuple[str, int | None, int | None]:
        """The text this reference stands for and the cited pages it is said to span."""
        from minutebook.search import item_text

        m, it, rec = self.meeting, self.item, self.record
        if self.kind == "page":
            return rec.text, rec.cite, rec.cite
        if self.kind == "meeting":
            return "", m.pages[0] if m else None, m.pages[1] if m else None
        if self.kind == "item":
            return item_text(it), it.page, it.page_end
        text = rec if isinstance(rec, str) else getattr(rec, "text", "") or getattr(rec, "action", "")
        page = getattr(rec, "page", None) or it.page
        return text, page, max(page, it.page_end or 0)

    def citation(self) -> str:
        """"Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)" for what this names."""
        from minutebook.search import date_words, item_text

        m, it = self.meeting, self.item
        parts = [m.body, date_words(m.date) or "undated"] if m is not None else [self.path]
        if it is not None:
            parts.append(f"minute {it.number}" if m.kind == "minutes" else f"agenda item {it.number}")
        if self.kind == "meeting" and m is not None and m.items:
            parts.append(self.span([(item_text(i), i.page, i.page_end) for i in (m.items[0], m.items[-1])]))
        else:
            parts.append(self.where(*self._text_and_pages()))
        return ", ".join(p for p in parts if p)

    def to_json(self, include_exempt: bool = False) -> dict[str, Any]:
        """What `show --json` prints; the text of an exempt item or page only with `include_exempt`."""
        m, it, rec = self.meeting, self.item, self.record
        text, first, last = self._text_and_pages()
        withheld = not include_exempt and ((it is not None and it.exempt) or (self.kind == "page" and rec.exempt))
        out: dict[str, Any] = {
            "kind": self.kind,
            "citation": self.citation(),
            "pages": [{"pdf_page": index, "page_label": label} for index, label in self.locate(text, first, last)],
            "path": self.path,
            "meeting": None if m is None else {"id": m.id, "body": m.body, "date": m.date, "kind": m.kind},
            "item": None if it is None else {"id": it.id, "number": it.number, "title": it.title,
                                             "exempt": it.exempt},
            "exempt_withheld": withheld,
            "text": "" if withheld else text,
        }
        if self.kind == "resolution" and not withheld:
            out.update(mover=rec.mover, seconder=rec.seconder, outcome=rec.outcome, tally=rec.tally)
        if self.kind == "action" and not withheld:
            out.update(id=rec.id, owners=rec.owners, status=rec.status, due=rec.due)
        if self.kind == "meeting" and m is not None:
            out["items"] = [{"id": i.id, "number": i.number, "title": i.title, "exempt": i.exempt} for i in m.items]
        return out


def _document(store: Any, document_id: str) -> tuple[list[Page], str]:
    pages = [p for _, p in store.pages(document_id)]
    path = next((d.path for d in store.documents() if d.id == document_id), "")
    return pages, path


def _with_document(store: Any, shown: Shown, document_id: str) -> Shown:
    shown.pages, shown.path = _document(store, document_id)
    return shown


def _meeting_by_prefix(store: Any, prefix: str) -> Meeting | None:
    ids = store.meeting_ids()
    if prefix in ids:
        return store.meeting(prefix)
    found = [i for i in ids if i.startswith(prefix)]
    if len(found) > 1:
        raise Ambiguous(f"meeting id {prefix!r}", found[:10])
    return store.meeting(found[0]) if found else None


def _item(meeting: Meeting, number: str) -> Item:
    want = number.strip().rstrip(".").lower()
    for item in meeting.items:
        if item.number.lower().rstrip(".") == want:
            return item
    raise NotFound(f"meeting {meeting.id} ({meeting.kind} of {meeting.date or 'undated'}) has no item {number}")


def _item_by_id(store: Any, item_id: str) -> tuple[Meeting, Item] | None:
    meeting_id, dot, number = item_id.partition(".")
    if not dot:
        return None
    meeting = _meeting_by_prefix(store, meeting_id)
    return (meeting, _item(meeting, number)) if meeting is not None else None


def _nth(records: list[Any], n: str, what: str, item: Item) -> Any:
    try:
        return records[int(n) - 1]
    except (ValueError, IndexError):
        raise NotFound(f"item {item.id} has no {what} {n}") from None


def _record(store: Any, kind: str, rest: str) -> Shown:
    if kind == "page":
        document_id, _, index = rest.rpartition(":")
        pages, path = _document(store, document_id)
        page = next((p for p in pages if str(p.index) == index), None)
        if page is None:
            raise NotFound(f"no page {index} in document {document_id}")
        holder = next((m for m in store.meetings() if m.document_id == document_id
                       and m.pages[0] <= page.cite <= m.pages[1]), None)
        return Shown("page", meeting=holder, record=page, pages=pages, path=path)
    item_ref, slash, n = rest.rpartition("/")
    if kind in ("minute_item", "agenda_item") or not slash and kind not in ("resolution", "action"):
        found = _item_by_id(store, rest)
        if found is None:
            raise NotFound(f"no item {rest}")
        return _with_document(store, Shown("item", meeting=found[0], item=found[1]), found[0].document_id)
    if slash:
        found = _item_by_id(store, item_ref)
        if found is None:
            raise NotFound(f"no item {item_ref}")
        meeting, item = found
        records = {"point": item.points, "resolution": item.resolutions, "action": item.actions,
                   "report_section": item.reports, "plan_action": item.plan_actions}[kind]
        record = _nth(records, n, kind.replace("_", " "), item)
        return _with_document(store, Shown(kind, meeting=meeting, item=item, record=record), meeting.document_id)
    # A resolution or action by its own id (or a unique prefix of it).
    for meeting in store.meetings():
        for item in meeting.items:
            records = item.resolutions if kind == "resolution" else item.actions
            for record in records:
                if record.id == rest or record.id.startswith(rest) and len(rest) >= 4:
                    return _with_document(store, Shown(kind, meeting=meeting, item=item, record=record),
                                          meeting.document_id)
    raise NotFound(f"no {kind} {rest}")


def _by_date(store: Any, words: list[str]) -> Shown:
    at = next(i for i, w in enumerate(words) if _DATE_RE.match(w))
    body, date, number = " ".join(words[:at]).strip(), words[at], " ".join(words[at + 1:]).strip()
    meetings = [m for m in store.meetings() if m.date == date]
    if body:
        want = " ".join(body.lower().split())
        meetings = [m for m in meetings if want in " ".join(m.body.lower().split())]
    if number and len(meetings) > 1:  # the minutes and the agenda of one day: the one with that item
        having = [m for m in meetings if any(i.number.lower().rstrip(".") == number.lower().rstrip(".")
                                             for i in m.items)]
        meetings = having or meetings
    if not meetings:
        where = f" of {body}" if body else ""
        raise NotFound(f"no meeting{where} on {date}")
    if len(meetings) > 1:
        minutes = [m for m in meetings if m.kind == "minutes"]
        if len(minutes) != 1:
            raise Ambiguous(f"{body + ' ' if body else ''}{date}",
                            [f"{m.id} ({m.kind}, {m.body})" for m in meetings])
        meetings = minutes
    meeting = meetings[0]
    if number:
        return _with_document(store, Shown("item", meeting=meeting, item=_item(meeting, number)), meeting.document_id)
    return _with_document(store, Shown("meeting", meeting=meeting), meeting.document_id)


def resolve(store: Any, words: list[str]) -> Shown:
    """The meeting, item or record `words` name (see the module docstring); NotFound or Ambiguous otherwise."""
    words = [w for w in (w.strip() for w in words) if w]
    if not words:
        raise MinutebookError("show what? give a meeting date, an id from search, or BODY DATE ITEM")
    if any(_DATE_RE.match(w) for w in words):
        return _by_date(store, words)
    ref = " ".join(words)
    kind, colon, rest = ref.partition(":")
    if colon and kind in RECORD_KINDS:
        return _record(store, kind, rest)
    if "." in ref:
        found = _item_by_id(store, ref)
        if found is not None:
            return _with_document(store, Shown("item", meeting=found[0], item=found[1]), found[0].document_id)
    meeting = _meeting_by_prefix(store, ref)
    if meeting is not None:
        return _with_document(store, Shown("meeting", meeting=meeting), meeting.document_id)
    raise NotFound(f"nothing to show for {ref!r}: give a meeting date (2019-10-09), an id from search "
                   "(m1a2b3c4, m1a2b3c4.91, action:…), or BODY DATE ITEM")
