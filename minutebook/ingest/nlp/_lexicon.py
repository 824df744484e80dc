"""The words the rules know: commitment verbs, reporting and hedging verbs, stop words for names; the token tests
built on them (a pipeline without a lemmatizer or attribute ruler still gets base forms and verbs); and the
month, initials and "When" fragments the marker, trigger and due-date patterns share."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from minutebook.ingest.dates import MONTHS

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
# Verbs whose object is the person asked to do the work: "asked staff member X to provide", "directed staff to".
REQUEST = {"ask", "request", "direct", "instruct", "task", "charge", "authorise", "authorize"}
# Verbs of intention whose complement is the work: "plans to meet with", "plans on bringing", "intends to".
INTEND = {"plan", "intend", "aim", "need"}
# Verbs that state no work when they are what someone "will" or "would" do: an attendance notice ("will likely
# miss the February meeting"), a perception or a feeling ("would like to see", "would be happy").
NOT_WORK = {"miss", "be", "have", "need", "find", "like", "love", "see", "hear", "know", "feel", "think",
            "believe", "hope", "wish", "want", "welcome", "thank", "appreciate", "enjoy", "remain", "continue",
            "happen", "depend", "seem", "attend", "vote", "abstain", "support", "oppose", "favour", "favor",
            "prefer", "encounter", "face", "benefit", "suffer", "lose", "gain", "join", "arrive", "leave", "sit",
            "stand", "listen", "watch", "wonder"}
# What someone "would like to" do in the meeting itself: speak, move, thank ("would like to make a friendly
# amendment", Alameda OGC, 11 July 2023), rather than work afterwards ("would like to meet with ...").
IN_THE_MEETING = {"make", "move", "second", "propose", "ask", "say", "speak", "comment", "thank", "recognize",
                  "recognise", "acknowledge", "congratulate", "welcome", "express", "record", "declare", "clarify",
                  "form", "split", "break", "vote", "introduce"}
# Coming and going: work only with something brought or done ("would return with a revised ordinance").
COMING_AND_GOING = {"return", "come", "go", "rejoin", "stay"}
# What a body "would receive" or "would note" is its own business at a later meeting, not work it owes.
BODY_BUSINESS = {"receive", "note", "consider", "discuss", "hear", "review", "see", "get", "look", "meet", "have",
                 "decide", "debate", "return"}
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
    "led": "lead", "paid": "pay", "saw": "see", "seen": "see", "heard": "hear", "knew": "know", "known": "know",
    "had": "have", "has": "have", "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "cut": "cut", "set": "set", "feared": "fear", "hoped": "hope", "asked": "ask",
}
# Every form of the verbs the rules name -> its base form; the statistical lemmatizer is not loaded.
_LEMMAS: dict[str, str] = {}
for _v in sorted(COMMIT_VERBS | UNDERTAKE | PROPOSE | REPORTING | NOT_COMMITMENT_HEADS | REQUEST | INTEND | NOT_WORK
                 | BODY_BUSINESS | IN_THE_MEETING | COMING_AND_GOING):
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


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


# Shared pattern fragments: a month name, a set of initials, a "When" column value.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_INIT = r"[A-Z]{2,3}"
_WHEN = (
    rf"(?:(?:by|end|early|mid|late|w/c|wc)\s+)?(?:{_MONTH}(?:\s+\d{{2,4}})?|\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|asap|ongoing|next\s+meeting|tbc|immediately|urgent)(?:\s*\([^)]{{0,12}}\))?"
)
