"""The action register: actions by owner, status changes with an audit trail, and the action log export.

Reads the store only (no NLP, no search index), so `minutebook actions` starts fast: this module imports
neither spaCy, pdfplumber nor Whoosh, and `csv`/`io` only when exporting.

Owner names typed by the secretariat ("Eubert Malcolm", "malcolm", "EM", "Bev", "Chair", "Borough
Commander") are resolved against the people stored for the meetings (attendance, apologies and
membership lists with their roles, each meeting's chair) and the owners the actions already have. Input
that fits several people raises `Ambiguous` listing them; nothing is guessed.

Every change (`set_status`, `mark_done`, `reopen`, `assign`, `add_note`, `set_due`, `dismiss`,
`add_action`) is one `Store.add_event` recording who made it (`by`, else `$MINUTEBOOK_USER`, else the
login name) and the previous value: the history lives in `action_events`, which outlives re-ingest, so
a status set by hand survives a newer version of the PDF. A dismissed action (not an action at all)
stays in the history and out of every listing and export. Done actions stop ageing.

Bulk changes are two steps, so a caller can show what will change before it does:

    with Store.open(home) as store:
        rows = select_actions(store, owner="Chair", meeting="2019-10-09")   # outstanding, in scope
        changed = set_status_many(store, [r.action.id for r in rows], "done", by="clerk")

The action log for the next agenda (Markdown, CSV, JSON, Word, calendar) is `minutebook.actionlog`.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from minutebook.errors import Ambiguous, MinutebookError, NotFound
from minutebook.store import CLOSED, OUTSTANDING, STATUS_FILTERS, STATUSES, ActionRow, Store

if TYPE_CHECKING:  # the resolver (and the ingest grammar's patterns) load only when a name is resolved
    from minutebook.ingest.owners import Roster

__all__ = [
    "MANUAL_STATUSES",
    "NO_OWNER",
    "ActionDetail",
    "Event",
    "OwnerCount",
    "Register",
    "RegisterPage",
    "RegisterRow",
    "action_detail",
    "action_json",
    "add_action",
    "add_note",
    "assign",
    "date_bound",
    "dismiss",
    "iso_day",
    "list_actions",
    "mark_done",
    "owner_counts",
    "page_actions",
    "reopen",
    "resolve_body",
    "resolve_meeting",
    "resolve_owner",
    "resolve_owners",
    "select_actions",
    "set_due",
    "set_status",
    "set_status_many",
    "who",
]

logger = logging.getLogger(__name__)

NO_OWNER = "(no owner)"
# What a secretariat sets by hand; "dismissed" has its own operation (it needs a reason).
MANUAL_STATUSES = tuple(s for s in STATUSES if s != "dismissed")


# -- value objects -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RegisterRow:
    """One action under one owner, as the secretariat sees it (a joint action has one row per owner in
    `Register.groups`, and one in `Register.actions`)."""

    id: str
    owner: str
    owners: list[str]
    meeting_id: str
    date: str
    body: str
    item: str
    item_title: str
    page: int
    text: str
    due: str | None
    status: str
    age_days: int | None
    overdue: bool = False
    note: str = ""  # the latest note of its history, else the minutes' own (e.g. a post-meeting note)
    closed_on: str = ""  # the day it was done (or superseded): for carry-forward, the date of the minutes

    def to_json(self) -> dict[str, Any]:
        return action_json(self)


def action_json(row: RegisterRow) -> dict[str, Any]:
    """The one JSON shape of an action (`actions --json`, `actions show --json`, the JSON action log)."""
    return {"id": row.id, "status": row.status, "text": row.text, "owners": list(row.owners), "due": row.due,
            "meeting_id": row.meeting_id, "meeting_date": row.date, "body": row.body, "item": row.item,
            "item_title": row.item_title, "page": row.page, "note": row.note, "closed_on": row.closed_on or None,
            "age_days": row.age_days, "overdue": row.overdue}


@dataclass(slots=True)
class Register:
    """Actions grouped by owner, busiest owner first; `owner` is what an `--owner` query resolved to."""

    groups: dict[str, list[RegisterRow]]
    status: str = "open"
    owner_query: str | None = None
    owner: str | None = None
    as_of: str = ""
    scope: str = ""  # the body or meeting the list is limited to, for titles ("" for everything)

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def actions(self) -> list[RegisterRow]:
        """Each action once (a joint action too), in meeting, item and minutes order."""
        seen: dict[str, RegisterRow] = {}
        for rows in self.groups.values():
            for r in rows:
                seen.setdefault(r.id, r)
        order = {r.id: n for n, r in enumerate(self.ordered)}
        return sorted(seen.values(), key=lambda r: order.get(r.id, 0))

    ordered: list[RegisterRow] = field(default_factory=list)  # every row in store order, set by `list_actions`


@dataclass(slots=True)
class OwnerCount:
    """How many actions one owner carries."""

    owner: str
    open: int = 0
    done: int = 0
    overdue: int = 0
    oldest_open: str = ""  # meeting date of the oldest open action

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class Event:
    """One entry of an action's audit history: number `n` (1, 2, 3 per action), who, the previous and new value."""

    n: int
    id: int
    at: str
    kind: str
    by: str = ""
    previous: str = ""
    value: str = ""
    note: str = ""
    dated: str = ""
    evidence: dict[str, Any] | str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class ActionDetail:
    """An action with its context and full history, for `actions show`."""

    row: ActionRow
    listed: RegisterRow
    owners_raw: str
    parsed_status: str
    parsed_note: str
    parsed_owners: list[str]
    events: list[Event] = field(default_factory=list)
    suggestions: list[Any] = field(default_factory=list)  # pending carry-forward suggestions (carry.Suggestion)

    def to_json(self) -> dict[str, Any]:
        """The action's one JSON shape, then where it came from and its history."""
        return {
            **action_json(self.listed), "item_id": self.row.item_id, "exempt": self.row.exempt,
            "owners_raw": self.owners_raw, "parsed_status": self.parsed_status, "parsed_note": self.parsed_note,
            "parsed_owners": self.parsed_owners, "history": [e.to_json() for e in self.events],
            "suggestions": [s.to_json() for s in self.suggestions],
        }


# -- filters -------------------------------------------------------------------------------------------------------


def date_bound(value: str | None, option: str, end: bool = False) -> str | None:
    """'2019', '2019-10' or '2019-10-09' as an inclusive ISO bound (the last day of the period when `end`)."""
    if not value:
        return None
    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", v)
    try:
        if not m:
            raise ValueError(v)
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if day is not None:
            return date(year, int(month), int(day)).isoformat()
        if month is not None:
            first = date(year, int(month), 1)
            if not end:
                return first.isoformat()
            nxt = date(year + (first.month == 12), first.month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1).isoformat()
        return date(year, 12, 31).isoformat() if end else date(year, 1, 1).isoformat()
    except ValueError:
        raise MinutebookError(f"{option} expects a date such as 2019, 2019-10 or 2019-10-09, not {value!r}") from None


def resolve_body(store: Store, body: str | None) -> str | None:
    """The stored body a `--body` value names: exact (any case), else the one body containing it."""
    if not body:
        return None
    bodies = store.bodies()
    want = " ".join(body.split()).lower()
    exact = [b for b in bodies if b.lower() == want]
    if exact:
        return exact[0]
    hits = [b for b in bodies if want in b.lower()]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise Ambiguous(f"body {body!r}", hits[:10])
    raise NotFound(f"no body called {body!r}" + (f"; stored bodies: {', '.join(bodies[:10])}" if bodies else ""))


def resolve_meeting(store: Store, meeting: str | None, body: str | None = None) -> str | None:
    """A meeting id for `--meeting`: the id, a unique prefix of it, the date of one set of minutes, or a body and
    date ("Community Safety Partnership 2019-10-09"), as `search --meeting` takes them."""
    if not meeting:
        return None
    want = meeting.strip().lower()
    named = re.fullmatch(r"(.+?)\s+(\d{4}-\d{2}-\d{2})", want)
    if named:
        body, want = named.group(1), named.group(2)
    rows = store.meeting_heads()
    exact = [r for r in rows if r["id"] == want]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", want):
        exact = [r for r in rows if r["date"] == want and r["kind"] == "minutes"
                 and (not body or body.lower() in r["body"].lower())]
    hits = exact or [r for r in rows if r["id"].startswith(want) or r["id"].startswith("m" + want)]
    if len(hits) == 1:
        return str(hits[0]["id"])
    if hits:
        raise Ambiguous(f"meeting {meeting!r}", [f"{r['id']} ({r['kind']} {r['date']} {r['body']})" for r in hits[:10]])
    raise NotFound(f"no meeting {meeting}; `minutebook actions --json` or `minutebook search` show meeting ids")


# -- owner resolution ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Who:
    name: str
    roles: set[str] = field(default_factory=set)
    chair_of: set[str] = field(default_factory=set)
    actions: int = 0

    def describe(self) -> str:
        bits = sorted(self.roles)[:1] + [f"{self.actions} action(s)"]
        return f"{self.name} ({'; '.join(bits)})"


def _roster(store: Store, body: str | None, meeting: str | None) -> dict[str, _Who]:
    """Everyone who may own an action in scope: people on the lists, chairs, and current owners."""
    people: dict[str, _Who] = {}

    def who(name: str) -> _Who:
        key = name.lower()
        if key not in people:
            people[key] = _Who(name)
        return people[key]

    for kind, r in store.owner_candidates(body, meeting):
        if kind == "listed":
            w = who(r["name"])
            w.roles.update(x for x in (r["role"], r["organisation"]) if x)
            if r["chair"]:
                w.chair_of.add(f"{r['body']} {r['date']}")
        elif kind == "chair":
            who(r["chair"]).chair_of.add(f"{r['body']} {r['date']}")
        else:
            who(r["owner"]).actions += int(r["n"])
    return people


def _as_roster(people: dict[str, _Who]) -> Roster:
    """The people in scope as the ingest resolver's `Roster`: one resolver for ingest and the register, so what
    resolved an owner at ingest ("AV" for a name the lists print as "A.Vigrass") resolves the same way here."""
    from minutebook.ingest.owners import Roster
    from minutebook.models import Person

    return Roster([Person(name=w.name, role="; ".join(sorted(w.roles)), chair=bool(w.chair_of))
                   for w in people.values()])


def _lookup(query: str, people: dict[str, _Who], roster: Roster) -> str | None:
    """The one person `query` names; `Ambiguous`, listing them, when several fit it equally well."""
    text = " ".join(query.replace("’", "'").split()).strip(" .,;:")
    if not text:
        return None
    found = roster.candidates(text)
    if len(found) > 1:
        raise Ambiguous(f"owner {query!r}", sorted(people[n.lower()].describe() if n.lower() in people else n
                                                   for n in found))
    return found[0] if found else None


def resolve_owner(store: Store, query: str, body: str | None = None, meeting: str | None = None) -> str:
    """The owner a typed name, initials or role names, among the people stored for the meetings in scope."""
    people = _roster(store, body, meeting)
    name = _lookup(query, people, _as_roster(people))
    if name:
        return name
    import difflib

    close = difflib.get_close_matches(query, [w.name for w in people.values()], n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise NotFound(f"no one called {query!r} in the stored meetings{hint}")


def resolve_owners(store: Store, text: str, body: str | None = None, meeting: str | None = None,
                   new: bool = False) -> list[str]:
    """Owners for `actions assign`: one name or joint owners ("A & B", "A, B and C").

    With `new`, a name that fits nobody is kept as written (someone not yet in any minutes).
    """
    people = _roster(store, body, meeting)
    roster = _as_roster(people)

    def one(piece: str) -> str | None:
        name = _lookup(piece, people, roster)
        if name is None and new and re.search(r"[A-Za-z]", piece):
            return " ".join(piece.split())
        return name

    text = text.strip()
    whole = _lookup(text, people, roster)
    if whole:
        return [whole]
    out: list[str] = []
    for piece in (p.strip() for p in re.split(r"\s*(?:&|,|/|;|\+)\s*", text)):
        if not piece:
            continue
        name = one(piece)
        if name is None:
            names = [one(p.strip()) for p in re.split(r"\s+and\s+", piece, flags=re.I) if p.strip()]
            if len(names) < 2 or None in names:
                raise NotFound(f"no one called {piece!r} in the stored meetings"
                               + ("" if new else "; use --new to assign someone not yet in any minutes"))
            out.extend(n for n in names if n)
        else:
            out.append(name)
    return list(dict.fromkeys(out))


# -- listing -------------------------------------------------------------------------------------------------------


def _days(start: str, end: date) -> int | None:
    try:
        return (end - date.fromisoformat(start)).days if start else None
    except ValueError:
        return None


def _is_overdue(status: str, due: str | None, today: date) -> bool:
    return status in OUTSTANDING and bool(due) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", due or "")) and \
        str(due) < today.isoformat()


def _latest_notes(store: Store, ids: list[str]) -> dict[str, str]:
    # Carry-forward suggestions and their rejections are for `actions review`, not the action's note.
    return store.latest_notes(ids) if ids else {}


def _register_row(r: ActionRow, owner: str, note: str, today: date) -> RegisterRow:
    a = r.action
    closed_on = ""
    if a.status in CLOSED:
        # A status the minutes printed ("Post meeting note: circulated") dates from that meeting.
        closed_on = r.status_on or r.date
    try:
        # Done actions stop ageing: their age is the time they took.
        end = date.fromisoformat(closed_on) if closed_on else today
    except ValueError:
        end = today
    return RegisterRow(
        id=a.id, owner=owner, owners=list(a.owners), meeting_id=r.meeting_id, date=r.date, body=r.body,
        item=r.item_number, item_title=r.item_title, page=a.page, text=a.text, due=a.due, status=a.status,
        age_days=_days(r.date, end) if a.status != "dismissed" else None, overdue=_is_overdue(a.status, a.due, today),
        note=note, closed_on=closed_on)


def _rows(store: Store, status: str, body: str | None, owner: str | None, since: str | None, until: str | None,
          meeting: str | None, include_exempt: bool) -> list[ActionRow]:
    if status not in STATUS_FILTERS:
        raise MinutebookError(f"--status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
    return store.action_rows(status=status, body=body, owner=owner, since=since, until=until, meeting=meeting,
                             include_exempt=include_exempt)


def list_actions(
    store: Store,
    *,
    owner: str | None = None,
    body: str | None = None,
    status: str = "open",
    since: str | None = None,
    until: str | None = None,
    overdue: bool = False,
    meeting: str | None = None,
    include_exempt: bool = False,
    today: date | None = None,
) -> Register:
    """Actions grouped by owner (a joint action appears under each owner), owners with most first.

    `owner` may be a full name, first name, surname, initials or role ("Chair"); `body` and `meeting`
    may be a unique part of a body's name and a meeting id prefix; `since`/`until` take 2019, 2019-10 or
    2019-10-09; `status` is open (everything outstanding: open, in progress, deferred), closed (done,
    superseded), all, or one status; `overdue` keeps outstanding actions whose due date has passed.
    Dismissed actions are listed only when asked for by name (`status="dismissed"`).
    """
    today = today or date.today()
    body_name = resolve_body(store, body)
    meeting_id = resolve_meeting(store, meeting, body_name)
    lo, hi = date_bound(since, "--since"), date_bound(until, "--until", end=True)
    who_ = resolve_owner(store, owner, body_name, meeting_id) if owner else None
    rows = _rows(store, status, body_name, who_, lo, hi, meeting_id, include_exempt)
    notes = _latest_notes(store, [r.action.id for r in rows])
    groups: dict[str, list[RegisterRow]] = defaultdict(list)
    ordered: list[RegisterRow] = []
    for r in rows:
        a = r.action
        if overdue and not _is_overdue(a.status, a.due, today):
            continue
        for name in a.owners or [NO_OWNER]:
            if who_ and name.lower() != who_.lower():
                continue
            row = _register_row(r, name, notes.get(a.id, a.note), today)
            groups[name].append(row)
            ordered.append(row)
    by_size = dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())))
    scope = body_name or ""
    if meeting_id:
        (m,) = store.meeting_heads([meeting_id])
        scope = f"{m['body']}, {m['kind']} of {m['date'] or 'undated'}"
    return Register(groups=by_size, status=status, owner_query=owner, owner=who_, as_of=today.isoformat(),
                    scope=scope, ordered=ordered)


@dataclass(slots=True)
class RegisterPage:
    """One page of the register: each action once, in meeting, item and minutes order, as `Register.actions`
    lists them; `total` is how many the filters keep across every page."""

    rows: list[RegisterRow]
    total: int
    offset: int = 0
    status: str = "open"
    owner_query: str | None = None
    owner: str | None = None
    as_of: str = ""
    scope: str = ""

    @property
    def more(self) -> bool:
        """Whether a later page has rows."""
        return self.offset + len(self.rows) < self.total


def page_actions(
    store: Store,
    *,
    owner: str | None = None,
    body: str | None = None,
    status: str = "open",
    since: str | None = None,
    until: str | None = None,
    overdue: bool = False,
    meeting: str | None = None,
    words: list[str] | None = None,
    include_exempt: bool = False,
    today: date | None = None,
    limit: int = 100,
    offset: int = 0,
    count: bool = True,
) -> RegisterPage:
    """`limit` actions from `offset` of what `list_actions` lists with the same filters, and how many it lists.

    The store does the filtering, counting and paging in SQL (`words` too: each must appear in the action's
    text, id, item title or an owner, any case), so the cost of a page does not grow with the register: the
    full-screen interface opens on a 10,000-meeting store by reading its first page. `count=False` skips the
    count (`total` is then the rows up to this page, plus one when there may be more).
    """
    today = today or date.today()
    body_name = resolve_body(store, body)
    meeting_id = resolve_meeting(store, meeting, body_name)
    lo, hi = date_bound(since, "--since"), date_bound(until, "--until", end=True)
    who_ = resolve_owner(store, owner, body_name, meeting_id) if owner else None
    if status not in STATUS_FILTERS:
        raise MinutebookError(f"--status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
    filters: dict[str, Any] = {"status": status, "body": body_name, "owner": who_, "since": lo, "until": hi,
                               "meeting": meeting_id, "include_exempt": include_exempt,
                               "words": [w for w in words or [] if w], "overdue_on": today.isoformat() if overdue
                               else None}
    found = store.action_rows(**filters, limit=limit + (not count), offset=offset)
    if count:
        total = store.count_action_rows(**filters)
    else:
        total = offset + len(found)
        found = found[:limit]
    notes = _latest_notes(store, [r.action.id for r in found])
    rows = [_register_row(r, who_ or (r.action.owners[0] if r.action.owners else NO_OWNER),
                          notes.get(r.action.id, r.action.note), today) for r in found]
    scope = body_name or ""
    if meeting_id:
        (m,) = store.meeting_heads([meeting_id])
        scope = f"{m['body']}, {m['kind']} of {m['date'] or 'undated'}"
    return RegisterPage(rows=rows, total=total, offset=offset, status=status, owner_query=owner, owner=who_,
                        as_of=today.isoformat(), scope=scope)


def owner_counts(store: Store, *, body: str | None = None, include_exempt: bool = False,
                 today: date | None = None) -> list[OwnerCount]:
    """Every owner with open (outstanding)/done (closed)/overdue counts, busiest (most open) first.

    One GROUP BY in the store (`Store.owner_totals`): on a 10,000-meeting register, reading every action to
    count them took seconds.
    """
    today = today or date.today()
    counts = [OwnerCount(owner=r["owner"], open=int(r["open"]), done=int(r["done"]), overdue=int(r["overdue"]),
                         oldest_open=r["oldest_open"])
              for r in store.owner_totals(resolve_body(store, body), include_exempt, today.isoformat(), NO_OWNER)]
    return sorted(counts, key=lambda c: (-c.open, -c.overdue, -(c.open + c.done), c.owner.lower()))


# -- changes, each recorded in the audit history -------------------------------------------------------------------


def who(by: str | None = None) -> str:
    """Who makes a change: `by`, else $MINUTEBOOK_USER, else the login name."""
    if by and by.strip():
        return " ".join(by.split())
    env = os.environ.get("MINUTEBOOK_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def iso_day(value: str, option: str) -> str:
    """A day typed as 2019-10-19, 19/10/2019 or "19 October 2019", as ISO; `MinutebookError` otherwise."""
    from minutebook.ingest.dates import find_dates

    text = " ".join(value.split())
    if text.lower() == "today":
        return date.today().isoformat()
    found = find_dates(text, month_first=False)
    if len(found) == 1 and re.fullmatch(r"[\w\s,/.-]+", text) and len(text) <= 30:
        return found[0][1].isoformat()
    raise MinutebookError(f"{option} expects a day such as 2019-10-19 or \"19 October 2019\", not {value!r}")


def set_status(store: Store, action: str, status: str, note: str = "", by: str | None = None,
               on: str | None = None, at: str | None = None) -> ActionRow:
    """Give an action (id or unique prefix) a status: open, in progress, deferred, done or superseded.

    `on` is the day it took effect (default today); a done action's age stops there.
    """
    if status not in MANUAL_STATUSES:
        raise MinutebookError(f"status must be one of {', '.join(MANUAL_STATUSES)}, not {status!r}"
                              + ("; `minutebook actions dismiss ID --note why` dismisses" if status == "dismissed"
                                 else ""))
    action_id = store.resolve_action_id(action)
    current = store.action(action_id).action.status
    if current == status:
        raise MinutebookError(f"action {action_id} is already {status}; `minutebook actions show {action_id}` says "
                              "since when")
    store.add_event(action_id, "status", value=status, note=note, by=who(by), at=at,
                    dated=iso_day(on, "--on") if on else "")
    return store.action(action_id)


def mark_done(store: Store, action: str, note: str = "", at: str | None = None, by: str | None = None,
              on: str | None = None) -> ActionRow:
    """Close an action by hand (id or unique prefix), with an optional note; `on` is the day it was done."""
    return set_status(store, action, "done", note=note, by=by, on=on, at=at)


def reopen(store: Store, action: str, note: str = "", at: str | None = None, by: str | None = None) -> ActionRow:
    """Reopen an action that is done, superseded, deferred, in progress or dismissed."""
    action_id = store.resolve_action_id(action)
    if store.action(action_id).action.status == "open":
        raise MinutebookError(f"action {action_id} is already open")
    store.add_event(action_id, "status", value="open", note=note, by=who(by), at=at)
    return store.action(action_id)


def select_actions(store: Store, ids: list[str] | None = None, *, owner: str | None = None,
                   meeting: str | None = None, body: str | None = None, status: str = "open") -> list[ActionRow]:
    """The actions a bulk change would touch: the given ids, or those of `status` matching the filters."""
    if ids and (owner or meeting or body):
        raise MinutebookError("give action ids or --owner/--meeting/--body, not both")
    if ids:
        found = [store.action(store.resolve_action_id(i)) for i in ids]
        return list({r.action.id: r for r in found}.values())
    if not (owner or meeting or body):
        raise MinutebookError("no actions given: name action ids, or select with --owner, --meeting or --body")
    reg = list_actions(store, owner=owner, meeting=meeting, body=body, status=status)
    return [store.action(r.id) for r in reg.actions]


def set_status_many(store: Store, ids: list[str], status: str, note: str = "", by: str | None = None,
                    on: str | None = None, at: str | None = None) -> list[ActionRow]:
    """`set_status` for each action not already at `status`; returns the changed actions."""
    changed: list[ActionRow] = []
    for action_id in ids:
        if store.action(action_id).action.status != status:
            changed.append(set_status(store, action_id, status, note=note, by=by, on=on, at=at))
    return changed


def add_note(store: Store, action: str, text: str, by: str | None = None, at: str | None = None) -> ActionRow:
    """A dated progress note; the status stays as it is."""
    action_id = store.resolve_action_id(action)
    if not text.strip():
        raise MinutebookError("a note needs some text")
    store.add_event(action_id, "note", note=" ".join(text.split()), by=who(by), at=at)
    return store.action(action_id)


def set_due(store: Store, action: str, due: str, note: str = "", by: str | None = None,
            at: str | None = None) -> ActionRow:
    """Set (or with "none" clear) an action's due date."""
    action_id = store.resolve_action_id(action)
    value = "" if due.strip().lower() in ("", "none", "-") else iso_day(due, "DATE")
    if (store.action(action_id).action.due or "") == value:
        raise MinutebookError(f"action {action_id} is already due {value or 'without a date'}")
    store.add_event(action_id, "due", value=value, note=note, by=who(by), at=at)
    return store.action(action_id)


def dismiss(store: Store, action: str, note: str, by: str | None = None, at: str | None = None) -> ActionRow:
    """Take something that is not an action out of every listing and export; it stays in the history."""
    action_id = store.resolve_action_id(action)
    if not note.strip():
        raise MinutebookError("say why with --note: the reason is kept in the action's history")
    if store.action(action_id).action.status == "dismissed":
        raise MinutebookError(f"action {action_id} is already dismissed")
    store.add_event(action_id, "dismiss", note=" ".join(note.split()), by=who(by), at=at)
    return store.action(action_id)


def add_action(store: Store, meeting: str, item: str, owner: str, text: str, due: str | None = None,
               note: str = "", new: bool = False, by: str | None = None, at: str | None = None) -> ActionRow:
    """Add an action the parser missed to an item of a stored meeting; it survives re-ingest of the minutes."""
    meeting_id = resolve_meeting(store, meeting)
    if meeting_id is None:
        raise MinutebookError("--meeting is required")
    body = store.meeting_heads([meeting_id])[0]["body"]
    owners = resolve_owners(store, owner, body=body, new=new) if owner.strip() else []
    action_id = store.add_action(meeting_id, item, text, owners, due=iso_day(due, "--due") if due else None,
                                 note=note, by=who(by), at=at)
    return store.action(action_id)


def assign(store: Store, action: str, names: str, note: str = "", new: bool = False,
           at: str | None = None, by: str | None = None) -> ActionRow:
    """Give an action to other owner(s); `names` is resolved like `--owner` ("A & B" for joint owners)."""
    action_id = store.resolve_action_id(action)
    row = store.action(action_id)
    owners = resolve_owners(store, names, body=row.body, new=new)
    if not owners:
        raise MinutebookError("no owner given")
    if [o.lower() for o in owners] == [o.lower() for o in row.action.owners]:
        raise MinutebookError(f"action {action_id} is already owned by {' & '.join(owners)}")
    store.add_event(action_id, "owner", note=note, value=owners, at=at, by=who(by))
    return store.action(action_id)


def _evidence(raw: str) -> dict[str, Any] | str:
    if raw.startswith("{"):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            return raw
        return value if isinstance(value, dict) else raw
    return raw


def action_detail(store: Store, action: str, today: date | None = None) -> ActionDetail:
    """An action (id or unique prefix) with its meeting/item context, history and pending suggestions."""
    from minutebook.carry import pending_suggestions

    action_id = store.resolve_action_id(action)
    row = store.action(action_id)
    raw = store.parsed_action(action_id)
    events = [Event(n=e["seq"], id=e["id"], at=e["at"], kind=e["kind"], by=e["by"], previous=e["previous"],
                    value=e["value"], note=e["note"], dated=e["dated"], evidence=_evidence(e["evidence"]))
              for e in store.events(action_id)]
    note = _latest_notes(store, [action_id]).get(action_id, row.action.note)
    listed = _register_row(row, row.action.owners[0] if row.action.owners else NO_OWNER, note,
                           today or date.today())
    return ActionDetail(row=row, listed=listed, owners_raw=raw["owners_raw"], parsed_status=raw["parsed_status"],
                        parsed_note=raw["note"], parsed_owners=json.loads(raw["owners"] or "[]"), events=events,
                        suggestions=pending_suggestions(store, action_id=action_id))
