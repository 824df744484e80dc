"""The action register: actions by owner, status changes with an audit trail, and the action log export.

Reads the store only (no NLP, no search index), so `minutebook actions` starts fast: this module imports
neither spaCy, pdfplumber nor Whoosh, and `csv`/`io` only when exporting.

Owner names typed by the secretariat ("Eubert Malcolm", "malcolm", "EM", "Bev", "Chair", "Borough
Commander") are resolved against the people stored for the meetings (attendance, apologies and
membership lists with their roles, each meeting's chair) and the owners the actions already have. Input
that fits several people raises `Ambiguous` listing them; nothing is guessed.

Every change (`mark_done`, `reopen`, `assign`) is one `Store.add_event`: the history lives in
`action_events`, which outlives re-ingest, so a status set by hand survives a newer version of the PDF.

    with Store.open(home) as store:
        reg = list_actions(store, owner="Chair", status="all")
        for owner, rows in reg.groups.items():
            ...
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from minutebook.errors import Ambiguous, MinutebookError, NotFound
from minutebook.ingest.owners import Roster
from minutebook.models import Person
from minutebook.store import ActionRow, Store

__all__ = [
    "NO_OWNER",
    "ActionDetail",
    "Event",
    "OwnerCount",
    "Register",
    "RegisterRow",
    "action_detail",
    "assign",
    "date_bound",
    "list_actions",
    "mark_done",
    "owner_counts",
    "reopen",
    "resolve_body",
    "resolve_meeting",
    "resolve_owner",
    "resolve_owners",
    "to_csv",
    "to_json",
    "to_markdown",
]

logger = logging.getLogger(__name__)

NO_OWNER = "(no owner)"
STATUSES = ("open", "done", "all")


# -- value objects -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RegisterRow:
    """One action under one owner, as the secretariat sees it (a joint action has one row per owner)."""

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

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


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
        return len({r.id for rows in self.groups.values() for r in rows})


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
    """One entry of an action's audit history."""

    id: int
    at: str
    kind: str
    note: str = ""
    value: str = ""
    evidence: dict[str, Any] | str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class ActionDetail:
    """An action with its context and full history, for `actions show`."""

    row: ActionRow
    owners_raw: str
    parsed_status: str
    parsed_note: str
    parsed_owners: list[str]
    events: list[Event] = field(default_factory=list)
    suggestions: list[Any] = field(default_factory=list)  # pending carry-forward suggestions (carry.Suggestion)

    def to_json(self) -> dict[str, Any]:
        a = self.row.action
        return {
            "id": a.id, "status": a.status, "owners": list(a.owners), "text": a.text, "page": a.page, "due": a.due,
            "meeting_id": self.row.meeting_id, "date": self.row.date, "body": self.row.body,
            "item": self.row.item_number, "item_title": self.row.item_title, "item_id": self.row.item_id,
            "exempt": self.row.exempt, "owners_raw": self.owners_raw, "parsed_status": self.parsed_status,
            "parsed_note": self.parsed_note, "parsed_owners": self.parsed_owners,
            "history": [e.to_json() for e in self.events],
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
    bodies = [r[0] for r in store.db.execute("SELECT DISTINCT body FROM meetings ORDER BY body")]
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
    """A meeting id for `--meeting`: the id, a unique prefix of it, or the date of one set of minutes."""
    if not meeting:
        return None
    want = meeting.strip().lower()
    rows = store.db.execute("SELECT id, body, date, kind FROM meetings ORDER BY date, id").fetchall()
    exact = [r for r in rows if r["id"] == want]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", want):
        exact = [r for r in rows if r["date"] == want and r["kind"] == "minutes"
                 and (not body or r["body"].lower() == body.lower())]
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
    where, params = [], []
    if body:
        where.append("m.body = ? COLLATE NOCASE")
        params.append(body)
    if meeting:
        where.append("m.id = ?")
        params.append(meeting)
    scope = (" AND " + " AND ".join(where)) if where else ""
    people: dict[str, _Who] = {}

    def who(name: str) -> _Who:
        key = name.lower()
        if key not in people:
            people[key] = _Who(name)
        return people[key]

    db = store.db
    for r in db.execute(f"""SELECT p.name, p.role, p.organisation, p.chair, m.body, m.date FROM people p
                            JOIN meetings m ON m.id = p.meeting_id WHERE p.name != ''{scope}""", params):
        w = who(r["name"])
        w.roles.update(x for x in (r["role"], r["organisation"]) if x)
        if r["chair"]:
            w.chair_of.add(f"{r['body']} {r['date']}")
    for r in db.execute(f"SELECT m.chair, m.body, m.date FROM meetings m WHERE m.chair != ''{scope}", params):
        who(r["chair"]).chair_of.add(f"{r['body']} {r['date']}")
    for r in db.execute(f"""SELECT o.owner, count(*) AS n FROM action_owners o JOIN actions a ON a.id = o.action_id
                            JOIN meetings m ON m.id = a.meeting_id WHERE 1 = 1{scope} GROUP BY o.owner""", params):
        who(r["owner"]).actions += int(r["n"])
    return people


def _as_roster(people: dict[str, _Who]) -> Roster:
    """The people in scope as the ingest resolver's `Roster`: one resolver for ingest and the register, so what
    resolved an owner at ingest ("AV" for a name the lists print as "A.Vigrass") resolves the same way here."""
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


def _age(meeting_date: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(meeting_date)).days if meeting_date else None
    except ValueError:
        return None


def _is_overdue(status: str, due: str | None, today: date) -> bool:
    return status == "open" and bool(due) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", due or "")) and \
        str(due) < today.isoformat()


def _latest_notes(store: Store, ids: list[str]) -> dict[str, str]:
    notes: dict[str, str] = {}
    if ids:
        # Carry-forward suggestions and their rejections are for `actions review`, not the action's note.
        for r in store.db.execute("""SELECT action_id, note FROM action_events WHERE note != ''
                                     AND value NOT IN ('suggest', 'suggest-rejected')
                                     AND action_id IN (SELECT value FROM json_each(?)) ORDER BY id""",
                                  (json.dumps(ids),)):
            notes[r["action_id"]] = r["note"]
    return notes


def _rows(store: Store, status: str, body: str | None, owner: str | None, since: str | None, until: str | None,
          meeting: str | None, include_exempt: bool) -> list[ActionRow]:
    if status not in STATUSES:
        raise MinutebookError(f"--status must be open, done or all, not {status!r}")
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
    2019-10-09; `overdue` keeps open actions whose due date has passed.
    """
    today = today or date.today()
    body_name = resolve_body(store, body)
    meeting_id = resolve_meeting(store, meeting, body_name)
    lo, hi = date_bound(since, "--since"), date_bound(until, "--until", end=True)
    who = resolve_owner(store, owner, body_name, meeting_id) if owner else None
    rows = _rows(store, status, body_name, who, lo, hi, meeting_id, include_exempt)
    notes = _latest_notes(store, [r.action.id for r in rows])
    groups: dict[str, list[RegisterRow]] = defaultdict(list)
    for r in rows:
        a = r.action
        late = _is_overdue(a.status, a.due, today)
        if overdue and not late:
            continue
        for name in a.owners or [NO_OWNER]:
            if who and name.lower() != who.lower():
                continue
            groups[name].append(RegisterRow(
                id=a.id, owner=name, owners=list(a.owners), meeting_id=r.meeting_id, date=r.date, body=r.body,
                item=r.item_number, item_title=r.item_title, page=a.page, text=a.text, due=a.due, status=a.status,
                age_days=_age(r.date, today), overdue=late, note=notes.get(a.id, a.note)))
    ordered = dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())))
    scope = body_name or ""
    if meeting_id:
        m = store.db.execute("SELECT body, kind, date FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
        scope = f"{m['body']}, {m['kind']} of {m['date'] or 'undated'}"
    return Register(groups=ordered, status=status, owner_query=owner, owner=who, as_of=today.isoformat(),
                    scope=scope)


def owner_counts(store: Store, *, body: str | None = None, include_exempt: bool = False,
                 today: date | None = None) -> list[OwnerCount]:
    """Every owner with open/done/overdue counts, busiest (most open) first."""
    today = today or date.today()
    counts: dict[str, OwnerCount] = {}
    for r in _rows(store, "all", resolve_body(store, body), None, None, None, None, include_exempt):
        a = r.action
        for name in a.owners or [NO_OWNER]:
            c = counts.setdefault(name.lower(), OwnerCount(name))
            if a.status == "open":
                c.open += 1
                c.overdue += _is_overdue(a.status, a.due, today)
                if r.date and (not c.oldest_open or r.date < c.oldest_open):
                    c.oldest_open = r.date
            else:
                c.done += 1
    return sorted(counts.values(), key=lambda c: (-c.open, -c.overdue, -(c.open + c.done), c.owner.lower()))


# -- changes, each recorded in the audit history -------------------------------------------------------------------


def mark_done(store: Store, action: str, note: str = "", at: str | None = None) -> ActionRow:
    """Close an action by hand (id or unique prefix), with an optional note."""
    action_id = store.resolve_action_id(action)
    row = store.action(action_id)
    if row.action.status == "done":
        raise MinutebookError(f"action {action_id} is already done; `minutebook actions show {action_id}` says when")
    store.add_event(action_id, "done", note=note, at=at)
    return store.action(action_id)


def reopen(store: Store, action: str, note: str = "", at: str | None = None) -> ActionRow:
    """Reopen a closed action (closed by hand, by a post-meeting note or by carry-forward)."""
    action_id = store.resolve_action_id(action)
    if store.action(action_id).action.status == "open":
        raise MinutebookError(f"action {action_id} is already open")
    store.add_event(action_id, "reopen", note=note, at=at)
    return store.action(action_id)


def assign(store: Store, action: str, names: str, note: str = "", new: bool = False,
           at: str | None = None) -> ActionRow:
    """Give an action to other owner(s); `names` is resolved like `--owner` ("A & B" for joint owners)."""
    action_id = store.resolve_action_id(action)
    row = store.action(action_id)
    owners = resolve_owners(store, names, body=row.body, new=new)
    if not owners:
        raise MinutebookError("no owner given")
    if [o.lower() for o in owners] == [o.lower() for o in row.action.owners]:
        raise MinutebookError(f"action {action_id} is already owned by {' & '.join(owners)}")
    store.add_event(action_id, "assign", note=note, value=owners, at=at)
    return store.action(action_id)


def _evidence(raw: str) -> dict[str, Any] | str:
    if raw.startswith("{"):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            return raw
        return value if isinstance(value, dict) else raw
    return raw


def action_detail(store: Store, action: str) -> ActionDetail:
    """An action (id or unique prefix) with its meeting/item context, history and pending suggestions."""
    from minutebook.carry import pending_suggestions

    action_id = store.resolve_action_id(action)
    row = store.action(action_id)
    raw = store.db.execute("SELECT owners, owners_raw, parsed_status, note FROM actions WHERE id = ?",
                           (action_id,)).fetchone()
    events = [Event(id=e["id"], at=e["at"], kind=e["kind"], note=e["note"], value=e["value"],
                    evidence=_evidence(e["evidence"])) for e in store.events(action_id)]
    return ActionDetail(row=row, owners_raw=raw["owners_raw"], parsed_status=raw["parsed_status"],
                        parsed_note=raw["note"], parsed_owners=json.loads(raw["owners"] or "[]"), events=events,
                        suggestions=pending_suggestions(store, action_id=action_id))


# -- the action log for the next agenda ----------------------------------------------------------------------------

EXPORT_COLUMNS = ("owner", "id", "meeting_date", "body", "item", "item_title", "action", "owners", "due", "status",
                  "page", "note")
LIST_COLUMNS = (*EXPORT_COLUMNS, "age_days", "overdue")


def _flat(row: RegisterRow) -> dict[str, Any]:
    return {"owner": row.owner, "id": row.id, "meeting_date": row.date, "body": row.body, "item": row.item,
            "item_title": row.item_title, "action": row.text, "owners": " & ".join(row.owners), "due": row.due or "",
            "status": row.status, "page": row.page, "note": row.note, "age_days": "" if row.age_days is None
            else row.age_days, "overdue": "yes" if row.overdue else ""}


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    # A cell starting with = + - @ is run as a formula by spreadsheets; a leading apostrophe shows it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(register: Register, columns: tuple[str, ...] = EXPORT_COLUMNS) -> str:
    """One row per owner and action, with a header; starts with a UTF-8 byte order mark for spreadsheets."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for rows in register.groups.values():
        for row in rows:
            flat = _flat(row)
            writer.writerow([_cell(flat[c]) for c in columns])
    return "\ufeff" + buf.getvalue()


def _md(value: Any) -> str:
    return " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(register: Register, title: str | None = None) -> str:
    """A heading per owner with a table of their actions; pipes in the text are escaped."""
    title = title or ("Action log: " + register.scope if register.scope else "Action log")
    lines = [f"# {_md(title)}", ""]
    if register.as_of:
        lines += [f"As of {register.as_of}; status: {register.status}.", ""]
    if not register.groups:
        lines += ["No actions.", ""]
    for owner, rows in register.groups.items():
        open_n = sum(r.status == "open" for r in rows)
        lines += [f"## {_md(owner)} ({len(rows)}: {open_n} open, {len(rows) - open_n} done)", "",
                  "| ID | Meeting | Item | Action | Due | Status | Page |",
                  "|---|---|---|---|---|---|---|"]
        for r in rows:
            others = [o for o in r.owners if o != owner]
            text = r.text + (f" (with {' & '.join(others)})" if others else "")
            item = f"{r.item}. {r.item_title}" if r.item_title else r.item
            lines.append(f"| {r.id} | {_md(r.date)} | {_md(item)} | {_md(text)} | {_md(r.due or '')} | "
                         f"{r.status}{' (overdue)' if r.overdue else ''} | {r.page} |")
        lines.append("")
    return "\n".join(lines)


def to_json(register: Register) -> dict[str, Any]:
    """The `minutebook/actions/1` shape: owners in order, each with counts and their actions."""
    return {
        "schema": "minutebook/actions/1",
        "as_of": register.as_of,
        "status": register.status,
        "scope": register.scope,
        "owner": register.owner,
        "owners": [
            {"owner": owner, "open": sum(r.status == "open" for r in rows),
             "done": sum(r.status == "done" for r in rows),
             "actions": [{k: v for k, v in r.to_json().items() if k not in ("owner", "age_days")} for r in rows]}
            for owner, rows in register.groups.items()
        ],
    }
