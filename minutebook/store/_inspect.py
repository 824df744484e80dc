"""`doctor`'s read-only look at a store file: nothing is migrated or written."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Inspection:
    """What `doctor` reads from a store file opened read-only (nothing is migrated or written)."""

    integrity: list[str]
    tables: set[str]
    missing: list[str] = field(default_factory=list)  # tables and views of the schema that are not there
    schema_version: int | None = None
    broken_links: int = 0  # rows whose foreign key points at nothing
    counts: dict[str, int] = field(default_factory=dict)
    history_without_action: int = 0  # actions with history but no longer in any stored document
    meetings_with_items: set[str] = field(default_factory=set)
    meetings_without_items: set[str] = field(default_factory=set)
    item_ids: set[str] = field(default_factory=set)
    document_ids: set[str] = field(default_factory=set)


def _expected_objects() -> set[str]:
    """The tables and views a store of the current schema has."""
    from minutebook.store._schema import SCHEMA

    return set(re.findall(r"CREATE\s+(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", SCHEMA, re.I))


def check_pages(db: sqlite3.Connection, pragma: str = "integrity_check", limit: int = 100) -> list[str]:
    """`PRAGMA integrity_check` or `quick_check` as one problem a line (SQLite packs several into one row under a
    "*** in database main ***" heading); `["ok"]` for a sound file."""
    rows = [r[0] for r in db.execute(f"PRAGMA {pragma}({int(limit)})")]
    if rows == ["ok"]:
        return rows
    return [line for row in rows for line in str(row).splitlines() if line.strip() and not line.startswith("***")]


def inspect(path: Path, counted: tuple[str, ...]) -> Inspection:
    """Read a store file without opening it as a `Store`: integrity, schema version, counts of `counted` tables,
    and the ids the search index must agree with. Raises `sqlite3.Error` for a file SQLite cannot read; stops
    after the integrity check (or when it is not a minutebook store) with what it has."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        found = Inspection(integrity=check_pages(db), tables=set())
        if found.integrity != ["ok"]:
            return found
        found.tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if "meta" not in found.tables:
            return found
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        # "0", "abc" or none at all: no version this minutebook wrote (issue 14 case 18)
        found.schema_version = int(row[0]) if row and str(row[0]).isdigit() and int(row[0]) > 0 else None
        found.missing = sorted(_expected_objects() - found.tables)
        found.broken_links = len(db.execute("PRAGMA foreign_key_check").fetchall())
        for table in counted:
            if table in found.tables:
                found.counts[table] = int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        if {"action_events", "actions"} <= found.tables:
            found.history_without_action = int(db.execute(
                "SELECT count(DISTINCT action_id) FROM action_events WHERE action_id NOT IN (SELECT id FROM actions)"
            ).fetchone()[0])
        found.meetings_with_items = {r[0] for r in db.execute("SELECT DISTINCT meeting_id FROM items")}
        found.meetings_without_items = {r[0] for r in db.execute(
            "SELECT id FROM meetings WHERE id NOT IN (SELECT meeting_id FROM items)")}
        found.item_ids = {r[0] for r in db.execute("SELECT id FROM items")}
        found.document_ids = {r[0] for r in db.execute("SELECT id FROM documents")}
        return found
    finally:
        db.close()
