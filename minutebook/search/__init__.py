"""Full-text search over meetings: the public facade the CLI calls.

The Whoosh index under `minutebook.home.index_path(home)` is derived from the
store: one document per record (agenda/minute item, discussion point,
resolution, action, report section, plan action, and uncovered page). It is
updated after each ingest (`update_index`), rebuilt from the store on demand
(`rebuild_index`, i.e. `minutebook reindex`), checked by `doctor`
(`index_status`) and queried by `search`.

Nothing here imports spaCy or pdfplumber, and Whoosh itself is imported only
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
import pickle
import struct
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from minutebook.errors import IndexUnavailable
from minutebook.models import Meeting, Page

from . import _index
from ._index import IndexStatus, build_index_from, document_paths, index_status, item_text
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
    "search",
    "update_index",
    "rebuild_index",
    "build_index_from",
    "document_paths",
    "index_status",
]

logger = logging.getLogger(__name__)

StoreFactory = Callable[[], Any]


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
    """
    _index.update_index(home, meetings, pages, remove_meeting_ids, remove_document_ids, store_factory=store_factory,
                        paths=paths)


def rebuild_index(home: Path, store: Any) -> int:
    """Rebuild the index from `store.meetings()` and `store.pages()`; return the documents written.

    Written into a temporary folder beside the live index, then swapped in.
    """
    return _index.rebuild_index(home, store)


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
    status_failure = _index._check_meta(_index.index_path(home))
    if status_failure is not None:
        stale = status_failure.version is not None and status_failure.version != SCHEMA_VERSION
        if not (stale and store_factory is not None):
            raise IndexUnavailable(status_failure.reason)
        logger.warning("search index schema %s is out of date; rebuilding from the store", status_failure.version)
        _index._rebuild_with_factory(home, store_factory)

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
