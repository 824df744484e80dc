"""Queries as officers type them: "what did we resolve about CCTV?" searches for CCTV.

A query written as a question or a sentence is cut to the words that say
what it is about: question words, pronouns, auxiliaries, the filler of a
sentence and, in a question, the verbs that only say what kind of answer is
wanted ("resolve", "agree", "discuss") are dropped. A query that uses the
query language (quotes, field:value, AND/OR/NOT, word~, word*, brackets) is
left as written, except that a question mark ending a word is dropped: for
Whoosh it is a one-character wildcard, so "CCTV?" would match "cctvs".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["PreparedQuery", "prepare_query", "STOP_WORDS", "QUESTION_VERBS"]

# Words that never say what a query is about. Whoosh's analyzer drops its own short list (a, the, of,
# ...) at search time; these are the question and sentence words it keeps.
STOP_WORDS: frozenset[str] = frozenset("""
what whats when where who whom whose which why how whether
did do does done doing is are was were be been being am has have had having will would shall should can
could may might must
i me my mine we us our ours you your yours they them their theirs he him his she her hers it its
the a an of about on in into for to with at by from regarding re concerning around over under as than
there here that this these those any anything some something every all and or nor but so then also just
ever yet still please anyone anybody someone somebody
""".split())

# In a question, verbs that say what kind of record is wanted rather than what it is about.
QUESTION_VERBS: frozenset[str] = frozenset("""
resolve resolved resolution resolutions decide decided decision decisions agree agreed agreement
discuss discussed discussion say said mention mentioned mentions raise raised talk talked happen happened
note noted record recorded minute minuted know update updates
first last latest recent recently previously before
owe owes owed owing responsible
tell show find give list look search
""".split())

# "what did <the board> decide about ...": the words between the auxiliary and one of these verbs name who acted
# (the body asking, or one like it), not what the record is about.
# Active voice only: in "when was knife crime raised?" the words before the verb are the topic.
_AUXILIARIES = frozenset("did does do has have had will would can could should".split())
_ACTOR_VERBS = frozenset("""
resolve resolved decide decided agree agreed discuss discussed say said mention mentioned raise raised talk talked
note noted record recorded know approve approved vote voted adopt adopted reject rejected recommend recommended
ask asked propose proposed plan planned want wanted think thought do say
""".split())
MAX_ACTOR_WORDS = 4

_SYNTAX_RE = re.compile(r'["():~*^\[\]{}]|\b(?:AND|OR|NOT|TO)\b')
_WORD_RE = re.compile(r"[^\W_](?:[\w'’&.-]*[^\W_])?")
_QUESTION_MARK_RE = re.compile(r"(?<=\w)\?+(?=\s|$)")
_QUESTION_START = frozenset("what whats when where who whom whose which why how did do does is are was were has have "
                            "can could should would will tell show find give list look search".split())


@dataclass(slots=True)
class PreparedQuery:
    """The query to run, the words the user typed that were left out, and whether it read as a question."""

    text: str
    dropped: list[str] = field(default_factory=list)
    question: bool = False
    date_from: str = ""  # meeting dates the question names ("in October 2019"), as YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str = ""


def prepare_query(query: str) -> PreparedQuery:
    """Cut a typed question or sentence to the words that say what it is about."""
    stripped = _QUESTION_MARK_RE.sub("", query).strip()
    if not stripped:
        return PreparedQuery("")
    if _SYNTAX_RE.search(stripped):
        return PreparedQuery(stripped)
    words = _WORD_RE.findall(stripped)
    lower = [w.lower().strip(".'’") for w in words]
    question = "?" in query or (bool(lower) and lower[0] in _QUESTION_START)
    drop = STOP_WORDS | QUESTION_VERBS if question else STOP_WORDS
    actor = _actor(lower) if question else set()
    when, date_from, date_to = _when(lower) if question else (set(), "", "")
    actor |= when
    kept = [w for n, (w, low) in enumerate(zip(words, lower)) if low not in drop and n not in actor]
    if not kept and actor - when:  # "what did the May report say?": who acted is what it is about
        actor = set(when)
        kept = [w for n, (w, low) in enumerate(zip(words, lower)) if low not in drop and n not in actor]
    if not kept:  # "what was decided?": the verb is all it says
        drop, actor = STOP_WORDS, set(when)
        kept = [w for n, (w, low) in enumerate(zip(words, lower)) if low not in drop and n not in actor]
    if not kept:
        return PreparedQuery(" ".join(words), question=question)
    dropped = [w for n, (w, low) in enumerate(zip(words, lower)) if low in drop or n in actor]
    return PreparedQuery(" ".join(kept), dropped=dropped, question=question, date_from=date_from, date_to=date_to)


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_DAY_RE = re.compile(r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$")


def _month(word: str) -> int:
    for n, name in enumerate(_MONTH_NAMES, 1):
        if word == name or len(word) >= 3 and name.startswith(word) and word != "mar" or word == "mar" and n == 3:
            return n
    return 0


def _when(lower: list[str]) -> tuple[set[int], str, str]:
    """The meeting dates a question names: "in October 2019", "on 9 October 2019", "in 2019", "since 2018".

    Returns the positions of those words and the range (YYYY[-MM[-DD]] bounds). A bare year or month needs
    a preposition before it, so "the 2019-2023 strategy" or "the May report" stays a topic.
    """
    for n, word in enumerate(lower):
        if not _YEAR_RE.match(word):
            continue
        year = int(word)
        month = _month(lower[n - 1]) if n >= 1 else 0
        if month:
            day = int(_DAY_RE.match(lower[n - 2])[1]) if n >= 2 and _DAY_RE.match(lower[n - 2]) else 0
            first = n - 2 if day else n - 1
            if first >= 1 and lower[first - 1] in ("in", "on", "during", "of", "at"):
                first -= 1
            iso = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
            return set(range(first, n + 1)), iso, iso
        prep = lower[n - 1] if n >= 1 else ""
        if prep in ("in", "during"):
            return {n - 1, n}, word, word
        if prep in ("since", "after"):
            return {n - 1, n}, word if prep == "since" else str(year + 1), ""
        if prep == "before":
            return {n - 1, n}, "", str(year - 1)
    return set(), "", ""


def _actor(lower: list[str]) -> set[int]:
    """Positions of the words naming who acted in "what did the PCC decide about ...", if the question has them."""
    aux = next((n for n, w in enumerate(lower[:2]) if w in _AUXILIARIES), None)
    if aux is None:
        return set()
    for verb in range(aux + 2, min(len(lower), aux + 2 + MAX_ACTOR_WORDS)):
        if lower[verb] in _ACTOR_VERBS:
            return set(range(aux + 1, verb))
    return set()
