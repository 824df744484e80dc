"""Searching a tantivy index (see `_tantivy`): Whoosh's parse of the query translated, then as `_query.run_search`.

Each step mirrors its Whoosh counterpart in `_query` (`_plan`, `_collect`,
`_suggest`, `_hit`, `run_search`), with tantivy queries, counts and
aggregations in place of the packed key column and numpy: the same checks,
messages, tiers, grouping, facets, timeline and did-you-mean.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from minutebook.errors import BadQuery, IndexUnavailable
from minutebook.home import index_path

from ._index import REINDEX_HINT
from ._natural import prepare_query
from ._pages import collapse, page_at
from ._query import (
    COMMON_MIN_DOCS,
    COMMON_SHARE,
    Hit,
    SearchResult,
    TimelineEntry,
    _clauses,
    _title_prefix,
    checked_kinds,
    checked_options,
    cut_snippet,
    date_bound,
    date_range,
    make_parser,
    matching_bodies,
    one_meeting,
    split_meeting,
)
from ._schema import KINDS, RESOLUTION_BOOST, SEARCH_FIELDS, TITLE_BOOST
from ._tantivy import _RAW, TOKEN_PATTERN, _open_cached, stem, tantivy_analyzer

__all__ = ["run_search"]

FETCH = 64  # candidates read per round when collecting the best groups
EXACT_GROUPS = 5_000  # up to this many matching records `groups` is exact; above, tantivy's HyperLogLog (about 1%)
BOOSTS = {"title": TITLE_BOOST, "resolutions": RESOLUTION_BOOST}


@lru_cache(maxsize=1)
def _parser_schema() -> Any:
    """The Whoosh schema the query parser reads: Whoosh's own, with the text fields analyzed as tantivy indexes them."""
    from whoosh.fields import TEXT

    from ._schema import build_schema

    schema = build_schema()
    analyzer = tantivy_analyzer()
    for name in SEARCH_FIELDS:
        old = schema[name]
        schema.remove(name)
        schema.add(name, TEXT(analyzer=analyzer, stored=old.stored, field_boost=old.format.field_boost))
    return schema


@lru_cache(maxsize=1)
def _parser() -> Any:
    return make_parser(_parser_schema())


# -- queries: Whoosh's parse -> tantivy ----------------------------------------------


def _regex_escape(text: str) -> str:
    return "".join(c if c.isalnum() or c == "_" else "\\" + c for c in text)


def _wildcard_regex(pattern: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else _regex_escape(c) for c in pattern)


@dataclass(slots=True)
class _Ctx:
    """An open index for one search: the tantivy schema and searcher, and the query text being translated."""

    schema: Any
    searcher: Any
    text: str = ""


_TEXT_FIELDS = frozenset({"title", "text", "resolutions", "body"})
_FIELDS = frozenset({*_RAW, *_TEXT_FIELDS})
_UNSCORED = frozenset({*_RAW, "page", "exempt"}) - {"owners"}


def _term(ctx: _Ctx, fieldname: str, text: Any, boost: float) -> Any:
    from tantivy import Query

    if fieldname == "page":  # Whoosh's parser gives a NUMERIC field's value in its sortable byte form
        value = _parser_schema()["page"].from_bytes(text) if isinstance(text, bytes) else text
        q = Query.term_query(ctx.schema, "page", int(value))
    elif fieldname == "exempt":
        q = Query.term_query(ctx.schema, "exempt", 1 if text in (True, b"t", "t", "true", "yes", "1") else 0)
    elif fieldname in _FIELDS:
        q = Query.term_query(ctx.schema, fieldname, str(text))
    else:
        raise BadQuery(f"cannot search {ctx.text!r}: the field {fieldname!r} cannot be searched")
    if fieldname in _UNSCORED:  # as Whoosh's ID fields: a match scores 1 (times its ^boost)
        return Query.const_score_query(q, boost)
    boost *= BOOSTS.get(fieldname, 1.0)
    return Query.boost_query(q, boost) if boost != 1.0 else q


def _phrase(ctx: _Ctx, leaf: Any) -> Any:
    """A phrase, its words at the positions the typed stop words leave between them (tantivy keeps the gaps)."""
    from tantivy import Query

    words = list(leaf.words)
    if not words:
        return None
    if len(words) == 1:
        return _term(ctx, leaf.fieldname, words[0], leaf.boost)
    if leaf.fieldname not in _TEXT_FIELDS:
        raise BadQuery(f"cannot search {ctx.text!r}: the field {leaf.fieldname!r} holds no phrases")
    ranges = getattr(leaf, "char_ranges", None) or []
    positions, pos = [], 0
    for n, word in enumerate(words):
        if n:
            gap = ctx.text[ranges[n - 1][1]:ranges[n][0]] if len(ranges) == len(words) else ""
            pos += 1 + len(re.findall(TOKEN_PATTERN, gap))
        positions.append((pos, word))
    q = Query.phrase_query(ctx.schema, leaf.fieldname, positions, slop=max(0, leaf.slop - 1))
    boost = leaf.boost * BOOSTS.get(leaf.fieldname, 1.0)
    return Query.boost_query(q, boost) if boost != 1.0 else q


def _range(ctx: _Ctx, leaf: Any) -> Any:
    from tantivy import FieldType, Query

    name, start, end = leaf.fieldname, leaf.start, leaf.end
    if name in ("year", "meeting_date"):
        lo = date_bound(str(start), end=False) if start else None
        hi = date_bound(str(end), end=True) if end else None
        return Query.range_query(ctx.schema, "day", FieldType.Unsigned, lo or 1, hi or 99991231,
                                 include_lower=not leaf.startexcl, include_upper=not leaf.endexcl)
    if name == "page":
        return Query.range_query(ctx.schema, "page", FieldType.Unsigned, int(start or 0), int(end or 2**31),
                                 include_lower=not leaf.startexcl, include_upper=not leaf.endexcl)
    raise BadQuery(f"cannot search {ctx.text!r}: the field {name!r} takes no range")


def _translate(ctx: _Ctx, q: Any) -> Any:
    """A tantivy query for a parsed Whoosh query (None for one that matches nothing, like a stop word)."""
    from tantivy import Occur, Query
    from whoosh import query as Q

    def boolean(parts: list[tuple[Any, Any]]) -> Any:
        parts = [(o, t) for o, t in parts if t is not None]
        if not any(o != Occur.MustNot for o, _ in parts):
            return None if not parts else Query.boolean_query([(Occur.Must, Query.all_query()), *parts])
        return Query.boolean_query(parts)

    kind = type(q)
    if q is Q.NullQuery or kind is type(Q.NullQuery):
        return None
    if kind is Q.Every:
        return Query.all_query()
    if kind is Q.Term:
        return _term(ctx, q.fieldname, q.text, q.boost)
    if kind is Q.Phrase:
        return _phrase(ctx, q)
    if isinstance(q, Q.FuzzyTerm):
        if q.fieldname not in _FIELDS:
            raise BadQuery(f"cannot search {ctx.text!r}: the field {q.fieldname!r} cannot be searched")
        fuzzy = Query.fuzzy_term_query(ctx.schema, q.fieldname, q.text, distance=min(2, q.maxdist),
                                       transposition_cost_one=False)
        if q.prefixlength:
            fuzzy = Query.boolean_query([(Occur.Must, fuzzy), (Occur.Must, Query.regex_query(
                ctx.schema, q.fieldname, _regex_escape(q.text[:q.prefixlength]) + ".*"))])
        return Query.const_score_query(fuzzy, q.boost)
    if isinstance(q, (Q.Prefix, Q.Wildcard)):
        if q.fieldname not in _FIELDS:
            raise BadQuery(f"cannot search {ctx.text!r}: the field {q.fieldname!r} cannot be searched")
        pattern = _regex_escape(q.text) + ".*" if isinstance(q, Q.Prefix) else _wildcard_regex(q.text)
        return Query.const_score_query(Query.regex_query(ctx.schema, q.fieldname, pattern), q.boost)
    if isinstance(q, (Q.TermRange, Q.NumericRange)):
        return _range(ctx, q)
    if isinstance(q, Q.Not):
        return boolean([(Occur.MustNot, _translate(ctx, q.query))])
    if isinstance(q, Q.AndNot):
        return boolean([(Occur.Must, _translate(ctx, q.a)), (Occur.MustNot, _translate(ctx, q.b))])
    if isinstance(q, Q.AndMaybe):
        must = _translate(ctx, q.a)
        return None if must is None else boolean([(Occur.Must, must), (Occur.Should, _translate(ctx, q.b))])
    if isinstance(q, Q.Require):
        must = _translate(ctx, q.a)
        return None if must is None else boolean([(Occur.Must, must), (Occur.Must, _translate(ctx, q.b))])
    if isinstance(q, Q.And):
        parts = []
        for sub in q.subqueries:
            if isinstance(sub, Q.Not):
                parts.append((Occur.MustNot, _translate(ctx, sub.query)))
            else:
                t = _translate(ctx, sub)
                if t is None and sub is not Q.NullQuery:
                    return None  # a word that cannot match makes the AND match nothing
                parts.append((Occur.Must, t))
        return boolean(parts)
    if isinstance(q, Q.Or):
        parts = [(Occur.Should, _translate(ctx, sub)) for sub in q.subqueries]
        parts = [(o, t) for o, t in parts if t is not None]
        if not parts:
            return None
        query = parts[0][1] if len(parts) == 1 else Query.boolean_query(parts)
        return Query.boost_query(query, q.boost) if q.boost != 1.0 else query
    raise BadQuery(f"cannot search {ctx.text!r}: the tantivy engine does not take {kind.__name__} queries")


# -- filters ------------------------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    """The filters of a search, as tantivy queries that match (score 0) what may be returned."""

    filters: list[Any] = field(default_factory=list)
    empty: bool = False  # an owner/meeting filter that matches nothing

    def apply(self, ctx: _Ctx, query: Any, deny: list[Any] = ()) -> Any:
        from tantivy import Occur, Query

        parts = [(Occur.Must, query)] + [(Occur.Must, Query.const_score_query(f, 0.0)) for f in self.filters]
        parts += [(Occur.MustNot, d) for d in deny]
        return Query.boolean_query(parts)


def _body_names(ctx: _Ctx) -> list[str]:
    return [t for t, _ in ctx.searcher.terms_with_prefix("body_name", "", limit=None)]


def _meeting_id(ctx: _Ctx, ref: str) -> str:
    """The meeting id `--meeting` names: the id itself or a unique prefix of it (as `_query._meeting_id`)."""
    found = [t for p in dict.fromkeys((ref, "m" + ref)) for t, _ in ctx.searcher.terms_with_prefix("meeting_id", p)]
    if ref in found:
        return ref
    return one_meeting(ref, list(dict.fromkeys(found)))


def _plan(ctx: _Ctx, kinds: list[str] | None, body: str | None, date_from: str | None, date_to: str | None,
          owner: str | None, meeting: str | None, include_exempt: bool) -> _Plan:
    """As `_query._plan`: the same checks and messages, as tantivy filter queries."""
    from tantivy import FieldType, Occur, Query
    from whoosh.analysis import StandardAnalyzer

    schema = ctx.schema
    plan = _Plan()
    kinds = checked_kinds(kinds)
    meeting_date = None
    if meeting:
        meeting_date, meeting, body = split_meeting(meeting, body)
        if meeting:
            meeting = _meeting_id(ctx, meeting)
    if not include_exempt:
        plan.filters.append(Query.term_query(schema, "exempt", 0))
    if kinds:
        plan.filters.append(Query.term_set_query(schema, "kind", kinds))
    if body:
        names = matching_bodies(body, _body_names(ctx), StandardAnalyzer())
        plan.filters.append(Query.term_set_query(schema, "body_name", names))
    if date_from or date_to:
        plan.filters.append(Query.range_query(schema, "day", FieldType.Unsigned, *date_range(date_from, date_to)))
    if owner:
        name = " ".join(owner.lower().split())
        plan.filters.append(Query.boolean_query([
            (Occur.Should, Query.term_query(schema, "owners", name)),
            (Occur.Should, Query.regex_query(schema, "owners", ".*" + _regex_escape(name) + ".*"))]))
    if meeting:
        plan.filters.append(Query.term_query(schema, "meeting_id", meeting))
    if meeting_date:
        plan.filters.append(Query.term_query(schema, "meeting_date", meeting_date))
    if owner or meeting or meeting_date:
        plan.empty = _count(ctx, plan.apply(ctx, Query.all_query())) == 0
    return plan


# -- matching -----------------------------------------------------------------------


def _count(ctx: _Ctx, query: Any) -> int:
    return ctx.searcher.search(query, 1, count=True).count


def _all_hits(ctx: _Ctx, query: Any, total: int | None = None) -> list[tuple[float, Any]]:
    total = _count(ctx, query) if total is None else total
    return ctx.searcher.search(query, total, count=False).hits if total else []


@dataclass(slots=True)
class _Matches:
    """What `_collect` found, as `_query._Matches`, with tantivy document addresses."""

    top: list[tuple[Any, float, int, bool]]  # (address, score, further records of its group, every word)
    total: int = 0
    every_word: int = 0
    groups: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {"body": {}, "year": {}, "kind": {}})
    meetings: list[tuple[Any, int]] = field(default_factory=list)  # (best address, records), oldest first
    common: list[str] = field(default_factory=list)


def _clause_terms(clause: Any) -> list[tuple[str, str]]:
    try:
        return [(f, t.decode("utf-8") if isinstance(t, bytes) else str(t)) for f, t in clause.iter_all_terms()
                if f in SEARCH_FIELDS]
    except Exception:  # an exotic clause that cannot list its terms
        return []


def _common_clauses(ctx: _Ctx, clauses: list[Any]) -> list[int]:
    """As `_query._common_clauses`: clauses whose words are in more than COMMON_SHARE of the records."""
    from whoosh import query as Q

    total = ctx.searcher.num_docs
    if len(clauses) < 2 or total < COMMON_MIN_DOCS:
        return []
    common = []
    for n, clause in enumerate(clauses):
        if any(isinstance(leaf, (Q.Phrase, Q.MultiTerm)) for leaf in [clause, *clause.leaves()]):
            continue
        terms = _clause_terms(clause)
        if terms and max(ctx.searcher.doc_freq(f, t) for f, t in terms) > COMMON_SHARE * total:
            common.append(n)
    return common if len(common) < len(clauses) else []


def _facets(ctx: _Ctx, query: Any) -> dict[str, dict[str, int]]:
    agg = {name: {"terms": {"field": name, "size": 100_000}} for name in ("kind", "body_name", "year")}
    found = ctx.searcher.aggregate(query, agg)

    def counts(name: str) -> dict[str, int]:
        return {str(b["key"]): int(b["doc_count"]) for b in found.get(name, {}).get("buckets", [])}

    kinds, bodies, years = counts("kind"), counts("body_name"), counts("year")
    return {
        "body": dict(sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0]))),
        "year": dict(sorted(years.items(), reverse=True)),
        "kind": {k: kinds[k] for k in KINDS if kinds.get(k)},
    }


def _addr_key(addr: Any) -> tuple[int, int]:
    return addr.segment_ord, addr.doc


def _live(ctx: _Ctx, parsed: list[Any]) -> list[tuple[int, Any]]:
    """The clauses that can match anything, by position, as tantivy queries."""
    return [(n, c) for n, c in enumerate(_translate(ctx, p) for p in parsed) if c is not None]


def _any_query(ctx: _Ctx, live: list[tuple[int, Any]], plan: _Plan, deny: list[Any]) -> Any:
    """Records with any of the clauses, under the filters."""
    from tantivy import Occur, Query

    return plan.apply(ctx, live[0][1] if len(live) == 1 else Query.boolean_query(
        [(Occur.Should, c) for _, c in live]), deny)


def _finds_any(ctx: _Ctx, text: str, plan: _Plan) -> bool:
    """Whether the query `text` matches a record the filters let through (no ranking, hits or facets)."""
    if plan.empty:
        return False
    clauses, negative = _parse(ctx, text)
    live = _live(ctx, clauses)
    deny = [t for t in (_translate(ctx, n) for n in negative) if t is not None]
    return bool(live) and _count(ctx, _any_query(ctx, live, plan, deny)) > 0


def _collect(ctx: _Ctx, parsed: list[Any], plan: _Plan, deny: list[Any], limit: int | None, sort: str,
             group: bool, timeline: bool = False) -> _Matches:
    """As `_query._collect`: every word first, then by `sort`; groups, counts and facets over every match."""
    from tantivy import Occur, Query

    if plan.empty:
        return _Matches([])
    live = _live(ctx, parsed)
    if not live:
        return _Matches([])
    common = _common_clauses(ctx, parsed)
    required = [c for n, c in live if n not in common]
    optional = [c for n, c in live if n in common]
    if len(live) < len(parsed) and not common:
        required = []  # a clause that matches nothing: no record has every word
    any_q = _any_query(ctx, live, plan, deny)
    total = _count(ctx, any_q)
    if not total:
        return _Matches([])
    if required:
        all_q = plan.apply(ctx, Query.boolean_query([(Occur.Must, c) for c in required]
                                                    + [(Occur.Should, c) for c in optional]), deny)
        every = _count(ctx, all_q)
        rest_q = Query.boolean_query([(Occur.Must, any_q), (Occur.MustNot, all_q)])
        tiers = [(all_q, every, True), (rest_q, total - every, False)]
    else:
        every = 0
        tiers = [(any_q, total, False)]
    searcher = ctx.searcher

    def groups_of(addrs: list[Any]) -> list[int]:
        return searcher.fast_field_values("group", addrs) if group else [_addr_key(a) for a in addrs]

    picked: list[tuple[Any, float, Any, bool]] = []  # (address, score, group key, every word)
    seen: set[Any] = set()
    need = limit if limit is not None else total
    if sort == "relevance":
        for query, size, tier in tiers:
            later: list[tuple[Any, float, Any, bool]] = []  # ungrouped: records after their item's best
            fetched, step = 0, max(FETCH, 4 * need)
            while fetched < size:
                hits = searcher.search(query, min(step, size - fetched), count=False, offset=fetched).hits
                if not hits:
                    break
                fetched += len(hits)
                step *= 2
                items = searcher.fast_field_values("group", [a for _, a in hits])
                for (score, addr), item in zip(hits, items):
                    key = item if group else _addr_key(addr)
                    if group:
                        if key not in seen:
                            seen.add(key)
                            picked.append((addr, score, key, tier))
                    elif item not in seen:
                        seen.add(item)
                        picked.append((addr, score, key, tier))
                    else:
                        later.append((addr, score, key, tier))
                if len(picked) >= need:
                    break
            if len(picked) < need:
                picked += later[:need - len(picked)]
            if len(picked) >= need:
                break
            if not group:
                seen = set()  # the next tier lists each item's best record again
    else:
        rows: list[tuple[tuple, Any, float, Any, bool]] = []
        for query, size, tier in tiers:
            hits = _all_hits(ctx, query, size)
            addrs = [a for _, a in hits]
            days = searcher.fast_field_values("day", addrs)
            keys = groups_of(addrs)
            for (score, addr), day, key in zip(hits, days, keys):
                when = -day if sort == "newest" else (day or 99999999)
                rows.append(((not tier, when, -score, _addr_key(addr)), addr, score, key, tier))
        rows.sort(key=lambda r: r[0])
        for _, addr, score, key, tier in rows:
            if key not in seen:
                seen.add(key)
                picked.append((addr, score, key, tier))
                if len(picked) >= need:
                    break
    picked = picked[:need]
    # further matching records of each shown group
    sizes: dict[Any, int] = {}
    if group and picked:
        shown = list({key for _, _, key, _ in picked})
        found = searcher.aggregate(Query.boolean_query([
            (Occur.Must, any_q), (Occur.Must, Query.term_set_query(ctx.schema, "group", shown))]),
            {"g": {"terms": {"field": "group", "size": len(shown)}}})
        sizes = {int(b["key"]): int(b["doc_count"]) for b in found["g"]["buckets"]}
    top = [(addr, float(score), sizes.get(key, 1) - 1 if group else 0, tier) for addr, score, key, tier in picked]
    if not group:
        groups = total
    elif total <= EXACT_GROUPS:
        groups = len(set(searcher.fast_field_values("group", [a for _, a in _all_hits(ctx, any_q, total)])))
    else:
        groups = round(searcher.cardinality(any_q, "group"))
    meetings: list[tuple[Any, int]] = []
    if timeline:
        best: dict[tuple[int, int], tuple[tuple, Any]] = {}
        records: dict[tuple[int, int], int] = {}
        for query, size, tier in tiers:
            hits = _all_hits(ctx, query, size)
            addrs = [a for _, a in hits]
            for (score, addr), day, body in zip(hits, searcher.fast_field_values("day", addrs),
                                                searcher.fast_field_values("body_key", addrs)):
                if not day:
                    continue
                key = (day, body)
                records[key] = records.get(key, 0) + 1
                rank = (not tier, -score, _addr_key(addr))
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, addr)
        meetings = [(best[k][1], records[k]) for k in sorted(best)]
    words = []
    for n in common:
        terms = _clause_terms(parsed[n])
        words.append(terms[0][1] if terms else "")
    return _Matches(top, total=total, every_word=every, groups=groups, facets=_facets(ctx, any_q),
                    meetings=meetings, common=words)


# -- snippets and hits ------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Token:
    text: str
    startchar: int
    endchar: int


_TOKEN_RE = re.compile(TOKEN_PATTERN)


def _snippet_tokens(words: _Words) -> Any:
    """`cut_snippet`'s analyzer for one search: the text's words whose stem is a query word, with their offsets.

    The stems are `tantivy_analyzer()`'s; only matching words are made into tokens, and each distinct word
    is stemmed and tested once (the rest is all `cut_snippet` would drop).
    """
    memo: dict[str, str] = {}

    def tokens(text: str, **_: Any) -> Iterable[_Token]:
        for m in _TOKEN_RE.finditer(text):
            word = m.group()
            root = memo.get(word)
            if root is None:
                root = stem(word.lower())
                root = memo[word] = root if root in words else ""
            if root:
                yield _Token(root, m.start(), m.end())

    return tokens


@dataclass(slots=True)
class _Words:
    """The query's indexed (stemmed) words, as `cut_snippet` looks them up: exact ones, and fuzzy, prefix and
    wildcard terms tested word by word (rather than expanded over the whole vocabulary)."""

    exact: set[str] = field(default_factory=set)
    tests: list[Any] = field(default_factory=list)
    tested: dict[object, bool] = field(default_factory=dict)  # a text repeats its words: test each once

    def __bool__(self) -> bool:
        return bool(self.exact or self.tests)

    def __contains__(self, word: object) -> bool:
        if word in self.exact:
            return True
        if not self.tests:
            return False
        found = self.tested.get(word)
        if found is None:
            found = self.tested[word] = any(test(word) for test in self.tests)
        return found


def _fuzzy_test(text: str, maxdist: int, prefixlength: int) -> Any:
    from whoosh.support.levenshtein import levenshtein

    def test(word: str) -> bool:
        return (abs(len(word) - len(text)) <= maxdist and word[:prefixlength] == text[:prefixlength]
                and levenshtein(word, text, maxdist + 1) <= maxdist)

    return test


def _highlight_words(ctx: _Ctx, clauses: list[Any]) -> _Words:
    """Indexed (stemmed) words of the query in the searched fields, and tests for its fuzzy/prefix/wildcard terms."""
    from fnmatch import fnmatchcase

    from whoosh import query as Q

    words = _Words()
    for clause in clauses:
        for leaf in clause.leaves() if clause.children() else [clause]:
            name = getattr(leaf, "fieldname", None)
            if name not in SEARCH_FIELDS:
                continue
            if isinstance(leaf, Q.FuzzyTerm):
                words.tests.append(_fuzzy_test(leaf.text, leaf.maxdist, leaf.prefixlength))
            elif isinstance(leaf, Q.Prefix):
                words.tests.append(lambda w, p=leaf.text: w.startswith(p))
            elif isinstance(leaf, Q.Wildcard):
                words.tests.append(lambda w, p=leaf.text: fnmatchcase(w, p))
            elif isinstance(leaf, Q.Phrase):
                words.exact.update(leaf.words)
            elif isinstance(leaf, Q.Term):
                words.exact.add(str(leaf.text))
    return words


def _hit(ctx: _Ctx, addr: Any, score: float, others: int, every_word: bool, words: _Words, tokens: Any) -> Hit:
    doc = ctx.searcher.doc(addr)

    def get(name: str) -> Any:
        value = doc.get_first(name)
        return "" if value is None else value

    extra = json.loads(bytes(doc.get_first("extra") or b"{}").decode("utf-8"))
    title = get("title") or extra.get("context") or ""
    flat = collapse(get("text"))
    skip = _title_prefix(flat, title)
    snippet, spans, anchor = cut_snippet(flat[skip:], words, tokens)  # type: ignore[arg-type]
    owners = [o.strip() for o in (extra.get("owners") or "").split(",") if o.strip()]
    page, label, pdf_page = (get("page") or None), "", None
    located = page_at(extra.get("page_map") or [], skip + anchor)
    if located is not None:
        pdf_page, label = located
        page = int(label) if label.isdigit() else pdf_page
    elif page:
        label = str(page)
    return Hit(
        doc_id=get("doc_id"), kind=get("kind"), meeting_id=get("meeting_id"), meeting_date=get("meeting_date"),
        body=get("body_name"), meeting_kind=get("meeting_kind"), item=get("item"), item_id=get("item_id"),
        page=page, title=title, snippet=snippet, snippet_spans=spans, score=float(score),
        document_id=get("document_id"), owners=owners, others=others, page_label=label, pdf_page=pdf_page,
        path=extra.get("path", ""), every_word=every_word, mover=extra.get("mover", ""),
        seconder=extra.get("seconder", ""), outcome=extra.get("outcome", ""), tally=extra.get("tally", ""),
    )


def _parse(ctx: _Ctx, text: str) -> tuple[list[Any], list[Any]]:
    """The query's OR-ed clauses and its NOT-ed parts, parsed as the Whoosh engine parses them."""
    ctx.text = text
    return _clauses(_parser(), text)


def _run(ctx: _Ctx, text: str, plan: _Plan, limit: int | None, sort: str, group: bool,
         timeline: bool) -> SearchResult:
    clauses, negative = _parse(ctx, text)
    deny = [t for t in (_translate(ctx, n) for n in negative) if t is not None]
    found = _collect(ctx, clauses, plan, deny, limit, sort, group, timeline)
    words = _highlight_words(ctx, clauses) if found.top or found.meetings else _Words()
    tokens = _snippet_tokens(words)
    hits = [_hit(ctx, addr, score, others, every, words, tokens) for addr, score, others, every in found.top]
    line = []
    for addr, records in found.meetings:
        hit = _hit(ctx, addr, 0.0, 0, True, words, tokens)
        line.append(TimelineEntry(hit.meeting_date, hit.body, records, hit))
    return SearchResult(query=text, hits=hits, total=found.total, groups=found.groups, facets=found.facets,
                        searched=text, words=len(clauses) if text.strip() else 0, every_word=found.every_word,
                        timeline=line, common=found.common)


_WORD_RE = re.compile(r"(?<![\w:])([^\W\d_]{3,})(?![\w:~*])")  # as `_query._WORD_RE`


def _suggest(ctx: _Ctx, query: str, plan: _Plan) -> str | None:
    """As `_query._suggest`: each bare word the index lacks, replaced by its nearest visible word."""
    from whoosh.support.levenshtein import distance

    if plan.empty:
        return None
    analyzer = tantivy_analyzer()
    searcher = ctx.searcher

    def root(word: str) -> str | None:
        tokens = [t.text for t in analyzer(word)]
        return tokens[0] if tokens else None

    def visible(word: str) -> bool:
        return _finds_any(ctx, word, plan)

    changed = False

    def correct(m: re.Match) -> str:
        nonlocal changed
        word = m.group(1)
        if word in ("AND", "OR", "NOT", "TO"):
            return word
        stemmed = root(word)
        if stemmed is None or searcher.doc_freq("text", stemmed):
            return word
        lower = word.lower()
        ranked = []
        for cand, _ in searcher.terms_with_prefix("spell", lower[:1], limit=None):
            if cand == lower or abs(len(cand) - len(lower)) > 2:
                continue
            dist = distance(lower, cand)
            if dist <= 2:
                croot = root(cand)
                ranked.append((dist, -(searcher.doc_freq("text", croot) if croot else 0), cand))
        best = next((cand for *_, cand in sorted(ranked) if visible(cand)), None)
        if best is None:
            return word
        changed = True
        return best

    corrected = _WORD_RE.sub(correct, query)
    if not changed:
        return None
    return corrected if _finds_any(ctx, corrected, plan) else None


def run_search(home: Path, query: str, *, kinds: list[str] | None = None, body: str | None = None,
               date_from: str | None = None, date_to: str | None = None, owner: str | None = None,
               meeting: str | None = None, limit: int | None = 10, sort: str = "relevance",
               include_exempt: bool = False, group: bool = True, timeline: bool = False) -> SearchResult:
    """Search the tantivy index of `home`; see `minutebook.search.search` for the arguments."""
    from whoosh.analysis import STOP_WORDS as ANALYZER_STOP_WORDS

    sort = checked_options(sort, limit)
    path = index_path(home)
    try:
        ix = _open_cached(path)
        ctx = _Ctx(ix.schema, ix.searcher())
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"search index at {path} is damaged ({exc}); {REINDEX_HINT}") from exc
    prepared = prepare_query(query)
    asked = (prepared.date_from, prepared.date_to) if not (date_from or date_to) else ("", "")
    plan = _plan(ctx, kinds, body, date_from or asked[0] or None, date_to or asked[1] or None, owner, meeting,
                 include_exempt)
    result = _run(ctx, prepared.text, plan, limit, sort, group, timeline)
    if any(asked):
        if result.total:
            result.dates = asked
        else:
            plan = _plan(ctx, kinds, body, None, None, owner, meeting, include_exempt)
            result = _run(ctx, prepared.text, plan, limit, sort, group, timeline)
            result.dates_dropped = asked
    if prepared.text.strip() and (result.total == 0 or result.words > 1 and result.every_word == 0):
        corrected = _suggest(ctx, prepared.text, plan)
        if corrected:
            retry = _run(ctx, corrected, plan, limit, sort, group, timeline)
            if retry.total and (result.total == 0 or retry.every_word):
                retry.corrected_from = prepared.text
                result = retry
        result.suggestion = corrected
    result.query = query
    for hit in [*result.hits, *(t.hit for t in result.timeline)]:
        hit.searched = result.searched
    result.dropped = prepared.dropped if any(w.lower() not in ANALYZER_STOP_WORDS for w in prepared.dropped) else []
    return result


