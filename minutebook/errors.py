"""The one domain error hierarchy. The CLI turns any of these into a one-line message and exit 1."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "MinutebookError",
    "BadInput",
    "EncryptedPDF",
    "NoTextLayer",
    "HomeBusy",
    "IndexUnavailable",
    "NotFound",
    "Ambiguous",
    "StoreError",
]


class MinutebookError(Exception):
    """Base class: a problem the user can act on, shown without a traceback."""


class BadInput(MinutebookError):
    """A file that cannot be ingested. The message always names the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # workers send these back to the parent process, so they must pickle whole
        return (self.__class__, (self.path, self.reason))


class EncryptedPDF(BadInput):
    """The PDF is encrypted and no (correct) password was given."""


class NoTextLayer(BadInput):
    """Scanned or garbled PDF: there is no usable text to parse."""


class HomeBusy(MinutebookError):
    """Another minutebook process holds the data home's write lock."""


class IndexUnavailable(MinutebookError):
    """The search index is missing or damaged; `minutebook reindex` rebuilds it."""


class StoreError(MinutebookError):
    """The SQLite store cannot be opened or migrated."""


class NotFound(MinutebookError):
    """No record with the given id or name."""


class Ambiguous(MinutebookError):
    """A name or id matches several records."""

    def __init__(self, what: str, candidates: list[str]) -> None:
        self.what = what
        self.candidates = candidates
        super().__init__(f"{what} is ambiguous: " + "; ".join(candidates))

    def __reduce__(self):
        return (self.__class__, (self.what, self.candidates))
