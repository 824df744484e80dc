"""Clause extraction shared by the marker and commitment components: which clause of a sentence states the
work, without markers, list marks or reporting frames, and whether a sentence states any work at all."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from minutebook.ingest.grammar import BULLETS
from minutebook.ingest.nlp._extensions import PEOPLE_KEY
from minutebook.ingest.nlp._lexicon import (
    PRONOUNS,
    PROPOSE,
    REPORTING,
    UNDERTAKE,
    _aux,
    _forms,
    _is_noun,
    _is_verb,
    _lemma,
)
from minutebook.ingest.owners import is_role_like

_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:In|At|As|Additionally|Also|Further(?:more)?|However|Regarding|Responding|Following|With|After|Before|"
    r"Under|During|On|Overall|Finally|Moreover|Separately)\b[^,;]{0,140},\s*)+",
)
_MARK = "[" + re.escape(BULLETS) + "]"
_LIST_MARK = re.compile(
    rf"^\s*(?:{_MARK}\s*)?(?:\(?(?:[a-h]|[ivx]{{1,5}}|\d{{1,3}})[.)]\s+|\(\d{{1,3}}(?:\.\d{{1,3}})+\)\s+"
    rf"|\d{{1,3}}(?:\.\d{{1,3}})+\s+)?"
    rf"(?:{_MARK}\s*)?"
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
