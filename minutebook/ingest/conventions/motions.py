"""Motions: a sentence with a mover (and usually a seconder), read with the vote recorded after it.

Every way minutes print a motion becomes one `Resolution` whose text is the motion sentence as printed, with
mover, seconder, outcome and tally as fields:

- "Chair Soules made a motion to ... and Commissioner Nachtigall seconded the motion."
- "A motion to ... was made by Board member X and seconded by Board member Y." / "Motion to adjourn was made by
  Trustee X, seconded by Trustee Y." / "A motion was made to ... by Trustee X, seconded Trustee Y."
- "Vice Chair Miley moved approval of the minutes." + "Commissioner Sullivan seconded the motion, which carried
  by unanimous voice vote - 5." (the seconder and the vote in the next paragraphs);
- "M/S Smith/Jones", "(Smith/Jones)", "Smith (motion), Jones (second)", "Moved: X  Seconded: Y";
- "proposed by JS and seconded by GD", "the Leader proposed and Mr Oakford ... seconded the above motion";
- "by motion duly made, seconded, and unanimously approved", "There was a motion and a second to ...";
- "Motioned to accept by X and seconded by Y", "Robert Hall motion to accept the report and seconded by ...".

A motion reads on through the sentences that record its vote ("Ayes: ... Nays: none. Motion passed 6-0.",
"RESULT: FAILED [4-2-1-1]", "All were in favor. Roll Call ... Motion passes."), across paragraphs and past the
discussion of an amendment, up to the next motion or decision. A failed or withdrawn motion is still a decision.
A mover line with nothing of its own ("Proposed by RB and seconded by MCa.") and a vote with no motion sentence
("... All were in favor. Roll Call ... Motion passes.") are about the sentences before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._decision_text import (
    Found,
    Sentence,
    SentenceConvention,
    lead_of,
    list_after,
    name_after,
    name_before,
    read_vote,
    strip_bullet,
    text_of,
)
from minutebook.ingest.conventions.prose_decisions import is_decision_sentence
from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["Motions", "is_vote_sentence", "read_motion"]

_I = re.I
# "<name> moved approval of", "<name> made a motion", "<name> motioned", "<name> motion to accept", "<name> proposed"
_NAME_VERB_RE = re.compile(
    r"\b(?P<verb>move[sd](?=\s+(?:(?:approval|adoption|acceptance|denial|introduction|ratification|passage|that|the)\b"
    r"|to\s+(?!(?:the|a|an|item|agenda)\b)(?-i:[a-z])|an?\s+(?:motion|amendment|substitute|resolution)\b"
    r"|and\s+(?-i:[A-Z]))|\s*[,(\[:])"
    r"|made\s+(?:a|the)\s+(?:substitute\s+)?motion|motioned(?!\s+by)|motion(?=\s+(?:to|for)\b)|proposed(?!\s+by)"
    r"|put\s+forward\s+a\s+motion)",
    _I,
)
_MODAL_BEFORE_RE = re.compile(r"\b(?:would|could|should|will|may|might|wish(?:es|ed)?\s+to|like\s+to|wants?\s+to|"
                              r"willing\s+to|had|has|have|not)\s*$", _I)
# "made by X", "moved by X", "Proposed by X", "Motioned to accept by X", "motioned by X"
_BY_RE = re.compile(r"\b(?P<how>motion\s+(?:was\s+)?made|moved|proposed|motioned|motion|moved\s+and\s+carried)\s+by\s+(?=(?-i:[A-Z])|the\s)", _I)
# "A motion was made to approve ... by Trustee Elton, seconded by ...": the name before the seconder
_MOTION_NOUN_RE = re.compile(r"\b(?:a\s+)?motion\s+(?:was\s+)?(?:made\s+)?(?:to|was\s+to|for)\b|\bmotion\s+was\s+made\b", _I)
_MADE_BY_RE = re.compile(r"\b(?P<how>made)\s+by\s+(?=(?-i:[A-Z])|the\s)", _I)
_DEFERRED_BY_RE = re.compile(r"\b(?:motioned|moved)\s+to\s+\w+(?:\s+(?:the\s+)?\w+){0,3}?\s+by\s+(?=(?-i:[A-Z]))", _I)
_SECOND_ANY_RE = re.compile(r"\bseconded\b(?!\s+(?:onto|to|into)\b)|\bsecond(?:ed)?\s+by\b|\bsecond\s*:|\bseconds\b(?=\s*[.;,]|\s+the\s+motion)", _I)
_LATE_BY_RE = re.compile(r"\bby\s+(?=[A-Z])")
_DULY_RE = re.compile(
    r"\bby\s+(?:a\s+)?motion\s+duly\s+made\b|\bmotion\s+(?:was\s+)?(?:duly\s+)?made\s+and\s+seconded\b"
    r"|\bthere\s+was\s+a\s+motion\s+and\s+a\s+second\b|\bon\s+a\s+motion\s+duly\s+made\b"
    r"|\b(?:duly\s+)?(?:moved|proposed)\s+and\s+seconded\b",
    _I,
)
_MS_RE = re.compile(r"\bM/S(?:/C)?\b\s*[:\-–]?\s*\(?\s*(?P<a>[A-Z][^/()]{0,40}?)\s*/\s*(?P<b>[A-Z][^/().;,]{0,40}?)\s*(?:\)|[.;,]|$|\s+(?=to\b))")
_PAIR_RE = re.compile(r"\((?P<a>[A-Z][A-Za-z'’\-. ]{1,30})/(?P<b>[A-Z][A-Za-z'’\-. ]{1,30})\)")
_PAREN_ROLE_RE = re.compile(r"\((?P<role>motion|moved|mover|second|seconded|seconder)\)", _I)
_LABEL_MOVER_RE = re.compile(r"(?:^|[\s;,])(?:moved|motion|proposed|proposer|mover)(?:\s+by)?\s*:\s*(?=\S)", _I)
_LABEL_SECOND_RE = re.compile(r"(?:^|[\s;,])(?:seconded|second|seconder)(?:\s+by)?\s*:\s*(?=\S)", _I)
_SECONDED_BY_RE = re.compile(r"\bsecond(?:ed)?\s+by\s+(?=(?-i:[A-Z])|the\s)", _I)
_SECONDED_NAME_RE = re.compile(r"\bseconded\s+(?!the\s+motion)(?=(?:the\s+)?[A-Z])")
_SECONDED_RE = re.compile(r"\bseconded\b(?!\s+(?:onto|to|into)\b)", _I)
_APPOSITIVE_SECOND_RE = re.compile(r"\b(?:proposed|moved)\s+and\s+(?P<sec>[A-Z][^,.]*?)(?:,[^.]*?,)?\s+seconded\b")
_SECOND_ONLY_RE = re.compile(r"\band\s+a\s+second\b|\bmade\s+and\s+seconded\b|\bduly\s+seconded\b", _I)
_AMEND_RE = re.compile(r"\bamended\s+(?:his|her|their|the)\s+motion\b|\baccepted\s+the\s+(?:friendly\s+)?amendment\b"
                       r"|\brepeated\s+the\s+motion\b|\bseconded\s+the\s+amended\s+motion\b", _I)

# A sentence that records a vote: what a motion reads on through, or a vote about the sentences before it.
_VOTE_START_RE = re.compile(
    r"^(?:all\s+(?:were\s+|members\s+(?:were\s+)?)?in\s+favou?r"
    r"|(?:the\s+|this\s+|that\s+|said\s+)?(?:motion|resolution|proposal|amendment|recommendation|item)s?\s+(?:was\s+|were\s+|has\s+been\s+)?"
    r"(?:also\s+)?(?:duly\s+)?(?:unanimously\s+)?(?:carried|carries|passed|passes|approved|adopted|agreed|failed|fails|defeated|lost|withdrawn)"
    r"|carried\b|lost\b|defeated\b|approved\s+unanimously|unanimously\s+(?:carried|approved|agreed)"
    r"|(?:this|that|it)\s+was\s+(?:unanimously\s+)?(?:agreed|approved|seconded)\s*[.!]?$|all\s+agreed\s*[.!]?$"
    r"|(?:a\s+)?(?:roll\s+call\s+|voice\s+|recorded\s+)?vote\s+(?:was\s+)?(?:taken|held|unanimous|followed|called)"
    r"|vote(?:d)?\s+(?:was\s+)?unanimous(?:ly)?|roll\s+call\b"
    r"|(?:ayes?|nays?|noes|yeas?|abstain\w*|abstentions?|absent|recused|against|for)\s*[:\-–]\s*\S"
    r"|result\s*:|motion\s+by\s*:|second\s*:|mover\s*:"
    r"|on\s+(?:the\s+)?(?:call\s+for\s+the\s+question|being\s+put\s+to\s+the\s+vote|a\s+(?:show\s+of\s+hands|vote))"
    r"|upon\s+(?:a\s+)?vote|adjournment\s+passes"
    r"|(?:[\w'’]+\s+){0,4}(?:minutes|bills|agenda|meeting)\b[^.]{0,60}\b(?:are|is|stands?)\s+(?:hereby\s+)?(?:approved|adopted|adjourned)"
    r"|(?:trustee|councillor|commissioner|member|supervisor|director)\s+[A-Z][\w'’-]+\s*[-–:]\s*(?:yes|no|aye|nay)\b)",
    _I,
)
_VOTE_ANY_RE = re.compile(
    r"\b(?:the\s+)?(?:motion|item|amendment|resolution|proposal)\s+(?:was\s+)?(?:also\s+)?(?:carried|passed|failed|defeated|lost)\b"
    r"|\bby\s+the\s+following\s+(?:roll\s+call\s+|voice\s+)?vote\b|\bcarried\s+(?:by|unanimously|on\s+a\s+show)\b"
    r"|\bvote\s+was\s+unanimous\b|\bmotion\s+(?:passes|passed|carried|approved|fails|failed)\b",
    _I,
)
# "Absent: ...", "Present: ..." open attendance lists as often as they close a vote.
_ATTENDANCE_RE = re.compile(r"^(?:absent|present|excused|abstain\w*|for|against)\s*[:\-–]", _I)
_CONTENT_STOP = {"motion", "motioned", "moved", "made", "seconded", "second", "proposed", "by", "and", "the", "a", "an",
                 "it", "was", "were", "duly", "unanimously", "carried", "passed", "all", "in", "favour", "favor", "vote",
                 "votes", "voted", "m/s", "m/s/c", "mover", "seconder", "proposer", "there", "also", "then", "that", "this",
                 "on", "of", "to", "following", "debate", "discussion", "after", "above"}


def is_vote_sentence(text: str) -> bool:
    """A sentence that records a vote, an outcome or a roll call."""
    t = strip_bullet(text.strip())
    return bool(_VOTE_START_RE.match(t) or _VOTE_ANY_RE.search(t))


@dataclass(slots=True)
class MotionWords:
    """What one sentence says of a motion."""

    mover: str = ""
    seconder: str = ""
    matter: bool = True  # the sentence says what was moved
    strong: bool = True  # a motion even with no seconder or vote recorded after it
    at: int = 0  # where the motion's own words start (the outcome is read from here on)


def read_motion(text: str) -> MotionWords | None:
    """The mover and seconder a sentence names, or None when it is not a motion."""
    t = strip_bullet(text.strip())
    if is_vote_sentence(t) and not (_NAME_VERB_RE.search(t) and name_before(t, _NAME_VERB_RE.search(t).start())):
        if not (_BY_RE.search(t) or _MS_RE.search(t) or _DULY_RE.search(t)):
            return None
    mw: MotionWords | None = None
    duly = _DULY_RE.search(t)
    ms = _MS_RE.search(t)
    pair = _PAIR_RE.search(t) if re.search(r"\b(?:motion|moved|moves|carried|carries|passed)\b", t, _I) else None
    roles = list(_PAREN_ROLE_RE.finditer(t))
    label = _LABEL_MOVER_RE.search(t)
    by = _BY_RE.search(t)
    made_by = _MADE_BY_RE.search(t)
    if by is None and made_by and re.search(r"\bmotion\b", t[: made_by.start()], _I):
        by = made_by  # "A motion to approve ... was made by Board member X"
    if by is None:
        by = _DEFERRED_BY_RE.search(t)  # "Motioned to accept by Karl Stricker"
    verb = next((v for v in _NAME_VERB_RE.finditer(t) if name_before(t, v.start()) and not _MODAL_BEFORE_RE.search(t[: v.start()])), None)
    if ms:
        mw = MotionWords(mover=name_after(ms.group("a") + " ", 0) or ms.group("a").strip(),
                         seconder=name_after(ms.group("b") + " ", 0) or ms.group("b").strip(), at=ms.start())
    elif pair:
        mw = MotionWords(mover=pair.group("a").strip(), seconder=pair.group("b").strip(), at=0)
    elif roles:
        mw = MotionWords(at=0)
        for r in roles:
            who = name_before(t, r.start())
            if r.group("role").lower().startswith("mo"):
                mw.mover = mw.mover or who
            else:
                mw.seconder = mw.seconder or who
    elif verb is not None:
        word = verb.group("verb").lower()
        # What was moved may itself say "was approved"; the vote is read after the seconder, or after the sentence.
        sec = _SECOND_ANY_RE.search(t, verb.end())
        mw = MotionWords(mover=name_before(t, verb.start()), at=sec.end() if sec else len(t),
                         strong=not (word.startswith("proposed") or word == "motion"))
    elif by is not None and name_after(t, by.end()):
        # "ideas proposed by the AD" is no motion unless a seconder or a vote goes with it
        mw = MotionWords(mover=name_after(t, by.end()), at=0, strong=not by.group(0).lower().startswith("proposed"))
    elif _MOTION_NOUN_RE.search(t) and _SECOND_ANY_RE.search(t):
        mw = MotionWords(at=0)
        late = [b for b in _LATE_BY_RE.finditer(t) if b.start() < _SECOND_ANY_RE.search(t).start()]
        if late:
            mw.mover = name_after(t, late[-1].end())
    elif duly:
        mw = MotionWords(at=0)
    elif label:
        mw = MotionWords(mover=name_after(t, label.end()), at=label.start())
    if mw is None:
        return None
    if not mw.mover and label:
        mw.mover = name_after(t, label.end())
    if not mw.mover and _MOTION_NOUN_RE.search(t):
        late = [b for b in _LATE_BY_RE.finditer(t)]
        sec = _SECOND_ANY_RE.search(t)
        late = [b for b in late if not sec or b.start() < sec.start()]
        if late and re.search(r"(?:,\s*|\s+and\s+)?second", t[late[-1].end():], _I):
            mw.mover = name_after(t, late[-1].end())
    mw.seconder = mw.seconder or seconder_in(t)
    mw.matter = _has_matter(t, mw)
    return mw


def seconder_in(t: str) -> str:
    """Who seconded, as the sentence prints it."""
    for rx in (_SECONDED_BY_RE, _LABEL_SECOND_RE):
        m = rx.search(t)
        if m:
            who = name_after(t, m.end())
            if who:
                return who
    m = _APPOSITIVE_SECOND_RE.search(t)
    if m:
        return name_after(t, m.start("sec"))
    m = _SECONDED_NAME_RE.search(t)
    if m:
        who = name_after(t, m.end())
        if who:
            return who
    m = _SECONDED_RE.search(t) or re.search(r"\bseconds\b", t)
    if m:
        return name_before(t, m.start())
    return ""


def _has_matter(t: str, mw: MotionWords) -> bool:
    rest = t
    for who in (mw.mover, mw.seconder):
        if who:
            rest = rest.replace(who, " ")
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-/]*", rest) if w.lower() not in _CONTENT_STOP and len(w) > 2]
    return len(words) >= 1


@register
class Motions(SentenceConvention):
    """Motions with their mover, seconder, outcome and tally; the seconder and vote may follow in later paragraphs."""

    name = "motions"
    family = "decisions"

    def find(self, paras: Sequence[Para], context: Context, sents: list[Sentence]) -> list[Found]:
        out: list[Found] = []
        taken: set[int] = set()
        n = 0
        while n < len(sents):
            s = sents[n]
            mw = read_motion(s.text) if n not in taken else None
            if mw is None:
                n += 1
                continue
            members, text_ids, end = self._window(sents, n, mw)
            window = " ".join([s.text[mw.at:]] + [sents[j].text for j in members if j != n])
            outcome, tally = read_vote(window)
            if not (mw.strong or mw.seconder or outcome or _SECOND_ONLY_RE.search(s.text)):
                n += 1
                continue
            taken.update(members)
            if mw.matter:
                ids = text_ids
                text = text_of(sents, ids)
                kind = "motion"
            else:
                lead = lead_of(sents, n, taken, most=3)
                ids = lead + text_ids
                text = text_of(sents, ids)
                kind = "fragment"
            seconder = mw.seconder or next((seconder_in(sents[j].text) for j in members if j != n and seconder_in(sents[j].text)), "")
            res = Resolution(text=strip_bullet(text), page=sents[ids[0]].page, mover=mw.mover, seconder=seconder,
                             outcome=outcome, tally=tally)
            out.append(Found(res=res, sents=frozenset(ids) | frozenset(members), kind=kind, text_sents=frozenset(ids)))
            n = end
        out.extend(self._bare_votes(sents, taken, out))
        return out

    def _window(self, sents: list[Sentence], n: int, mw: MotionWords) -> tuple[list[int], list[int], int]:
        """The sentences a motion at `n` stands on: its list of parts, its seconder and the vote after it."""
        s = sents[n]
        members, text_ids = [n], [n]
        j = n + 1
        if s.text.rstrip().endswith(":") or re.search(r"\bthat\s+\w+\.$", s.text.rstrip()):
            parts = list_after(sents, n)
            members += parts
            text_ids += parts
            j = (parts[-1] + 1) if parts else j
        outcome = read_vote(s.text[mw.at:])[0]
        skipped = 0
        while j < len(sents) and sents[j].para - s.para <= 25:
            t = sents[j]
            nxt = read_motion(t.text)
            vote = is_vote_sentence(t.text)
            second = bool(_SECOND_ANY_RE.search(t.text)) and not (nxt and nxt.mover)
            if nxt is not None and (nxt.matter or nxt.mover) and not second and not _AMEND_RE.search(t.text):
                break
            if vote or second or _AMEND_RE.search(t.text):
                members.append(j)
                skipped = 0
                outcome = outcome or read_vote(t.text)[0]
                j += 1
                continue
            if outcome or is_decision_sentence(t.text) or skipped >= 12:
                break
            skipped += 1
            j += 1
        last = members[-1]
        return members, text_ids, last + 1

    @staticmethod
    def _awaiting_vote(sents: list[Sentence], motions: list[Found], n: int) -> Found | None:
        """The last motion before sentence `n` when its vote is not recorded yet and no decision came between."""
        before = [f for f in motions if f.last < n]
        if not before or before[-1].res.outcome:
            return None
        m = before[-1]
        if any(is_decision_sentence(sents[j].text) or read_motion(sents[j].text) for j in range(m.last + 1, n)):
            return None
        return m

    def _bare_votes(self, sents: list[Sentence], taken: set[int], motions: list[Found]) -> list[Found]:
        """Votes with no motion sentence: about the sentences before them in their paragraph."""
        out: list[Found] = []
        n = 0
        while n < len(sents):
            if n in taken or not is_vote_sentence(sents[n].text) or _ATTENDANCE_RE.match(sents[n].text):
                n += 1
                continue
            run = [n]
            while run[-1] + 1 < len(sents) and run[-1] + 1 not in taken and is_vote_sentence(sents[run[-1] + 1].text):
                run.append(run[-1] + 1)
            outcome, tally = read_vote(" ".join(sents[j].text for j in run))
            if not (outcome or tally):
                n = run[-1] + 1
                continue
            open_motion = self._awaiting_vote(sents, motions, n)
            if open_motion is not None:
                # the vote on a motion whose discussion ran long (Alameda Open Government Commission, item 3-A)
                open_motion.sents = open_motion.sents | frozenset(run)
                open_motion.res.outcome, open_motion.res.tally = outcome, open_motion.res.tally or tally
                taken.update(run)
                n = run[-1] + 1
                continue
            lead = lead_of(sents, n, taken, most=4)
            text_ids = lead + run[:1] if lead else run
            seconder = next((seconder_in(sents[j].text) for j in run if seconder_in(sents[j].text)), "")
            res = Resolution(text=strip_bullet(text_of(sents, text_ids)), page=sents[text_ids[0]].page,
                             seconder=seconder, outcome=outcome, tally=tally)
            out.append(Found(res=res, sents=frozenset(lead + run), kind="fragment", text_sents=frozenset(text_ids)))
            taken.update(run)
            n = run[-1] + 1
        return out
