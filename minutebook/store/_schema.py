"""The store's schema, its version and the migrations that bring an older store up to it.

Also the SQL the named queries share (`_ACTION_ROW_SQL`, the suggestion queries) and the vocabulary of
action events and statuses, so `minutebook.store` is the one place that knows the tables.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

SCHEMA_VERSION = 2

# {from_version: fn} upgrades a store from `from_version` to `from_version + 1` inside
# the migration transaction (foreign keys are off while it runs, then checked). Use
# conn.execute, never executescript: that COMMITs first and would break the all-or-nothing upgrade.
# When you add one, also update SCHEMA below: a new store is created at the latest version.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {}

EVENT_KINDS = ("add", "note", "status", "owner", "due", "suggest", "dismiss")
# What the landed v1 store called them; `add_event` still takes these (and writes the v2 kind).
LEGACY_KINDS = {"done": ("status", "done"), "reopen": ("status", "open"), "auto-done": ("status", "done"),
                "assign": ("owner", None)}
# Every status an action can have. "open", "in progress" and "deferred" are outstanding; "dismissed" (not an
# action at all) is left out of every listing and export.
STATUSES = ("open", "in progress", "deferred", "done", "superseded", "dismissed")
OUTSTANDING = ("open", "in progress", "deferred")
CLOSED = ("done", "superseded")
# `status=` filters of `action_rows`: a group name or one status.
STATUS_FILTERS: dict[str, tuple[str, ...]] = {"open": OUTSTANDING, "closed": CLOSED, "all": OUTSTANDING + CLOSED,
                                              **{s: (s,) for s in STATUSES if s != "open"}}
CARRY_FORWARD = "carry-forward"  # the `by` of the changes carry-forward makes
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    pages       INTEGER NOT NULL DEFAULT 0,
    title       TEXT NOT NULL DEFAULT '',
    ingested_at TEXT NOT NULL
);

CREATE TABLE pages (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    exempt      INTEGER NOT NULL DEFAULT 0,
    blank       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, idx)
);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    body         TEXT NOT NULL,
    date         TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    time         TEXT NOT NULL DEFAULT '',
    end_time     TEXT NOT NULL DEFAULT '',
    venue        TEXT NOT NULL DEFAULT '',
    chair        TEXT NOT NULL DEFAULT '',
    page_from    INTEGER NOT NULL DEFAULT 0,
    page_to      INTEGER NOT NULL DEFAULT 0,
    unrecognised TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX meetings_document ON meetings(document_id);
CREATE INDEX meetings_date ON meetings(date, body);
CREATE INDEX meetings_body ON meetings(body, kind, date);

CREATE TABLE people (
    meeting_id     TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('attendee', 'apology', 'member')),
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT '',
    organisation   TEXT NOT NULL DEFAULT '',
    chair          INTEGER NOT NULL DEFAULT 0,
    substitute_for TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, kind, seq)
);
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE items (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    page        INTEGER NOT NULL DEFAULT 0,
    page_end    INTEGER NOT NULL DEFAULT 0,
    text        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    pages_ref   TEXT NOT NULL DEFAULT '',
    exempt      INTEGER NOT NULL DEFAULT 0,
    points      TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX items_meeting ON items(meeting_id, seq);

CREATE TABLE resolutions (
    id       TEXT PRIMARY KEY,
    item_id  TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    page     INTEGER NOT NULL DEFAULT 0,
    mover    TEXT NOT NULL DEFAULT '',
    seconder TEXT NOT NULL DEFAULT '',
    outcome  TEXT NOT NULL DEFAULT '',
    tally    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX resolutions_item ON resolutions(item_id, seq);

CREATE TABLE actions (
    id            TEXT PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    meeting_id    TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    page          INTEGER NOT NULL DEFAULT 0,
    owners        TEXT NOT NULL DEFAULT '[]',
    owners_raw    TEXT NOT NULL DEFAULT '',
    unresolved    TEXT NOT NULL DEFAULT '[]',
    parsed_status TEXT NOT NULL DEFAULT 'open',
    due           TEXT,
    explicit      INTEGER NOT NULL DEFAULT 1,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_item ON actions(item_id, seq);
CREATE INDEX actions_meeting ON actions(meeting_id);

-- Holds the *effective* owners (parsed owners, or the latest "assign" event), so
-- owner filters are one indexed lookup.
CREATE TABLE action_owners (
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    owner     TEXT NOT NULL,
    PRIMARY KEY (action_id, owner)
);
CREATE INDEX action_owners_owner ON action_owners(owner COLLATE NOCASE);

CREATE TABLE report_sections (
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    kind    TEXT NOT NULL DEFAULT 'section',
    heading TEXT NOT NULL DEFAULT '',
    text    TEXT NOT NULL DEFAULT '',
    page    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, seq)
);

-- The tables printed in a meeting's pages, as rows of cells: carry-forward reads the status columns of
-- "Action log" and "Matters arising" tables in later minutes.
CREATE TABLE meeting_tables (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    page       INTEGER NOT NULL DEFAULT 0,
    rows       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE plan_actions (
    item_id  TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    action   TEXT NOT NULL DEFAULT '',
    leads    TEXT NOT NULL DEFAULT '[]',
    rag      TEXT NOT NULL DEFAULT '',
    comments TEXT NOT NULL DEFAULT '',
    page     INTEGER NOT NULL DEFAULT 0,
    extra    TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (item_id, seq)
);

-- No foreign key to actions: this is the manual audit history and must outlive re-ingest.
CREATE TABLE action_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('add', 'note', 'status', 'owner', 'due', 'suggest', 'dismiss')),
    by        TEXT NOT NULL DEFAULT '',
    previous  TEXT NOT NULL DEFAULT '',
    value     TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    dated     TEXT NOT NULL DEFAULT '',
    key       TEXT NOT NULL DEFAULT '',
    evidence  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_events_action ON action_events(action_id, id);
CREATE UNIQUE INDEX action_events_seq ON action_events(action_id, seq);
CREATE INDEX action_events_kind ON action_events(kind, action_id);
-- carry-forward looks up "was this (action, sentence) pair decided already?" by key
CREATE INDEX action_events_key ON action_events(action_id, key) WHERE key != '';

-- Effective status/owners/due: the latest status|dismiss event beats the parsed status, the latest
-- owner event the parsed owners, the latest due event the parsed due date ('' clears it). Event ids are
-- monotonic, so "latest" is by id, not by the (second-resolution) timestamp. `status_on` is the day the
-- latest status change took effect.
CREATE VIEW action_effective AS
SELECT a.id AS action_id,
       COALESCE((SELECT CASE e.kind WHEN 'dismiss' THEN 'dismissed' ELSE e.value END
                   FROM action_events e
                  WHERE e.action_id = a.id AND e.kind IN ('status', 'dismiss')
                  ORDER BY e.id DESC LIMIT 1),
                a.parsed_status) AS status,
       (SELECT e.dated FROM action_events e
         WHERE e.action_id = a.id AND e.kind IN ('status', 'dismiss')
         ORDER BY e.id DESC LIMIT 1) AS status_on,
       COALESCE((SELECT e.value FROM action_events e
                  WHERE e.action_id = a.id AND e.kind = 'owner'
                  ORDER BY e.id DESC LIMIT 1),
                a.owners) AS owners,
       CASE WHEN EXISTS (SELECT 1 FROM action_events e WHERE e.action_id = a.id AND e.kind = 'due')
            THEN (SELECT NULLIF(e.value, '') FROM action_events e
                   WHERE e.action_id = a.id AND e.kind = 'due' ORDER BY e.id DESC LIMIT 1)
            ELSE a.due END AS due
  FROM actions a;
"""

_ACTION_ROW_SQL = """
SELECT a.*, e.status AS eff_status, e.owners AS eff_owners, e.due AS eff_due, e.status_on AS status_on,
       i.id AS item_id, i.number AS item_number, i.title AS item_title, i.exempt AS item_exempt,
       m.id AS meeting_id, m.body AS body, m.date AS date
  FROM actions a
  JOIN action_effective e ON e.action_id = a.id
  JOIN items i ON i.id = a.item_id
  JOIN meetings m ON m.id = a.meeting_id
"""


# `_ACTION_ROW_SQL` for one page: CROSS JOIN keeps this join order, so SQLite walks meetings by date (the
# meetings_date index), each meeting's items and each item's actions in order, and stops when the page is full
# (sorting only within a date) instead of reading and sorting the whole register: 3 ms, not 3 s, for the
# first page of a 10,000-meeting store.
_ACTION_PAGE_SQL = """
SELECT a.*, e.status AS eff_status, e.owners AS eff_owners, e.due AS eff_due, e.status_on AS status_on,
       i.id AS item_id, i.number AS item_number, i.title AS item_title, i.exempt AS item_exempt,
       m.id AS meeting_id, m.body AS body, m.date AS date
  FROM meetings m
 CROSS JOIN items i ON i.meeting_id = m.id
 CROSS JOIN actions a ON a.item_id = i.id
  JOIN action_effective e ON e.action_id = a.id
"""

_ACTION_COUNT_SQL = """
SELECT count(*)
  FROM actions a
  JOIN action_effective e ON e.action_id = a.id
  JOIN items i ON i.id = a.item_id
  JOIN meetings m ON m.id = a.meeting_id
"""
# An ISO day, as GLOB: a due date the register can compare (free text such as "next meeting" is never overdue).
_ISO_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


_SUGGESTION_SQL = """
SELECT e.id, e.action_id, e.at, e.note, e.evidence, a.text, m.date, m.body, eff.status, eff.owners
  FROM action_events e
  JOIN actions a ON a.id = e.action_id
  JOIN action_effective eff ON eff.action_id = a.id
  JOIN meetings m ON m.id = a.meeting_id
 WHERE e.kind = 'suggest' AND e.value = ''
"""
# Decided: a later status change or rejection of the same action citing the same sentence.
_UNDECIDED = """
   AND NOT EXISTS (SELECT 1 FROM action_events d WHERE d.action_id = e.action_id AND d.key = e.key AND d.id > e.id
                    AND (d.kind = 'status' OR (d.kind = 'suggest' AND d.value = 'rejected')))
"""


def _statements(script: str) -> Iterator[str]:
    """Split a SQL script into statements, so it can run inside our own transaction."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _json_list(raw: str | None) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return [raw]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _owners_value(value: str | list[str]) -> str:
    """An "assign" event's value as a JSON list; a bare name becomes a one-name list."""
    if isinstance(value, list):
        names = value
    else:
        try:
            parsed = json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            parsed = value
        names = parsed if isinstance(parsed, list) else [str(parsed)]
    return _dumps([str(n).strip() for n in names if str(n).strip()])


def _v1_events(conn: sqlite3.Connection) -> None:
    """v1 -> v2: events get real kinds, a number per action, who, the previous value and the day it took effect.

    Every v1 event is kept except a carry-forward suggestion that repeats an earlier one of the same action and
    sentence and was never decided (the landed version stored those again on every ingest). v1 did not record
    who made a change: `by` stays empty, except "carry-forward" for its own closures and suggestions.
    """
    cols = "id, action_id, at, kind, note, value, evidence"
    old = conn.execute(f"SELECT {cols} FROM action_events ORDER BY id").fetchall()
    parsed = {r[0]: (r[1], r[2], r[3] or "")
              for r in conn.execute("SELECT id, parsed_status, owners, due FROM actions")}
    conn.execute("DROP VIEW action_effective")
    conn.execute("DROP TABLE action_events")
    for statement in _statements(SCHEMA):
        sql = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--"))
        if re.match(r"CREATE (?:UNIQUE )?(?:TABLE|INDEX|VIEW) (?:action_events\w*|action_effective)\b", sql):
            conn.execute(sql)

    def load(raw: str) -> dict[str, Any]:
        try:
            value = json.loads(raw) if raw.startswith("{") else {}
        except json.JSONDecodeError:
            return {}
        return value if isinstance(value, dict) else {}

    referenced = {load(r[6]).get("suggestion") for r in old}
    state: dict[str, dict[str, str]] = {}
    suggested: set[tuple[str, str]] = set()
    seq: dict[str, int] = defaultdict(int)
    for eid, action_id, at, kind, note, value, evidence in old:
        ev = load(evidence)
        key = str(ev.get("key") or "")
        status, owners, due = parsed.get(action_id, ("open", "[]", ""))
        now = state.setdefault(action_id, {"status": status or "open", "owner": owners or "[]", "due": due})
        by, previous, dated = "", "", ""
        if kind in LEGACY_KINDS:
            new_kind, fixed = LEGACY_KINDS[kind]
            new_value = fixed if fixed is not None else _owners_value(value)
            by = CARRY_FORWARD if kind == "auto-done" else ""
            previous = now[new_kind]
            now[new_kind] = new_value
            if new_kind == "status":
                dated = str(ev.get("date") or at[:10])
        elif value in ("suggest", "suggest-rejected"):
            new_kind, new_value = "suggest", "" if value == "suggest" else "rejected"
            by = CARRY_FORWARD if value == "suggest" else ""
            if value == "suggest":
                if (action_id, key) in suggested and eid not in referenced:
                    continue
                suggested.add((action_id, key))
        else:
            new_kind, new_value = "note", value
        seq[action_id] += 1
        conn.execute(
            """INSERT INTO action_events (id, action_id, seq, at, kind, by, previous, value, note, dated, key, evidence)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (eid, action_id, seq[action_id], at, new_kind, by, previous, new_value, note, dated, key, evidence))


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """v1 -> v2: real event kinds (`_v1_events`), meetings indexed by body, and the meetings' tables (filled
    when their documents are next ingested)."""
    _v1_events(conn)
    conn.execute("CREATE INDEX IF NOT EXISTS meetings_body ON meetings(body, kind, date)")
    for statement in _statements(SCHEMA):
        sql = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--"))
        if sql.startswith("CREATE TABLE meeting_tables"):
            conn.execute(sql)


MIGRATIONS[1] = _v1_to_v2
