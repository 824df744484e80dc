"""The canonical SQLite store: documents, pages, meetings and the manual action history.

The package is the only place that holds SQL: `_schema` the tables, their version and migrations,
this module the writes, reads, events and the named queries of the register and carry-forward,
`_inspect` the read-only look `doctor` takes.

Everything else (the Whoosh index, exports, the action register) is derived from
this file, so it is written with care:

* one `save()` is one `BEGIN IMMEDIATE ... COMMIT`, so a crash leaves a document
  either completely stored or not at all;
* ids are content hashes, so re-ingesting a (newer version of a) pack lands on the
  same meeting/item/action ids and replaces the old rows instead of duplicating them;
* `action_events` (add / note / status / owner / due / suggest / dismiss) has no
  foreign key to `actions` on purpose: re-ingest deletes and re-inserts actions, and
  the audit trail must survive that and re-apply itself to the re-created action.
  An action added by hand is an "add" event, so re-ingest re-creates it too. Events
  are numbered 1, 2, 3 per action (`seq`), record who made the change (`by`), the
  previous and the new value, and the day a status change took effect (`dated`: for
  carry-forward, the date of the minutes that reported the work).

    with Store.open(home) as store:
        store.save(parsed)
        for row in store.action_rows(status="open", owner="Beverley Hendricks"):
            ...
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from minutebook.errors import Ambiguous, NotFound, StoreError, disk_full, printable
from minutebook.home import store_path
from minutebook.models import (
    Action,
    Document,
    Item,
    Line,
    Meeting,
    Page,
    ParsedDocument,
    Person,
    PlanAction,
    ReportSection,
    Resolution,
)
from minutebook.store._inspect import Inspection, check_pages, inspect
from minutebook.store._schema import (
    _ACTION_COUNT_SQL,
    _ACTION_PAGE_SQL,
    _ACTION_ROW_SQL,
    _ISO_DAY_GLOB,
    _SUGGESTION_SQL,
    _UNDECIDED,
    BUSY_TIMEOUT_MS,
    CARRY_FORWARD,
    CLOSED,
    EVENT_KINDS,
    LEGACY_KINDS,
    MIGRATIONS,
    OUTSTANDING,
    SCHEMA,
    SCHEMA_VERSION,
    STATUS_FILTERS,
    STATUSES,
    _dumps,
    _json_list,
    _owners_value,
    _statements,
)

__all__ = [
    "CARRY_FORWARD",
    "CLOSED",
    "EVENT_KINDS",
    "MIGRATIONS",
    "OUTSTANDING",
    "SCHEMA_VERSION",
    "STATUSES",
    "STATUS_FILTERS",
    "ActionRow",
    "Inspection",
    "SaveResult",
    "Store",
    "action_id_for",
    "inspect",
    "meeting_id_for",
    "normalise",
    "utc_now",
]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class SaveResult:
    """What one `Store.save` did."""

    document_id: str
    meeting_ids: list[str]
    replaced: list[str]  # meeting ids that already existed and were replaced
    dropped: list[str] = field(default_factory=list)  # meetings of this document the new parse no longer has
    matched: int = 0  # actions of an earlier version matched to this one (their history moved with them)
    carried: int = 0  # of those, the ones with a manual status


@dataclass(slots=True)
class ActionRow:
    """An action with its meeting/item context, as the action register shows it."""

    action: Action
    meeting_id: str
    body: str
    date: str
    item_number: str
    item_title: str
    exempt: bool
    item_id: str = ""
    status_on: str = ""  # the day the latest status change took effect ("" when the minutes' own status stands)


def utc_now() -> str:
    """Now as ISO-8601 UTC, e.g. 2024-05-01T09:30:00Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise(text: str) -> str:
    """Lowercase and collapse every run of non-alphanumerics to one space (the id hashing key)."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _sha1(text: str) -> str:
    import hashlib  # only writers hash: OpenSSL's start-up is left to them, not to every `actions` or `show`

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _meeting_key(body: str, date: str, kind: str, document_id: str) -> str:
    # Undated meetings would all share "body||kind" and silently replace each other
    # across unrelated documents, so the document pins them instead.
    key = f"{normalise(body)}|{date.strip()}|{kind.strip().lower()}"
    return key if date.strip() else f"{key}|{document_id}"


def meeting_id_for(body: str, date: str, kind: str, document_id: str = "") -> str:
    """The unsuffixed meeting id: "m" + sha1("<normalised body>|<date>|<kind>")[:7]."""
    return "m" + _sha1(_meeting_key(body, date, kind, document_id))[:7]


def action_id_for(meeting_id: str, item_number: str, text: str) -> str:
    """The unsuffixed action id: "a" + sha1("<meeting id>|<item number>|<normalised text>")[:6]."""
    return "a" + _sha1(f"{meeting_id}|{item_number}|{normalise(text)}")[:6]


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _path_value(path: str | Path) -> str | bytes:
    """A file name as stored: text when it is UTF-8; else its exact bytes (a BLOB), so nothing is lost.

    Python holds a name that is not UTF-8 (a Latin-1 "caf\\xe9.pdf") with lone surrogates, which SQLite's
    text cannot hold.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def _shown_path(value: str | bytes) -> str:
    """The stored name as text: a name stored as bytes is shown escaped (see `printable`); the bytes stay stored."""
    return printable(os.fsdecode(value)) if isinstance(value, bytes) else value


# Store files this process found sound, by (device, inode, size, mtime): the full-screen interface opens the
# store for each change, and quick_check reads every page (0.6 s at 10,000 meetings). A file changed since (a
# checkpoint of our own writes, damage from outside) has another key and is checked again.
_SOUND: set[tuple[int, int, int, int]] = set()


def _file_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class Store:
    """The SQLite store. Open with `Store.open(home)` (or `Store(path)`); use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn: sqlite3.Connection | None = None
        self._checked = False  # quick_check passed on this connection (see _quick_check)
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so the write lock
            # is taken up front instead of on the first write (which can deadlock-fail).
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is still atomic and crash-safe; only a power cut can lose
            # the last commits, and an ingest can simply be re-run.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self.close()
            full = disk_full(exc, self.path.parent)  # creating or migrating it needs room: not a damaged store
            if full is not None:
                raise full from exc
            reason = "not a SQLite database" if "not a database" in str(exc) else str(exc)
            raise StoreError(f"{self.path}: {reason}") from exc
        except BaseException:
            self.close()
            raise

    @classmethod
    def open(cls, home: Path) -> Store:
        """Open (creating or migrating as needed) the store in a data home."""
        return cls(store_path(Path(home)))

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        if self.conn is None:
            raise StoreError(f"{self.path}: store is closed")
        return self.conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if not self._checked:
                self._quick_check(db)
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _quick_check(self, db: sqlite3.Connection) -> None:
        """Before the first write of this connection: SQLite writes into a damaged page as readily as into a
        sound one, and would spread the damage. quick_check reads every page (not the index contents, which
        integrity_check also compares), under the write lock just taken, so nothing changes in between."""
        key = _file_key(self.path)
        if key is not None and key in _SOUND:
            self._checked = True
            return
        try:
            found = check_pages(db, "quick_check", limit=3)
        except sqlite3.DatabaseError as exc:  # damaged past what quick_check can walk
            found = [str(exc)]
        if found != ["ok"]:
            raise StoreError(f"{printable(self.path)} is damaged ({'; '.join(found[:2])}): nothing was written; "
                             "`minutebook doctor` says how to restore it")
        self._checked = True
        if key is not None:
            _SOUND.add(key)

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so multi-query reads never mix two versions of a meeting."""
        db = self.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    # -- schema and migrations -------------------------------------------------------

    def _tables(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _version(self) -> int | None:
        tables = self._tables()
        if not tables:
            return None
        if "meta" not in tables:
            raise StoreError(f"{self.path}: a SQLite database, but not a minutebook store")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise StoreError(f"{self.path}: minutebook store without a schema_version")
        if not str(row[0]).isdigit() or int(row[0]) < 1:
            # changed by hand: no version minutebook wrote; refuse rather than guess a migration
            raise StoreError(f"{self.path}: schema_version {row[0]!r} is not one minutebook writes; "
                             "restore the store from a backup (`minutebook doctor` says more)")
        return int(row[0])

    def _prepare(self) -> None:
        version = self._version()
        if version is None:
            with self._transaction() as db:
                # Another process may have created it between our check and the lock.
                if self._version() is None:
                    for statement in _statements(SCHEMA):
                        db.execute(statement)
                    db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer minutebook (schema v{version}; this version reads up to "
                f"v{SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, old: int) -> None:
        missing = [v for v in range(old, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise StoreError(f"{self.path}: no migration from schema v{missing[0]} (store is v{old})")
        backup = self.path.with_name(f"{self.path.name}.v{old}.bak")
        # The backup API copies a consistent snapshot including anything still in the WAL,
        # which a plain file copy of a WAL database would miss.
        with sqlite3.connect(backup) as dest:
            self.db.backup(dest)
        dest.close()
        logger.info("migrating %s from schema v%d to v%d (backup: %s)", self.path, old, SCHEMA_VERSION, backup)
        db = self.db
        db.execute("PRAGMA foreign_keys = OFF")  # table rebuilds in migrations need this off
        try:
            with self._transaction():
                current = self._version()  # another process may have migrated meanwhile
                current = old if current is None else current
                for version in range(current, SCHEMA_VERSION):
                    MIGRATIONS[version](db)
                bad = db.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise StoreError(f"{self.path}: migration broke {len(bad)} foreign key(s); backup at {backup}")
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"{self.path}: migration from v{old} failed ({exc}); backup at {backup}") from exc
        finally:
            db.execute("PRAGMA foreign_keys = ON")

    def schema_version(self) -> int:
        return self._version() or 0

    # -- writing ----------------------------------------------------------------------

    def save(self, parsed: ParsedDocument) -> SaveResult:
        """Store one parsed document in one transaction; fills the `id`/`document_id` fields."""
        doc = parsed.document
        with self._transaction() as db:
            doc.id = self._document_id(doc.sha256)
            self._upsert_document(doc, parsed.pages)
            before = {r[0] for r in db.execute("SELECT id FROM meetings WHERE document_id = ?", (doc.id,))}
            meeting_ids: list[str] = []
            replaced: list[str] = []
            matched = carried = 0
            for meeting in parsed.meetings:
                meeting.id = self._meeting_id(meeting, doc.id, set(meeting_ids))
                meeting.document_id = doc.id
                earlier = self._actions_with_history(meeting.id)
                # Cascades to people, items and everything under items; action_events stay.
                if db.execute("DELETE FROM meetings WHERE id = ?", (meeting.id,)).rowcount:
                    replaced.append(meeting.id)
                self._insert_meeting(meeting)
                meeting_ids.append(meeting.id)
                m, c = self._carry_history(meeting, earlier)
                matched, carried = matched + m, carried + c
            # A re-parse of the same file is authoritative for the meetings it still owns.
            dropped = sorted(before - set(meeting_ids))
            for mid in dropped:
                db.execute("DELETE FROM meetings WHERE id = ?", (mid,))
        if dropped:
            logger.info("%s: re-ingest no longer finds meetings %s", doc.path, ", ".join(dropped))
        if matched:
            logger.info("%s: %d action(s) matched to the earlier version", doc.path, matched)
        return SaveResult(doc.id, meeting_ids, replaced, dropped, matched, carried)

    def _actions_with_history(self, meeting_id: str) -> list[tuple[str, str, list[str]]]:
        """(id, text, owners) of this meeting's stored actions that carry manual history."""
        rows = self.db.execute("""SELECT a.id, a.text, a.owners FROM actions a WHERE a.meeting_id = ?
                                  AND EXISTS (SELECT 1 FROM action_events e WHERE e.action_id = a.id)""",
                               (meeting_id,)).fetchall()
        return [(r[0], r[1], json.loads(r[2] or "[]")) for r in rows]

    def _carry_history(self, meeting: Meeting, earlier: list[tuple[str, str, list[str]]]) -> tuple[int, int]:
        """Revised minutes give an action a new id when one word of it or its item number changes (the id hashes
        both): the earlier version's history moves to the same action in the new version, matched by owners and
        text. Returns (actions matched, manual statuses carried over)."""
        from difflib import SequenceMatcher  # re-ingest only, not every command that opens the store

        new = [a for it in meeting.items for a in it.actions]
        ids = {a.id for a in new}
        matched = carried = 0
        taken: set[str] = set()
        for old_id, text, owners in earlier:
            if old_id in ids:
                continue  # the same id: its history applies as it is
            best, score = None, 0.0
            for a in new:
                if a.id in taken or {o.lower() for o in a.owners} != {o.lower() for o in owners}:
                    continue
                ratio = SequenceMatcher(None, text.lower(), a.text.lower()).ratio()
                if ratio > score:
                    best, score = a, ratio
            if best is None or score < 0.8:
                continue
            if self.db.execute("SELECT 1 FROM action_events WHERE action_id = ?", (best.id,)).fetchone():
                continue  # the new id has a history of its own: never merge two
            taken.add(best.id)
            self.db.execute("UPDATE action_events SET action_id = ? WHERE action_id = ?", (best.id, old_id))
            matched += 1
            carried += bool(self.db.execute("SELECT 1 FROM action_events WHERE action_id = ? AND kind = 'status'",
                                            (best.id,)).fetchone())
        return matched, carried

    def _document_id(self, sha256: str) -> str:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        if row:
            return str(row[0])
        for n in (8, 12, 16, len(sha256)):
            candidate = "d" + sha256[:n]
            if not self.db.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
                return candidate
        raise StoreError(f"{self.path}: cannot allocate a document id for sha256 {sha256}")

    def _upsert_document(self, doc: Document, pages: list[Page]) -> None:
        db = self.db
        db.execute(
            """INSERT INTO documents (id, path, sha256, pages, title, ingested_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET path = excluded.path, pages = excluded.pages,
                                             title = excluded.title, ingested_at = excluded.ingested_at""",
            (doc.id, _path_value(doc.path), doc.sha256, doc.pages, printable(doc.title), utc_now()),
        )
        db.execute("DELETE FROM pages WHERE document_id = ?", (doc.id,))
        db.executemany(
            "INSERT OR REPLACE INTO pages (document_id, idx, label, text, exempt, blank) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc.id, p.index, p.label, p.text, int(p.exempt), int(p.blank)) for p in pages],
        )

    def _meeting_id(self, meeting: Meeting, document_id: str, taken: set[str]) -> str:
        key = _meeting_key(meeting.body, meeting.date, meeting.kind, document_id)
        base = "m" + _sha1(key)[:7]
        candidate, n = base, 1
        while True:
            if candidate not in taken:
                row = self.db.execute(
                    "SELECT body, date, kind, document_id FROM meetings WHERE id = ?", (candidate,)
                ).fetchone()
                # Same key: the same meeting, to be replaced. Different key: a hash collision.
                if row is None or _meeting_key(row["body"], row["date"], row["kind"], row["document_id"]) == key:
                    return candidate
            n += 1
            candidate = f"{base}-{n}"

    def _insert_meeting(self, m: Meeting) -> None:
        db = self.db
        db.execute(
            """INSERT INTO meetings (id, document_id, body, date, kind, time, end_time, venue, chair,
                                     page_from, page_to, unrecognised)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (m.id, m.document_id, m.body, m.date, m.kind, m.time, m.end_time, m.venue, m.chair,
             m.pages[0], m.pages[1], _dumps(m.unrecognised)),
        )
        for kind, people in (("attendee", m.attendees), ("apology", m.apologies), ("member", m.members)):
            db.executemany(
                """INSERT INTO people (meeting_id, kind, seq, name, role, organisation, chair, substitute_for)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [(m.id, kind, seq, p.name, p.role, p.organisation, int(p.chair), p.substitute_for)
                 for seq, p in enumerate(people, 1)],
            )
        db.executemany("INSERT INTO meeting_tables (meeting_id, seq, page, rows) VALUES (?, ?, ?, ?)",
                       [(m.id, seq, page, _dumps(rows)) for seq, (page, rows) in enumerate(m.tables, 1)])
        item_ids: set[str] = set()
        action_ids: set[str] = set()
        for seq, item in enumerate(m.items, 1):
            item.id = _unique(f"{m.id}.{item.number}", item_ids)
            item_ids.add(item.id)
            self._insert_item(m.id, seq, item)
            for aseq, action in enumerate(item.actions, 1):
                action.id = self._action_id(m.id, item.number, action.text, action_ids)
                action_ids.add(action.id)
                self._insert_action(m.id, item.id, aseq, action)
        self._restore_added(m.id)

    def _restore_added(self, meeting_id: str) -> None:
        """Re-create the actions added by hand to this meeting (their "add" events outlive re-ingest).

        One the minutes now record themselves (same id) keeps the parsed row; one whose item is gone waits
        in the history for a version of the minutes that has it again.
        """
        db = self.db
        for r in db.execute("SELECT action_id, value FROM action_events WHERE kind = 'add' AND key = ? ORDER BY id",
                            (meeting_id,)).fetchall():
            spec = json.loads(r["value"])
            if db.execute("SELECT 1 FROM actions WHERE id = ?", (r["action_id"],)).fetchone():
                continue
            item = db.execute("SELECT id FROM items WHERE meeting_id = ? AND number = ?",
                              (meeting_id, spec["item"])).fetchone()
            if item is None:
                continue
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM actions WHERE item_id = ?", (item[0],)).fetchone()
            self._insert_action(meeting_id, item[0], int(seq[0]), Action(
                text=spec["text"], page=int(spec.get("page") or 0), owners=list(spec.get("owners") or []),
                owners_raw=" & ".join(spec.get("owners") or []), due=spec.get("due") or None, id=r["action_id"]))

    def _insert_item(self, meeting_id: str, seq: int, item: Item) -> None:
        db = self.db
        db.execute(
            """INSERT INTO items (id, meeting_id, seq, number, title, page, page_end, text, description,
                                  pages_ref, exempt, points, notes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (item.id, meeting_id, seq, item.number, item.title, item.page, item.page_end, item.text,
             item.description, item.pages_ref, int(item.exempt), _dumps(item.points), _dumps(item.notes)),
        )
        for rseq, r in enumerate(item.resolutions, 1):
            r.id = f"{item.id}.r{rseq}"
            db.execute(
                """INSERT INTO resolutions (id, item_id, seq, text, page, mover, seconder, outcome, tally)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (r.id, item.id, rseq, r.text, r.page, r.mover, r.seconder, r.outcome, r.tally),
            )
        db.executemany(
            "INSERT INTO report_sections (item_id, seq, kind, heading, text, page) VALUES (?, ?, ?, ?, ?, ?)",
            [(item.id, s, r.kind, r.heading, r.text, r.page) for s, r in enumerate(item.reports, 1)],
        )
        db.executemany(
            """INSERT INTO plan_actions (item_id, seq, action, leads, rag, comments, page, extra)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [(item.id, s, p.action, _dumps(p.leads), p.rag, p.comments, p.page, _dumps(p.extra))
             for s, p in enumerate(item.plan_actions, 1)],
        )

    def _action_id(self, meeting_id: str, item_number: str, text: str, taken: set[str]) -> str:
        base = action_id_for(meeting_id, item_number, text)
        candidate, n = base, 1
        # This meeting's old actions are already deleted, so a row still holding the id
        # belongs to another meeting: a 24-bit hash collision.
        while candidate in taken or self.db.execute("SELECT 1 FROM actions WHERE id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _insert_action(self, meeting_id: str, item_id: str, seq: int, a: Action) -> None:
        db = self.db
        db.execute(
            """INSERT INTO actions (id, item_id, meeting_id, seq, text, page, owners, owners_raw, unresolved,
                                    parsed_status, due, explicit, note)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (a.id, item_id, meeting_id, seq, a.text, a.page, _dumps(a.owners), a.owners_raw,
             _dumps(a.unresolved), a.status or "open", a.due, int(a.explicit), a.note),
        )
        self._set_owner_rows(a.id)

    def _set_owner_rows(self, action_id: str) -> None:
        """Rebuild `action_owners` from the effective owners (re-applies a manual "assign")."""
        db = self.db
        row = db.execute("SELECT owners FROM action_effective WHERE action_id = ?", (action_id,)).fetchone()
        db.execute("DELETE FROM action_owners WHERE action_id = ?", (action_id,))
        if row is not None:
            db.executemany(
                "INSERT OR IGNORE INTO action_owners (action_id, owner) VALUES (?, ?)",
                [(action_id, o) for o in _json_list(row[0])],
            )

    def delete_document(self, doc_id: str) -> list[str]:
        """Delete a document with its pages and the meetings it (still) sources; returns those meeting ids."""
        with self._transaction() as db:
            if not db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                raise NotFound(f"no document {doc_id}")
            gone = [r[0] for r in db.execute("SELECT id FROM meetings WHERE document_id = ? ORDER BY id", (doc_id,))]
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return gone

    # -- reading ----------------------------------------------------------------------

    def has_sha(self, sha256: str) -> str | None:
        """The id of the stored document with this content hash, if any."""
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return str(row[0]) if row else None

    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY ingested_at, id")
        return [Document(path=_shown_path(r["path"]), sha256=r["sha256"], pages=r["pages"], title=r["title"],
                         id=r["id"]) for r in rows]

    def meeting_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM meetings ORDER BY date, body, kind, id")]

    def meeting(self, meeting_id: str) -> Meeting:
        found = self.meetings([meeting_id])
        if not found:
            raise NotFound(f"no meeting {meeting_id}")
        return found[0]

    def meetings(self, ids: list[str] | None = None) -> list[Meeting]:
        """Full meetings, by date (or in the order of `ids`; unknown ids are skipped)."""
        with self._snapshot() as db:
            return self._meetings(db, ids)

    def _meetings(self, db: sqlite3.Connection, ids: list[str] | None) -> list[Meeting]:
        if ids is None:
            mrows = db.execute("SELECT * FROM meetings ORDER BY date, body, kind, id").fetchall()
        else:
            wanted = db.execute("SELECT * FROM meetings WHERE id IN (SELECT value FROM json_each(?))", (_dumps(ids),))
            by_id = {r["id"]: r for r in wanted}
            mrows = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
        if not mrows:
            return []
        # json_each keeps the statements fixed-size whatever the number of meetings.
        scope = _dumps([r["id"] for r in mrows])
        in_scope = "IN (SELECT value FROM json_each(?))"

        people: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for r in db.execute(f"SELECT * FROM people WHERE meeting_id {in_scope} ORDER BY meeting_id, kind, seq",
                            (scope,)):
            people[(r["meeting_id"], r["kind"])].append(
                Person(name=r["name"], role=r["role"], organisation=r["organisation"], chair=bool(r["chair"]),
                       substitute_for=r["substitute_for"])
            )

        resolutions: dict[str, list[Resolution]] = defaultdict(list)
        for r in db.execute(f"""SELECT r.* FROM resolutions r JOIN items i ON i.id = r.item_id
                                WHERE i.meeting_id {in_scope} ORDER BY r.item_id, r.seq""", (scope,)):
            resolutions[r["item_id"]].append(
                Resolution(text=r["text"], page=r["page"], mover=r["mover"], seconder=r["seconder"],
                           outcome=r["outcome"], tally=r["tally"], id=r["id"])
            )

        actions: dict[str, list[Action]] = defaultdict(list)
        for r in db.execute(f"{_ACTION_ROW_SQL} WHERE a.meeting_id {in_scope} ORDER BY a.item_id, a.seq", (scope,)):
            actions[r["item_id"]].append(_action_from_row(r))

        reports: dict[str, list[ReportSection]] = defaultdict(list)
        for r in db.execute(f"""SELECT s.* FROM report_sections s JOIN items i ON i.id = s.item_id
                                WHERE i.meeting_id {in_scope} ORDER BY s.item_id, s.seq""", (scope,)):
            reports[r["item_id"]].append(ReportSection(heading=r["heading"], text=r["text"], page=r["page"],
                                                       kind=r["kind"]))

        plans: dict[str, list[PlanAction]] = defaultdict(list)
        for r in db.execute(f"""SELECT p.* FROM plan_actions p JOIN items i ON i.id = p.item_id
                                WHERE i.meeting_id {in_scope} ORDER BY p.item_id, p.seq""", (scope,)):
            extra = json.loads(r["extra"] or "{}")
            plans[r["item_id"]].append(PlanAction(action=r["action"], leads=_json_list(r["leads"]), rag=r["rag"],
                                                  comments=r["comments"], page=r["page"], extra=extra))

        items: dict[str, list[Item]] = defaultdict(list)
        for r in db.execute(f"SELECT * FROM items WHERE meeting_id {in_scope} ORDER BY meeting_id, seq", (scope,)):
            items[r["meeting_id"]].append(
                Item(number=r["number"], title=r["title"], page=r["page"], page_end=r["page_end"], text=r["text"],
                     description=r["description"], pages_ref=r["pages_ref"], exempt=bool(r["exempt"]),
                     points=_json_list(r["points"]), notes=_json_list(r["notes"]),
                     resolutions=resolutions[r["id"]], actions=actions[r["id"]], reports=reports[r["id"]],
                     plan_actions=plans[r["id"]], id=r["id"])
            )

        return [
            Meeting(body=r["body"], date=r["date"], kind=r["kind"], pages=(r["page_from"], r["page_to"]),
                    time=r["time"], end_time=r["end_time"], venue=r["venue"], chair=r["chair"],
                    attendees=people[(r["id"], "attendee")], apologies=people[(r["id"], "apology")],
                    members=people[(r["id"], "member")], items=items[r["id"]],
                    unrecognised=_json_list(r["unrecognised"]), id=r["id"], document_id=r["document_id"])
            for r in mrows
        ]

    def pages(self, document_id: str | None = None) -> list[tuple[str, Page]]:
        """Every stored page as (document id, Page); lines are rebuilt one per stored text line."""
        sql = "SELECT * FROM pages"
        params: tuple[str, ...] = ()
        if document_id is not None:
            sql += " WHERE document_id = ?"
            params = (document_id,)
        rows = self.db.execute(sql + " ORDER BY document_id, idx", params)
        return [
            (r["document_id"], Page(index=r["idx"], label=r["label"],
                                    lines=[Line(t) for t in r["text"].split("\n")] if r["text"] else [],
                                    blank=bool(r["blank"]), exempt=bool(r["exempt"])))
            for r in rows
        ]

    # -- action register primitives ---------------------------------------------------

    def bodies(self, meeting_ids: list[str] | None = None) -> list[str]:
        """The bodies as spelt in the store (of these meetings only, when given)."""
        if meeting_ids is None:
            rows = self.db.execute("SELECT DISTINCT body FROM meetings ORDER BY body")
        else:
            rows = self.db.execute("SELECT DISTINCT body FROM meetings WHERE id IN (SELECT value FROM json_each(?)) "
                                   "ORDER BY body", (_dumps(meeting_ids),))
        return [r[0] for r in rows]

    def minutes_meetings(self, bodies: list[str], since: str | None = None,
                         until: str | None = None) -> list[sqlite3.Row]:
        """(id, body, date) of the dated minutes of these bodies, by date; bounds are inclusive ISO dates."""
        sql = ("SELECT id, body, date FROM meetings WHERE body IN (SELECT value FROM json_each(?)) "
               "AND kind = 'minutes' AND date != ''")
        params: list[str] = [_dumps(bodies)]
        if since:
            sql += " AND date >= ?"
            params.append(since)
        if until:
            sql += " AND date <= ?"
            params.append(until)
        return self.db.execute(sql + " ORDER BY date, id", params).fetchall()

    def action(self, action_id: str) -> ActionRow:
        row = self.db.execute(f"{_ACTION_ROW_SQL} WHERE a.id = ?", (action_id,)).fetchone()
        if row is None:
            raise NotFound(f"no action {action_id}")
        return _action_row(row)

    def action_rows(
        self,
        status: str = "open",
        body: str | None = None,
        owner: str | None = None,
        since: str | None = None,
        until: str | None = None,
        meeting: str | None = None,
        include_exempt: bool = False,
        meetings: list[str] | None = None,
        *,
        words: list[str] | None = None,
        overdue_on: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ActionRow]:
        """Actions with effective status/owners, filtered; dates are inclusive ISO bounds on the meeting date.

        `meetings` keeps the actions of those meeting ids (one indexed lookup each, whatever the store's size).
        `words` keeps actions whose text, id, item title or an owner contains each word (any case);
        `overdue_on` (an ISO day) keeps outstanding actions due before it. `limit`/`offset` page through the
        rows in store order (meeting date, meeting, item, minutes order), so a screen reads one page of a
        120,000-action register instead of all of it.
        """
        sql, params = self._action_where(status, body, owner, since, until, meeting, include_exempt, meetings,
                                         words, overdue_on)
        sql = (_ACTION_ROW_SQL if limit is None else _ACTION_PAGE_SQL) + sql + " ORDER BY m.date, m.id, i.seq, a.seq"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_action_row(r) for r in self.db.execute(sql, params)]

    def count_action_rows(
        self,
        status: str = "open",
        body: str | None = None,
        owner: str | None = None,
        since: str | None = None,
        until: str | None = None,
        meeting: str | None = None,
        include_exempt: bool = False,
        *,
        words: list[str] | None = None,
        overdue_on: str | None = None,
    ) -> int:
        """How many rows `action_rows` would return with these filters (without reading them)."""
        sql, params = self._action_where(status, body, owner, since, until, meeting, include_exempt, None, words,
                                         overdue_on)
        return int(self.db.execute(_ACTION_COUNT_SQL + sql, params).fetchone()[0])

    @staticmethod
    def _action_where(status: str, body: str | None, owner: str | None, since: str | None, until: str | None,
                      meeting: str | None, include_exempt: bool, meetings: list[str] | None,
                      words: list[str] | None, overdue_on: str | None) -> tuple[str, list[Any]]:
        """The WHERE clause (and its parameters) of `action_rows` and `count_action_rows`."""
        if status not in STATUS_FILTERS:
            raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}, got {status!r}")
        where: list[str] = ["e.status IN (SELECT value FROM json_each(?))"]
        params: list[Any] = [_dumps(STATUS_FILTERS[status])]
        if body:
            where.append("m.body = ? COLLATE NOCASE")
            params.append(body)
        if owner:
            where.append("EXISTS (SELECT 1 FROM action_owners o WHERE o.action_id = a.id AND o.owner = ? "
                         "COLLATE NOCASE)")
            params.append(owner)
        if since:
            where.append("m.date >= ?")
            params.append(since)
        if until:
            where.append("m.date <= ?")
            params.append(until)
        if meeting:
            where.append("m.id = ?")
            params.append(meeting)
        if meetings is not None:
            where.append("a.meeting_id IN (SELECT value FROM json_each(?))")
            params.append(_dumps(meetings))
        if not include_exempt:
            where.append("i.exempt = 0")
        if overdue_on:
            where.append(f"e.status IN (SELECT value FROM json_each(?)) AND e.due GLOB '{_ISO_DAY_GLOB}' "
                         "AND e.due < ?")
            params += [_dumps(OUTSTANDING), overdue_on]
        for word in words or []:
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(a.text LIKE ? ESCAPE '\\' OR a.id LIKE ? ESCAPE '\\' OR i.title LIKE ? ESCAPE '\\' "
                         "OR EXISTS (SELECT 1 FROM action_owners o WHERE o.action_id = a.id "
                         "AND o.owner LIKE ? ESCAPE '\\'))")
            params += [like] * 4
        return " WHERE " + " AND ".join(where), params

    def owner_totals(self, body: str | None = None, include_exempt: bool = False, today: str = "",
                     no_owner: str = "(no owner)") -> list[sqlite3.Row]:
        """Per owner (names differing only in case are one): open (outstanding), done (closed) and overdue
        (outstanding, due before `today`) actions and the date of the oldest open one's meeting; one GROUP BY,
        so the register's owner list costs one pass over the store, not a row object per action.
        An action without owners counts under `no_owner`; dismissed actions are not counted."""
        where = ["e.status IN (SELECT value FROM json_each(?))"]
        params: list[Any] = [today, _dumps(OUTSTANDING), no_owner, _dumps(STATUS_FILTERS["all"])]
        if body:
            where.append("m.body = ? COLLATE NOCASE")
            params.append(body)
        if not include_exempt:
            where.append("i.exempt = 0")
        return self.db.execute(f"""
            SELECT name AS owner, sum(outstanding) AS open, sum(NOT outstanding) AS done,
                   total(outstanding AND due GLOB '{_ISO_DAY_GLOB}' AND due < ?) AS overdue,
                   coalesce(min(CASE WHEN outstanding AND date != '' THEN date END), '') AS oldest_open
              FROM (SELECT e.status IN (SELECT value FROM json_each(?)) AS outstanding, e.due AS due, m.date AS date,
                           coalesce(o.owner, ?) AS name
                      FROM actions a
                      JOIN action_effective e ON e.action_id = a.id
                      JOIN items i ON i.id = a.item_id
                      JOIN meetings m ON m.id = a.meeting_id
                      LEFT JOIN action_owners o ON o.action_id = a.id
                     WHERE {" AND ".join(where)})
             GROUP BY name COLLATE NOCASE""", params).fetchall()

    # -- named queries of the register and carry-forward ------------------------------

    def meeting_heads(self, ids: list[str] | None = None) -> list[sqlite3.Row]:
        """(id, body, date, kind) of every meeting (or of these ids), by date then id."""
        if ids is None:
            return self.db.execute("SELECT id, body, date, kind FROM meetings ORDER BY date, id").fetchall()
        return self.db.execute("SELECT id, body, date, kind FROM meetings WHERE id IN (SELECT value FROM json_each(?)) "
                               "ORDER BY date, id", (_dumps(ids),)).fetchall()

    def meeting_tables(self, meeting_id: str) -> list[tuple[int, list[list[str | None]]]]:
        """The tables printed in a meeting's pages: (page, rows of cells), in page order."""
        return [(r["page"], json.loads(r["rows"])) for r in self.db.execute(
            "SELECT page, rows FROM meeting_tables WHERE meeting_id = ? ORDER BY seq", (meeting_id,))]

    def parsed_action(self, action_id: str) -> sqlite3.Row:
        """What the minutes themselves say of an action: owners (JSON), owners_raw, parsed_status, note."""
        row = self.db.execute("SELECT owners, owners_raw, parsed_status, note FROM actions WHERE id = ?",
                              (action_id,)).fetchone()
        if row is None:
            raise NotFound(f"no action {action_id}")
        return row

    def latest_notes(self, action_ids: list[str]) -> dict[str, str]:
        """Each action's latest note from its history (carry-forward suggestions and rejections left out)."""
        notes: dict[str, str] = {}
        for r in self.db.execute("""SELECT action_id, note FROM action_events WHERE note != '' AND kind != 'suggest'
                                    AND action_id IN (SELECT value FROM json_each(?)) ORDER BY id""",
                                 (_dumps(action_ids),)):
            notes[r["action_id"]] = r["note"]
        return notes

    def owner_candidates(self, body: str | None = None, meeting: str | None = None) -> Iterator[tuple[str, Any]]:
        """Everyone who may own an action in scope, for the people resolver: ("listed", row) for each person on
        a meeting's lists (name, role, organisation, chair, body, date), ("chair", row) for each meeting's chair
        (chair, body, date) and ("owner", row) for each current owner with its number of actions (owner, n)."""
        where, params = [], []
        if body:
            where.append("m.body = ? COLLATE NOCASE")
            params.append(body)
        if meeting:
            where.append("m.id = ?")
            params.append(meeting)
        scope = (" AND " + " AND ".join(where)) if where else ""
        db = self.db
        for r in db.execute(f"""SELECT p.name, p.role, p.organisation, p.chair, m.body, m.date FROM people p
                                JOIN meetings m ON m.id = p.meeting_id WHERE p.name != ''{scope}""", params):
            yield "listed", r
        for r in db.execute(f"SELECT m.chair, m.body, m.date FROM meetings m WHERE m.chair != ''{scope}", params):
            yield "chair", r
        for r in db.execute(f"""SELECT o.owner, count(*) AS n FROM action_owners o
                                JOIN actions a ON a.id = o.action_id JOIN meetings m ON m.id = a.meeting_id
                                WHERE 1 = 1{scope} GROUP BY o.owner""", params):
            yield "owner", r

    def people_names(self, meeting_ids: list[str]) -> list[str]:
        """The distinct names on the attendance, apology and membership lists of these meetings."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT name FROM people WHERE meeting_id IN (SELECT value FROM json_each(?))",
            (_dumps(meeting_ids),))]

    def event_keys(self, action_ids: list[str]) -> set[tuple[str, str]]:
        """(action id, key) of every keyed event (carry-forward closures, suggestions, decisions) of these actions."""
        rows = self.db.execute("""SELECT action_id, key FROM action_events WHERE key != ''
                                  AND action_id IN (SELECT value FROM json_each(?))""", (_dumps(action_ids),))
        return {(r["action_id"], r["key"]) for r in rows}

    def suggestion_rows(self, *, action_id: str | None = None, suggestion: int | None = None,
                        undecided: bool = True, outstanding: bool = True) -> list[sqlite3.Row]:
        """Carry-forward suggestions with their action: oldest first; `undecided` leaves out those a later status
        change or rejection citing the same sentence decided, `outstanding` those whose action is closed."""
        sql = _SUGGESTION_SQL
        params: list[Any] = []
        if undecided:
            sql += _UNDECIDED
        if outstanding:
            sql += " AND eff.status IN (SELECT value FROM json_each(?))"
            params.append(_dumps(OUTSTANDING))
        if action_id:
            sql += " AND e.action_id = ?"
            params.append(action_id)
        if suggestion is not None:
            sql += " AND e.id = ?"
            params.append(suggestion)
        return self.db.execute(sql + " ORDER BY e.id", params).fetchall()

    def add_event(
        self,
        action_id: str,
        kind: str,
        note: str = "",
        value: str | list[str] = "",
        evidence: str = "",
        at: str | None = None,
        by: str = "",
        dated: str = "",
        key: str = "",
    ) -> int:
        """Append to an action's history; returns the event id (0 when a suggestion is already stored).

        Kinds: note, status (value: the new status), owner (the new owners: JSON list, list or one name), due
        (an ISO date, '' clears it), dismiss, suggest (carry-forward; `key` names the sentence). The v1 kinds
        done, reopen, auto-done and assign are taken too. The previous value is read here, in the same
        transaction; `dated` (the day a status change took effect) defaults to the day of `at`.
        """
        if kind in LEGACY_KINDS:
            legacy = kind
            kind, fixed = LEGACY_KINDS[legacy]
            value = fixed if fixed is not None else value
            by = by or (CARRY_FORWARD if legacy == "auto-done" else "")
        if kind not in EVENT_KINDS:
            raise ValueError(f"event kind must be one of {', '.join(EVENT_KINDS)}, got {kind!r}")
        if kind == "owner":
            stored = _owners_value(value)
        else:
            stored = value if isinstance(value, str) else _dumps(value)
        if kind == "status" and stored not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {stored!r}")
        at = at or utc_now()
        with self._transaction() as db:
            row = db.execute(f"{_ACTION_ROW_SQL} WHERE a.id = ?", (action_id,)).fetchone()
            if row is None:
                raise NotFound(f"no action {action_id}")
            if kind == "suggest" and not stored and key and db.execute(
                    "SELECT 1 FROM action_events WHERE action_id = ? AND key = ? AND kind = 'suggest'",
                    (action_id, key)).fetchone():
                return 0
            previous = {"status": row["eff_status"], "dismiss": row["eff_status"], "owner": row["eff_owners"],
                        "due": row["eff_due"] or ""}.get(kind, "")
            if kind in ("status", "dismiss") and not dated:
                dated = at[:10]
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM action_events WHERE action_id = ?",
                             (action_id,)).fetchone()[0]
            cur = db.execute(
                """INSERT INTO action_events (action_id, seq, at, kind, by, previous, value, note, dated, key, evidence)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (action_id, seq, at, kind, by, previous, stored, note, dated, key, evidence),
            )
            if kind == "owner":
                self._set_owner_rows(action_id)
        return int(cur.lastrowid or 0)

    def add_action(self, meeting_id: str, item_number: str, text: str, owners: list[str], due: str | None = None,
                   note: str = "", by: str = "", at: str | None = None) -> str:
        """Add an action the parser missed to an item of stored minutes; returns its id.

        Recorded as the action's first event ("add"), so a re-ingest of the minutes re-creates it.
        """
        text = " ".join(text.split())
        if not text:
            raise StoreError("an action needs its text")
        with self._transaction() as db:
            items = db.execute("SELECT id, number, page FROM items WHERE meeting_id = ? ORDER BY seq",
                               (meeting_id,)).fetchall()
            item = next((i for i in items if i["number"].lower() == item_number.strip().lower()), None)
            if item is None:
                numbers = ", ".join(i["number"] for i in items) or "none"
                raise NotFound(f"meeting {meeting_id} has no item {item_number} (its items: {numbers})")
            action_id = action_id_for(meeting_id, item["number"], text)
            if db.execute("SELECT 1 FROM actions WHERE id = ?", (action_id,)).fetchone():
                raise Ambiguous(f"action {text!r}", [f"already recorded as {action_id}"])
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM actions WHERE item_id = ?",
                             (item["id"],)).fetchone()[0]
            spec = {"meeting_id": meeting_id, "item": item["number"], "text": text, "owners": owners, "due": due,
                    "page": item["page"]}
            db.execute(
                """INSERT INTO action_events (action_id, seq, at, kind, by, value, note, key)
                   VALUES (?, 1, ?, 'add', ?, ?, ?, ?)""",
                (action_id, at or utc_now(), by, _dumps(spec), note, meeting_id))
            self._insert_action(meeting_id, item["id"], int(seq), Action(
                text=text, page=item["page"], owners=owners, owners_raw=" & ".join(owners), due=due, id=action_id))
        return action_id

    def events(self, action_id: str) -> list[dict[str, Any]]:
        """An action's manual history, oldest first (kept even if the action itself is gone)."""
        rows = self.db.execute("SELECT * FROM action_events WHERE action_id = ? ORDER BY id", (action_id,))
        return [dict(r) for r in rows]

    def resolve_action_id(self, prefix: str) -> str:
        """The full action id for an id or unique prefix ("a1b2" or "1b2")."""
        wanted = prefix.strip().lower()
        if not wanted:
            raise NotFound("no action id given")
        for guess in dict.fromkeys([wanted, wanted if wanted.startswith("a") else "a" + wanted]):
            if self.db.execute("SELECT 1 FROM actions WHERE id = ?", (guess,)).fetchone():
                return guess
            # LIKE treats "_" and "%" as wildcards; ids only hold [a-z0-9-], so escape defensively.
            pattern = guess.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            hits = [r[0] for r in self.db.execute(
                "SELECT id FROM actions WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 11", (pattern,))]
            if len(hits) == 1:
                return str(hits[0])
            if hits:
                raise Ambiguous(f"action {prefix!r}", hits[:10])
        raise NotFound(f"no action {prefix}")


def _action_from_row(r: sqlite3.Row) -> Action:
    return Action(text=r["text"], page=r["page"], owners=_json_list(r["eff_owners"]), owners_raw=r["owners_raw"],
                  unresolved=_json_list(r["unresolved"]), status=r["eff_status"], due=r["eff_due"],
                  explicit=bool(r["explicit"]), note=r["note"], id=r["id"])


def _action_row(r: sqlite3.Row) -> ActionRow:
    return ActionRow(action=_action_from_row(r), meeting_id=r["meeting_id"], body=r["body"], date=r["date"],
                     item_number=r["item_number"], item_title=r["item_title"], exempt=bool(r["item_exempt"]),
                     item_id=r["item_id"], status_on=r["status_on"] or "")
