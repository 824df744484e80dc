"""The tantivy search engine: the same records, query language and results as the Whoosh one, in Rust.

Chosen with `MINUTEBOOK_SEARCH=tantivy` or `minutebook reindex --engine tantivy`;
the index folder's metadata records it (`"engine": "tantivy"`), so later
searches and updates keep to it. Whoosh stays the default.

What is shared with the Whoosh engine, so both give the same answers:

- the documents: `_index.meeting_docs` / `page_docs` build both indexes;
- the query language: queries are parsed by the same Whoosh parser
  (`_query.make_parser`, `_query._clauses`: words, "phrases", field:value
  and its aliases, AND/OR/NOT, word~, prefix*), over a schema whose text
  fields use `tantivy_analyzer()`, and the parsed tree is translated
  (`_tantivy_search._translate`) into tantivy queries;
- what counts as a word: the index is tokenized in Rust by the pattern,
  lowercasing and stop words of Whoosh's `StemmingAnalyzer`, and the
  Python side (parser, snippets, did-you-mean) stems with the very same Rust
  stemmer, so a query word and an indexed word always agree;
- the results: "every word first" tiers, words in most records not
  required, grouping by item, facets, timeline, snippets, citations and the
  did-you-mean retry follow `_query.run_search` step for step
  (`_tantivy_search.run_search`).

This module holds the words (analyzers), the index layout, writing and
health; `_tantivy_search` the searching.

What differs, inherently (see tests/test_search_engines.py for the tolerances):

- scores: tantivy's BM25 (idf `ln(1 + (N - n + 0.5) / (n + 0.5))`, k1 1.2,
  b 0.75, per-field norms) against Whoosh's BM25F (idf `ln(N / (n + 1)) + 1`);
  field boosts (title 3, resolutions 2) are applied as query boosts. Within
  the "some of the words" tier a record is not scaled by the share of words
  it has (Whoosh's `ALL_WORDS_BIAS`): tantivy's sum of the clauses it matches
  already ranks records with more words higher;
- stems: tantivy's Snowball English stemmer (Porter2), not Whoosh's Porter;
  both engines stay self-consistent, and a few words conflate differently
  ("generous" and "general" are one stem for Whoosh, two here);
- a phrase with stop words inside ("end of the year") allows exactly as many
  words in between as the stop words typed (Whoosh renumbers positions, so
  it also matches "end year");
- `groups` (items matched) above `EXACT_GROUPS` records is tantivy's
  HyperLogLog estimate (within about 1-2%: 5,782 for 5,842 items); below it, it is exact.

tantivy is imported only inside functions, so `import minutebook.search` stays cheap.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from minutebook.errors import HomeBusy, IndexUnavailable
from minutebook.home import index_path
from minutebook.models import Meeting, Page

from ._index import REINDEX_HINT, IndexStatus, meeting_docs, page_docs, write_meta
from ._index import check_meta as check_index_meta
from ._pages import PageLocator
from ._schema import KINDS, SCHEMA_VERSION, short_hash

__all__ = [
    "ENGINE",
    "TANTIVY_LAYOUT",
    "tantivy_analyzer",
    "index_status",
    "index_records",
    "update_index",
    "build_index_from",
]

logger = logging.getLogger(__name__)

ENGINE = "tantivy"
# Bump when the tantivy field layout changes (the record -> document mapping is versioned by SCHEMA_VERSION).
TANTIVY_LAYOUT = 2
# Whoosh's RegexTokenizer default, `[\w\*]+(\.?[\w\*]+)*`, so both engines split words alike; written without
# the capture group it matches the same words and tokenizes a third faster in tantivy
TOKEN_PATTERN = r"[\w*]+(?:\.[\w*]+)*"
STEMMED = "mb_stem"  # title, text, resolutions
PLAIN = "mb_plain"  # body words: lowercased, stop words dropped, not stemmed
SPELL = "mb_spell"  # the did-you-mean vocabulary: as PLAIN, split at every non-letter (only letter words are offered)
WRITER_HEAP = 128_000_000
_RAW = ("doc_id", "kind", "body_name", "meeting_id", "meeting_kind", "meeting_date", "year", "item", "item_id",
        "document_id", "owners")
_U64 = ("page", "exempt", "group", "day", "body_key")


# -- words ----------------------------------------------------------------------


def _stop_words() -> list[str]:
    """Whoosh's stop words, plus what its `minsize=2` drops (one letter or digit)."""
    from string import ascii_lowercase, digits

    from whoosh.analysis import STOP_WORDS

    return sorted(set(STOP_WORDS) | set(ascii_lowercase) | set(digits))


def _rust_analyzer(stem: bool, simple: bool = False) -> Any:
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    # tantivy's simple tokenizer is six times faster than a regex one, but keeps no "3.5" or "e.g" whole
    tokenizer = Tokenizer.simple() if simple else Tokenizer.regex(TOKEN_PATTERN)
    builder = TextAnalyzerBuilder(tokenizer).filter(Filter.lowercase()).filter(Filter.custom_stopword(_stop_words()))
    if stem:
        builder = builder.filter(Filter.stemmer("english"))
    return builder.build()


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    return TextAnalyzerBuilder(Tokenizer.raw()).filter(Filter.stemmer("english")).build()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem tantivy indexes for a lowercased word (its Snowball English stemmer)."""
    out = _stemmer().analyze(word)
    return out[0] if out else word


@lru_cache(maxsize=1)
def tantivy_analyzer() -> Any:
    """A Whoosh analyzer giving exactly the tokens the tantivy index holds (for parsing and snippets)."""
    from whoosh.analysis import StemmingAnalyzer

    return StemmingAnalyzer(expression=TOKEN_PATTERN, stemfn=stem, cachesize=-1)


# -- the index ------------------------------------------------------------------


def _schema() -> Any:
    from tantivy import SchemaBuilder

    sb = SchemaBuilder()
    for name in _RAW:
        sb.add_text_field(name, stored=name != "owners", fast=name in ("kind", "body_name", "year"),
                          tokenizer_name="raw")
    sb.add_text_field("body", tokenizer_name=PLAIN)
    sb.add_text_field("title", stored=True, tokenizer_name=STEMMED)
    sb.add_text_field("text", stored=True, tokenizer_name=STEMMED)
    sb.add_text_field("resolutions", tokenizer_name=STEMMED)
    sb.add_text_field("spell", tokenizer_name=SPELL, index_option="basic")
    for name in _U64:
        sb.add_unsigned_field(name, stored=name == "page", indexed=True, fast=name != "page")
    sb.add_bytes_field("extra", stored=True)  # display-only fields, as JSON
    return sb.build()


def _open(path: Path) -> Any:
    from tantivy import Index

    ix = Index.open(str(path))
    _register(ix)
    return ix


_OPEN: dict[str, tuple[tuple[int, int], Any]] = {}
OPEN_CACHE = 4  # indexes kept open per process (a search costs ~5 ms less when its index is already open)


def _open_cached(path: Path) -> Any:
    """The open index at `path`, reopened when a commit or a rebuild changed it (tantivy's meta.json)."""
    key = (path.stat().st_ino, (path / "meta.json").stat().st_mtime_ns)
    held = _OPEN.get(str(path))
    if held is not None and held[0] == key:
        return held[1]
    ix = _open(path)
    _OPEN.pop(str(path), None)
    while len(_OPEN) >= OPEN_CACHE:
        _OPEN.pop(next(iter(_OPEN)))
    _OPEN[str(path)] = (key, ix)
    return ix


def _register(ix: Any) -> None:
    ix.register_tokenizer(STEMMED, _rust_analyzer(stem=True))
    ix.register_tokenizer(PLAIN, _rust_analyzer(stem=False))
    ix.register_tokenizer(SPELL, _rust_analyzer(stem=False, simple=True))


def _group_key(value: str) -> int:
    # 48 bits: aggregation keys come back through JSON numbers, exact only below 2**53
    return int.from_bytes(short_hash(value, 6), "big")


def _body_key(value: str) -> int:
    return int.from_bytes(short_hash(value, 4), "big") if value else 0


def _day(date: str) -> int:
    digits = (date or "").replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


_TEXTS = ("doc_id", "kind", "body_name", "meeting_id", "meeting_kind", "meeting_date", "year", "item", "item_id",
          "document_id", "body", "title", "text", "resolutions")
_EXTRA = ("context", "path", "page_map", "mover", "seconder", "outcome", "tally", "owners")


def _document(doc: dict[str, Any], schema: Any) -> Any:
    """The tantivy document of one record (`meeting_docs` / `page_docs`), made in one call."""
    from tantivy import Document

    fields: dict[str, list[Any]] = {name: [str(doc[name])] for name in _TEXTS if doc.get(name)}
    owners = [" ".join(o.lower().split()) for o in (doc.get("owners") or "").split(",") if o.strip()]
    if owners:
        fields["owners"] = owners
    if doc.get("text"):
        fields["spell"] = fields["text"]
    if doc.get("page"):
        fields["page"] = [int(doc["page"])]
    fields["exempt"] = [1 if doc.get("exempt") else 0]
    fields["group"] = [_group_key(doc["group"])]
    fields["day"] = [_day(doc.get("meeting_date", ""))]
    fields["body_key"] = [_body_key(doc.get("body_name", ""))]
    extra = {k: doc[k] for k in _EXTRA if doc.get(k)}
    fields["extra"] = [json.dumps(extra, ensure_ascii=False).encode("utf-8")]
    return Document.from_dict(fields, schema)


def _documents(meetings: list[Meeting], pages: list[tuple[str, Page]],
               paths: Mapping[str, str] | None) -> Iterable[dict[str, Any]]:
    """The same documents the Whoosh index holds (`_index.meeting_docs` / `page_docs`)."""
    by_document: dict[str, list[Page]] = {}
    for document_id, page in pages:
        by_document.setdefault(document_id, []).append(page)
    locators = {doc: PageLocator(own) for doc, own in by_document.items()}
    paths = paths or {}
    for meeting in meetings:
        yield from meeting_docs(meeting, locators.get(meeting.document_id), paths.get(meeting.document_id, ""))
    yield from page_docs(pages, meetings, paths)


def _write_meta(path: Path, doc_count: int) -> None:
    write_meta(path, {"schema_version": SCHEMA_VERSION, "engine": ENGINE, "tantivy_layout": TANTIVY_LAYOUT,
                      "written": time.strftime("%Y-%m-%dT%H:%M:%S"), "doc_count": doc_count})


def check_meta(path: Path) -> IndexStatus | None:
    """The cheap checks (folder, metadata, versions): a failed IndexStatus, or None when they pass."""
    from ._index import _read_meta

    failed = check_index_meta(path)
    if failed is not None:
        return failed
    layout = (_read_meta(path) or {}).get("tantivy_layout")
    if layout != TANTIVY_LAYOUT:
        return IndexStatus(False, f"search index has tantivy layout {layout}, this minutebook needs "
                           f"{TANTIVY_LAYOUT}; {REINDEX_HINT}", -1, path=str(path))
    return None


def index_status(home: Path) -> IndexStatus:
    """Check that the index exists, has the current versions and opens. Never raises."""
    path = index_path(home)
    failed = check_meta(path)
    if failed is not None:
        return failed
    try:
        count = _open(path).searcher().num_docs
    except Exception as exc:  # tantivy raises ValueError and OSError-like errors for a damaged index
        return IndexStatus(False, f"search index at {path} is damaged ({exc}); {REINDEX_HINT}", SCHEMA_VERSION,
                           path=str(path))
    return IndexStatus(True, "ok", SCHEMA_VERSION, doc_count=count, path=str(path))


def index_records(home: Path) -> tuple[int, set[str], set[str], set[str]]:
    """(records, meeting ids, item ids, document ids) the index holds, for `doctor`."""
    from tantivy import Query

    ix = _open(index_path(home))
    searcher = ix.searcher()
    items = Query.term_set_query(ix.schema, "kind", [k for k in KINDS if k.endswith("_item")])

    def terms(name: str, only: Any) -> set[str]:
        # with a filter, only terms of live documents: a deleted record's terms stay in the
        # dictionary until its segment is merged away
        return {t for t, n in searcher.terms_with_prefix(name, "", filter_query=only, limit=None) if n}

    live = Query.all_query()
    return searcher.num_docs, terms("meeting_id", live), terms("item_id", items), terms("document_id", live)


def _writer(ix: Any) -> Any:
    try:
        return ix.writer(heap_size=WRITER_HEAP)
    except ValueError as exc:  # tantivy's LockBusy
        if "lock" in str(exc).lower():
            raise HomeBusy("another minutebook process is writing the search index; try again shortly") from exc
        raise


def build_index_from(home: Path, meetings: list[Meeting], pages: Iterable[tuple[str, Page]],
                     paths: Mapping[str, str] | None = None) -> int:
    """Write a fresh tantivy index of `meetings` and `pages` next to the live one and swap it in."""
    from tantivy import Index

    final = index_path(home)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}-new-{os.getpid()}")
    old = final.with_name(f".{final.name}-old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        schema = _schema()
        ix = Index(schema, path=str(tmp), reuse=False)
        _register(ix)
        writer = _writer(ix)
        count = 0
        for doc in _documents(list(meetings), list(pages), paths):
            writer.add_document(_document(doc, schema))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        del writer, ix
        _write_meta(tmp, count)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    logger.info("search index (tantivy) rebuilt: %d documents", count)
    return count


def update_index(home: Path, meetings: list[Meeting], pages: Iterable[tuple[str, Page]] = (),
                 remove_meeting_ids: Iterable[str] = (), remove_document_ids: Iterable[str] = (), *,
                 store_factory: Any = None, paths: Mapping[str, str] | None = None) -> None:
    """As `_index.update_index`, on a tantivy index: replace these meetings' records in one commit."""
    from tantivy import Occur, Query

    path = index_path(home)
    pages = list(pages)
    status = index_status(home)
    if not status.ok:
        if store_factory is not None:
            from . import _rebuild_with_factory

            _rebuild_with_factory(home, store_factory, ENGINE)
            return
        if path.exists():
            raise IndexUnavailable(status.reason)
        build_index_from(home, meetings, pages, paths)
        return
    ix = _open(path)
    schema = ix.schema
    writer = _writer(ix)
    try:
        for mid in {*remove_meeting_ids, *(m.id for m in meetings if m.id)}:
            writer.delete_documents_by_term("meeting_id", mid)
        for did in set(remove_document_ids):
            writer.delete_documents_by_term("document_id", did)
        for did in {d for d, _ in pages}:
            writer.delete_documents_by_query(Query.boolean_query([
                (Occur.Must, Query.term_query(schema, "document_id", did)),
                (Occur.Must, Query.term_query(schema, "kind", "page"))]))
        count = 0
        for doc in _documents(meetings, pages, paths):
            writer.add_document(_document(doc, schema))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    del writer
    ix.reload()
    _write_meta(path, ix.searcher().num_docs)
    logger.info("search index (tantivy): %d documents written for %d meetings", count, len(meetings))
