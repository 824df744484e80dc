"""The Whoosh schema of the search index, and its version.

One Whoosh document per record of every kind (see `KINDS`). The index is
derived from the SQLite store, so any change here that alters what is indexed
or how must bump `SCHEMA_VERSION`: `index_status()` then reports the index as
stale and `search()` rebuilds it (or asks for `minutebook reindex`).

Whoosh is imported inside `build_schema()` only, so importing this module (to
read the constants) costs nothing at CLI start-up.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    from whoosh.fields import Schema

__all__ = [
    "SCHEMA_VERSION",
    "META_FILE",
    "KEY_LEN",
    "FLAG_EXEMPT",
    "pack_key",
    "short_hash",
    "KINDS",
    "KIND_ALIASES",
    "expand_kinds",
    "ITEM_KINDS",
    "SEARCH_FIELDS",
    "FIELD_ALIASES",
    "build_schema",
]

# Bump whenever the schema or the record -> document mapping changes.
SCHEMA_VERSION = 2

# Lives inside the index directory, next to Whoosh's own files (Whoosh only
# cleans up files named after its own segments, so it leaves this one alone).
META_FILE = "minutebook-index.json"

# The packed `facet_key` column: group hash (8 bytes) | kind code (1) | flags (1) | body hash (4) | yyyymmdd (4).
KEY_LEN = 18
FLAG_EXEMPT = 1

# Every record kind the index holds, in the order facets list them.
KINDS: tuple[str, ...] = (
    "agenda_item",
    "minute_item",
    "point",
    "resolution",
    "action",
    "report_section",
    "plan_action",
    "page",
)
ITEM_KINDS: frozenset[str] = frozenset({"agenda_item", "minute_item"})

# The names officers filter by, for the record kinds they stand for: a decision is a RESOLVED block or a
# motion (both are `resolution` records, the motion with its mover, seconder, outcome and tally).
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "decision": ("resolution",),
    "item": ("agenda_item", "minute_item"),
    "report": ("report_section",),
    "plan": ("plan_action",),
}


def expand_kinds(kinds: list[str] | None) -> list[str] | None:
    """Record kinds for `--kind` values, aliases (`KIND_ALIASES`) and plurals ("decisions") expanded."""
    if not kinds:
        return kinds
    out: list[str] = []
    for kind in kinds:
        key = kind.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in KINDS and key not in KIND_ALIASES and key.endswith("s"):
            key = key[:-1]
        out += KIND_ALIASES.get(key, (key,))
    return list(dict.fromkeys(out))

# Fields a bare word is looked up in; their weights come from `field_boost`.
SEARCH_FIELDS: tuple[str, ...] = ("title", "text", "resolutions")

# Friendlier names accepted in `field:value` queries.
FIELD_ALIASES: dict[str, list[str]] = {
    "owners": ["owner", "who"],
    "meeting_date": ["date"],
    "item": ["number", "no"],
    "meeting_id": ["meeting"],
    "document_id": ["document", "doc"],
    "resolutions": ["resolution", "resolved"],
}

def short_hash(value: str, size: int) -> bytes:
    """A stable hash of `size` bytes (Python's hash() changes between runs)."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=size).digest()


def pack_key(group: str, kind: str, exempt: bool, body: str, date: str) -> bytes:
    """The `facet_key` column value of one document."""
    digits = date.replace("-", "")
    day = int(digits) if len(digits) == 8 and digits.isdigit() else 0
    return b"".join((
        short_hash(group, 8),
        bytes((KINDS.index(kind) + 1 if kind in KINDS else 0, FLAG_EXEMPT if exempt else 0)),
        short_hash(body, 4) if body else bytes(4),
        day.to_bytes(4, "big"),
    ))


TITLE_BOOST = 3.0
RESOLUTION_BOOST = 2.0


def build_schema() -> Schema:
    """Return the schema for `SCHEMA_VERSION`.

    Stored fields are only those a `Hit` shows; `text` is stored because
    snippets are cut from it (the store is not opened at search time).
    """
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.columns import FixedBytesColumn
    from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    # One analyzer instance shared by the stemmed fields keeps the stem cache warm.
    stemmed = StemmingAnalyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        # The body is searchable as words (`body:safety`) and filterable/facetable as one exact value.
        body=TEXT(phrase=True),
        body_name=ID(stored=True, sortable=True),
        meeting_id=ID(stored=True),
        meeting_kind=ID(stored=True),
        # yyyy-mm-dd: shown, and sortable as a plain string; a date-less meeting simply has none.
        meeting_date=ID(stored=True, sortable=True),
        year=ID,
        item=ID(stored=True),
        item_id=ID(stored=True),
        # Fixed-width per-document key (see `pack_key`) read once per matching document: grouping,
        # facets, kind/body/date filters, date sort and the exempt mask all come from it. Fixed width
        # matters: a variable-width column loads the offsets of every document before the first read.
        facet_key=COLUMN(FixedBytesColumn(KEY_LEN)),
        document_id=ID(stored=True),
        title=TEXT(analyzer=stemmed, stored=True, field_boost=TITLE_BOOST),
        # Display title for records that inherit their item's title (not searched: the item doc carries it).
        context=STORED,
        text=TEXT(analyzer=stemmed, stored=True, spelling=True),
        resolutions=TEXT(analyzer=stemmed, field_boost=RESOLUTION_BOOST),
        owners=KEYWORD(lowercase=True, commas=True, scorable=True, stored=True),
        page=NUMERIC(stored=True),
        exempt=BOOLEAN,
        # Where to cite: the source file's absolute path and, for the record's text, where each page starts
        # (offsets into the whitespace-collapsed text, with the PDF page index and printed label).
        path=STORED,
        page_map=STORED,
        # A decision's vote, as the minutes record it.
        mover=STORED,
        seconder=STORED,
        outcome=STORED,
        tally=STORED,
    )
