"""Running a search: parse, filter, score, group, count facets, cut snippets, suggest.

The query language is Whoosh's: plain words (any may match, documents with
more of them rank higher), "phrases", field:value (with the aliases in
`FIELD_ALIASES`, e.g. owner:, date:), AND/OR/NOT, word~ for fuzzy matching.

Why not Whoosh's collectors: grouping by item, three facet counts, the total
and the per-item hit counts all need every matching document, and Whoosh's
stacked collectors walk the matches once per feature, one Python call per
posting. Here plain words, fuzzy/prefix expansions and plain phrases are
scored a whole posting list at a time with numpy (the same BM25F arithmetic
as Whoosh's scorer, so the same scores), and filters, grouping and facets
work on arrays of the packed `facet_key` column. Other shapes (AND inside a
clause, sloppy phrases, ...) still go through Whoosh's matchers. numpy comes
with spaCy and is imported only when a search runs.

Whoosh internals replaced for speed (the numpy scorer, `StoredFields`, the
one-loop snippet analysis `analyzed`) each have a way back to Whoosh's own
path: `MINUTEBOOK_SCORER=whoosh` takes it for all three, and
tests/test_search_scorer_contract.py checks both give the same results, in
the same order, on a battery of queries.

Snippets are plain text; `Hit.snippet_spans` gives the (start, end) character
offsets of the matched words inside `Hit.snippet`, and `Hit.marked()` renders
them with markers (default ``[[ ]]``) for terminals without colour.
"""

from __future__ import annotations

import calendar
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from minutebook.errors import Ambiguous, BadQuery, MinutebookError, NotFound

from ._natural import prepare_query
from ._pages import collapse, page_at
from ._schema import FIELD_ALIASES, FLAG_EXEMPT, KEY_LEN, KINDS, SEARCH_FIELDS, expand_kinds, short_hash

if TYPE_CHECKING:  # pragma: no cover - typing only
    from whoosh.fields import Schema
    from whoosh.qparser import QueryParser
    from whoosh.query import Query
    from whoosh.searching import Searcher

__all__ = ["Hit", "SearchResult", "TimelineEntry", "make_parser", "date_bound", "run_search", "SORTS", "citation",
           "date_words"]

logger = logging.getLogger(__name__)

SORTS = ("relevance", "newest", "oldest")
SORT_ALIASES = {"date": "newest", "new": "newest", "old": "oldest", "score": "relevance"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SNIPPET_CHARS = 220  # about two lines of a terminal
# A document with k of the query's n words scores (1 - b + b * k / n) of its BM25F sum: with b = 0.9 a
# document with every word beats one that repeats a single word many times.
ALL_WORDS_BIAS = 0.9
# A word in more than this share of the index's records (and an index of at least COMMON_MIN_DOCS) says little
# about a record ("council", "partnership"): a record need not have it to count as having every word.
COMMON_SHARE = 0.25
COMMON_MIN_DOCS = 40
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_words(iso: str) -> str:
    """"2019-10-09" -> "9 Oct 2019", as a citation prints it."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", iso or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return iso or ""
    return f"{int(m[3])} {_MONTHS[int(m[2]) - 1]} {m[1]}"


def _range_words(first: str, last: str) -> str:
    """("2019-10", "2019-10") -> "of 2019-10"; ("2018", "") -> "from 2018"; ("", "2017") -> "up to 2017"."""
    if first and first == last:
        return f"of {first}"
    if first and last:
        return f"from {first} to {last}"
    return f"from {first}" if first else f"up to {last}"


def citation(body: str, date: str, kind: str, meeting_kind: str, item: str, page_label: str,
             pdf_page: int | None, path: str = "") -> str:
    """A copy-ready reference: "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)"."""
    from os.path import basename

    parts = [body or (basename(path) if path else "")]
    parts.append(date_words(date))
    if item:
        parts.append(f"minute {item}" if meeting_kind == "minutes" else f"agenda item {item}")
    if page_label:
        parts.append(f"p.{page_label}" + (f" (PDF p.{pdf_page})" if pdf_page else ""))
    elif pdf_page:
        parts.append(f"PDF p.{pdf_page}")
    return ", ".join(p for p in parts if p)


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
    page_label: str = ""  # the page number as printed on the page the snippet comes from
    pdf_page: int | None = None  # that page's position in the PDF (1-based), when the pages were indexed
    path: str = ""  # the source file's absolute path
    every_word: bool = True  # the record has every word of the query (else only some of them)
    mover: str = ""  # a decision's vote, as recorded
    seconder: str = ""
    outcome: str = ""
    tally: str = ""
    searched: str = ""  # the words this hit was found for: the query cut to its topic, or its correction

    @property
    def citation(self) -> str:
        """"Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)"."""
        return citation(self.body, self.meeting_date, self.kind, self.meeting_kind, self.item, self.page_label,
                        self.pdf_page, self.path)

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
            "page_label": self.page_label,
            "pdf_page": self.pdf_page,
            "path": self.path,
            "citation": self.citation,
            "every_word": self.every_word,
            "mover": self.mover,
            "seconder": self.seconder,
            "outcome": self.outcome,
            "tally": self.tally,
            "searched": self.searched,
        }


@dataclass(slots=True)
class TimelineEntry:
    """One meeting that mentions the query: how many of its records match, and the best of them."""

    meeting_date: str
    body: str
    records: int
    hit: Hit

    def to_json(self) -> dict[str, Any]:
        return {"meeting_date": self.meeting_date, "body": self.body, "records": self.records,
                "hit": self.hit.to_json()}


@dataclass(slots=True)
class SearchResult:
    """Hits best first, plus counts over every matching record (not just the hits shown)."""

    query: str
    hits: list[Hit]
    total: int  # matching records, before grouping
    groups: int = 0  # matching items/pages, i.e. hits there would be with no limit
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # "body" | "year" | "kind" -> value -> records
    suggestion: str | None = None  # a corrected query: the one searched when the query as typed found nothing
    searched: str = ""  # the words actually searched: the query without question words, or its correction
    dropped: list[str] = field(default_factory=list)  # words of the query left out (question and stop words)
    words: int = 0  # the query's words and phrases (its OR-ed clauses)
    every_word: int = 0  # matching records that have every one of them
    corrected_from: str | None = None  # set when `searched` is a fuzzy correction of these words
    timeline: list[TimelineEntry] = field(default_factory=list)  # oldest first, when asked for
    common: list[str] = field(default_factory=list)  # words in most records, not required for "every word"
    dates: tuple[str, str] = ("", "")  # the meeting dates the question named and the search kept to
    dates_dropped: tuple[str, str] = ("", "")  # ... or that it named but no meeting of them matched

    @property
    def notice(self) -> str:
        """What kind of match the hits are, in a line: every word, some words, or a corrected query."""
        notes = []
        if any(self.dates):
            notes.append(f"meetings {_range_words(*self.dates)} only, as the question asks")
        if any(self.dates_dropped):
            notes.append(f"no meeting {_range_words(*self.dates_dropped)} matches; showing every date")
        if self.corrected_from is not None:
            notes.append(f"no results for {self.corrected_from!r}; showing results for {self.searched!r}")
        if self.words > 1 and self.total:
            if self.every_word == 0:
                notes.append(f"no record has every word of {self.searched!r}; showing records with any of them")
            elif self.every_word < self.total:
                rest = self.total - self.every_word
                notes.append(f"{self.every_word} record{'s' if self.every_word != 1 else ''} with every word first, "
                             f"then {rest} with some of them")
            else:
                notes.append("every record has every word")
            if self.common:
                words = ", ".join(repr(w) for w in self.common)
                notes.append(f"{words} {'is' if len(self.common) == 1 else 'are'} in most records, so not required")
        return "; ".join(notes)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "searched": self.searched,
            "dropped": self.dropped,
            "corrected_from": self.corrected_from,
            "dates": list(self.dates),
            "notice": self.notice,
            "total": self.total,
            "every_word": self.every_word,
            "common": self.common,
            "groups": self.groups,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "timeline": [t.to_json() for t in self.timeline],
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


_PARSERS = threading.local()  # the TUI searches in worker threads: one parser each


def _parser(schema: Schema) -> QueryParser:
    """`make_parser(schema)`, made once per schema object and thread (the index's schema is built once)."""
    made = getattr(_PARSERS, "made", None)
    if made is None or made[0] is not schema:
        made = _PARSERS.made = (schema, make_parser(schema))
    return made[1]


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
    from ._index import known_bodies

    known = known_bodies(searcher)
    return known if known is not None else [b.decode("utf-8") for b in searcher.reader().lexicon("body_name")]


def _meeting_id(searcher: Searcher, ref: str) -> str:
    """The meeting id `--meeting` names: the id itself or a unique prefix of it."""
    ids = [b.decode("utf-8") for b in searcher.reader().lexicon("meeting_id")]
    if ref in ids:
        return ref
    return one_meeting(ref, [i for i in ids if i.startswith(ref) or i.startswith("m" + ref)])


def one_meeting(ref: str, found: list[str]) -> str:
    """The one meeting id of those `ref` prefixes (either engine), else Ambiguous or NotFound."""
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(f"meeting {ref!r}", found[:10])
    raise NotFound(f"no meeting {ref!r}: give its id or a prefix from `minutebook search`, a date (2019-10-09), "
                   "or a body and date")


def split_meeting(meeting: str, body: str | None) -> tuple[str | None, str | None, str | None]:
    """`--meeting` as (date, id reference, body): "2019-10-09" or "Community Safety Partnership 2019-10-09" is that
    body's meetings of that day; anything else is an id or its prefix."""
    words = meeting.split()
    if words and re.fullmatch(r"\d{4}-\d{2}-\d{2}", words[-1]):
        return words[-1], None, (" ".join(words[:-1]) if not body and len(words) > 1 else body)
    return None, meeting, body


def checked_kinds(kinds: list[str] | None) -> list[str]:
    """The record kinds asked for, aliases expanded ("decision"), or a MinutebookError naming the unknown ones."""
    kinds = expand_kinds(kinds)
    bad = sorted(set(kinds or ()) - set(KINDS))
    if bad:
        raise MinutebookError(f"unknown kind {', '.join(bad)}: choose from decision, {', '.join(KINDS)}")
    return kinds or []


def matching_bodies(body: str, stored: list[str], analyzer: Any) -> list[str]:
    """The stored body names `body` names: the exact name, or words of it in order ("safety partnership"),
    case-insensitively; NotFound listing the stored bodies when none does."""
    want = [t.text for t in analyzer(body)]
    names = []
    for name in stored:
        words = [t.text for t in analyzer(name)]
        if name.casefold() == body.casefold() or want and any(
                words[i:i + len(want)] == want for i in range(len(words) - len(want) + 1)):
            names.append(name)
    if not names:
        known = "; ".join(stored) if stored else "none yet"
        raise NotFound(f"no stored body matches {body!r}; stored bodies: {known}")
    return names


def date_range(date_from: str | None, date_to: str | None) -> tuple[int, int]:
    """The days (yyyymmdd) from `date_from` to `date_to`, either open; a MinutebookError when it is empty."""
    lo = date_bound(date_from, end=False) if date_from else 1
    hi = date_bound(date_to, end=True) if date_to else 99991231
    if lo > hi:
        raise MinutebookError(f"date range is empty: {date_from} is after {date_to}")
    return lo, hi


def _plan(searcher: Searcher, kinds: list[str] | None, body: str | None, date_from: str | None,
          date_to: str | None, owner: str | None, meeting: str | None, include_exempt: bool) -> _Plan:
    from whoosh import query as Q

    plan = _Plan(include_exempt=include_exempt)
    kinds = checked_kinds(kinds)
    meeting_date = None
    if meeting:
        meeting_date, meeting, body = split_meeting(meeting, body)
        if meeting:
            meeting = _meeting_id(searcher, meeting)
    if kinds:
        plan.kind_codes = frozenset(KINDS.index(k) + 1 for k in kinds)
    if body:
        names = matching_bodies(body, _body_names(searcher), searcher.schema["body"].analyzer)
        plan.body_hashes = frozenset(short_hash(n, 4) for n in names)
    if date_from or date_to:
        plan.date_lo, plan.date_hi = date_range(date_from, date_to)
    rare: list[Query] = []
    if owner:
        name = " ".join(owner.lower().split())
        # Whole name, or part of one ("wileman"): the owners vocabulary is small enough to scan, once (Whoosh's
        # Wildcard("*name*") scans it twice, to estimate its size and to match).
        if "*" in name or "?" in name:
            rare.append(Q.Or([Q.Term("owners", name), Q.Wildcard("owners", f"*{name}*")]))
        else:
            part = name.encode("utf-8")
            names = [t.decode("utf-8") for t in searcher.reader().lexicon("owners") if part in t]
            rare.append(Q.Or([Q.Term("owners", n) for n in names]) if names else Q.NullQuery)
    if meeting:
        rare.append(Q.Term("meeting_id", meeting))
    if meeting_date:
        rare.append(Q.Term("meeting_date", meeting_date))
    if rare:
        plan.allow = set(searcher.docs_for_query(Q.And(rare).normalize()))
    return plan


# -- matching ----------------------------------------------------------------


MAX_QUERY = 1000  # characters: a query is a question or a few words, and parsing grows with its length
MAX_DEPTH = 20  # nested brackets


def check_query(query: str) -> None:
    """Refuse, in one line, a query no one types: thousands of characters, or brackets nested dozens deep."""
    if len(query) > MAX_QUERY:
        raise BadQuery(f"the query is {len(query):,} characters long; at most {MAX_QUERY:,} are read")
    depth = deepest = 0
    for ch in query:
        depth += (ch == "(") - (ch == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise BadQuery(f"the query nests brackets {deepest} deep; at most {MAX_DEPTH}")


def _parse(parser: QueryParser, query: str) -> Query:
    """Whoosh's parse of a query, with its failures ("NOT NOT x", "facet_key:x") as one clear error."""
    check_query(query)
    field = re.match(r"^\s*(\w+):", query)
    try:
        return parser.parse(query, normalize=False)
    except (IndexError, RecursionError, ValueError, AttributeError, TypeError) as exc:
        raise BadQuery(f"cannot read the query {query!r}: check its AND/OR/NOT and brackets") from exc
    except Exception as exc:  # Whoosh raises a bare Exception for a field that holds no text ("facet_key:x")
        what = f"the field {field.group(1)!r} cannot be searched" if field else "it cannot be read"
        raise BadQuery(f"cannot search {query!r}: {what}") from exc


def _clauses(parser: QueryParser, query: str) -> tuple[list[Query], list[Query]]:
    """Split the query into its top-level OR-ed clauses (one per word or phrase) and its NOT-ed parts.

    Clauses are kept apart so the match loop can tell how many of the user's
    words a document has (Whoosh's own coordination, `OrGroup.factory`,
    counts field-terms rather than words and scores a one-word query as 0).
    """
    from whoosh import query as Q

    if not query.strip():
        return [Q.Every()], []
    q = _parse(parser, query)
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


# One scored part of a clause: (field, words, boost, how). how is "term" (one word), "phrase" (the words
# next to each other) or "expand" (a fuzzy/prefix/wildcard word: any of the words, see `_postings_scores`).
_Part = tuple[str, tuple[bytes, ...], float, str]


def numpy_scorer() -> bool:
    """Whether plain clauses are scored with numpy (the default) or through Whoosh's own matchers.

    `MINUTEBOOK_SCORER=whoosh` switches to Whoosh's own path (matchers, and
    stored fields read by `Searcher.stored_fields`); both give the same
    results in the same order (tests/test_search_scorer_contract.py).
    """
    import os

    return os.environ.get("MINUTEBOOK_SCORER", "numpy").strip().lower() != "whoosh"


def _term_lists(searcher: Searcher, clauses: list[Query]) -> list[list[_Part]] | None:
    """Each clause as its list of `_Part`s, when every clause is made of those.

    A clause qualifies when it is a term, a plain phrase (slop 1), a fuzzy,
    prefix or wildcard word, or an OR of them. AND, NOT inside a clause,
    sloppy phrases and the like return None: those go through Whoosh's matchers.
    """
    from whoosh import query as Q

    reader = searcher.reader()
    out = []
    for clause in clauses:
        leaves = clause.subqueries if type(clause) is Q.Or and clause.boost == 1.0 else [clause]
        terms: list[_Part] = []
        for t in leaves:
            multi = isinstance(t, Q.MultiTerm)
            if not multi and type(t) is not Q.Term and not (type(t) is Q.Phrase and t.slop == 1 and t.words):
                return None
            field = searcher.schema[t.fieldname] if t.fieldname in searcher.schema else None
            if field is None:
                continue
            if not field.scorable:
                return None
            if multi:  # fuzzy, wildcard, prefix: the words they stand for
                words = tuple(sorted({w if isinstance(w, bytes) else field.to_bytes(w)
                                      for f, w in t.expanded_terms(reader) if f == t.fieldname}))
                if words:
                    terms.append((t.fieldname, words, t.boost, "expand"))
            elif type(t) is Q.Term:
                terms.append((t.fieldname, (field.to_bytes(t.text),), t.boost, "term"))
            elif not field.format.supports("positions"):
                return None  # Whoosh's matcher raises the proper error
            else:
                try:
                    words = tuple(field.to_bytes(w) for w in t.words)
                except ValueError:  # as Whoosh's phrase matcher: a word the field cannot hold matches nothing
                    continue
                terms.append((t.fieldname, words, t.boost, "phrase" if len(words) > 1 else "term"))
        out.append(terms)
    return out


def _np() -> Any:
    import numpy

    return numpy


def _bulk_postings(m: Any, with_values: bool = False) -> tuple[Any, Any, list]:
    """All (docnums, weights) of a leaf posting list as arrays, read block by block, and (if asked) the values.

    Deleted documents are left in (the segment mask drops them). Whoosh 2.7's
    on-disk matcher hands out whole decoded blocks; anything else is read
    posting by posting.
    """
    from whoosh.matching.wrappers import FilterMatcher

    np = _np()
    if isinstance(m, FilterMatcher):  # the deletion filter SegmentReader wraps round the postings
        m = m.child
    ids, weights, values = [], [], []
    if all(hasattr(m, a) for a in ("_read_data", "_next_block", "_data", "_byteids", "_blocklength")):
        while m.is_active():
            if m._data is None:
                m._read_data()
            # The block's (ids, weights, values) as Whoosh 2.7 pickles them: ids delta-encoded unless they
            # are term bytes, weights None (all 1), one float for all, or an array.
            block_ids, block_weights = m._data[0], m._data[1]
            block = np.asarray(block_ids, dtype=np.int64)
            if not m._byteids:
                block = np.cumsum(block)
            if block_weights is None:
                block_weights = np.ones(m._blocklength)
            elif isinstance(block_weights, float):
                block_weights = np.full(m._blocklength, block_weights)
            i = m._i
            ids.append(block[i:])
            weights.append(np.asarray(block_weights, dtype=np.float64)[i:])
            if with_values:
                if m._values is None:
                    m._read_values()
                values += m._values[i:]
            m._next_block()
    else:
        one_ids, one_weights = [], []
        while m.is_active():
            one_ids.append(m.id())
            one_weights.append(m.weight())
            if with_values:
                values.append(m.value())
            m.next()
        ids.append(np.asarray(one_ids, dtype=np.int64))
        weights.append(np.asarray(one_weights, dtype=np.float64))
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float64), values
    return np.concatenate(ids), np.concatenate(weights), values


def _phrase_matches(fmt: Any, words: list[tuple[Any, Any, list]]) -> tuple[Any, Any]:
    """Documents where the words stand next to each other in order, and their scores.

    `words` holds each word's (docnums, BM25F scores, encoded positions). The
    score is the sum of the words' scores, added up in the binary tree Whoosh's
    phrase matcher uses, so it is the same number.
    """
    from itertools import accumulate
    from pickle import loads

    from whoosh.formats import Positions

    np = _np()
    common = words[0][0]
    for ids, _, _ in words[1:]:
        common = np.intersect1d(common, ids, assume_unique=True)
    where = [np.searchsorted(ids, common) for ids, _, _ in words]
    decode = fmt.decode_positions
    if type(fmt) is Positions:  # its own decoder, without the per-call overhead (same result)
        def decode(value: bytes) -> Any:
            return accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b"."))
    spots = [w.tolist() for w in where]
    keep = np.zeros(len(common), dtype=bool)
    for j in range(len(common)):
        starts = set(decode(words[0][2][spots[0][j]]))
        for k in range(1, len(words)):
            starts &= {p - k for p in decode(words[k][2][spots[k][j]])}
            if not starts:
                break
        keep[j] = bool(starts)

    def tree(parts: list[Any]) -> Any:
        half = len(parts) // 2
        return parts[0] if len(parts) == 1 else tree(parts[:half]) + tree(parts[half:])

    return common[keep], tree([scores[w][keep] for (_, scores, _), w in zip(words, where)])


def _raw_column(reader: Any, fieldname: str, column: Any, width: int, doccount: int) -> Any:
    """A fixed-width column of one segment as a (doccount, width) uint8 array, or None without one."""
    np = _np()
    perdoc = reader._perdoc
    if not perdoc.has_column(fieldname):
        return None
    creader = perdoc.column_reader(fieldname, column or reader.schema[fieldname].column_type)
    count = min(creader._count, doccount)
    raw = np.frombuffer(creader._dbfile.get(creader._basepos, count * width), dtype=np.uint8).reshape(count, width)
    if count < doccount:  # Whoosh leaves the default value of trailing documents unwritten
        fill = np.frombuffer(creader._defaultbytes, dtype=np.uint8).reshape(1, width)
        raw = np.concatenate([raw, np.repeat(fill, doccount - count, axis=0)])
    return raw


class StoredFields:
    """The stored fields of a searcher's documents, read straight from each segment's `_stored` column.

    Whoosh's column reader, opened for the first hit, derives every
    document's offset in the column in a Python loop (for segments of up to
    32,768 documents, which store only lengths): at 1,000 meetings that loop
    was half the cost of a query with one hit. Here the lengths are read
    into numpy and summed once, and only the hits' values are decoded (zlib,
    then pickle, as `PickleColumn(CompressedBytesColumn())` writes them).
    With `MINUTEBOOK_SCORER=whoosh`, or a column of any other kind, it asks
    `Searcher.stored_fields` instead; the contract test checks both agree.
    """

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._leaves: list[tuple[int, int, Any]] | None = None  # (first docnum, doccount, leaf reader)
        self._columns: dict[int, tuple[Any, int, Any] | None] = {}
        self._own = not numpy_scorer() or not self._readable()

    @staticmethod
    def _readable() -> bool:
        from whoosh import columns
        from whoosh.codec.whoosh3 import STORED_COLUMN

        child = getattr(STORED_COLUMN, "_child", None)
        return (type(STORED_COLUMN) is columns.PickleColumn and type(child) is columns.CompressedBytesColumn
                and getattr(child, "_module", "") == "zlib")

    def _column(self, n: int, leaf: Any, doccount: int) -> tuple[Any, int, Any] | None:
        """(column file, start of the values, offsets) of leaf `n`, or None to ask Whoosh."""
        if n in self._columns:
            return self._columns[n]
        np = _np()
        found = None
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is not None and hasattr(perdoc, "_colfiles") and perdoc.has_column("_stored"):
            if "_stored" not in perdoc._colfiles:  # kept there, so the reader closes it
                perdoc._colfiles["_stored"] = perdoc._get_column_file("_stored")
            colfile, base, length = perdoc._colfiles["_stored"]
            last = base + length - 1
            code = chr(colfile.get_byte(last))
            if code == "X":  # offsets were written too: lengths code, offsets code, "X"
                code = chr(colfile.get_byte(last - 2))
                last -= 2 + doccount * np.dtype(chr(colfile.get_byte(last - 1))).itemsize
            dtype = np.dtype(code).newbyteorder(">")  # Whoosh writes arrays big-endian, native item sizes
            start = last - dtype.itemsize * doccount
            lengths = np.frombuffer(colfile.get(start, dtype.itemsize * doccount), dtype=dtype).astype(np.int64)
            offsets = np.zeros(doccount + 1, dtype=np.int64)
            np.cumsum(lengths, out=offsets[1:])
            found = (colfile, base, offsets)
        self._columns[n] = found
        return found

    def __call__(self, docnum: int) -> dict[str, Any]:
        if self._own:
            return self._searcher.stored_fields(docnum)
        from bisect import bisect_right
        from pickle import loads
        from zlib import decompress

        if self._leaves is None:
            leaves = self._searcher.reader().leaf_readers()
            self._leaves = [(offset, leaf.doc_count_all(), leaf) for leaf, offset in leaves]
        n = bisect_right([first for first, _, _ in self._leaves], docnum) - 1
        first, doccount, leaf = self._leaves[n]
        column = self._column(n, leaf, doccount)
        if column is None:
            return self._searcher.stored_fields(docnum)
        colfile, base, offsets = column
        local = docnum - first
        start, end = int(offsets[local]), int(offsets[local + 1])
        if end == start:
            return {}
        values = loads(decompress(colfile.get(base + start, end - start)))
        schema = self._searcher.schema
        return {k: v for k, v in values.items() if k in schema}


_LENGTHS: Any = None


def _length_table() -> Any:
    """Whoosh's field-length byte -> length decoding, as a lookup array."""
    global _LENGTHS
    if _LENGTHS is None:
        from whoosh.util.numeric import byte_to_length

        _LENGTHS = _np().asarray([byte_to_length(b) if b else 1 for b in range(256)], dtype="float64")
    return _LENGTHS


def _postings_scores(sub: Searcher, weighting: Any, term_lists: list[list[_Part]],
                     doccount: int) -> tuple[Any, Any] | None:
    """(score sum, clauses matched) of every document of one segment, as dense arrays.

    The same arithmetic as Whoosh's matchers, in the same order, over whole
    posting lists at once: `BM25FScorer` for words and phrases (a phrase's
    words summed in the tree Whoosh's phrase matcher uses). A fuzzy, prefix
    or wildcard word is expanded, as Whoosh's `MultiTerm.matcher` does, over
    this segment's own words: one word is scored as a plain word (without
    the query's boost); several are OR-ed, their scores summed and boosted.
    (Whoosh's `constantscore` asks its terms for no weighting, which
    `Searcher.postings` reads as "the searcher's own": BM25F all the same.)
    None when the weighting is not plain BM25F.
    """
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.scoring import BM25FScorer

    np = _np()
    reader = sub.reader()
    table = _length_table()
    lengths: dict[str, Any] = {}

    def bm25(fieldname: str, word: bytes, with_values: bool) -> tuple[Any, Any, list] | None:
        scorer = weighting.scorer(sub, fieldname, word)
        if type(scorer) is not BM25FScorer:
            return None
        if fieldname not in lengths:
            col = _raw_column(reader, _lenfield(fieldname), LENGTHS_COLUMN, 1, doccount)
            lengths[fieldname] = table[col[:, 0]] if col is not None else np.ones(doccount)
        ids, tf, values = _bulk_postings(reader.postings(fieldname, word), with_values=with_values)
        fl = lengths[fieldname][ids]
        idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        return ids, idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), values

    scores = np.zeros(doccount, dtype=np.float64)
    matched = np.zeros(doccount, dtype=np.int32)
    for terms in term_lists:
        hit = np.zeros(doccount, dtype=bool)
        for fieldname, words, boost, how in terms:
            if how == "expand":
                words = tuple(w for w in words if (fieldname, w) in reader)
                if not words:
                    continue
                if len(words) == 1:
                    how, boost = "term", 1.0
            elif any((fieldname, w) not in reader for w in words):
                continue
            scored = []
            for word in words:
                one = bm25(fieldname, word, with_values=how == "phrase")
                if one is None:
                    return None
                scored.append(one)
            if how == "phrase":
                ids, s = _phrase_matches(sub.schema[fieldname].format, scored)
            elif len(scored) == 1:
                ids, s, _ = scored[0]
            else:  # an expansion of several words: the sum of their scores
                add = np.zeros(doccount, dtype=np.float64)
                got = np.zeros(doccount, dtype=bool)
                for one_ids, one_scores, _ in scored:
                    add[one_ids] += one_scores
                    got[one_ids] = True
                ids = np.flatnonzero(got)
                s = add[ids]
            scores[ids] += s * boost
            hit[ids] = True
        matched += hit
    return scores, matched


def _scored_by_matchers(sub: Searcher, weighting: Any, clauses: list[Query], ok: Any) -> tuple[Any, Any, Any]:
    """(docnums, scores, clauses matched) of one segment's matching documents, through Whoosh's matchers.

    Documents `ok` rules out are stepped over without being scored.
    """
    from whoosh.searching import SearchContext

    np = _np()
    allowed = ok.tobytes()  # indexing bytes is cheaper than indexing a numpy array from Python
    docs, scores, counts = [], [], []
    matchers = []
    for clause in clauses:
        context = SearchContext(needs_current=True, weighting=weighting, top_query=clause)
        m = clause.matcher(sub, context)
        if m.is_active():
            matchers.append(m)
    while matchers:
        docnum = min(m.id() for m in matchers)
        keep = allowed[docnum]
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
            docs.append(docnum)
            scores.append(score)
            counts.append(matched)
    return np.asarray(docs, dtype=np.int64), np.asarray(scores, dtype=np.float64), np.asarray(counts, dtype=np.int32)


def _segment_mask(keys: Any, plan: _Plan, reader: Any, offset: int) -> Any:
    """Which documents of one segment the filters and deletions let through, from its packed keys."""
    np = _np()
    doccount = len(keys)
    ok = np.ones(doccount, dtype=bool) if plan.include_exempt else (keys[:, 9] & FLAG_EXEMPT) == 0
    if plan.kind_codes is not None:
        ok &= np.isin(keys[:, 8], np.fromiter(plan.kind_codes, dtype=np.uint8))
    if plan.body_hashes is not None:
        bodies = keys[:, 10:14].copy().view(">u4").ravel()
        wanted = np.asarray([int.from_bytes(h, "big") for h in plan.body_hashes], dtype=np.uint32)
        ok &= np.isin(bodies, wanted)
    if plan.date_hi:
        days = keys[:, 14:18].copy().view(">u4").ravel()
        ok &= (days >= plan.date_lo) & (days <= plan.date_hi)

    def local(docs: set[int]) -> Any:
        return np.asarray([d - offset for d in docs if offset <= d < offset + doccount], dtype=np.int64)

    if plan.allow is not None:
        allowed = np.zeros(doccount, dtype=bool)
        allowed[local(plan.allow)] = True
        ok &= allowed
    if plan.deny:
        ok[local(plan.deny)] = False
    if reader.has_deletions():
        ok[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
    return ok


@dataclass(slots=True)
class _Matches:
    """What `_collect` found: the best groups, and counts over every matching record."""

    top: list[tuple[int, float, int, bool]]  # (document number, score, further records of its group, every word)
    total: int = 0  # matching records
    every_word: int = 0  # matching records with every clause of the query
    groups: int = 0  # matching groups (items and pages)
    kinds: dict[int, int] = field(default_factory=dict)  # kind code -> records
    bodies: dict[bytes, int] = field(default_factory=dict)  # body hash -> records
    years: dict[int, int] = field(default_factory=dict)  # year -> records
    meetings: list[tuple[int, int]] = field(default_factory=list)  # (best document number, records), oldest first
    common: list[str] = field(default_factory=list)  # query words too common to be required for "every word"


def _common_clauses(searcher: Searcher, clauses: list[Query]) -> list[int]:
    """Indexes of the clauses whose words are in more than COMMON_SHARE of the records (never all of them)."""
    from whoosh import query as Q

    reader = searcher.reader()
    total = reader.doc_count_all()
    if len(clauses) < 2 or total < COMMON_MIN_DOCS:
        return []
    common = []
    for n, clause in enumerate(clauses):
        if any(isinstance(leaf, (Q.Phrase, Q.MultiTerm)) for leaf in [clause, *clause.leaves()]):
            continue  # a phrase or a fuzzy/prefix word is as specific as the user made it
        try:
            terms = [(f, t) for f, t in clause.iter_all_terms() if f in SEARCH_FIELDS]
        except Exception:  # an exotic clause that cannot list its terms: keep it required
            continue
        if terms and max(reader.doc_frequency(f, t) for f, t in terms) > COMMON_SHARE * total:
            common.append(n)
    return common if len(common) < len(clauses) else []


def _clause_word(clause: Query) -> str:
    try:
        return next((str(t) for f, t in clause.iter_all_terms() if f in SEARCH_FIELDS), "")
    except Exception:
        return ""


def _collect(searcher: Searcher, clauses: list[Query], plan: _Plan, limit: int | None, sort: str,
             group: bool, timeline: bool = False) -> _Matches:
    """Find every match, filter, score, group and count it, and keep the best `limit` groups.

    Records with every clause of the query come first (then those with some
    of them); within each tier by `sort`: score, newest or oldest meeting.
    With `timeline`, also the best record of every dated meeting (by body
    and date) that matches. Plain words (and the fuzzy/prefix words they expand to) are scored a
    whole posting list at a time with numpy; phrases, AND, NOT inside a
    clause and the like go through Whoosh's matchers. Either way the filters,
    grouping and facet counts work on arrays of the packed `facet_key`.
    """
    from whoosh import query as Q

    np = _np()
    nclauses = len(clauses)
    term_lists = _term_lists(searcher, clauses) if numpy_scorer() else None
    common = _common_clauses(searcher, clauses)
    required = None  # with common words: the records that have every other word
    if common:
        rare = [c for n, c in enumerate(clauses) if n not in common]
        required = np.fromiter(searcher.docs_for_query(Q.And(rare).normalize()), dtype=np.int64)
    weighting = searcher.weighting
    docs_all, scores_all, keys_all, tiers_all = [], [], [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        doccount = reader.doc_count_all()
        keys = _raw_column(reader, "facet_key", None, KEY_LEN, doccount) if doccount else None
        if keys is None:
            continue
        ok = _segment_mask(keys, plan, reader, offset)
        dense = _postings_scores(sub, weighting, term_lists, doccount) if term_lists is not None else None
        if dense is not None:
            scores, matched = dense
            docs = np.flatnonzero((matched > 0) & ok)
            scores, matched = scores[docs], matched[docs]
        else:
            docs, scores, matched = _scored_by_matchers(sub, weighting, clauses, ok)
        if nclauses > 1:
            scores = scores * ((1.0 - ALL_WORDS_BIAS) + ALL_WORDS_BIAS * matched / nclauses)
        tiers_all.append(matched >= nclauses if required is None else np.isin(docs + offset, required))
        docs_all.append(docs + offset)
        scores_all.append(scores)
        keys_all.append(keys[docs])
    if not docs_all or not sum(len(d) for d in docs_all):
        return _Matches([])
    gdocs = np.concatenate(docs_all)
    scores = np.concatenate(scores_all)
    keys = np.concatenate(keys_all)
    tiers = np.concatenate(tiers_all)
    gkeys = keys[:, :8].copy().view(">u8").ravel() if group else gdocs
    days = keys[:, 14:18].copy().view(">u4").ravel().astype(np.int64)
    # Best record of each group: every word first, then by meeting date (date sorts; undated last), then
    # highest score, then first in the index. np.lexsort sorts by its last key first.
    order = [gdocs, -scores]
    if sort == "newest":
        order.append(-days)
    elif sort == "oldest":
        order.append(np.where(days > 0, days, 99999999))
    elif not group:
        # Ungrouped by relevance: each item's best record first, then the rest, so the first hits of a full
        # list name as many items as the grouped list does.
        items = keys[:, :8].copy().view(">u8").ravel()
        by_item = np.lexsort([gdocs, -scores, ~tiers, items])
        heads = np.ones(len(by_item), dtype=bool)
        heads[1:] = (items[by_item][1:] != items[by_item][:-1]) | (tiers[by_item][1:] != tiers[by_item][:-1])
        later = np.ones(len(gdocs), dtype=bool)
        later[by_item[heads]] = False
        order.append(later)
    order.append(~tiers)
    ranked = np.lexsort([*order, gkeys])
    ranked_keys = gkeys[ranked]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked_keys[1:] != ranked_keys[:-1]
    starts = np.flatnonzero(first)
    sizes = np.diff(np.append(starts, len(ranked)))
    best = ranked[starts]
    pick = np.lexsort([o[best] for o in order])[:limit]
    top = [(int(gdocs[best[i]]), float(scores[best[i]]), int(sizes[i]) - 1, bool(tiers[best[i]])) for i in pick]
    meetings: list[tuple[int, int]] = []
    if timeline:
        # A meeting is its body and date: the agenda and the minutes of one meeting are one line.
        dated = np.flatnonzero(days > 0)
        mkeys = days[dated] * (1 << 32) + keys[dated, 10:14].copy().view(">u4").ravel().astype(np.int64)
        by_meeting = dated[np.lexsort([gdocs[dated], -scores[dated], ~tiers[dated], mkeys])]
        sorted_keys = days[by_meeting] * (1 << 32) + keys[by_meeting, 10:14].copy().view(">u4").ravel().astype(
            np.int64)
        if len(by_meeting):
            heads = np.flatnonzero(np.append(True, sorted_keys[1:] != sorted_keys[:-1]))
            counts = np.diff(np.append(heads, len(by_meeting)))
            meetings = [(int(gdocs[by_meeting[h]]), int(c)) for h, c in zip(heads, counts)]
    kind_counts = np.bincount(keys[:, 8], minlength=len(KINDS) + 1)
    body_values, body_counts = np.unique(keys[:, 10:14].copy().view(">u4").ravel(), return_counts=True)
    year_values, year_counts = np.unique(days[days > 0] // 10000, return_counts=True)
    return _Matches(
        top,
        total=len(gdocs),
        every_word=int(tiers.sum()),
        groups=len(starts),
        meetings=meetings,
        common=[_clause_word(clauses[n]) for n in common],
        kinds={code: int(n) for code, n in enumerate(kind_counts) if code and n},
        bodies={int(v).to_bytes(4, "big"): int(n) for v, n in zip(body_values, body_counts)},
        years={int(v): int(n) for v, n in zip(year_values, year_counts)},
    )


def _facets(searcher: Searcher, found: _Matches) -> dict[str, dict[str, int]]:
    """The body/year/kind facets from the counts `_collect` made."""
    names = {short_hash(n, 4): n for n in _body_names(searcher)} if found.bodies else {}
    bodies = {names[h]: n for h, n in found.bodies.items() if h in names}
    return {
        "body": dict(sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0]))),
        "year": {str(y): n for y, n in sorted(found.years.items(), reverse=True)},
        "kind": {KINDS[c - 1]: found.kinds[c] for c in range(1, len(KINDS) + 1) if found.kinds.get(c)},
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


_ANALYZED: list[tuple[Any, Any]] = []


def analyzed(analyzer: Any) -> Any:
    """A function giving (start, end, indexed word) of each word of a text, as `analyzer` analyzes it.

    Snippets run the text analyzer over every hit's whole text. For the
    schema's own chain (`StemmingAnalyzer`: regex tokenizer, lower case,
    stop words kept unstemmed, cached stemmer) the same steps are done in one
    loop instead of a generator per filter per word, about four times faster.
    Any other analyzer, or `MINUTEBOOK_SCORER=whoosh`, goes through Whoosh's
    own; the contract test checks both give the same words on the pack.
    """
    if not numpy_scorer():
        return _whoosh_words(analyzer)
    for known, fn in _ANALYZED:
        if known is analyzer:
            return fn
    fn = _fast_words(analyzer) or _whoosh_words(analyzer)
    _ANALYZED[:] = [(analyzer, fn)]
    return fn


def _whoosh_words(analyzer: Any) -> Any:
    def words(text: str) -> list[tuple[int, int, str]]:
        return [(t.startchar, t.endchar, t.text) for t in analyzer(text, chars=True, removestops=False)]

    return words


def _fast_words(analyzer: Any) -> Any:
    from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

    parts = getattr(analyzer, "items", None)
    if type(analyzer) is not CompositeAnalyzer or [type(p) for p in parts or ()] != [
            RegexTokenizer, LowercaseFilter, StopFilter, StemFilter] or parts[0].gaps:
        return None
    tokenizer, _, stop, stemmer = parts
    finditer, stops, shortest, longest = tokenizer.expression.finditer, stop.stops, stop.min, stop.max
    stem, ignore = stemmer._stem, stemmer.ignore

    def words(text: str) -> list[tuple[int, int, str]]:
        out = []
        for match in finditer(text):
            word = match.group(0).lower()
            size = len(word)
            if size >= shortest and (longest is None or size <= longest) and word not in stops \
                    and word not in ignore:
                word = stem(word)
            out.append((match.start(), match.end(), word))
        return out

    return words


def make_snippet(text: str, words: frozenset[str], analyzer: Any, width: int = SNIPPET_CHARS) -> tuple[
        str, list[tuple[int, int]]]:
    """Cut the window of `text` with the most distinct matched words; return it and the words' offsets in it."""
    snippet, spans, _ = cut_snippet(text, words, analyzer, width)
    return snippet, spans


def cut_snippet(text: str, words: frozenset[str], analyzer: Any, width: int = SNIPPET_CHARS) -> tuple[
        str, list[tuple[int, int]], int]:
    """As `make_snippet`, plus the offset into the collapsed `text` of the window's first matched word.

    That offset is where the snippet's page is read from the record's page map.
    """
    text = " ".join(text.split())
    if not text:
        return "", [], 0
    matches = [m for m in analyzed(analyzer)(text) if m[2] in words] if words else []
    if not matches:
        cut = text[:width]
        return (cut.rsplit(" ", 1)[0] + " …" if len(text) > width and " " in cut else cut), [], 0
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
    return prefix + text[start:end] + suffix, spans, first


# -- suggestion --------------------------------------------------------------


_DFAS: dict[tuple[str, int, int], Any] = {}
MAX_DFAS = 256


def _levenshtein_dfa(text: str, maxdist: int, prefix: int) -> Any:
    """Whoosh's Levenshtein automaton of `text`, built once per word (the build, in Python, is the cost)."""
    key = (text, maxdist, prefix)
    dfa = _DFAS.get(key)
    if dfa is None:
        from whoosh.codec.base import Automata

        if len(_DFAS) >= MAX_DFAS:
            _DFAS.clear()
        dfa = _DFAS[key] = Automata.levenshtein_dfa(text, maxdist, prefix)
    return dfa


def _leaf_terms_within(reader: Any, fieldname: str, text: str, maxdist: int, prefix: int) -> set[str]:
    """Words of `fieldname` within `maxdist` edits of `text`, via one automaton walked over each segment.

    Whoosh's multi-segment reader falls back to computing the edit distance
    to every word of the field in Python; an index that has had a few
    incremental updates has several segments, so go segment by segment
    (Whoosh's `terms_within` would build the automaton again for each).
    """
    from whoosh.codec.base import Automata
    from whoosh.reading import IndexReader

    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        try:
            auto = leaf._codec.automata(leaf._storage, leaf._segment)
            if type(auto) is Automata:
                words = Automata.find_matches(_levenshtein_dfa(text, maxdist, prefix), leaf.cursor(fieldname))
            else:
                words = auto.terms_within(leaf.cursor(fieldname), text, maxdist, prefix)
        except AttributeError:  # not a Whoosh 2.7 segment reader: the slow, generic scan
            words = IndexReader.terms_within(leaf, fieldname, text, maxdist, prefix=max(prefix, 1))
        found.update(w.decode("utf-8") if isinstance(w, bytes) else w for w in words)
    return found


_WORD_RE = re.compile(r"(?<![\w:])([^\W\d_]{3,})(?![\w:~*])")  # a bare word: not field:, not fuzzy/prefix


def _finds(searcher: Searcher, query: str, plan: _Plan) -> bool:
    """Whether `query`'s words (its NOT parts aside) find a record under `plan`."""
    clauses, _ = _clauses(_parser(searcher.schema), query)
    return bool(_collect(searcher, clauses, plan, 1, "relevance", group=False).total)


def _suggest(searcher: Searcher, query: str, plan: _Plan, check: bool = True) -> str | None:
    """A corrected query from the index's own words, if it would find something the user may see.

    Each bare word of the query whose stem the index lacks is replaced by the
    nearest unstemmed word of the `text` spelling list (sharing its first
    letter), the most frequent among equally near ones. Words are compared
    unstemmed: "sucide" -> "suicide", where the stems would make "such" as near.
    With `check=False` the caller checks that the correction finds something.
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
        ranked = []
        for cand in _leaf_terms_within(reader, spell_field, lower, 2, 1) - {lower}:
            croot = stem(cand)
            ranked.append((distance(lower, cand), -(reader.doc_frequency("text", croot) if croot else 0), cand))
        # the nearest word that a record this caller may see contains: the spelling list also holds the words
        # of exempt items, and a word offered from one would tell that it is there ("jayme" -> "jayne")
        best = next((cand for *_, cand in sorted(ranked) if visible(cand)), None)
        if best is None:
            return word
        changed = True
        return best

    def visible(word: str) -> bool:
        return _finds(searcher, word, plan)

    corrected = _WORD_RE.sub(correct, query)
    if not changed:
        return None
    # and the corrected query as a whole must find something under the same filters
    return corrected if not check or _finds(searcher, corrected, plan) else None


# -- the search --------------------------------------------------------------


def _title_prefix(flat: str, title: str) -> int:
    """Length of `title` (and the space after it) at the start of the collapsed text, else 0.

    Items and report sections are indexed with their title first, and a page's
    title is its first line: the snippet starts after it, since the title is shown anyway.
    """
    head = collapse(title)
    if not head or len(flat) <= len(head) + 1 or not flat[:len(head)].casefold() == head.casefold():
        return 0
    return len(head) + 1 if flat[len(head)] == " " else 0


def _hit(stored: StoredFields, docnum: int, score: float, others: int, every_word: bool, words: frozenset[str],
         analyzer: Any) -> Hit:
    f = stored(docnum)
    title = f.get("title") or f.get("context") or ""
    flat = collapse(f.get("text", ""))
    skip = _title_prefix(flat, title)
    snippet, spans, anchor = cut_snippet(flat[skip:], words, analyzer)
    owners = [o.strip() for o in (f.get("owners") or "").split(",") if o.strip()]
    page, label, pdf_page = f.get("page"), "", None
    located = page_at(f.get("page_map") or [], skip + anchor)
    if located is not None:
        pdf_page, label = located
        page = int(label) if label.isdigit() else pdf_page
    elif page:
        label = str(page)
    return Hit(
        doc_id=f.get("doc_id", ""), kind=f.get("kind", ""), meeting_id=f.get("meeting_id", ""),
        meeting_date=f.get("meeting_date", ""), body=f.get("body_name", ""),
        meeting_kind=f.get("meeting_kind", ""), item=f.get("item", ""), item_id=f.get("item_id", ""),
        page=page, title=title, snippet=snippet, snippet_spans=spans, score=float(score),
        document_id=f.get("document_id", ""), owners=owners, others=others, page_label=label, pdf_page=pdf_page,
        path=f.get("path", ""), every_word=every_word, mover=f.get("mover", ""), seconder=f.get("seconder", ""),
        outcome=f.get("outcome", ""), tally=f.get("tally", ""),
    )


def _match(searcher: Searcher, text: str, plan: _Plan, limit: int | None, sort: str, group: bool,
           timeline: bool) -> tuple[list[Query], _Matches]:
    """The prepared query `text` under `plan`: its clauses and what they match."""
    from dataclasses import replace

    from whoosh import query as Q

    clauses, negative = _clauses(_parser(searcher.schema), text)
    plan = replace(plan, deny=set(searcher.docs_for_query(Q.Or(negative).normalize())) if negative else set())
    # Exempt records are cut inside the match loop, before anything is counted, so they are
    # missing from hits, totals, facets and suggestions alike.
    return clauses, _collect(searcher, clauses, plan, limit, sort, group, timeline)


def _result(searcher: Searcher, text: str, clauses: list[Query], found: _Matches) -> SearchResult:
    """What `_match` found as a result (hits with snippets, facets), without the query-level fields."""
    from whoosh import query as Q

    shown = found.top + [(d, 0.0, 0, True) for d, _ in found.meetings]
    words = _highlight_words(searcher, Q.Or(clauses).normalize()) if shown else frozenset()
    analyzer = searcher.schema["text"].analyzer
    stored = StoredFields(searcher)
    hits = [_hit(stored, docnum, score, others, every, words, analyzer) for docnum, score, others, every in found.top]
    line = []
    for docnum, records in found.meetings:
        hit = _hit(stored, docnum, 0.0, 0, True, words, analyzer)
        line.append(TimelineEntry(hit.meeting_date, hit.body, records, hit))
    return SearchResult(query=text, hits=hits, total=found.total, groups=found.groups,
                        facets=_facets(searcher, found), searched=text,
                        words=len(clauses) if text.strip() else 0, every_word=found.every_word, timeline=line,
                        common=found.common)


def _run(searcher: Searcher, text: str, plan: _Plan, limit: int | None, sort: str, group: bool,
         timeline: bool) -> SearchResult:
    """One pass: the prepared query `text` under `plan`, to a result without the query-level fields."""
    return _result(searcher, text, *_match(searcher, text, plan, limit, sort, group, timeline))


def checked_options(sort: str, limit: int | None) -> str:
    """The sort's own name (either engine), or a MinutebookError for an unknown sort or a limit below 1."""
    sort = SORT_ALIASES.get(sort, sort)
    if sort not in SORTS:
        raise MinutebookError(f"unknown sort {sort!r}: choose from {', '.join(SORTS)}")
    if limit is not None and limit < 1:
        raise MinutebookError("limit must be at least 1")
    return sort


def run_search(searcher: Searcher, query: str, *, kinds: list[str] | None = None, body: str | None = None,
               date_from: str | None = None, date_to: str | None = None, owner: str | None = None,
               meeting: str | None = None, limit: int | None = 10, sort: str = "relevance",
               include_exempt: bool = False, group: bool = True, timeline: bool = False) -> SearchResult:
    """Search an open searcher; see `minutebook.search.search` for the arguments."""
    sort = checked_options(sort, limit)
    prepared = prepare_query(query)
    # "what did we decide in October 2019 about CCTV?": the question's dates filter meetings, unless given.
    asked = (prepared.date_from, prepared.date_to) if not (date_from or date_to) else ("", "")
    plan = _plan(searcher, kinds, body, date_from or asked[0] or None, date_to or asked[1] or None, owner, meeting,
                 include_exempt)
    result = _run(searcher, prepared.text, plan, limit, sort, group, timeline)
    if any(asked):
        if result.total:
            result.dates = asked
        else:  # no meeting of those dates mentions it: every date, and say so
            plan = _plan(searcher, kinds, body, None, None, owner, meeting, include_exempt)
            result = _run(searcher, prepared.text, plan, limit, sort, group, timeline)
            result.dates_dropped = asked
    # Nothing found (or, for several words, no record with all of them): try the words the index has.
    if prepared.text.strip() and (result.total == 0 or result.words > 1 and result.every_word == 0):
        # Checked here rather than in _suggest: the retry's own count says whether the correction finds
        # something (its NOT parts aside: only when the retry finds nothing is that asked on its own).
        # Hits and snippets are made only for a retry that is shown.
        corrected = _suggest(searcher, prepared.text, plan, check=False)
        if corrected:
            clauses, retry = _match(searcher, corrected, plan, limit, sort, group, timeline)
            if retry.total and (result.total == 0 or retry.every_word):
                result = _result(searcher, corrected, clauses, retry)
                result.corrected_from = prepared.text
            elif not retry.total and not _finds(searcher, corrected, plan):
                corrected = None
        result.suggestion = corrected
    from whoosh.analysis import STOP_WORDS as ANALYZER_STOP_WORDS

    result.query = query
    for hit in [*result.hits, *(t.hit for t in result.timeline)]:
        hit.searched = result.searched
    # Only worth saying when words the analyzer would have kept were left out.
    result.dropped = prepared.dropped if any(w.lower() not in ANALYZER_STOP_WORDS for w in prepared.dropped) else []
    return result
