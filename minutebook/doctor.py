"""`minutebook doctor`: is the data home healthy, and if not, what to run.

Reads only: the store is opened read-only (so an old schema is reported, not
migrated) and the index through a plain Whoosh reader. Each finding is a `Check`
with the command that fixes it; `diagnose()` never raises for a damaged home.

    with the CLI:  minutebook doctor [--json]
    in Python:     report = diagnose(home); report.ok, report.checks, report.counts
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from minutebook.errors import FULL_BELOW, disk_full, free_bytes
from minutebook.home import index_path, store_path

__all__ = ["Check", "Report", "IndexRecords", "diagnose", "index_records", "stale_index_folders"]

KEEP_STORE = "keep the store: it holds the manual history (done, notes, owners) that re-ingesting would lose"

logger = logging.getLogger(__name__)

REINDEX = "minutebook reindex"
# Folders `search.rebuild_index` writes beside the live index and swaps in; a process killed
# mid-rebuild leaves them behind (named after its pid).
TEMP_INDEX_RE = re.compile(r"^\.index-(?:new|old)-(\d+)$")
COUNTED_TABLES = ("documents", "pages", "meetings", "items", "resolutions", "actions", "action_events")


@dataclass(slots=True)
class Check:
    """One finding: what was checked, whether it passed, and the command that fixes it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass(slots=True)
class Report:
    """Everything `doctor` found about one data home."""

    home: str
    checks: list[Check] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    schema_version: int | None = None
    meetings_without_items: set[str] = field(default_factory=set)  # in the index through their pages only

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_json(self) -> dict[str, Any]:
        return {"home": self.home, "ok": self.ok, "schema_version": self.schema_version, "counts": self.counts,
                "checks": [asdict(c) for c in self.checks]}


@dataclass(slots=True)
class IndexRecords:
    """What the search index holds, by id (deleted documents excluded)."""

    count: int
    meeting_ids: set[str]
    item_ids: set[str]
    document_ids: set[str]


def index_records(home: Path) -> IndexRecords:
    """Read every stored document of the index. Raises whatever the engine raises on a damaged index."""
    from whoosh import index as windex

    from minutebook.search import KINDS
    from minutebook.search import index_records as engine_records

    held = engine_records(home)
    if held is not None:  # a tantivy index lists its ids from its term dictionaries
        return IndexRecords(*held)

    item_kinds = {k for k in KINDS if k.endswith("_item")}
    ix = windex.open_dir(str(index_path(home)))
    try:
        with ix.reader() as reader:
            count = 0
            meetings: set[str] = set()
            items: set[str] = set()
            documents: set[str] = set()
            for fields in reader.all_stored_fields():
                count += 1
                if fields.get("meeting_id"):
                    meetings.add(fields["meeting_id"])
                if fields.get("kind") in item_kinds and fields.get("item_id"):
                    items.add(fields["item_id"])
                if fields.get("document_id"):
                    documents.add(fields["document_id"])
    finally:
        ix.close()
    return IndexRecords(count, meetings, items, documents)


def stale_index_folders(home: Path) -> list[Path]:
    """Temporary index folders whose writing process is gone (left by a killed rebuild)."""
    found = []
    for p in sorted(Path(home).glob(".index-*-*")):
        m = TEMP_INDEX_RE.match(p.name)
        if m and p.is_dir() and not _alive(int(m.group(1))):
            found.append(p)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_held(home: Path) -> bool:
    lock = home / ".write.lock"
    if not lock.exists():
        return False
    with open(lock, "rb") as fh:  # read-only: doctor writes nothing, and a read-only home must not fail here
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def diagnose(home: Path) -> Report:
    """Check the store, its schema, the index and their agreement; never raises for a damaged home."""
    from minutebook.store import SCHEMA_VERSION

    home = Path(home)
    report = Report(home=str(home))
    busy = _lock_held(home)
    if busy:
        report.checks.append(Check("writer", True, "an ingest or reindex is running now; findings may be in flux"))
    full = _check_disk(home, report)
    store_ids = _check_store(home, report, SCHEMA_VERSION, full)
    _check_index(home, report, store_ids)
    pending = home / ".index-pending"
    if pending.exists() and not busy:
        report.checks.append(Check("interrupted write", False, "an ingest or reindex was stopped before the "
                                   "search index caught up with the store", f"{REINDEX} (or run the ingest again)"))
    leftovers = stale_index_folders(home)
    if leftovers:
        names = ", ".join(p.name for p in leftovers)
        report.checks.append(Check("leftovers", False, f"temporary index folders from an interrupted rebuild: {names}",
                                   f"{REINDEX} (removes them)"))
    backups = sorted(p.name for p in home.glob("*.bak"))
    if backups:
        report.checks.append(Check("backups", True, "store backups kept by schema migrations: " + ", ".join(backups)))
    return report


def _check_disk(home: Path, report: Report) -> bool:
    """A (nearly) full disk fails every write and some reads; it is said first, as what to fix."""
    free = free_bytes(home) if home.exists() else None
    if free is None or free >= FULL_BELOW:
        return False
    report.checks.append(Check("disk", False, f"the disk holding {home} is full ({free:,} bytes free): ingest, "
                               "reindex and changes to actions fail until there is space",
                               f"free some space on that disk; {KEEP_STORE}"))
    return True


def _check_store(home: Path, report: Report, latest: int,
                 full: bool = False) -> tuple[set[str], set[str], set[str]] | None:
    """Store checks; returns (meeting ids with items, item ids, document ids) when the store is readable."""
    from minutebook.store import inspect

    path = store_path(home)
    if not path.exists():
        report.checks.append(Check("store", True, f"no store yet at {path} (nothing ingested)"))
        return None
    try:
        found = inspect(path, COUNTED_TABLES)
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc) or not os.access(home, os.W_OK):
            # nothing is wrong with the store: it cannot be written here (issue 14 case 15)
            report.checks.append(Check("store", False, f"{home} is read-only, so the store cannot be opened "
                                       f"here ({exc})", "make the data home writable, or copy it somewhere that is"))
            return None
        if full or disk_full(exc, home):
            report.checks.append(Check("store", False, f"{path} cannot be checked while the disk is full ({exc})",
                                       f"free some space and run `minutebook doctor` again; {KEEP_STORE}"))
            return None
        # Not known to be damaged (a lock, a permission, an I/O fault): its history may be whole, so keep it.
        report.checks.append(Check("store", False, f"{path} cannot be opened ({exc})",
                                   f"check the disk and the file's permissions, then run `minutebook doctor` "
                                   f"again; {KEEP_STORE}"))
        return None
    except sqlite3.DatabaseError as exc:
        report.checks.append(Check("store", False, f"{path} is damaged ({exc})", _restore_hint(home, damaged=True)))
        return None
    except sqlite3.Error as exc:
        report.checks.append(Check("store", False, f"{path} cannot be opened ({exc})", _restore_hint(home)))
        return None
    if found.integrity != ["ok"]:
        shown = "; ".join(found.integrity[:3]) + (" ..." if len(found.integrity) > 3 else "")
        report.checks.append(Check("store", False, f"integrity check failed: {shown}",
                                   _restore_hint(home, damaged=True)))
        return None
    if "meta" not in found.tables:
        report.checks.append(Check("store", False, f"{path} is a SQLite database but not a minutebook store",
                                   "move it aside; minutebook creates a new store on the next ingest"))
        return None
    version = report.schema_version = found.schema_version
    fk = found.broken_links
    report.checks.append(Check("store", not fk, "integrity check passed" if not fk else
                               f"{_plural(fk, 'row')} point at records that no longer exist",
                               "" if not fk else _restore_hint(home)))
    if version is None:
        report.checks.append(Check("schema", False, "the store has no schema version minutebook wrote",
                                   _restore_hint(home)))
    elif version > latest:
        report.checks.append(Check("schema", False, f"v{version}, written by a newer minutebook (this one reads "
                                   f"up to v{latest})", "upgrade minutebook"))
    elif version < latest:
        report.checks.append(Check("schema", True, f"v{version}; migrated to v{latest} when next opened for "
                                   "writing (a backup is kept)"))
    elif found.missing:
        # a table or view of the current schema is gone: the store was changed by hand (issue 14 case 18)
        report.checks.append(Check("schema", False, f"v{version}, but {', '.join(found.missing)} "
                                   f"{'is' if len(found.missing) == 1 else 'are'} missing", _restore_hint(home)))
    else:
        report.checks.append(Check("schema", True, f"v{version} (current)"))
    report.counts.update(found.counts)
    if found.history_without_action:
        # Kept on purpose (store.py): a re-ingest that brings the action back re-applies them.
        report.checks.append(Check("action history", True, f"notes/statuses kept for "
                                   f"{_plural(found.history_without_action, 'action')} no longer in any stored "
                                   "document"))
    report.meetings_without_items = found.meetings_without_items
    return found.meetings_with_items, found.item_ids, found.document_ids


def _restore_hint(home: Path, damaged: bool = False) -> str:
    """What to do about a store that is wrong. Only a `damaged` one (its integrity check fails, or it is not a
    database at all) may be set aside for a re-ingest: one whose integrity passes but which was changed by hand
    still holds the manual history, so it is kept (issue 14 case 13)."""
    backups = sorted(home.glob("*.bak"))
    restore = f"restore the backup {backups[-1].name}" if backups else "restore the store from a backup"
    if damaged:
        return f"{restore}, or move the store aside and re-ingest the PDFs (`minutebook ingest FOLDER`)"
    return f"{restore}; {KEEP_STORE}"


def _check_index(home: Path, report: Report, store_ids: tuple[set[str], set[str], set[str]] | None) -> None:
    from minutebook import search

    status = search.index_status(home)
    if not status.ok:
        nothing = store_ids is None or not store_ids[2]
        if nothing and not index_path(home).exists():
            report.checks.append(Check("index", True, "no search index yet (nothing ingested)"))
        else:
            report.checks.append(Check("index", False, status.reason, REINDEX))
        return
    try:
        held = index_records(home)
    except Exception as exc:  # Whoosh raises many types for missing or truncated segment files
        report.checks.append(Check("index", False, f"search index is damaged ({type(exc).__name__}: {exc})", REINDEX))
        return
    report.counts["index_documents"] = held.count
    report.checks.append(Check("index", True, f"schema v{status.version}, {_plural(held.count, 'record')}"))
    if store_ids is None:
        return
    meetings_with_items, items, documents = store_ids
    problems = []
    if missing := items - held.item_ids:
        problems.append(f"{_plural(len(missing), 'item')} missing from the index")
    if extra := held.item_ids - items:
        problems.append(f"{_plural(len(extra), 'item')} in the index but not in the store")
    if missing_m := meetings_with_items - held.meeting_ids:
        problems.append(f"{_plural(len(missing_m), 'meeting')} missing from the index")
    if orphans := (held.meeting_ids - meetings_with_items) - report.meetings_without_items:
        problems.append(f"{_plural(len(orphans), 'meeting')} in the index but not in the store")
    if orphan_docs := held.document_ids - documents:
        problems.append(f"{_plural(len(orphan_docs), 'document')} in the index but not in the store")
    report.checks.append(Check("index agrees with store", not problems,
                               "; ".join(problems) if problems else "same meetings and items", REINDEX if problems
                               else ""))
