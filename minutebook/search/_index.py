"""Writing the Whoosh index: records -> documents, incremental updates, rebuilds, health.

The index is derived from the store and can always be rebuilt, so this module
never tries to repair an index: a missing, damaged or out-of-date index is
reported (`index_status`) and rebuilt from the store (`rebuild_index`).

Page numbers: records carry the page to cite (`Page.cite`, the printed label),
so "pages not covered by items" is decided on cited page numbers too.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minutebook.errors import HomeBusy, IndexUnavailable
from minutebook.home import index_path
from minutebook.models import Item, Meeting, Page

from ._pages import PageLocator, _key
from ._schema import META_FILE, SCHEMA_VERSION, build_schema, pack_key

if TYPE_CHECKING:  # pragma: no cover - typing only
    from whoosh.index import Index
    from whoosh.writing import IndexWriter

__all__ = [
    "IndexStatus",
    "index_status",
    "open_index",
    "update_index",
    "rebuild_index",
    "meeting_docs",
    "page_docs",
    "item_text",
    "document_paths",
]

logger = logging.getLogger(__name__)

REINDEX_HINT = "run `minutebook reindex` to rebuild it"
# How long a writer waits for another process's write lock before giving up.
WRITE_LOCK_TIMEOUT = 10.0
# Whoosh's posting pool on the ingest path: its writes, and the whole-index build an ingest into a new or outdated
# index makes. That build's pool was the ingest command's peak: 332 MB RSS on a 2,000-page pack with the 256 MB pool
# `reindex` uses, 199 MB with this one (issue 16's goal: 300 MB at any size). `reindex` keeps the larger pool, where
# build speed matters more (a 48 MB pool costs a 1,000-meeting build about 45% more CPU).
INGEST_POOL_MB = 48


@dataclass(slots=True)
class IndexStatus:
    """Health of the search index, for `minutebook doctor`."""

    ok: bool
    reason: str  # "ok", or what is wrong in words a user can act on
    version: int | None  # schema version found on disk (None: no index / unreadable)
    doc_count: int = 0
    path: str = ""


# -- records -> documents ----------------------------------------------------


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    if not meeting.id:
        raise ValueError(f"meeting {meeting.body!r} {meeting.date!r} has no id: save it to the store first")
    fields: dict[str, Any] = {
        "meeting_id": meeting.id,
        "meeting_kind": meeting.kind,
        "body": meeting.body,
        "body_name": meeting.body,
        "document_id": meeting.document_id,
    }
    if meeting.date:
        fields["meeting_date"] = meeting.date
        fields["year"] = meeting.date[:4]
    return fields


def _finish(doc: dict[str, Any]) -> dict[str, Any]:
    """Fill the packed facet column from the document's own fields."""
    doc["facet_key"] = pack_key(doc.pop("group"), doc["kind"], bool(doc.get("exempt")), doc.get("body_name", ""),
                                doc.get("meeting_date", ""))
    return doc


def item_text(item: Item) -> str:
    """Everything said under an item, so one document answers a query about the item as a whole."""
    # An agenda item's description is its text: index it once.
    parts = [item.title, "" if item.description in item.text else item.description, item.text]
    # Parsers may keep the lettered points inside `text` as well; do not count them twice.
    parts += [p for p in item.points if p[:60] not in item.text]
    parts += item.notes
    parts += [r.text for r in item.resolutions]
    return "\n\n".join(p for p in parts if p)


def _owners(names: Iterable[str]) -> str:
    # KEYWORD(commas=True) splits on commas, so a comma inside a name would split it.
    return ",".join(n.replace(",", " ").strip() for n in names if n and n.strip())


def meeting_docs(meeting: Meeting, locator: PageLocator | None = None, path: str = "") -> Iterator[dict[str, Any]]:
    """Yield one Whoosh document per record of `meeting` (items, points, resolutions, actions, ...).

    With the `locator` of the meeting's document, each record carries the
    page map of its text (see `_pages`), so a hit cites the page its snippet
    is printed on; `path` is the source file's absolute path.
    """
    base = _meeting_fields(meeting)
    if path:
        base["path"] = path
    item_kind = "minute_item" if meeting.kind == "minutes" else "agenda_item"
    for item in meeting.items:
        item_id = item.id or f"{meeting.id}.{item.number}"
        common = dict(base, item=item.number, item_id=item_id, group=item_id, exempt=item.exempt, context=item.title)
        for doc in _item_docs(item, item_id, item_kind, common):
            if locator is not None:
                # Agenda items name their report's pages ("PAGES 61 - 64"), minutes their own span.
                first = doc.get("page") or item.page
                last = max(first, item.page_end or 0, item.page or 0) + 1
                doc["page_map"] = locator.page_map(doc.get("text", ""), first, last) or locator.cited(first)
            yield doc


def _item_docs(item: Item, item_id: str, item_kind: str, common: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield dict(
        common,
        doc_id=f"{item_kind}:{item_id}",
        kind=item_kind,
        title=item.title,
        text=item_text(item),
        resolutions="\n".join(r.text for r in item.resolutions),
        page=item.page,
    )
    for n, point in enumerate(item.points, 1):
        yield dict(common, doc_id=f"point:{item_id}/{n}", kind="point", text=point, page=item.page)
    for n, res in enumerate(item.resolutions, 1):
        yield dict(
            common,
            doc_id=f"resolution:{res.id or f'{item_id}/{n}'}",
            kind="resolution",
            text=res.text,
            resolutions=res.text,
            page=res.page,
            mover=res.mover,
            seconder=res.seconder,
            outcome=res.outcome,
            tally=res.tally,
        )
    for n, act in enumerate(item.actions, 1):
        yield dict(
            common,
            doc_id=f"action:{act.id or f'{item_id}/{n}'}",
            kind="action",
            text=act.text,
            owners=_owners(act.owners),
            page=act.page,
        )
    for n, sec in enumerate(item.reports, 1):
        yield dict(
            common,
            doc_id=f"report_section:{item_id}/{n}",
            kind="report_section",
            title=sec.heading,
            text=f"{sec.heading}\n{sec.text}" if sec.heading else sec.text,
            page=sec.page,
        )
    for n, row in enumerate(item.plan_actions, 1):
        text = "\n".join(x for x in (row.action, row.comments, *row.extra.values()) if x)
        yield dict(
            common,
            doc_id=f"plan_action:{item_id}/{n}",
            kind="plan_action",
            text=text,
            owners=_owners(row.leads),
            page=row.page,
        )


def _covered_pages(meetings: Iterable[Meeting]) -> dict[str, set[int]]:
    """Cited page numbers that some record already indexes, per document id."""
    covered: dict[str, set[int]] = {}
    for meeting in meetings:
        pages = covered.setdefault(meeting.document_id, set())
        for item in meeting.items:
            if item.page:
                pages.update(range(item.page, max(item.page, item.page_end) + 1))
            for rec in (*item.resolutions, *item.actions, *item.reports, *item.plan_actions):
                if rec.page:
                    pages.add(rec.page)
    return covered


SHINGLE = 4  # words per shingle when a page is compared with the report sections
DUPLICATE_SHARE = 0.8  # a page is a report section's duplicate when this share of its shingles are in them


def _words(text: str) -> list[str]:
    """The text's words as lower-case letters and digits (spacing, punctuation and line-end hyphens ignored)."""
    return [w for w in (_key(word)[0] for word in text.split()) if w]


def _shingles(words: list[str], step: int = 1) -> set[str]:
    return {" ".join(words[i:i + SHINGLE]) for i in range(0, max(1, len(words) - SHINGLE + 1), step)}


def _section_keys(meetings: Iterable[Meeting]) -> dict[str, set[str]]:
    """Every run of SHINGLE words in the report sections, per document id (a set: one lookup per shingle)."""
    keys: dict[str, set[str]] = {}
    for meeting in meetings:
        for item in meeting.items:
            for sec in item.reports:
                keys.setdefault(meeting.document_id, set()).update(_shingles(_words(sec.text)))
    return keys


def _duplicates_sections(text: str, sections: set[str]) -> bool:
    """Whether most of a page's text is already indexed in its document's report sections."""
    words = _words(text)
    if not sections or len(words) < SHINGLE:
        return False
    probes = _shingles(words, step=SHINGLE)
    return sum(p in sections for p in probes) >= DUPLICATE_SHARE * len(probes)


def page_docs(pages: Iterable[tuple[str, Page]], meetings: Iterable[Meeting] = (),
              paths: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Yield a document for every non-blank page that no record of `meetings` covers.

    Pass the meetings of the same documents in the same call: a document with
    no meetings at all (unrecognised) is thus searchable page by page. A page
    whose text is already a report section's is not a second hit.
    """
    meetings = list(meetings)
    covered = _covered_pages(meetings)
    sections = _section_keys(meetings)
    paths = paths or {}
    for document_id, page in pages:
        text = page.text.strip()
        if page.blank or not text or page.cite in covered.get(document_id, ()):
            continue
        if _duplicates_sections(text, sections.get(document_id, set())):
            continue
        doc: dict[str, Any] = {"document_id": document_id}
        # Attach the page to the meeting whose page span contains it, for body/date filters and facets.
        # Reports and appendices outside every meeting's pages belong to the pack's agenda.
        own = [m for m in meetings if m.document_id == document_id and m.id]
        holder = next((m for m in own if m.pages[0] <= page.cite <= m.pages[1]), None)
        if holder is None and own:
            holder = next((m for m in own if m.kind == "agenda"), own[0])
        if holder is not None:
            doc.update(_meeting_fields(holder))
        if paths.get(document_id):
            doc["path"] = paths[document_id]
        doc_id = f"page:{document_id}:{page.index}"
        first_line = next((ln for ln in text.splitlines() if ln.strip()), "")
        doc.update(
            doc_id=doc_id,
            kind="page",
            group=doc_id,
            context=first_line[:100],
            text=text,
            page=page.cite,
            page_map=[(0, page.index, page.label)],
            exempt=page.exempt,
        )
        yield doc


# -- metadata and opening ------------------------------------------------------


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_meta(path: Path, doc_count: int, reader: Any = None) -> None:
    """Write the metadata; with the committed index's `reader`, also its body names (see `open_index`)."""
    meta: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "written": time.strftime("%Y-%m-%dT%H:%M:%S"),
                            "doc_count": doc_count}
    if reader is not None:
        meta["generation"] = reader.generation()
        meta["bodies"] = [b.decode("utf-8") for b in reader.lexicon("body_name")]
    write_meta(path, meta)


def write_meta(path: Path, meta: dict[str, Any]) -> None:
    """Replace the index folder's metadata file in one step (either engine): a reader sees the old or the new."""
    tmp = path / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    os.replace(tmp, path / META_FILE)


def check_meta(path: Path) -> IndexStatus | None:
    """The cheap checks of either engine's index (folder, metadata, schema version): a failed IndexStatus, or None."""
    if not path.is_dir():
        return IndexStatus(False, f"no search index at {path}; {REINDEX_HINT}", None, path=str(path))
    meta = _read_meta(path)
    if meta is None or not isinstance(meta.get("schema_version"), int):
        return IndexStatus(False, f"search index at {path} has no readable {META_FILE}; {REINDEX_HINT}", None,
                           path=str(path))
    version = meta["schema_version"]
    if version != SCHEMA_VERSION:
        return IndexStatus(False, f"search index has schema version {version}, this minutebook needs "
                           f"{SCHEMA_VERSION}; {REINDEX_HINT}", version, path=str(path))
    return None


def index_status(home: Path) -> IndexStatus:
    """Check that the index exists, has the current schema version and opens. Never raises."""
    path = index_path(home)
    failed = check_meta(path)
    if failed is not None:
        return failed
    try:
        ix = _open_dir(path)
        try:
            with ix.reader() as reader:
                count = reader.doc_count()
        finally:
            ix.close()
    except Exception as exc:  # Whoosh raises many types for a damaged index
        return IndexStatus(False, f"search index at {path} is damaged ({exc}); {REINDEX_HINT}", SCHEMA_VERSION,
                           path=str(path))
    return IndexStatus(True, "ok", SCHEMA_VERSION, doc_count=count, path=str(path))


def _open_dir(path: Path) -> Index:
    return _storage(path).open_index(schema=_schema())


def known_bodies(searcher: Any) -> list[str] | None:
    """The index's body names as the metadata lists them, if it was written at the generation searched.

    Listing the `body_name` lexicon costs about a millisecond per search (for
    facets); the writer lists it once per commit into the metadata, which
    every search reads anyway. A commit the metadata missed (a crash between
    the two, an older minutebook) shows as another generation: then None.
    """
    known = getattr(getattr(searcher, "_ix", None), "minutebook_bodies", None)
    if known is None or known[0] != searcher.reader().generation():
        return None
    return list(known[1])


def open_index(home: Path) -> Index:
    """Open the index for reading; raise IndexUnavailable (naming the fix) when it cannot be used.

    Only the cheap checks run here; damage inside segment files surfaces when
    the searcher reads them, and `search()` turns that into IndexUnavailable too.
    """
    path = index_path(home)
    failed = check_meta(path)
    if failed is not None:
        raise IndexUnavailable(failed.reason)
    try:
        ix = _open_dir(path)
    except Exception as exc:
        raise IndexUnavailable(f"search index at {path} is damaged ({exc}); {REINDEX_HINT}") from exc
    meta = _read_meta(path) or {}
    if isinstance(meta.get("generation"), int) and isinstance(meta.get("bodies"), list):
        ix.minutebook_bodies = (meta["generation"], meta["bodies"])  # read by `known_bodies`
    return ix


# -- writing -----------------------------------------------------------------


class _ViewReader(io.RawIOBase):
    """A read-only, seekable raw file over a memoryview, copying only what is read."""

    def __init__(self, view: Any) -> None:
        self._view = memoryview(view)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = max(0, min(len(b), len(self._view) - self._pos))
        b[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos


_ADAPTERS: dict[str, Any] = {}


def _adapters() -> dict[str, Any]:
    """minutebook's own Whoosh storage and writer classes, made on first use (Whoosh loads only then).

    They change speed only, and only for indexes minutebook opens through
    `_storage`; nothing of Whoosh's is patched, so other users of Whoosh in
    the process (doctor's plain `open_dir`, the benchmark's bare baseline)
    see Whoosh unchanged.

    1. Searching: a segment is one compound file, and Whoosh's memory-mapped
       path wraps each of its sub-files in `BufferFile`, whose `BytesIO(buf)`
       copies the whole sub-file (postings, stored text: ~120 MB per segment
       at 10,000 meetings) every time a searcher opens. `Storage` maps the
       segment itself and hands out `ViewFile`s over the map, so only the
       bytes actually read are copied.
    2. Writing: at commit Whoosh asks the new segment for a field's length
       column once per posting and, for fields without one (every ID field),
       answers by stat()ing a file each time (about a tenth of the build).
       `Writer` reads lengths through a per-document reader that remembers
       the negative answer: the segment's columns are all written by then.
    """
    if _ADAPTERS:
        return _ADAPTERS
    import mmap

    from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import BufferFile
    from whoosh.writing import SegmentWriter

    class ViewFile(BufferFile):
        """A BufferFile that reads its buffer in place instead of copying it into a BytesIO."""

        def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
            # BufferFile.__init__ is not called: its BytesIO(buf) is the copy this class exists to avoid.
            self._buf = buf
            self._name = name
            self.file = io.BufferedReader(_ViewReader(buf))
            self.onclose = onclose
            self.is_real = False
            self.is_closed = False

        def subset(self, position: int, length: int, name: str | None = None) -> ViewFile:
            return ViewFile(self._buf[position:position + length], name=name or self._name)

    class MappedFile(ViewFile):
        """A whole segment file, memory-mapped; its sub-files are views of the map."""

        def __init__(self, path: str, name: str) -> None:
            with open(path, "rb") as f:
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            super().__init__(memoryview(self._map), name=name)

        def close(self) -> None:
            super().close()
            self._buf.release()
            try:
                self._map.close()
            except BufferError:  # a sub-file's view is still alive: the map goes when it does
                pass

    class Storage(FileStorage):
        """A FileStorage whose compound segment files are read through `MappedFile`."""

        def __init__(self, path: str, readonly: bool = False) -> None:
            # No mmap for Whoosh's CompoundStorage: it then asks the file for subsets, which MappedFile
            # answers with views.
            super().__init__(path, supports_mmap=False, readonly=readonly)

        def open_file(self, name: str, **kwargs: Any) -> Any:
            if name.endswith(".seg") and not kwargs:
                path = self._fpath(name)
                if os.path.getsize(path):  # mmap refuses an empty file; let Whoosh say what is wrong
                    return MappedFile(path, name)
            return super().open_file(name, **kwargs)

    class PerDocReader(W3PerDocReader):
        """W3PerDocReader that remembers which columns a finished segment lacks."""

        def _cached_reader(self, fieldname: str, column: Any) -> Any:
            try:
                return self._readers[fieldname]
            except KeyError:
                reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
                self._readers[fieldname] = reader
                return reader

    class Writer(SegmentWriter):
        """SegmentWriter whose commit reads field lengths through `PerDocReader`."""

        def per_document_reader(self) -> Any:
            if type(self.codec) is W3Codec:
                return PerDocReader(self.storage, self.get_segment())
            return super().per_document_reader()

    _ADAPTERS.update(Storage=Storage, Writer=Writer, ViewFile=ViewFile)
    return _ADAPTERS


def _storage(path: Path) -> Any:
    return _adapters()["Storage"](str(path))


_SCHEMA: list[Any] = []


def _schema() -> Any:
    """The schema, built once per process (its analyzers keep their stem caches warm between calls)."""
    if not _SCHEMA:
        _SCHEMA.append(build_schema())
    return _SCHEMA[0]


# Ingest-path merges. Whoosh's default policy (MERGE_SMALL) merges "small" segments by a Fibonacci
# rule that, after enough commits, takes in nearly every segment at once: at about 3,000 meetings one
# commit spent 243 CPU s merging. Here a commit merges at most MERGE_FACTOR segments of one size tier,
# and never more than MAX_MERGE_DOCS documents in all, so no single flush does a big merge;
# `minutebook reindex` (build_index_from) writes one fresh segment.
MERGE_FACTOR = 10  # segments of one size tier (doc counts within a factor of this) merged together
MAX_MERGE_DOCS = 10_000  # documents one ingest commit may merge (Whoosh merges at about 1 ms a document)


def _tier(count: int) -> int:
    tier = 0
    while count >= MERGE_FACTOR:
        count //= MERGE_FACTOR
        tier += 1
    return tier


def bounded_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy for ingest commits: drop emptied segments, merge one tier of small ones.

    Returns the segments kept as they are; the merged ones are read into
    `writer`'s new segment (Whoosh's `mergetype` protocol).
    """
    from whoosh.reading import SegmentReader

    live = [seg for seg in segments if seg.doc_count() > 0]  # all-deleted segments simply go
    tiers: dict[int, list[Any]] = {}
    for seg in sorted(live, key=lambda s: s.doc_count_all()):
        tiers.setdefault(_tier(seg.doc_count_all()), []).append(seg)
    merge: list[Any] = []
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) < MERGE_FACTOR:
            continue
        total = 0
        for seg in group[:MERGE_FACTOR]:
            if total + seg.doc_count_all() > MAX_MERGE_DOCS:
                break
            merge.append(seg)
            total += seg.doc_count_all()
        if len(merge) > 1:
            break
        merge = []
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    if merge:
        logger.info("search index: merging %d segments (%d documents)", len(merge),
                    sum(s.doc_count_all() for s in merge))
    merged = {id(s) for s in merge}
    return [seg for seg in live if id(seg) not in merged]


def _writer(ix: Index, procs: int = 1, **kwargs: Any) -> IndexWriter:
    """A writer holding the index's lock (waiting up to WRITE_LOCK_TIMEOUT for another process's)."""
    from whoosh.index import LockError

    try:
        if procs > 1:
            return ix.writer(procs=procs, timeout=WRITE_LOCK_TIMEOUT, **kwargs)
        return _adapters()["Writer"](ix, timeout=WRITE_LOCK_TIMEOUT, **kwargs)
    except LockError as exc:
        raise HomeBusy("another minutebook process is writing the search index; try again shortly") from exc


def _add_all(writer: IndexWriter, meetings: Iterable[Meeting], pages: Iterable[tuple[str, Page]],
             paths: Mapping[str, str] | None = None) -> int:
    meetings = list(meetings)
    pages = list(pages)
    by_document: dict[str, list[Page]] = {}
    for document_id, page in pages:
        by_document.setdefault(document_id, []).append(page)
    locators = {doc: PageLocator(own) for doc, own in by_document.items()}
    paths = paths or {}
    add = writer.add_document
    count = 0
    for meeting in meetings:
        for doc in meeting_docs(meeting, locators.get(meeting.document_id), paths.get(meeting.document_id, "")):
            add(**_finish(doc))
            count += 1
    for doc in page_docs(pages, meetings, paths):
        add(**_finish(doc))
        count += 1
    return count


def update_index(
    home: Path,
    meetings: list[Meeting],
    pages: Iterable[tuple[str, Page]] = (),
    remove_meeting_ids: Iterable[str] = (),
    remove_document_ids: Iterable[str] = (),
    *,
    store_factory: Any = None,
    paths: Mapping[str, str] | None = None,
    merge: Any = None,
) -> None:
    """Replace the documents of the given meetings/pages and drop removed ones, in one commit.

    Re-indexing a meeting first deletes all its documents (an item the parser
    no longer finds must not linger), and re-indexing a document's pages
    deletes its old page documents. If the index is missing, out of date or
    damaged and `store_factory` is given, the whole index is rebuilt from the
    store instead (the store already holds these meetings). Without a store,
    a missing index is created from what is given (the first ingest), and a
    stale or damaged one raises IndexUnavailable. `merge` is the commit's
    Whoosh merge policy (default `bounded_merge`; the benchmark compares others).
    """
    from whoosh.query import And, Term

    path = index_path(home)
    status = index_status(home)
    if not status.ok:
        if store_factory is not None:
            _rebuild_with_factory(home, store_factory)
            return
        if path.exists():
            raise IndexUnavailable(status.reason)
        path.mkdir(parents=True)
        _storage(path).create_index(_schema()).close()
        _write_meta(path, 0)

    pages = list(pages)
    ix = _open_dir(path)
    try:
        writer = _writer(ix, limitmb=INGEST_POOL_MB)
        try:
            for mid in {*remove_meeting_ids, *(m.id for m in meetings if m.id)}:
                writer.delete_by_term("meeting_id", mid)
            for did in set(remove_document_ids):
                writer.delete_by_term("document_id", did)
            for did in {d for d, _ in pages}:
                writer.delete_by_query(And([Term("document_id", did), Term("kind", "page")]))
            count = _add_all(writer, meetings, pages, paths)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge or bounded_merge)
        with ix.reader() as reader:
            _write_meta(path, reader.doc_count(), reader)
    finally:
        ix.close()
    logger.info("search index: %d documents written for %d meetings", count, len(meetings))


def rebuild_index(home: Path, store: Any, limitmb: int = 256) -> int:
    """Rebuild the index from `store` into a temporary directory, then swap it in; return the docs written.

    Readers see the old index until the swap; the swap is two renames, so a
    search started in that instant may fail with IndexUnavailable and simply
    be retried.
    """
    meetings = store.meetings()
    pages = store.pages()
    return build_index_from(home, meetings, pages, limitmb=limitmb, paths=document_paths(store))


def document_paths(store: Any) -> dict[str, str]:
    """Each stored document's source path, by document id (none from a store that cannot list them)."""
    documents = getattr(store, "documents", None)
    return {d.id: d.path for d in documents()} if callable(documents) else {}


def build_index_from(home: Path, meetings: list[Meeting], pages: Iterable[tuple[str, Page]],
                     procs: int = 1, limitmb: int = 256, paths: Mapping[str, str] | None = None) -> int:
    """Write a fresh index of `meetings` and `pages` next to the live one and swap it in."""

    final = index_path(home)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}-new-{os.getpid()}")
    old = final.with_name(f".{final.name}-old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        ix = _storage(tmp).create_index(_schema())
        kwargs: dict[str, Any] = {"limitmb": limitmb}
        if procs > 1:
            kwargs.update(procs=procs, multisegment=True)
        writer = _writer(ix, procs, **kwargs)
        try:
            count = _add_all(writer, meetings, pages, paths)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        with ix.reader() as reader:
            _write_meta(tmp, count, reader)
        ix.close()
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    logger.info("search index rebuilt: %d documents", count)
    return count


def _rebuild_with_factory(home: Path, store_factory: Any) -> int:
    store = store_factory()
    try:
        return rebuild_index(home, store, limitmb=INGEST_POOL_MB)  # on the ingest path: see INGEST_POOL_MB
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
