"""The one domain error hierarchy. The CLI turns any of these into a one-line message and exit 1."""

from __future__ import annotations

import os
import re
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
