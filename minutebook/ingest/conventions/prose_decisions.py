"""Decisions told in running prose: "it was agreed", "the Councillors resolved to", "The minutes were approved".

A sentence states a decision when a decision verb (grammar.DECISION_VERBS) is its main verb and

- its subject is the meeting or a body: "it was resolved", "All agreed", "The Committee approved the
  expenditure", "the Leader and Cabinet agreed to the following amendment:";
- or it is a passive with a finite past auxiliary: "The Minutes ... were approved", "this was adopted",
  "they were declared elected", "An application ... was supported";
- or it stands bare at the head of a clause: "Resolved to pay ...", "Policy review schedule review - Agreed",
  "..., also decided to bank the deposit cheque", "Approved." after a consent-calendar title.

Not decisions: one person's "agreed to" (a commitment: "IK agreed to represent the CC"), reported or earlier
decisions ("had been agreed", "if approved", "was adopted in 2003"), modals ("the Board can approve"),
acknowledgements ("accepted that", "agreed that there is"), questions, and deferrals ("deferred" is no decision
verb). A sentence that ends with ":" takes the list after it ("with the following decision: • ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._decision_text import (
    Found,
    Sentence,
    SentenceConvention,
    lead_of,
    list_after,
    text_of,
)
from minutebook.ingest.grammar import BODY_WORDS, DECISION_VERBS
from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["ProseDecisions", "is_decision_sentence"]

_VERB_RE = re.compile(rf"\b(?P<verb>{'|'.join(DECISION_VERBS)}|voted)\b", re.I)
# Where a clause starts: the sentence start, punctuation, a dash between spaces, a coordinating conjunction.
_BOUNDARY_RE = re.compile(r"[,;:(–—]|\s-\s|\b(?:and|but|so|whereupon|then)\b", re.I)
_ADVERBS = {"then", "also", "further", "subsequently", "therefore", "thus", "unanimously", "duly", "finally", "formally",
            "generally", "hereby", "again", "now", "jointly", "accordingly", "nevertheless", "however",
            "declared", "re", "not"}
_NOT_FINITE = {"had", "has", "have", "would", "will", "could", "can", "may", "might", "should", "must", "to", "did",
               "do", "does", "be", "being", "been", "shall", "cannot", "not"}
_SUBORDINATE = {"if", "whether", "once", "when", "unless", "until", "because", "since", "although", "though", "while",
                "that", "which", "who", "whom", "whose", "where", "how", "what", "why", "whilst", "whereby"}
_REFERENCE_SUBJECT_RE = re.compile(r"^(?:the|this|that)\s+(?:motion|resolution|proposal|amendment)$", re.I)
_BODY = set(BODY_WORDS) | {"body"}
_BEFORE_NOW_RE = re.compile(r"\b(?:in\s+(?:19|20)\d\d|previously|originally|initially|earlier|last\s+(?:year|month|week))\b", re.I)
# After a bare decision verb: "Resolved to pay", "- Agreed", ", agreed as 6 November", "Approved."
_BARE_FOLLOW_RE = re.compile(
    r"\s*(?:$|[.,;:–—-]|(?:to|that|not|unanimously|as|in\s+principle|subject\s+to|by\s+all|with|the|this|these|on|for)\b)",
    re.I,
)
# "Decisions made include:", "with the following decision:", "Decision: ..."
_DECISION_NOUN_RE = re.compile(
    r"\b(?:the\s+following|these|further)\s+decisions?\b|^decisions?\s+(?:made|taken|reached|agreed)\b|^decisions?\s*[:\-–]",
    re.I,
)
# A consensus to act is a decision; "General agreement that this was a good start" (Horsley Neighbourhood Plan) is a view.
_CONSENSUS_RE = re.compile(r"^(?:there\s+was\s+)?(?:general|unanimous|full|common)\s+(?:agreement|consensus)\s+to\s+(?-i:[a-z])"
                           r"|\b(?:agreed|decided)\s+by\s+(?:general\s+)?consensus\b", re.I)
# "It was felt that wooden clogs should not be allowed" (Horsley Village Hall): the meeting's view of what must be.
_FELT_RE = re.compile(r"\bit\s+was\s+felt\s+that\b(?P<rest>.*)$", re.I)
_NO_MATTER_RE = re.compile(
    r"^(?:(?:(?:all|the)\s+)?(?:[\w-]+\s+){0,2}(?:members|board|council|councillors|committee|governors|trustees|present|"
    r"everyone|all)\s+|(?:this|that|it|which|these|they)\s+(?:was|were)\s+)?(?:(?:unanimously|also)\s+)?"
    r"(?:agreed|approved|accepted|adopted|resolved|ratified|endorsed|finally\s+passed|passed"
    r"|voted\s+(?:unanimously\s+)?in\s+favou?r(?:\s+of\s+(?:this|it|the\s+(?:motion|proposal|request)))?)"
    r"(?:\s+(?:unanimously|by\s+all|as\s+amended|accordingly|nem\.?\s*con\.?))?\s*(?:[.!]|[;,]\s*(?:and|or)?)?$",
    re.I,
)


def is_decision_sentence(text: str) -> bool:
    """True when the sentence states a decision of the meeting (see the module docstring)."""
    return _decision(text) is not None


def _decision(text: str) -> str | None:
    """How the sentence states a decision ("body", "passive", "bare", "noun", "felt"), or None."""
    t = text.strip()
    if not t or t.endswith("?"):
        return None
    if _DECISION_NOUN_RE.search(t):
        return "noun"
    if _CONSENSUS_RE.search(t):
        return "body"  # "General agreement to hold the fete in June"
    if re.fullmatch(r"(?:finally\s+)?passed\s*(?:[.!]|[;,]\s*(?:and|or)?)?", t, re.I):
        return "bare"  # "(23-779) Ordinance No. 3361, “...” Finally passed." (Alameda consent calendar)
    felt = _FELT_RE.search(t)
    if felt and re.search(r"\b(?:should|must)\b", felt.group("rest")) and not t.endswith("?"):
        return "felt"
    for m in _VERB_RE.finditer(t):
        word = m.group("verb")
        if word.isupper() and len(word) > 2:
            continue  # "RESOLVED", "AGREED" open a block: ResolvedBlocks reads them
        how = _clause_states_decision(t, m)
        if how:
            return how
    return None


def _clause_states_decision(t: str, m: re.Match) -> str | None:
    verb = m.group("verb").lower()
    prefix = t[: m.start()]
    after = t[m.end():]
    bounds = list(_BOUNDARY_RE.finditer(prefix))
    cut = bounds[-1] if bounds else None
    clause = prefix[cut.end():] if cut else prefix
    boundary = cut.group(0).strip().lower() if cut else ""
    words = [w.strip("\"'“”‘’()").lower() for w in clause.split()]
    words = [w for w in words if w]
    core = list(words)
    while core and core[-1] in _ADVERBS:
        core.pop()
    near = after[:40]
    if _BEFORE_NOW_RE.match(after.strip()) or _BEFORE_NOW_RE.search(near) or any(w in ("previously", "originally", "initially") for w in words):
        return None
    if verb == "accepted" and re.match(r"\s+that\b", after, re.I):
        return None  # "It was accepted that ..." acknowledges
    if verb == "agreed" and re.match(r"\s+(?:with\b|that\s+there\s+(?:is|are|was|were)\b|there\s+(?:is|are|was|were)\b)", after, re.I):
        return None  # agreement with a view, not a decision
    if verb == "supported" and re.match(r"\s+by\b", after, re.I):
        return None
    if re.match(r"\s+(?:to\s+)?(?:defer|postpone|hold\s+over|carry\s+(?:it\s+)?(?:forward|over))\b", after, re.I):
        return None  # "it was agreed to defer a decision until ..." is a deferral, not a decision
    if verb == "voted" and not re.match(r"\s+(?:unanimously\s+)?(?:to|in\s+favou?r|for|against|unanimously)\b", after, re.I):
        return None
    if not core:
        return _bare(t, prefix, clause, boundary, words, after)
    last = core[-1]
    if last in ("was", "were", "stands", "stand"):
        if verb == "resolved" and not re.match(r"\s+(?:that|to|unanimously)\b|\s*:", after, re.I):
            return None  # "the issue was resolved" is fixed, not decided
        subject = core[:-1]
        if subject and subject[-1] in _NOT_FINITE:
            return None
        if any(w in _SUBORDINATE for w in subject) or _REFERENCE_SUBJECT_RE.match(" ".join(subject)):
            return None
        return "passive"
    if last == "been":
        if re.search(r"\bdeclared\s+that\b", prefix, re.I) and verb in ("elected", "appointed"):
            return "passive"  # "Mr Kirby declared that Mr Wait and Mr Webster had been duly elected"
        return None
    if last in _NOT_FINITE or last in ("is", "are") or len(core) > 9:
        return None
    if any(w in _SUBORDINATE for w in core):
        return None
    if _is_body(clause, core):
        return "body"
    return None


def _is_body(clause: str, core: list[str]) -> bool:
    """The subject names the meeting or a body: its head noun, "the CC", "those present", "all"."""
    head = core[-1].strip(".,")
    if head in _BODY:
        return True
    toks = clause.split()
    return len(toks) >= 2 and toks[-2].lower() == "the" and bool(re.fullmatch(r"[A-Z]{2,6}", toks[-1].strip(".,")))


def _bare(t: str, prefix: str, clause: str, boundary: str, words: list[str], after: str) -> str | None:
    if not _BARE_FOLLOW_RE.match(after):
        return None
    lead = prefix.strip()
    if not lead or re.fullmatch(r"\(?[a-z0-9]{1,3}[.)]", lead, re.I):
        return "bare"  # at the head of the sentence: "Resolved to pay ...", "Agreed:", "Approved."
    if boundary in ("–", "—", "-", ":", ";"):
        return "bare"  # "Policy review schedule review - Agreed"
    if boundary == "," and ("also" in words or re.match(r"\s+as\b|\s*[.]?$", after)):
        return "bare"  # "..., also decided to bank the deposit cheque", "..., agreed as 6 November"
    return None


@register
class ProseDecisions(SentenceConvention):
    """Decisions stated in the minutes' own sentences, wherever they sit in a paragraph."""

    name = "prose_decisions"
    family = "decisions"

    def find(self, paras: Sequence[Para], context: Context, sents: list[Sentence]) -> list[Found]:
        out: list[Found] = []
        taken: set[int] = set()
        for s in sents:
            how = _decision(s.text) if s.idx not in taken else None
            if how is None:
                continue
            ids = [s.idx]
            if s.text.rstrip().endswith(":"):
                ids += list_after(sents, s.idx)
                taken.update(ids)
            if _NO_MATTER_RE.match(s.text.strip()):
                lead = lead_of(sents, s.idx, taken, most=1)
                if lead:
                    text_ids = lead + ids
                    out.append(Found(res=Resolution(text=text_of(sents, text_ids), page=sents[lead[0]].page),
                                     sents=frozenset(text_ids), kind="fragment", text_sents=frozenset(text_ids)))
                    continue
            out.append(Found(res=Resolution(text=text_of(sents, ids), page=s.page), sents=frozenset(ids), kind="prose",
                             text_sents=frozenset(ids), narrative=how != "noun" and not s.text.rstrip().endswith(":")))
        return out
