"""The one domain error hierarchy. The CLI turns any of these into a one-line message and exit 1."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

__all__ = [
    "printable",
    "MinutebookError",
    "BadInput",
    "EncryptedPDF",
    "NoTextLayer",
    "HomeBusy",
    "HomeNotWritable",
    "IndexUnavailable",
    "NotFound",
    "Ambiguous",
    "StoreError",
    "DiskFull",
    "disk_full",
]


# C0 and C1 controls, DEL, and the bidirectional overrides/isolates that reorder what a terminal shows.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str | Path) -> str:
    """`text` (usually a file name) safe to print on one line: nothing in it reaches the terminal raw.

    Bytes that were not UTF-8 (a Latin-1 "caf\\xe9.pdf", which Python holds as a lone surrogate) are shown
    as `\\xe9`; control characters (a newline that would spoof a second `error:` line, an ANSI or OSC
    escape) as `\\n`, `\\x1b`, `\\u202e`.
    """
    text = os.fspath(text)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if not _CONTROL_RE.search(text):
        return text
    return _CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class MinutebookError(Exception):
    """Base class: a problem the user can act on, shown without a traceback."""


class BadInput(MinutebookError):
    """A file that cannot be ingested. The message always names the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        # The reason may quote the file (a parser's message): it is made printable too, so the error stays one line.
        super().__init__(f"{printable(self.path)}: {printable(reason)}")

    def __reduce__(self):  # workers send these back to the parent process, so they must pickle whole
        return (self.__class__, (self.path, self.reason))


class EncryptedPDF(BadInput):
    """The PDF is encrypted and no (correct) password was given."""


class NoTextLayer(BadInput):
    """Scanned or garbled PDF: there is no usable text to parse."""


class HomeBusy(MinutebookError):
    """Another minutebook process holds the data home's write lock."""


class HomeNotWritable(MinutebookError):
    """The data home (or a file minutebook writes in it) cannot be written: read-only, or another user's."""

    def __init__(self, home: str | Path, exc: OSError) -> None:
        self.home = os.fspath(home)
        self.strerror = exc.strerror or type(exc).__name__
        super().__init__(f"{printable(self.home)} is not writable ({self.strerror}): minutebook cannot store "
                         "anything there; fix its permissions or choose another --home")

    def __reduce__(self):
        return (_home_not_writable, (self.home, self.strerror))


def _home_not_writable(home: str, strerror: str) -> HomeNotWritable:
    return HomeNotWritable(home, OSError(0, strerror))


class IndexUnavailable(MinutebookError):
    """The search index is missing or damaged; `minutebook reindex` rebuilds it."""


class StoreError(MinutebookError):
    """The SQLite store cannot be opened or migrated."""


FULL_BELOW = 1 << 20  # bytes free under which a vague write error ("disk I/O error") is put down to a full disk


class DiskFull(MinutebookError):
    """A write failed for lack of space. Every write is a transaction (the store) or a swap of whole folders (the
    index), so nothing stored is lost: the message says so, and never suggests discarding the store."""

    def __init__(self, where: str | Path) -> None:
        self.where = os.fspath(where)
        super().__init__(f"the disk holding {printable(self.where)} is full: free some space there and run the "
                         "command again (nothing already stored was lost)")

    def __reduce__(self):
        return (self.__class__, (self.where,))


def free_bytes(where: str | Path) -> int | None:
    import shutil  # here, not at the top: every command imports this module, few ever need this

    try:
        return shutil.disk_usage(where).free
    except OSError:
        return None


def disk_full(exc: BaseException, where: str | Path) -> DiskFull | None:
    """`exc` as a `DiskFull` when it is a write that failed for lack of space on the disk holding `where`.

    ENOSPC/EDQUOT from any write (Whoosh's segment files, a marker file) and SQLite's SQLITE_FULL ("database or
    disk is full") say so outright. SQLite reports some failed writes on a full disk only as "disk I/O error"
    (the journal or its shared-memory file could not grow): that one counts when the disk is in fact (nearly)
    full, and is left as it is otherwise, since it can mean a failing disk too."""
    if isinstance(exc, DiskFull):
        return exc
    if isinstance(exc, OSError):
        return DiskFull(where) if exc.errno in (errno.ENOSPC, errno.EDQUOT) else None
    sqlite3 = sys.modules.get("sqlite3")  # looked up, not imported: only code that opened the store raises these
    if sqlite3 is None or not isinstance(exc, sqlite3.Error):
        return None
    message = str(exc).lower()
    if "database or disk is full" in message:
        return DiskFull(where)
    if "disk i/o error" in message:
        free = free_bytes(where)
        if free is not None and free < FULL_BELOW:
            return DiskFull(where)
    return None


class NotFound(MinutebookError):
    """No record with the given id or name."""


class BadQuery(MinutebookError):
    """A search query that cannot be read: too long, nested too deep, or naming a field that cannot be searched."""


class Ambiguous(MinutebookError):
    """A name or id matches several records."""

    def __init__(self, what: str, candidates: list[str]) -> None:
        self.what = what
        self.candidates = candidates
        super().__init__(f"{what} is ambiguous: " + "; ".join(candidates))

    def __reduce__(self):
        return (self.__class__, (self.what, self.candidates))
