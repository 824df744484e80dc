"""Carry-forward: later minutes of the same body that report an earlier action done close it.

Run after every ingest (`minutebook.app`), over the bodies the new document touched. A *statement* is
one sentence of a later set of minutes (item text, lettered points, post-meeting notes) that reports
work in the past, perfect or passive, not under a modal or a negation ("would be circulated", "had not
yet been sent"): either a completion verb ("had been circulated", "was provided", "sent") or any past
verb, which counts only for an action with that verb ("had met" for "Meet the Youth Offending Team",
"were installed" for "Install CCTV cameras"). A row of an action-log table or a matters-arising list
whose status column names a status ("Minute 29 – Share the figures – Complete"; Done, Ongoing, c/f)
is a statement of that status. Each is compared with the open actions of the body's six previous sets
of minutes by content words (stop words, words common to all minutes, the body's own name and people's
names left out; crude suffix stemming, irregular past forms by table):

* **clear** (sets the status with a "status" event): no hedge in the sentence that the action does not
  name itself ("early results", "a fuller report was expected"; but "presented the draft PSPO" for
  "Present the draft PSPO"), the sentence fits one action only, and enough of the action's words: 3+
  shared words covering 60% of the action's words, or 2+ shared words that are 75% of the sentence's
  and half of the action's; with the action's own verb, 2+ covering half; a status row, 2+ covering
  60% (40% when they are 75% of the row's);
* **uncertain** (a suggestion for `minutebook actions review`): 2+ shared words covering 40% of either
  side, or a clear match that is hedged or fits several actions.

So "19% of repairs were completed at the first visit" closes nothing: one shared word is not evidence
about an action. Only pairs involving the new meetings are compared, and the meetings, actions and
people are selected in SQL, so a file costs the same however large the archive
(`benchmarks/bench_carry.py`).

Both record their evidence (meeting, date, item, page, the sentence, the shared words) as JSON in the
event and the sentence's key in the event's `key` column, and nothing is decided twice: a pair (action,
sentence) that already has a closure, suggestion or rejection is skipped when the same or a newer PDF is
ingested again, so a reopened or rejected action stays as the secretariat left it.

A closure is a "status" event (value "done", by "carry-forward", dated the day of the minutes that
reported the work); a suggestion a "suggest" event. Accepting one adds a "status" event "done",
rejecting one a "suggest" event with value "rejected", both with the suggestion's key and id. A
suggestion's id is its event id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from minutebook.errors import MinutebookError, NotFound
from minutebook.ingest.grammar import ACTION_TASK_HEADS, table_heading
from minutebook.models import Item, Meeting, Page
from minutebook.store import CARRY_FORWARD, OUTSTANDING, Store, normalise

__all__ = [
    "CarryResult",
    "Match",
    "Statement",
    "Suggestion",
    "accept",
    "after_ingest",
    "carry_forward",
    "completion_statements",
    "completion_verb",
    "content_words",
    "pending_suggestions",
    "reject",
]

logger = logging.getLogger(__name__)

# How far apart an action and the minutes reporting it may be: the body's next six sets of minutes, within
# two years. Minutes report work under "matters arising" of the next meeting or two; an action carried
# for longer is still closed by hand or by a suggestion accepted in `actions review`.
WINDOW_DAYS = 730
LOOKBACK_MEETINGS = 6

REJECTED = "rejected"

# Past participles that report a task finished. "received", "resolved", "reported" and "noted" are left
# out: every item "received a report" and was "noted".
COMPLETION = {
    "circulated", "sent", "completed", "complete", "done", "closed", "actioned", "provided", "shared", "distributed",
    "emailed", "e-mailed", "forwarded", "published", "submitted", "presented", "delivered", "added", "included",
    "issued", "uploaded", "produced", "prepared", "drafted", "organised", "organized", "scheduled", "held", "booked",
    "implemented", "launched", "given", "put", "placed", "fed", "followed", "looked", "researched", "investigated",
    "explored", "contacted", "written", "made", "brought", "tabled", "answered", "responded", "signposted", "updated",
    "amended", "revised", "established", "appointed", "recruited", "set", "sourced", "finalised", "finalized",
    "agreed", "confirmed", "arranged", "approved",
}
# These also mean "decided" or "asked for"; they report completion only in the perfect passive ("had been agreed").
WEAK = {"agreed", "confirmed", "arranged", "approved", "set", "put", "made", "held"}
# Before the verb (within three words) these make it future, wished-for or denied.
BLOCKERS = {"would", "will", "shall", "should", "could", "may", "might", "must", "can", "to", "be", "being", "not",
            "never", "yet", "no", "cannot", "cant", "wont", "going", "if", "once", "when", "until", "unless"}
# Anywhere in the sentence these make the report partial or provisional: a suggestion at most.
HEDGES = {"early", "initial", "partial", "partially", "some", "draft", "interim", "fuller", "expected", "awaited",
          "awaiting", "pending", "ongoing", "underway", "progress", "progressing", "still", "yet", "not", "planned",
          "preliminary", "provisional", "outstanding", "delayed"}
STOP = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "back", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "more", "most",
    "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over",
    "own", "same", "she", "should", "so", "some", "soon", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your", "within", "without", "via", "per", "whether", "themselves", "itself", "afterwards", "already",
    "since", "ago", "following", "previous", "next", "last", "first", "second", "new", "way", "ways",
    # words every set of minutes uses, which tell no action from another
    "meeting", "meetings", "item", "items", "agenda", "minutes", "report", "reports", "update", "updates",
    "action", "actions", "member", "members", "officer", "officers", "partnership", "partner", "partners", "board",
    "committee", "council", "group", "panel", "team", "teams", "chair", "noted", "note", "agreed", "regard",
    "regards", "relation", "response", "question", "request", "discussion", "verbal", "information", "issue",
    "issues", "matter", "matters", "work", "mentioned", "informed", "advised", "asked", "said", "stated",
    "explained", "suggested", "post", "date", "time", "week", "weeks", "month", "months",
}
_IRREGULAR = {"sent": "send", "fed": "feed", "given": "give", "made": "make", "held": "hold", "written": "write",
              "brought": "bring", "done": "do", "put": "put", "set": "set", "led": "lead", "met": "meet"}
# Past forms whose lemma a suffix rule cannot find.
_IRREGULAR_PAST = {
    "met": "meet", "sent": "send", "written": "write", "wrote": "write", "given": "give", "gave": "give",
    "made": "make", "held": "hold", "brought": "bring", "done": "do", "did": "do", "led": "lead", "found": "find",
    "taken": "take", "took": "take", "spoken": "speak", "spoke": "speak", "told": "tell", "bought": "buy",
    "built": "build", "drawn": "draw", "drew": "draw", "fed": "feed", "ran": "run", "got": "get", "put": "put",
    "set": "set", "sought": "seek", "taught": "teach", "chosen": "choose", "shown": "show", "paid": "pay",
    "laid": "lay", "kept": "keep", "sold": "sell", "read": "read", "began": "begin", "begun": "begin",
}
# "Minute 29 – Share the figures – Complete", an "Action log" row: the status a list or table names.
STATUS_WORDS = {"complete": "done", "completed": "done", "done": "done", "closed": "done", "actioned": "done",
                "achieved": "done", "ongoing": "in progress", "in progress": "in progress", "underway": "in progress",
                "under way": "in progress", "deferred": "deferred", "c/f": "open", "carried forward": "open"}
_STATUS_ALT = "|".join(re.escape(w) for w in sorted(STATUS_WORDS, key=len, reverse=True))
_STATUS_TAIL = re.compile(r"^(?P<text>.+?)\s*[-–—:(]\s*(?P<status>" +
                          _STATUS_ALT +
                          r")\s*\)?\s*\.?$", re.I)
# Column headings of an action log's status column ("Action | Lead | Status", "Action | By whom | Progress").
STATUS_HEADS = frozenset({"status", "progress", "rag", "rag status", "current status", "status update", "update",
                          "progress update", "position", "complete", "completed", "done"})
_STATUS_START = re.compile(r"^\s*(?P<status>" + _STATUS_ALT
                           + r")\b", re.I)
# An unruled action-log table reaches the text as one line per row: "<action>  <lead>  Ongoing".
_STATUS_COLUMN = re.compile(r"^(?P<text>.+?)\s+(?P<status>" +
                            _STATUS_ALT +
                            r")\s*\.?$", re.I)
_LOG_TITLE = re.compile(r"action (?:log|list|tracker|sheet|schedule)|matters arising|outstanding actions|"
                        r"actions? (?:from|arising)|progress on actions|review of actions", re.I)
# Words that make "... would be completed" or "... had been completed" a sentence, not a row of a table.
_NOT_A_ROW = {"would", "will", "shall", "should", "could", "may", "might", "must", "can", "had", "has", "have", "was",
             "were", "been", "be", "being", "is", "are", "not"}
# A heading row run into the text: a few heading words, the last a status heading ("Action Lead Status").
_LOG_HEADER = re.compile(r"^(?:(?:ref|item|no\.?|#|minute)\s+)?actions?\b(?:\s+[\w/()]+){0,4}?\s+"
                         r"(?:status|progress|rag(?: status)?|update)\b\s*", re.I)
_LOG_ROW = re.compile(r"(?P<text>.+?)\s+(?P<status>" + _STATUS_ALT + r")(?=\s|$)", re.I)
_MINUTE_REF = re.compile(r"^(?:minute|min|item|action)?\s*\d+[a-z]?(?:\.\d+)?\s*[-–—:.)]\s*", re.I)
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'‘“0-9])")


def _stem(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


# The action's own verb ("circulate", "provide") says what kind of task it is, not what it is about.
_VERB_STEMS = {_stem(w) for w in COMPLETION}


def content_words(text: str, ignore: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Stem -> first word as written, for the words that say what an action or statement is about."""
    out: dict[str, str] = {}
    for w in _tokens(text):
        w = w.strip("'-")
        if len(w) < 3 or w.isdigit() or w in STOP or w in COMPLETION or w in HEDGES or w in ignore:
            continue
        stem = _stem(w)
        if stem not in _VERB_STEMS:
            out.setdefault(stem, w)
    return out


def verb_lemmas(word: str) -> set[str]:
    """The lemmas a past form may have ("installed" -> install, "hired" -> hire, "met" -> meet)."""
    if word in _IRREGULAR_PAST:
        return {_IRREGULAR_PAST[word]}
    if len(word) < 5 or not word.endswith("ed"):
        return set()
    stem = word[:-2]
    out = {stem, word[:-1]}
    if word.endswith("ied"):
        out.add(word[:-3] + "y")
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.add(stem[:-1])  # "planned" -> plan
    return out


def past_verbs(text: str) -> frozenset[str]:
    """Lemmas of the past, perfect and passive verbs of a sentence that no modal, 'to be' or negation governs."""
    toks = _tokens(text)
    out: set[str] = set()
    for i, t in enumerate(toks):
        lemmas = verb_lemmas(t)
        if lemmas and not BLOCKERS & set(toks[max(0, i - 3): i]):
            out |= lemmas
    return frozenset(out)


def action_verbs(text: str) -> frozenset[str]:
    """What the action asks to be done: its first word (an imperative) or the verb after a modal or "to"."""
    toks = _tokens(text)
    out = {toks[0]} if toks and toks[0] not in STOP else set()
    out |= {toks[i + 1] for i, t in enumerate(toks[:-1]) if t in ("would", "will", "to", "shall", "should")
            and toks[i + 1] not in STOP}
    return frozenset(out)


def completion_verb(text: str) -> str | None:
    """The first past completion verb not under a modal, 'to be' or a negation, if any."""
    toks = _tokens(text)
    for i, t in enumerate(toks):
        if t not in COMPLETION:
            continue
        before = toks[max(0, i - 3): i]
        if BLOCKERS & set(before):
            continue
        if t in WEAK and "been" not in before:
            continue
        if t == "followed" and i + 1 < len(toks) and toks[i + 1] != "up":
            continue  # "followed by" reports nothing
        if t == "looked" and i + 1 < len(toks) and toks[i + 1] != "into":
            continue
        return t
    return None


# -- value objects -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Statement:
    """One sentence of later minutes that reports something finished, with where it was printed."""

    meeting_id: str
    date: str
    body: str
    item: str
    item_title: str
    item_id: str
    page: int
    text: str
    verb: str  # a completion verb ("circulated"), or "" when only the action's own verb can say it is done
    hedges: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()  # lemmas of its past verbs
    status: str = "done"  # what it reports: a status column may say "in progress" or "deferred"

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    @property
    def key(self) -> str:
        """Stable across re-ingest of the same or a newer PDF: meeting, item and the sentence's words."""
        return f"{self.meeting_id}/{self.item}/{hashlib.sha1(normalise(self.text).encode()).hexdigest()[:10]}"

    def evidence(self, shared: list[str], score: float) -> dict[str, Any]:
        return {"source": "carry-forward", "key": self.key, "meeting_id": self.meeting_id, "date": self.date,
                "body": self.body, "item": self.item, "item_title": self.item_title, "item_id": self.item_id,
                "page": self.page, "text": self.text, "matched": shared, "score": round(score, 2)}

    def cite(self) -> str:
        return f"minutes of {self.date}, item {self.item}, p{self.page}"


@dataclass(slots=True)
class Match:
    """A statement set against one earlier open action."""

    action_id: str
    statement: Statement
    shared: list[str]
    cover_action: float
    cover_statement: float
    clear: bool
    reason: str = ""
    topic: frozenset[str] = frozenset()  # the action's content words


    @property
    def score(self) -> float:
        return self.cover_action + self.cover_statement


@dataclass(slots=True)
class CarryResult:
    """What one carry-forward run did."""

    closed: list[Match] = field(default_factory=list)
    suggested: list[Match] = field(default_factory=list)

    def messages(self) -> list[str]:
        out = [f"carried forward: action {m.action_id} {m.statement.status}, per {m.statement.cite()}"
               for m in self.closed]
        if self.suggested:
            out.append(f"carry-forward: {len(self.suggested)} uncertain match(es) to review "
                       "(`minutebook actions review`)")
        return out


@dataclass(slots=True)
class Suggestion:
    """A pending (or decided) carry-forward suggestion, as `actions review` lists it."""

    id: int
    action_id: str
    at: str
    action_text: str
    action_date: str
    body: str
    owners: list[str]
    status: str  # the action's current status
    evidence: dict[str, Any]
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


# -- finding statements and matches --------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE.split(flat) if len(s.strip()) > 12]


def _page_of(sentence: str, pages: list[Page], first: int, last: int) -> int:
    """The cited page the sentence starts on, searched within the item's pages (else the item's first page)."""
    probe = " ".join(normalise(sentence).split()[:7])
    if probe:
        for p in pages:
            if first <= p.cite <= max(first, last) and probe in normalise(p.text):
                return p.cite
        for p in pages:  # a label scheme the item numbers do not follow
            if probe in normalise(p.text):
                return p.cite
    return first


def _status_line(text: str, table: bool = False) -> tuple[str, str] | None:
    """("Share the hate crime figures", "done") for "Minute 29 – Share the hate crime figures – Complete";
    with `table` (a line of an action-log item) also for "Share the hate crime figures   TH   Complete"."""
    flat = " ".join(text.split())
    m = _STATUS_TAIL.match(flat)
    if not m and table:
        m = _STATUS_COLUMN.match(flat)
        if m and _NOT_A_ROW & set(_tokens(m.group("text"))):
            m = None
    if not m:
        return None
    return _MINUTE_REF.sub("", m.group("text")).strip(" -–—:"), STATUS_WORDS[m.group("status").lower()]


def _table_rows(tables: list[tuple[int, list[list[str | None]]]]) -> list[tuple[int, str, str]]:
    """(page, action, status) for each row of a printed table with an action and a status column whose status
    cell starts with a status word ("Complete", "Complete – sent 3 May", "Ongoing", "c/f")."""
    out: list[tuple[int, str, str]] = []
    for page, rows in tables:
        if len(rows) < 2:
            continue
        heads = [table_heading(c) for c in rows[0]]
        task = next((i for i, h in enumerate(heads) if h in ACTION_TASK_HEADS), None)
        status = next((i for i, h in enumerate(heads) if h in STATUS_HEADS), None)
        if task is None or status is None or task == status:
            continue
        for row in rows[1:]:
            text = " ".join(str(row[task] or "").split()) if task < len(row) else ""
            m = _STATUS_START.match(str(row[status] or "")) if status < len(row) else None
            if text and m:
                out.append((page, text, STATUS_WORDS[" ".join(m.group("status").lower().split())]))
    return out


def _log_rows(text: str) -> list[tuple[str, str]]:
    """The rows of an unruled action-log table in an item's text: one per line, or, when the text reads as the
    table run together ("Action Lead Status Update the protocol DK Ongoing Circulate the dates GO c/f"), one
    per status word after the heading row."""
    rows: list[tuple[str, str]] = []
    flat = " ".join(text.split())
    head = _LOG_HEADER.match(flat)
    if head is None or len(text.strip().splitlines()) > 1:
        for line in text.splitlines():
            row = _status_line(line, table=True)
            if row and not _STATUS_TAIL.match(" ".join(line.split())):
                rows.append(row)
        return rows
    for m in _LOG_ROW.finditer(flat[head.end():]):
        cells = m.group("text").strip(" -–—:;,.")
        if cells and not _NOT_A_ROW & set(_tokens(cells)):
            rows.append((_MINUTE_REF.sub("", cells), STATUS_WORDS[" ".join(m.group("status").lower().split())]))
    return rows


def completion_statements(meeting: Meeting, pages: list[Page],
                          tables: list[tuple[int, list[list[str | None]]]] | None = None) -> list[Statement]:
    """Sentences of a set of minutes (public items only) that report something finished, and the rows of
    its action logs (printed `tables`, unruled tables in the text) and matters-arising lists that name a
    status."""
    out: list[Statement] = []
    public = [i for i in meeting.items if not i.exempt]
    for page, text, status in _table_rows(tables or []) if public else []:
        if status == "open":
            continue  # "c/f": carried forward, still open
        # the action-log item printed on the table's page, else the first item on that page
        on_page = [i for i in public if i.page <= page <= max(i.page, i.page_end)] or public
        item = next((i for i in on_page if _LOG_TITLE.search(i.title)), on_page[0])
        out.append(Statement(meeting_id=meeting.id, date=meeting.date, body=meeting.body, item=item.number,
                             item_title=item.title, item_id=item.id, page=page, text=text, verb="status column",
                             status=status))
    for item in meeting.items:
        if item.exempt:
            continue  # never quote an exempt item as evidence

        def add(text: str, verb: str, it: Item = item, **kw: Any) -> None:
            out.append(Statement(meeting_id=meeting.id, date=meeting.date, body=meeting.body, item=it.number,
                                 item_title=it.title, item_id=it.id,
                                 page=kw.pop("page", 0) or _page_of(text, pages, it.page, it.page_end), text=text,
                                 verb=verb, **kw))

        for row in item.plan_actions:
            cells = [row.rag, row.comments, *row.extra.values()]
            named = next((STATUS_WORDS[c.strip().lower()] for c in cells if c.strip().lower() in STATUS_WORDS), None)
            if named and row.action.strip() and named != "open":
                add(row.action.strip(), "status column", status=named, page=row.page)
        parts = [item.text, *[p for p in item.points if p[:60] not in item.text], *item.notes]
        if _LOG_TITLE.search(item.title):
            for row_text, named in _log_rows(item.text):
                if named != "open":
                    add(row_text, "status column", status=named)
        seen: set[str] = set()
        for part in parts:
            for s in _sentences(part) or ([part] if _status_line(part) else []):
                low = s.lower()
                if "action:" in low or normalise(s) in seen:
                    continue  # a new action of this meeting, or a sentence seen twice
                seen.add(normalise(s))
                listed = _status_line(s)
                if listed:
                    if listed[1] != "open":
                        add(listed[0], "status list", status=listed[1])
                    continue
                verb = completion_verb(s) or ""
                verbs = past_verbs(s)
                if not verb and not verbs:
                    continue
                add(s, verb, hedges=frozenset(HEDGES & set(_tokens(s))), verbs=verbs)
    return out


def _judge(action_words: dict[str, str], stmt_words: dict[str, str], statement: Statement,
           action_id: str, owner_named: bool, verbs: frozenset[str] = frozenset(),
           action_tokens: frozenset[str] = frozenset()) -> Match | None:
    """A statement against one action: clear, uncertain (a suggestion) or no match.

    A generic completion verb needs the action's words; the action's own verb in the past ("had met",
    "were installed") needs fewer, as does a status list or table row, which restates the action.
    """
    shared = [action_words[k] for k in action_words if k in stmt_words]
    n = len(shared) + (1 if owner_named else 0)
    if not shared or not action_words:
        return None
    cov_a = len(shared) / len(action_words)
    cov_s = len(shared) / max(1, len(stmt_words))
    own_verb = bool(verbs & statement.verbs)
    if not statement.verb and not own_verb:
        return None  # a past verb, but not this action's
    # "draft" in "presented the draft PSPO" is what the action named, not a hedge
    hedged = bool(statement.hedges - action_tokens)
    if statement.verb.startswith("status"):
        # a row restates its action, often shortened ("Circulate printed flyer to partners")
        strong = (len(shared) >= 2 and (cov_a >= 0.6 or (cov_s >= 0.75 and cov_a >= 0.4))) or \
            (len(shared) >= 1 and cov_a >= 0.8 and cov_s >= 0.8)
    elif own_verb:
        strong = len(shared) >= 2 and cov_a >= 0.5
    else:
        strong = (n >= 3 and cov_a >= 0.6) or (n >= 2 and cov_s >= 0.75 and cov_a >= 0.5)
    if strong and not hedged:
        return Match(action_id, statement, shared, cov_a, cov_s, clear=True, reason="clear",
                     topic=frozenset(action_words))
    if strong or (n >= 2 and max(cov_a, cov_s) >= 0.4):
        reason = "hedged" if strong else "partial overlap"
        return Match(action_id, statement, shared, cov_a, cov_s, clear=False, reason=reason,
                     topic=frozenset(action_words))
    return None


def _decided_keys(store: Store, action_ids: list[str]) -> set[tuple[str, str]]:
    """(action id, statement key) pairs of these actions that already have a closure, suggestion or decision."""
    return store.event_keys(action_ids)


def _people_words(store: Store, meeting_ids: list[str]) -> set[str]:
    return {w for n in store.people_names(meeting_ids) for w in _tokens(n)}


def _shift(iso: str, days: int) -> str:
    try:
        return date.fromordinal(date.fromisoformat(iso).toordinal() + days).isoformat()
    except ValueError:
        return iso


def find_matches(store: Store, body_key: str, new_ids: set[str] | None = None) -> list[Match]:
    """Clear or uncertain matches between the body's open actions and its later minutes' statements.

    With `new_ids` (the meetings just stored) only the pairs they take part in are looked at: statements
    of those meetings against earlier actions, and their actions against statements of later meetings,
    each within `WINDOW_DAYS` (minutes report work at the next few meetings, not years later). The
    meetings, actions and people are selected in SQL by body and date, so the cost of one file stays the
    same however long the body's history (see benchmarks/bench_carry.py).
    """
    spellings = [b for b in store.bodies() if normalise(b) == body_key]
    if not spellings:
        return []
    lo = hi = None
    if new_ids is not None:
        new_dates = [r["date"] for r in store.meeting_heads(sorted(new_ids)) if r["kind"] == "minutes" and r["date"]]
        if not new_dates:
            return []
        lo, hi = _shift(min(new_dates), -WINDOW_DAYS), _shift(max(new_dates), WINDOW_DAYS)
    rows = store.minutes_meetings(spellings, since=lo, until=hi)
    if len(rows) < 2:
        return []
    position = {r["id"]: n for n, r in enumerate(rows)}
    new_pos = [n for n, r in enumerate(rows) if new_ids is None or r["id"] in new_ids]
    if new_ids is None:
        sources, action_meetings = rows[1:], [r["id"] for r in rows[:-1]]
    else:
        # statements of a new meeting against the actions of the six minutes before it; the actions of a
        # new meeting against the statements of the six minutes after it (a backfill)
        before = {k for n in new_pos for k in range(max(0, n - LOOKBACK_MEETINGS), n)}
        after = {k for n in new_pos for k in range(n + 1, min(len(rows), n + LOOKBACK_MEETINGS + 1))}
        sources = [rows[k] for k in sorted(set(new_pos) | after) if k > 0]
        action_meetings = [rows[k]["id"] for k in sorted(before | set(new_pos))]
    open_rows = sorted(store.action_rows(status="open", meetings=action_meetings), key=lambda r: (r.date, r.meeting_id))
    if not open_rows or not sources:
        return []
    ignore = set(body_key.split()) | _people_words(store, sorted({r["id"] for r in sources} | set(action_meetings)))
    action_words = {r.action.id: content_words(r.action.text, ignore) for r in open_rows}
    verbs_of = {r.action.id: action_verbs(r.action.text) for r in open_rows}
    tokens_of = {r.action.id: frozenset(_tokens(r.action.text)) for r in open_rows}
    matches: list[Match] = []
    # A pack holds many meetings' minutes; read each document's pages once, not once per meeting.
    pages_of: dict[str, list[Page]] = {}
    for later in store.meetings([r["id"] for r in sources if r["date"] > open_rows[0].date]):
        pages = pages_of.get(later.document_id)
        if pages is None:
            pages = pages_of[later.document_id] = [p for _, p in store.pages(later.document_id)]
        later_is_new = new_ids is None or later.id in new_ids
        earliest = _shift(later.date, -WINDOW_DAYS)
        candidates = [r for r in open_rows if earliest <= r.date < later.date
                      and 0 < position[later.id] - position[r.meeting_id] <= LOOKBACK_MEETINGS
                      and (later_is_new or r.meeting_id in (new_ids or ()))]
        if not candidates:
            continue
        for st in completion_statements(later, pages, store.meeting_tables(later.id)):
            stmt_words = content_words(st.text, ignore)
            low = st.text.lower()
            for r in candidates:
                a = r.action
                owner_named = any(o.lower() in low for o in a.owners if " " in o)
                found = _judge(action_words[a.id], stmt_words, st, a.id, owner_named, verbs_of[a.id], tokens_of[a.id])
                if found:
                    matches.append(found)
    return matches


def _same_task(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= 0.6


def _settle(matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """Clear matches (one per action) and suggestions (best per action).

    A sentence that clearly fits several different actions closes none of them; several actions that are
    one task restated at successive meetings (nearly the same words) are all closed by it.
    """
    by_statement: dict[str, list[Match]] = defaultdict(list)
    for m in matches:
        by_statement[m.statement.key].append(m)
    for group in by_statement.values():
        clear = [m for m in group if m.clear]
        if len(clear) > 1 and not all(_same_task(a.topic, b.topic) for a in clear for b in clear):
            for m in clear:
                m.clear, m.reason = False, "fits several actions"
    best_clear: dict[str, Match] = {}
    best_suggest: dict[str, Match] = {}
    for m in sorted(matches, key=lambda m: (-m.score, m.statement.date, m.statement.key)):
        target = best_clear if m.clear else best_suggest
        target.setdefault(m.action_id, m)
    suggestions = [m for aid, m in best_suggest.items() if aid not in best_clear]
    return list(best_clear.values()), suggestions


def carry_forward(store: Store, meeting_ids: list[str] | None = None) -> CarryResult:
    """Close or suggest closing open actions that later minutes of the same body report done.

    `meeting_ids` are the meetings just stored: only what they can change is looked at (everything when None).
    """
    new_ids = None if meeting_ids is None else set(meeting_ids)
    bodies = {normalise(b) for b in store.bodies(meeting_ids)}
    result = CarryResult()
    for body_key in sorted(b for b in bodies if b):
        found = find_matches(store, body_key, new_ids)
        decided = _decided_keys(store, sorted({m.action_id for m in found}))
        matches = [m for m in found if (m.action_id, m.statement.key) not in decided]
        closed, suggested = _settle(matches)
        for m in closed:
            st = m.statement
            if store.action(m.action_id).action.status == st.status:
                continue
            said = "reported done" if st.status == "done" else f"reported {st.status}"
            store.add_event(m.action_id, "status", value=st.status, by=CARRY_FORWARD, dated=st.date, key=st.key,
                            evidence=json.dumps(st.evidence(m.shared, m.score)),
                            note=f"{said} in the {st.cite()}: \"{st.text}\"")
            result.closed.append(m)
        for m in suggested:
            st = m.statement
            store.add_event(m.action_id, "suggest", by=CARRY_FORWARD, key=st.key,
                            evidence=json.dumps(st.evidence(m.shared, m.score)),
                            note=f"carry-forward suggestion ({m.reason}): the {st.cite()} may report this done")
            result.suggested.append(m)
    if result.closed or result.suggested:
        logger.info("carry-forward: %d closed, %d suggested", len(result.closed), len(result.suggested))
    return result


def after_ingest(store: Store, meeting_ids: list[str]) -> list[str]:
    """Run carry-forward for a freshly stored document; returns notes for the ingest summary.

    A failure here must not fail the ingest (the document is already stored): it becomes a note.
    """
    try:
        return carry_forward(store, meeting_ids).messages()
    except Exception as exc:  # noqa: BLE001 - reported, and `minutebook actions review` can be re-run later
        logger.warning("carry-forward failed", exc_info=True)
        return [f"carry-forward skipped ({type(exc).__name__}: {exc})"]


# -- review --------------------------------------------------------------------------------------------------------

def _suggestion(r: Any) -> Suggestion:
    try:
        evidence = json.loads(r["evidence"])
    except json.JSONDecodeError:
        evidence = {"text": r["evidence"]}
    try:
        owners = json.loads(r["owners"] or "[]")
    except json.JSONDecodeError:
        owners = [r["owners"]]
    return Suggestion(id=int(r["id"]), action_id=r["action_id"], at=r["at"], action_text=r["text"],
                      action_date=r["date"], body=r["body"], owners=list(owners), status=r["status"],
                      evidence=evidence, note=r["note"])


def pending_suggestions(store: Store, action_id: str | None = None) -> list[Suggestion]:
    """Undecided suggestions for actions still open, oldest first (or those of one action)."""
    return [_suggestion(r) for r in store.suggestion_rows(action_id=action_id)]


def _get(store: Store, sid: int | str) -> Suggestion:
    text = str(sid).strip().lower().lstrip("s")
    if not text.isdigit():
        raise NotFound(f"no suggestion {sid}; `minutebook actions review` lists them by number")
    rows = store.suggestion_rows(suggestion=int(text), undecided=False, outstanding=False)
    if not rows:
        raise NotFound(f"no suggestion {sid}; `minutebook actions review` lists them by number")
    if not store.suggestion_rows(suggestion=int(text), outstanding=False):
        raise MinutebookError(f"suggestion {int(text)} was already accepted or rejected")
    return _suggestion(rows[0])


def accept(store: Store, sid: int | str, note: str = "", at: str | None = None, by: str = "") -> Suggestion:
    """Close the suggestion's action with a "done" status event carrying the same evidence.

    The action is done as of the minutes that reported the work, not the day the suggestion was accepted.
    """
    s = _get(store, sid)
    if s.status not in OUTSTANDING:
        raise MinutebookError(f"suggestion {s.id}: action {s.action_id} is already {s.status}")
    evidence = dict(s.evidence, suggestion=s.id)
    store.add_event(s.action_id, "status", value="done", evidence=json.dumps(evidence), at=at, by=by,
                    key=str(s.evidence.get("key", "")), dated=str(s.evidence.get("date") or ""),
                    note=note or f"accepted carry-forward suggestion {s.id}: "
                                 f"minutes of {evidence.get('date', '?')}, item {evidence.get('item', '?')}, "
                                 f"p{evidence.get('page', '?')}")
    return s


def reject(store: Store, sid: int | str, note: str = "", at: str | None = None, by: str = "") -> Suggestion:
    """Record that the suggestion was wrong; the same sentence is never suggested for the action again."""
    s = _get(store, sid)
    evidence = {"suggestion": s.id, "key": s.evidence.get("key", "")}
    store.add_event(s.action_id, "suggest", value=REJECTED, evidence=json.dumps(evidence), at=at, by=by,
                    key=str(s.evidence.get("key", "")),
                    note=note or f"rejected carry-forward suggestion {s.id}")
    return s
