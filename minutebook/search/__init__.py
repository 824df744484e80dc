"""Full-text search over meetings: the public facade the CLI calls.

The index under `minutebook.home.index_path(home)` is derived from the
store: one document per record (agenda/minute item, discussion point,
resolution, action, report section, plan action, and uncovered page). It is
updated after each ingest (`update_index`), rebuilt from the store on demand
(`rebuild_index`, i.e. `minutebook reindex`), checked by `doctor`
(`index_status`) and queried by `search`.

Two engines write and read it: Whoosh (`_index`, `_query`), the default, and
tantivy (`_tantivy`), chosen with `MINUTEBOOK_SEARCH=tantivy` or
`minutebook reindex --engine tantivy`. The index folder's metadata records
which one wrote it, and every later search and update uses that one; only a
rebuild changes it (to the engine asked for, else `MINUTEBOOK_SEARCH`, else
the one it had).

Nothing here imports spaCy or pdfplumber, and Whoosh and tantivy are imported only
when a function runs, so `import minutebook.search` is instant.

Out-of-date index: an index written under another `SCHEMA_VERSION` is
rebuilt by `search()` / `update_index()` when the caller passes
`store_factory` (a zero-argument callable returning an open store, closed
afterwards if it has `close()`); without one they raise IndexUnavailable
asking for `minutebook reindex`. A missing or damaged index is never rebuilt
behind the user's back by `search()`: that is `reindex`'s job.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from minutebook.errors import IndexUnavailable, MinutebookError
from minutebook.home import index_path
from minutebook.models import Meeting, Page

from . import _index
from ._index import IndexStatus, document_paths, item_text
from ._pages import PageLocator
from ._query import Hit, SearchResult, TimelineEntry, citation, date_words
from ._schema import KIND_ALIASES, KINDS, SCHEMA_VERSION

__all__ = [
    "Hit",
    "SearchResult",
    "TimelineEntry",
    "PageLocator",
    "citation",
    "date_words",
    "item_text",
    "KIND_ALIASES",
    "IndexStatus",
    "KINDS",
    "SCHEMA_VERSION",
    "ENGINES",
    "engine_of",
    "chosen_engine",
    "search",
    "update_index",
    "rebuild_index",
    "build_index_from",
    "document_paths",
    "index_status",
    "index_records",
]

logger = logging.getLogger(__name__)

StoreFactory = Callable[[], Any]

ENGINES = ("whoosh", "tantivy")
ENGINE_ENV = "MINUTEBOOK_SEARCH"


def chosen_engine(engine: str | None = None) -> str:
    """The engine asked for (`engine`, else `MINUTEBOOK_SEARCH`, else Whoosh), checked."""
    name = (engine or os.environ.get(ENGINE_ENV) or "whoosh").strip().lower()
    if name not in ENGINES:
        raise MinutebookError(f"unknown search engine {name!r}: choose from {', '.join(ENGINES)}")
    return name


def engine_of(home: Path) -> str | None:
    """The engine that wrote the index of `home`, from its metadata (None: no readable index)."""
    meta = _index._read_meta(index_path(home))
    if meta is None:
        return None
    return str(meta.get("engine") or "whoosh")


def index_status(home: Path) -> IndexStatus:
    """Check that the index exists, has the current schema version and opens. Never raises."""
    if engine_of(home) == "tantivy":
        from . import _tantivy

        return _tantivy.index_status(home)
    return _index.index_status(home)


def index_records(home: Path) -> tuple[int, set[str], set[str], set[str]] | None:
    """(records, meeting ids, item ids, document ids) of a tantivy index; None for a Whoosh one (doctor reads it)."""
    if engine_of(home) != "tantivy":
        return None
    from . import _tantivy

    return _tantivy.index_records(home)


def update_index(
    home: Path,
    meetings: list[Meeting],
    pages: Iterable[tuple[str, Page]] = (),
    remove_meeting_ids: Iterable[str] = (),
    remove_document_ids: Iterable[str] = (),
    *,
    store_factory: StoreFactory | None = None,
    paths: Mapping[str, str] | None = None,
) -> None:
    """Index `meetings` (and the `pages` of their documents) after an ingest, in one commit.

    Old documents of these meetings, of `remove_meeting_ids` and of
    `remove_document_ids` are deleted first, so re-ingesting a file replaces
    its records. Pass the pages of the same documents as `meetings`: pages no
    item covers are indexed as "page" records. With `store_factory`, a
    missing, stale or damaged index is rebuilt from the store instead.
    `paths` maps document ids to their source files, cited with each hit.
    The index's own engine writes it; a new index is written by `chosen_engine()`.
    """
    engine = engine_of(home) or (chosen_engine() if not index_path(home).exists() else "whoosh")
    if engine == "tantivy":
        from . import _tantivy

        _tantivy.update_index(home, meetings, pages, remove_meeting_ids, remove_document_ids,
                              store_factory=store_factory, paths=paths)
        return
    _index.update_index(home, meetings, pages, remove_meeting_ids, remove_document_ids, store_factory=store_factory,
                        paths=paths)


def rebuild_index(home: Path, store: Any, engine: str | None = None) -> int:
    """Rebuild the index from `store.meetings()` and `store.pages()`; return the documents written.

    Written into a temporary folder beside the live index, then swapped in, by
    `engine`, else `MINUTEBOOK_SEARCH`, else the engine the index had.
    """
    engine = chosen_engine(engine or os.environ.get(ENGINE_ENV) or engine_of(home))
    return build_index_from(home, store.meetings(), store.pages(), paths=document_paths(store), engine=engine)


def build_index_from(home: Path, meetings: list[Meeting], pages: Iterable[tuple[str, Page]], procs: int = 1,
                     limitmb: int = 256, paths: Mapping[str, str] | None = None, engine: str | None = None) -> int:
    """Write a fresh index of `meetings` and `pages` beside the live one and swap it in (`chosen_engine(engine)`).

    `procs` and `limitmb` tune Whoosh's writer; tantivy sizes its own.
    """
    if chosen_engine(engine) == "tantivy":
        from . import _tantivy

        return _tantivy.build_index_from(home, meetings, pages, paths=paths)
    return _index.build_index_from(home, meetings, pages, procs=procs, limitmb=limitmb, paths=paths)


def _rebuild_with_factory(home: Path, store_factory: StoreFactory, engine: str | None) -> None:
    store = store_factory()
    try:
        rebuild_index(home, store, engine=engine)
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()


def search(
    home: Path,
    query: str,
    *,
    kinds: list[str] | None = None,
    body: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    owner: str | None = None,
    meeting: str | None = None,
    limit: int | None = 10,
    sort: str = "relevance",
    include_exempt: bool = False,
    group: bool = True,
    timeline: bool = False,
    store_factory: StoreFactory | None = None,
) -> SearchResult:
    """Search the index.

    query: as people type it ("what did we resolve about CCTV?": question and
        stop words are dropped, see `_natural`), or Whoosh syntax: words
        (records with all of them rank first, then those with any),
        "phrases", field:value (title:, text:, resolution:, body:, kind:,
        item:, date:2019-10-09, year:2019, owner:"laura wileman" with the
        whole name), AND/OR/NOT, fuzzy word~ or word~2, prefix word*.
        An empty query lists everything the filters allow.
    kinds: record kinds to keep (see `KINDS`; "decision" is resolutions and
        motions, see `KIND_ALIASES`). body: a body's exact name or
        words of it in order. date_from/date_to: "2019", "2019-10" or
        "2019-10-09", both inclusive (a to-bound covers its whole year/month).
    An unknown body raises NotFound naming the stored bodies.
    owner: an action owner's name or part of it. meeting: a meeting id.
    limit: hits to return (None: every match).
    sort: "relevance" (default), "newest" or "oldest" meeting first ("date"
        is "newest"); records with every word come first whatever the sort.
    include_exempt: exempt items and pages are never returned without it.
    group: fold the records of one item into its best hit (`Hit.others`
        counts the rest) so one item cannot fill the list.
    timeline: also list every dated meeting that matches, oldest first, with
        its best record (`SearchResult.timeline`).
    store_factory: lets a stale-schema index be rebuilt on the spot.

    Returns hits best first (`Hit.snippet` is plain text; `Hit.snippet_spans`
    are the (start, end) offsets of the matched words in it, for the CLI to
    style; `Hit.marked()` gives ``[[word]]`` markers), `total` records and
    `groups` items matched, `every_word` records with all the query's words,
    `facets` over all matched records. A query that finds nothing (or, of
    several words, no record with all of them) is retried with its words
    corrected to the index's own: then `corrected_from` holds the words as
    typed and `searched` the correction; `notice` says which happened.

    Raises IndexUnavailable (missing, damaged or stale index without a store)
    and MinutebookError for bad arguments (dates, kinds, sort).
    """
    engine = engine_of(home)
    if engine == "tantivy":
        from . import _tantivy

        status_failure = _tantivy.check_meta(index_path(home))
    else:
        status_failure = _index.check_meta(index_path(home))
    if status_failure is not None:
        stale = status_failure.version is not None and status_failure.version != SCHEMA_VERSION
        if not (stale and store_factory is not None):
            raise IndexUnavailable(status_failure.reason)
        logger.warning("search index schema %s is out of date; rebuilding from the store", status_failure.version)
        _rebuild_with_factory(home, store_factory, engine)
    if engine == "tantivy":
        from ._tantivy_search import run_search as tantivy_search

        return tantivy_search(
            home, query, kinds=kinds, body=body, date_from=date_from, date_to=date_to, owner=owner, meeting=meeting,
            limit=limit, sort=sort, include_exempt=include_exempt, group=group, timeline=timeline)

    from ._query import run_search

    ix = _index.open_index(home)
    try:
        with ix.searcher() as searcher:
            return run_search(
                searcher, query, kinds=kinds, body=body, date_from=date_from, date_to=date_to, owner=owner,
                meeting=meeting, limit=limit, sort=sort, include_exempt=include_exempt, group=group, timeline=timeline,
            )
    except (OSError, EOFError, struct.error, pickle.UnpicklingError) as exc:
        # A segment file that vanished or was truncated under us: an index problem, not a bug.
        raise IndexUnavailable(f"search index is damaged ({exc}); {_index.REINDEX_HINT}") from exc
    finally:
        ix.close()
