"""Running a search: parse, filter, score, group, count facets, cut snippets, suggest.

The query language is Whoosh's: plain words (any may match, documents with
more of them rank higher), "phrases", field:value (with the aliases in
`FIELD_ALIASES`, e.g. owner:, date:), AND/OR/NOT, word~ for fuzzy matching.

Why a hand-written loop instead of Whoosh's collectors: grouping by item,
three facet counts, the total and the per-item hit counts all need every
matching document, and Whoosh's stacked collectors walk the matches once per
feature. Here each match is scored once and its group/facet keys come from one
packed column read (`facet_key`), which is what keeps broad queries usable on
a large archive.

Snippets are plain text; `Hit.snippet_spans` gives the (start, end) character
offsets of the matched words inside `Hit.snippet`, and `Hit.marked()` renders
them with markers (default ``[[ ]]``) for terminals without colour.
"""

from __future__ import annotations

import calendar
import heapq
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from minutebook.errors import MinutebookError

from ._schema import FIELD_ALIASES, FLAG_EXEMPT, KINDS, SEARCH_FIELDS, short_hash

if TYPE_CHECKING:  # pragma: no cover - typing only
    from whoosh.fields import Schema
    from whoosh.qparser import QueryParser
    from whoosh.query import Query
    from whoosh.searching import Searcher

__all__ = ["Hit", "SearchResult", "make_parser", "date_bound", "run_search", "SORTS"]

logger = logging.getLogger(__name__)

SORTS = ("relevance", "date")
SNIPPET_CHARS = 220  # about two lines of a terminal
# A document with k of the query's n words scores (1 - b + b * k / n) of its BM25F sum: with b = 0.9 a
# document with every word beats one that repeats a single word many times.
ALL_WORDS_BIAS = 0.9
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(slots=True)
class Hit:
    """One search result: the best-scoring record of an item (or a page), with where to find it."""

    doc_id: str  # "<kind>:<record id>", e.g. "action:ab12cd", "minute_item:<meeting id>.91"
    kind: str
    meeting_id: str
    meeting_date: str
    body: str
    meeting_kind: str
    item: str  # the item number as printed, "" for pages
    item_id: str
    page: int | None
    title: str  # the item's title (also for its points, actions, ...), a report heading, or a page's first line
    snippet: str  # plain text around the matched words
    snippet_spans: list[tuple[int, int]] = field(default_factory=list)  # matched words, offsets into snippet
    score: float = 0.0
    document_id: str = ""
    owners: list[str] = field(default_factory=list)
    others: int = 0  # further matching records of the same item, folded into this hit by grouping

    def marked(self, open_mark: str = "[[", close_mark: str = "]]") -> str:
        """The snippet with each matched word wrapped in markers."""
        out, last = [], 0
        for start, end in self.snippet_spans:
            out += [self.snippet[last:start], open_mark, self.snippet[start:end], close_mark]
            last = end
        out.append(self.snippet[last:])
        return "".join(out)

    def to_json(self) -> dict[str, Any]:
        """The hit as `search --json` prints it."""
        return {
            "meeting_date": self.meeting_date,
            "item": self.item,
            "kind": self.kind,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            "score": round(self.score, 4),
            "body": self.body,
            "meeting_id": self.meeting_id,
            "meeting_kind": self.meeting_kind,
            "item_id": self.item_id,
            "doc_id": self.doc_id,
            "document_id": self.document_id,
            "owners": self.owners,
            "others": self.others,
        }


@dataclass(slots=True)
class SearchResult:
    """Hits best first, plus counts over every matching record (not just the hits shown)."""

    query: str
    hits: list[Hit]
    total: int  # matching records, before grouping
    groups: int = 0  # matching items/pages, i.e. hits there would be with no limit
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # "body" | "year" | "kind" -> value -> records
    suggestion: str | None = None  # a corrected query, offered only when nothing matched

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "groups": self.groups,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }


# -- parsing -----------------------------------------------------------------


def _fuzzy_plugin() -> Any:
    """FuzzyTermPlugin whose terms expand over the field's own (stemmed) words.

    Whoosh expands a fuzzy term of a field with `spelling=True` over the
    unstemmed spelling words, then looks those up in the stemmed postings, so
    "burglery~" (stemmed "burgleri") finds neither "burglary" nor "burglari".
    """
    from whoosh import qparser
    from whoosh.query import FuzzyTerm

    class StemmedFuzzyTerm(FuzzyTerm):
        def _btexts(self, ixreader: Any) -> list[str]:
            return sorted(_leaf_terms_within(ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength))

    class Plugin(qparser.FuzzyTermPlugin):
        class FuzzyTermNode(qparser.FuzzyTermPlugin.FuzzyTermNode):
            qclass = StemmedFuzzyTerm

    return Plugin()


def make_parser(schema: Schema) -> QueryParser:
    """The query parser: words over title/text/resolutions, OR-ed (the all-words bias is applied in `_collect`)."""
    from whoosh import qparser

    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=qparser.OrGroup)
    parser.add_plugin(_fuzzy_plugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


def date_bound(value: str, end: bool) -> int:
    """'2019' / '2019-10' / '2019-10-09' -> yyyymmdd; an end bound covers the whole year or month."""
    m = _DATE_RE.match(value.strip())
    if not m:
        raise MinutebookError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] and not 1 <= month <= 12 or m[3] and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise MinutebookError(f"bad date {value!r}: no such day")
    if not m[2]:
        month, day = (12, 31) if end else (1, 1)
    elif not m[3]:
        day = calendar.monthrange(year, month)[1] if end else 1
    return year * 10000 + month * 100 + day


@dataclass(slots=True)
class _Plan:
    """Filters in the form the match loop checks cheaply, mostly against the packed key column."""

    kind_codes: frozenset[int] | None = None
    body_hashes: frozenset[bytes] | None = None
    date_lo: int = 0
    date_hi: int = 0  # 0: no date filter
    allow: set[int] | None = None  # document numbers allowed by owner/meeting filters
    deny: set[int] = field(default_factory=set)  # document numbers excluded by NOT clauses
    include_exempt: bool = False


def _body_names(searcher: Searcher) -> list[str]:
    return [b.decode("utf-8") for b in searcher.reader().lexicon("body_name")]


def _plan(searcher: Searcher, kinds: list[str] | None, body: str | None, date_from: str | None,
          date_to: str | None, owner: str | None, meeting: str | None, include_exempt: bool) -> _Plan:
    from whoosh import query as Q

    plan = _Plan(include_exempt=include_exempt)
    if kinds:
        bad = sorted(set(kinds) - set(KINDS))
        if bad:
            raise MinutebookError(f"unknown kind {', '.join(bad)}: choose from {', '.join(KINDS)}")
        plan.kind_codes = frozenset(KINDS.index(k) + 1 for k in kinds)
    if body:
        # The exact name, or words of it in order ("safety partnership"), case-insensitively.
        analyzer = searcher.schema["body"].analyzer
        want = [t.text for t in analyzer(body)]
        names = []
        for name in _body_names(searcher):
            words = [t.text for t in analyzer(name)]
            if name.casefold() == body.casefold() or want and any(
                    words[i:i + len(want)] == want for i in range(len(words) - len(want) + 1)):
                names.append(name)
        plan.body_hashes = frozenset(short_hash(n, 4) for n in names)
    if date_from or date_to:
        plan.date_lo = date_bound(date_from, end=False) if date_from else 1
        plan.date_hi = date_bound(date_to, end=True) if date_to else 99991231
        if plan.date_lo > plan.date_hi:
            raise MinutebookError(f"date range is empty: {date_from} is after {date_to}")
    rare: list[Query] = []
    if owner:
        name = " ".join(owner.lower().split())
        # Whole name, or part of one ("wileman"): the owners vocabulary is small, so a wildcard scan is cheap.
        rare.append(Q.Or([Q.Term("owners", name), Q.Wildcard("owners", f"*{name}*")]))
    if meeting:
        rare.append(Q.Term("meeting_id", meeting))
    if rare:
        plan.allow = set(searcher.docs_for_query(Q.And(rare).normalize()))
    return plan


# -- matching ----------------------------------------------------------------


def _clauses(parser: QueryParser, query: str) -> tuple[list[Query], list[Query]]:
    """Split the query into its top-level OR-ed clauses (one per word or phrase) and its NOT-ed parts.

    Clauses are kept apart so the match loop can tell how many of the user's
    words a document has (Whoosh's own coordination, `OrGroup.factory`,
    counts field-terms rather than words and scores a one-word query as 0).
    """
    from whoosh import query as Q

    if not query.strip():
        return [Q.Every()], []
    q = parser.parse(query, normalize=False)
    parts = q.subqueries if type(q) is Q.Or else [q]
    positive, negative = [], []
    for part in parts:
        if isinstance(part, Q.Not):
            negative.append(part.query.normalize())
        else:
            positive.append(part.normalize())
    positive = [c for c in positive if c is not Q.NullQuery]
    if not positive and negative:  # "NOT budget" alone: everything but
        positive = [Q.Every()]
    return positive, [n for n in negative if n is not Q.NullQuery]


def _term_lists(searcher: Searcher, clauses: list[Query]) -> list[list[tuple[str, bytes, float]]] | None:
    """Each clause as its (field, term, boost) list, when every clause is a term or an OR of terms.

    Fuzzy and wildcard terms are expanded first. Phrases, AND, NOT inside a
    clause and the like return None: those go through Whoosh's matchers.
    """
    from whoosh import query as Q

    reader = searcher.reader()
    out = []
    for clause in clauses:
        leaves = clause.subqueries if type(clause) is Q.Or and clause.boost == 1.0 else [clause]
        parts = []
        for leaf in leaves:
            if isinstance(leaf, Q.MultiTerm):  # fuzzy, wildcard, prefix: the words they stand for
                parts += [Q.Term(f, t.decode("utf-8") if isinstance(t, bytes) else t, boost=leaf.boost)
                          for f, t in leaf.expanded_terms(reader)]
            else:
                parts.append(leaf)
        if not all(type(t) is Q.Term for t in parts):
            return None
        terms = []
        for t in parts:
            field = searcher.schema[t.fieldname] if t.fieldname in searcher.schema else None
            if field is not None and field.scorable:
                terms.append((t.fieldname, field.to_bytes(t.text), t.boost))
            elif field is not None:
                return None
        out.append(terms)
    return out


def _scored_by_postings(sub: Searcher, weighting: Any, term_lists: list[list[tuple[str, bytes, float]]],
                        accept: Any) -> Any:
    """Yield (docnum, score, clauses matched) for one segment by walking each term's postings once.

    The same BM25F as Whoosh's matchers (its own scorer objects score each
    posting), without the per-document union-matcher tree, and each document
    is filtered (`accept`) once, before any of its postings is scored.
    """
    reader = sub.reader()
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    verdicts: dict[int, bool] = {}
    for terms in term_lists:
        seen: set[int] = set()
        for fieldname, btext, boost in terms:
            if (fieldname, btext) not in reader:
                continue
            m = reader.postings(fieldname, btext)
            scorer = weighting.scorer(sub, fieldname, btext)
            score_of = getattr(scorer, "_score", None)
            length_of = getattr(scorer, "dfl", None)
            get = scores.get
            while m.is_active():
                docnum = m.id()
                ok = verdicts.get(docnum)
                if ok is None:
                    ok = verdicts[docnum] = accept(docnum)
                if not ok:
                    m.next()
                    continue
                if score_of is not None and length_of is not None:
                    s = score_of(m.weight(), length_of(docnum))
                else:
                    s = scorer.score(m)
                scores[docnum] = get(docnum, 0.0) + s * boost
                if docnum not in seen:
                    seen.add(docnum)
                    matched[docnum] = matched.get(docnum, 0) + 1
                m.next()
    for docnum in sorted(scores):
        yield docnum, scores[docnum], matched[docnum]


def _scored_by_matchers(sub: Searcher, weighting: Any, clauses: list[Query], accept: Any) -> Any:
    """Yield (docnum, score, clauses matched) for one segment through Whoosh's matchers.

    `accept(docnum)` is asked before scoring, so filtered-out documents cost no scoring.
    """
    from whoosh.searching import SearchContext

    matchers = []
    for clause in clauses:
        context = SearchContext(needs_current=True, weighting=weighting, top_query=clause)
        m = clause.matcher(sub, context)
        if m.is_active():
            matchers.append(m)
    while matchers:
        docnum = min(m.id() for m in matchers)
        keep = accept(docnum)
        score, matched, exhausted = 0.0, 0, False
        for m in matchers:
            if m.id() == docnum:
                if keep:
                    score += m.score()
                    matched += 1
                m.next()
                exhausted = exhausted or not m.is_active()
        if exhausted:
            matchers = [m for m in matchers if m.is_active()]
        if keep:
            yield docnum, score, matched


def _collect(searcher: Searcher, clauses: list[Query], plan: _Plan, limit: int, by_date: bool,
             group: bool) -> tuple[list[tuple[Any, int, float, bytes]], int, Counter, Counter]:
    """Walk every match once: filter it, score it, count it into its group and facets, keep the best per group.

    Returns the best `limit` groups as (sortkey, docnum, score, group key),
    the number of matching records, records per group, and a counter of the
    (kind, flags, body, date) part of the key for the facets.
    """
    sizes: Counter = Counter()
    combos: Counter = Counter()
    best: dict[bytes, tuple[Any, int, float, bytes]] = {}
    total = 0
    nclauses = len(clauses)
    kind_codes, body_hashes, allow, deny = plan.kind_codes, plan.body_hashes, plan.allow, plan.deny
    lo, hi, mask = plan.date_lo, plan.date_hi, 0 if plan.include_exempt else FLAG_EXEMPT
    term_lists = _term_lists(searcher, clauses)
    weighting = searcher.weighting
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.has_column("facet_key"):
            continue
        keys = reader.column_reader("facet_key")

        def accept(docnum: int, keys: Any = keys, offset: int = offset) -> bool:
            raw = keys[docnum]
            return not (
                raw[9] & mask
                or kind_codes is not None and raw[8] not in kind_codes
                or body_hashes is not None and raw[10:14] not in body_hashes
                or hi and not lo <= int.from_bytes(raw[14:18], "big") <= hi
                or allow is not None and offset + docnum not in allow
                or offset + docnum in deny
            )

        if term_lists is not None:
            stream = _scored_by_postings(sub, weighting, term_lists, accept)
        else:
            stream = _scored_by_matchers(sub, weighting, clauses, accept)
        for docnum, score, matched in stream:
            if nclauses > 1:
                score *= 1.0 - ALL_WORDS_BIAS + ALL_WORDS_BIAS * matched / nclauses
            total += 1
            raw = keys[docnum]
            combos[raw[8:]] += 1
            gdoc = offset + docnum
            gkey = raw[:8] if group else gdoc.to_bytes(8, "big")
            sizes[gkey] += 1
            # Larger sort key = better: newest date first, then score (a date-less meeting sorts last).
            sortkey: Any = (raw[14:18], score) if by_date else score
            cur = best.get(gkey)
            if cur is None or sortkey > cur[0]:
                best[gkey] = (sortkey, gdoc, score, gkey)
    top = heapq.nlargest(limit, best.values(), key=lambda t: (t[0], -t[1]))
    return top, total, sizes, combos


def _facets(searcher: Searcher, combos: Counter) -> dict[str, dict[str, int]]:
    """Turn counts of packed (kind, flags, body, date) keys into the body/year/kind facets."""
    names = {short_hash(n, 4): n for n in _body_names(searcher)} if combos else {}
    kinds: Counter = Counter()
    years: Counter = Counter()
    bodies: Counter = Counter()
    for key, n in combos.items():
        if key[0]:
            kinds[KINDS[key[0] - 1]] += n
        if key[2:6] in names:
            bodies[names[key[2:6]]] += n
        day = int.from_bytes(key[6:10], "big")
        if day:
            years[str(day // 10000)] += n
    return {
        "body": dict(sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0]))),
        "year": dict(sorted(years.items(), reverse=True)),
        "kind": {k: kinds[k] for k in KINDS if kinds[k]},
    }


# -- snippets ----------------------------------------------------------------


def _highlight_words(searcher: Searcher, q: Query) -> frozenset[str]:
    """Indexed (stemmed) words of the query in the searched fields, fuzzy/wildcard terms expanded.

    (Whoosh's `Query.existing_terms` drops most terms of a multi-field OR, so the leaves are walked here.)
    """
    from whoosh.query import MultiTerm

    reader = searcher.reader()
    words: set[str] = set()
    for leaf in q.leaves() if q.children() else [q]:
        try:
            terms = leaf.expanded_terms(reader) if isinstance(leaf, MultiTerm) else leaf.terms(phrases=True)
            for fieldname, text in terms:
                if fieldname in SEARCH_FIELDS:
                    words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
        except Exception:  # an exotic query that cannot list its terms: its words just go unmarked
            logger.debug("cannot list the terms of %r for highlighting", leaf, exc_info=True)
    return frozenset(words)


def make_snippet(text: str, words: frozenset[str], analyzer: Any, width: int = SNIPPET_CHARS) -> tuple[
        str, list[tuple[int, int]]]:
    """Cut the window of `text` with the most distinct matched words; return it and the words' offsets in it."""
    text = " ".join(text.split())
    if not text:
        return "", []
    matches = [(t.startchar, t.endchar, t.text) for t in analyzer(text, chars=True, removestops=False)
               if t.text in words] if words else []
    if not matches:
        cut = text[:width]
        return (cut.rsplit(" ", 1)[0] + " …" if len(text) > width and " " in cut else cut), []
    # Best window: most distinct words, then most matches; windows start at a match.
    best_i, best_j, best_key = 0, 0, (-1, -1)
    for i in range(len(matches)):
        j = i
        while j + 1 < len(matches) and matches[j + 1][1] - matches[i][0] <= width:
            j += 1
        key = (len({m[2] for m in matches[i:j + 1]}), j - i)
        if key > best_key:
            best_i, best_j, best_key = i, j, key
    first, last = matches[best_i][0], matches[best_j][1]
    # Centre the matches in the window, then widen to whole words.
    start = max(0, first - max(0, (width - (last - first)) // 3))
    end = min(len(text), max(last, start + width))
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space < 40 else start
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space and space - end < 30 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    shift = len(prefix) - start
    spans = [(s + shift, e + shift) for s, e, _ in matches if s >= start and e <= end]
    return prefix + text[start:end] + suffix, spans


# -- suggestion --------------------------------------------------------------


def _leaf_terms_within(reader: Any, fieldname: str, text: str, maxdist: int, prefix: int) -> set[str]:
    """Words of `fieldname` within `maxdist` edits of `text`, via each segment's automaton.

    Whoosh's multi-segment reader falls back to computing the edit distance
    to every word of the field in Python; an index that has had a few
    incremental updates has several segments, so go segment by segment.
    """
    from whoosh.reading import IndexReader

    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        try:
            auto = leaf._codec.automata(leaf._storage, leaf._segment)
            words = auto.terms_within(leaf.cursor(fieldname), text, maxdist, prefix)
        except AttributeError:  # not a Whoosh 2.7 segment reader: the slow, generic scan
            words = IndexReader.terms_within(leaf, fieldname, text, maxdist, prefix=max(prefix, 1))
        found.update(w.decode("utf-8") if isinstance(w, bytes) else w for w in words)
    return found


_WORD_RE = re.compile(r"(?<![\w:])([^\W\d_]{3,})(?![\w:~*])")  # a bare word: not field:, not fuzzy/prefix


def _suggest(searcher: Searcher, query: str, plan: _Plan) -> str | None:
    """A corrected query from the index's own words, if it would find something the user may see.

    Each bare word of the query whose stem the index lacks is replaced by the
    nearest unstemmed word of the `text` spelling list (sharing its first
    letter), the most frequent among equally near ones. Words are compared
    unstemmed: "sucide" -> "suicide", where the stems would make "such" as near.
    """
    from whoosh.support.levenshtein import distance

    if plan.allow is not None and not plan.allow:  # the filters exclude everything: no spelling can help
        return None
    reader = searcher.reader()
    field = searcher.schema["text"]
    spell_field = field.spelling_fieldname("text")

    def stem(word: str) -> str | None:
        tokens = [t.text for t in field.analyzer(word)]
        return tokens[0] if tokens else None

    changed = False

    def correct(m: re.Match) -> str:
        nonlocal changed
        word = m.group(1)
        if word in ("AND", "OR", "NOT", "TO"):
            return word
        root = stem(word)
        if root is None or ("text", root) in reader:
            return word
        lower = word.lower()
        best: tuple[int, int, str] | None = None
        for cand in _leaf_terms_within(reader, spell_field, lower, 2, 1) - {lower}:
            croot = stem(cand)
            key = (distance(lower, cand), -(reader.doc_frequency("text", croot) if croot else 0), cand)
            best = key if best is None or key < best else best
        if best is None:
            return word
        changed = True
        return best[2]

    corrected = _WORD_RE.sub(correct, query)
    if not changed:
        return None
    # Only offer words that lead to documents this caller may see, under the same filters: the
    # spelling list also holds the words of exempt items.
    clauses, _ = _clauses(make_parser(searcher.schema), corrected)
    _, total, _, _ = _collect(searcher, clauses, plan, 1, by_date=False, group=False)
    return corrected if total else None


# -- the search --------------------------------------------------------------


def run_search(searcher: Searcher, query: str, *, kinds: list[str] | None = None, body: str | None = None,
               date_from: str | None = None, date_to: str | None = None, owner: str | None = None,
               meeting: str | None = None, limit: int = 10, sort: str = "relevance",
               include_exempt: bool = False, group: bool = True) -> SearchResult:
    """Search an open searcher; see `minutebook.search.search` for the arguments."""
    from whoosh import query as Q

    if sort not in SORTS:
        raise MinutebookError(f"unknown sort {sort!r}: choose from {', '.join(SORTS)}")
    if limit < 1:
        raise MinutebookError("limit must be at least 1")
    schema = searcher.schema
    clauses, negative = _clauses(make_parser(schema), query)
    plan = _plan(searcher, kinds, body, date_from, date_to, owner, meeting, include_exempt)
    if negative:
        plan.deny = set(searcher.docs_for_query(Q.Or(negative).normalize()))
    # Exempt records are cut inside the match loop, before anything is counted, so they are
    # missing from hits, totals, facets and suggestions alike.
    top, total, sizes, combos = _collect(searcher, clauses, plan, limit, sort == "date", group)

    text_q = Q.Or(clauses).normalize()
    words = _highlight_words(searcher, text_q) if top else frozenset()
    analyzer = schema["text"].analyzer
    hits = []
    for _, docnum, score, gkey in top:
        f = searcher.stored_fields(docnum)
        snippet, spans = make_snippet(f.get("text", ""), words, analyzer)
        owners = [o.strip() for o in (f.get("owners") or "").split(",") if o.strip()]
        hits.append(Hit(
            doc_id=f.get("doc_id", ""), kind=f.get("kind", ""), meeting_id=f.get("meeting_id", ""),
            meeting_date=f.get("meeting_date", ""), body=f.get("body_name", ""),
            meeting_kind=f.get("meeting_kind", ""), item=f.get("item", ""), item_id=f.get("item_id", ""),
            page=f.get("page"), title=f.get("title") or f.get("context") or "", snippet=snippet,
            snippet_spans=spans, score=float(score), document_id=f.get("document_id", ""), owners=owners,
            others=sizes[gkey] - 1,
        ))
    facets = _facets(searcher, combos)
    suggestion = _suggest(searcher, query, plan) if total == 0 and query.strip() else None
    return SearchResult(query=query, hits=hits, total=total, groups=len(sizes), facets=facets, suggestion=suggestion)
