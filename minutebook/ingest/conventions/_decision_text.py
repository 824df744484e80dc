"""What the decision conventions share: one item's text as sentences, findings over them, and the vote's words.

Every convention of the "decisions" family reads the same sentences of an item (`sentences`), so a finding
can say which sentences it stands on (`Found.sents`). Two findings that stand on a common sentence are one
decision told twice (a motion sentence that also says "was approved"); `combine` keeps it once, with the
text of the finding that states it best and the mover, seconder, outcome and tally of all of them.

spaCy is not loaded at this stage (parse runs before NLP), so the rules here read words and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["Sentence", "sentences", "Found", "combine", "SentenceConvention", "read_vote", "name_after", "name_before", "list_after",
           "lead_of", "text_of", "strip_bullet", "LIST_PART_RE"]

# ---------------------------------------------------------------------------------------------------------------
# Sentences

# Words that end with a full stop without ending the sentence: titles, "No. 16126", "Co.", "etc.".
_ABBREV = {
    "mr", "mrs", "ms", "mx", "dr", "cllr", "cllrs", "clir", "st", "no", "nos", "co", "inc", "ltd", "vs", "v", "etc",
    "eg", "ie", "approx", "rev", "revd", "prof", "jr", "sr", "cf", "para", "paras", "fig", "hon", "rt", "dept",
    "ref", "tel", "ext", "pp", "ave", "rd", "govt", "cttee", "cmte", "e.g", "i.e", "esq", "messrs", "sgt", "insp",
    "supt", "ch", "res", "min", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
}
# Bullet characters that run on inside one paragraph ("• Car park sign ... done. • Noticeboard ..."), including the
# private-use glyphs Word's symbol bullets extract as (Alameda minutes), and Word's "o" second-level bullet.
_BULLET_CHARS = "•●○▪■◦➢►Ø\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
_BULLET_SPLIT_RE = re.compile(rf"(?:(?<=\s)|^)(?:[{_BULLET_CHARS}]+|o(?=\s+[A-Z]))\s+|^[-*·‣⁃]\s+")
_END_RE = re.compile(r"[.!?](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]?[A-Z0-9£$*(])")
# "1. Agree to ...", "(ii) Noted ...", "a) ...": the mark that opens one part of a list.
LIST_PART_RE = re.compile(r"^\(?(?P<mark>[ivx]{1,5}|\d{1,2}|[a-h])[.)]\s+(?=\S)", re.I)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an item: where it sits (paragraph index, offsets in that paragraph's text) and its words."""

    idx: int
    para: int
    start: int
    end: int
    text: str
    page: int
    bullet: bool = False  # opened by a bullet character
    first: bool = False  # the first sentence of its paragraph
    heading: bool = False  # its paragraph is set as a heading


def sentences(paras: Sequence[Para]) -> list[Sentence]:
    """The sentences of an item's paragraphs, in reading order; bullets that run on in a paragraph split it too."""
    out: list[Sentence] = []
    for pi, p in enumerate(paras):
        text = p.text
        segs: list[tuple[int, int, bool]] = []
        cur, cur_bullet = 0, False
        for m in _BULLET_SPLIT_RE.finditer(text):
            if m.start() > 0:
                segs.append((cur, m.start(), cur_bullet))
            cur, cur_bullet = m.end(), True
        segs.append((cur, len(text), cur_bullet))
        k = 0
        for seg_start, seg_end, is_bullet in segs:
            for n, (s, e) in enumerate(_split_sentences(text, seg_start, seg_end)):
                chunk = text[s:e].strip()
                if not chunk:
                    continue
                lead = len(text[s:e]) - len(text[s:e].lstrip())
                out.append(Sentence(idx=len(out), para=pi, start=s + lead, end=s + lead + len(chunk), text=chunk,
                                    page=p.page, bullet=is_bullet and n == 0, first=k == 0, heading=p.heading))
                k += 1
    return out


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    cur = start
    for m in _END_RE.finditer(text, start, end):
        if text[m.start()] == "." and _abbreviation_before(text, m.start()):
            continue
        if re.fullmatch(r"\s*\(?(?:\d{1,3}|[ivxIVX]{1,5}|[a-zA-Z])", text[cur : m.start()]):
            continue  # the list mark of "1. Agree ...", "ii. Noted ...", "VI. Approval ..."
        out.append((cur, m.end()))
        cur = m.end()
    if text[cur:end].strip():
        out.append((cur, end))
    return out


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not word:
        return False
    w = word.group(1)
    if len(w) == 1 and w.isupper():
        return True  # an initial: "R. Healey", "A. J. Carter"
    return w.lower().strip(".") in _ABBREV


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _mark_follows(prev: str | None, mark: str) -> bool:
    m = mark.lower()
    if prev is None:
        return m in ("1", "a", "i")
    p = prev.lower()
    if p.isdigit() and m.isdigit():
        return int(m) == int(p) + 1
    if p in _ROMAN and m in _ROMAN and _ROMAN.index(m) == _ROMAN.index(p) + 1:
        return True
    return len(p) == 1 and len(m) == 1 and p.isalpha() and ord(m) == ord(p) + 1


def list_after(sents: Sequence[Sentence], i: int) -> list[int]:
    """The sentences of the list announced by sentence `i` ("... the following amendment:"): bullets, or parts
    marked 1, 2, 3 / a, b / i, ii in sequence, each with the rest of its paragraph. A numbered paragraph that does
    not continue the sequence ("6. Following the debate ...") ends it."""
    out: list[int] = []
    prev: str | None = None
    j = i + 1
    while j < len(sents):
        s = sents[j]
        if s.para == sents[i].para and not s.bullet:
            break
        m = LIST_PART_RE.match(s.text) if s.first or s.bullet else None
        if m and _mark_follows(prev, m.group("mark")):
            prev = m.group("mark")
        elif not (s.bullet and prev is None or s.bullet and prev == "•"):
            break
        else:
            prev = "•"
        out.append(j)
        j += 1
        while j < len(sents) and sents[j].para == s.para and not sents[j].bullet:
            if sents[j].text.rstrip().endswith(":"):
                return out  # "... Decisions made include:" opens a list of its own
            out.append(j)
            j += 1
    return out


def lead_of(sents: Sequence[Sentence], i: int, taken: set[int], most: int = 4) -> list[int]:
    """The sentences a bare vote or "Proposed by X" at `i` is about: those before it in its paragraph, or the last
    sentence of the paragraph before when it opens its own."""
    run: list[int] = []
    j = i - 1
    while j >= 0 and sents[j].para == sents[i].para and j not in taken and len(run) < most:
        run.insert(0, j)
        j -= 1
    if run or i == 0:
        return run
    prev = sents[i - 1]
    if prev.para == sents[i].para - 1 and (i - 1) not in taken and not prev.heading:
        return [i - 1]
    return []


# ---------------------------------------------------------------------------------------------------------------
# Names of movers and seconders

_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’\-.]*|[A-Z]{1,4}[a-z]?)$")
_LOWER_TITLE = {"member", "members", "mayor", "chair"}  # "Board member Yamashiro-Omi", "Vice chair Yuen"
_NOT_NAMES = {"A", "An", "The", "This", "That", "It", "Motion", "Motioned", "Moved", "Seconded", "Second", "Proposed",
              "All", "There", "On", "Following", "After", "Vote", "Result", "RESULT", "MOTION", "SECOND", "Approval",
              "Roll", "Call", "Meeting", "And", "By", "In", "At", "Upon", "Then"}


def name_after(text: str, pos: int) -> str:
    """The name printed from `pos` on: "Trustee Elton", "Board member Yamashiro-Omi", "RB", "the Leader"."""
    words: list[str] = []
    for m in re.finditer(r"\S+", text[pos:]):
        tok = m.group(0)
        core = tok.rstrip(",.;:)")
        if not words and core.lower() == "the":
            words.append(core)
            continue
        if core and (_NAME_WORD_RE.match(core) or (words and core.lower() in _LOWER_TITLE)):
            words.append(core)
            if core != tok or len(words) >= 6:
                break
            continue
        break
    if words and words[0].lower() == "the" and len(words) == 1:
        return ""
    if words and words[-1] in _NOT_NAMES:
        words.pop()
    return " ".join(words)


def name_before(text: str, pos: int) -> str:
    """The name printed just before `pos`: "Chair Soules" in "... Chair Soules made a motion"."""
    words: list[str] = []
    for tok in reversed(text[:pos].split()):
        if tok != tok.rstrip(",.;:–-") and words:
            break
        core = tok.strip("(")
        if core.lower() == "the" and words:
            words.insert(0, core)
            break
        if _NAME_WORD_RE.match(core) or (words and core.lower() in _LOWER_TITLE) or core.lower() == "member":
            if core in _NOT_NAMES and not words:
                break
            words.insert(0, core)
            if len(words) >= 6:
                break
            continue
        break
    while words and words[0] in _NOT_NAMES - {"The"}:
        words.pop(0)
    if words and words[0] == "The" and len(words) == 1:
        return ""
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------------
# Outcomes and tallies

# "carried out", "carried over", "passed on" are work done or handed on, not a vote (Haringey, Alameda minutes).
_OUTCOME_RE = re.compile(
    r"(?P<carried>\bcarried\b|\bcarries\b|\bpasse[sd]\b|\bpass\b(?=\s*\.)|\b(?:is|was|were|motion|stands?|unanimously|and|it)"
    r"\s+(?:unanimously\s+|duly\s+)?(?:approved|adopted|agreed|accepted)\b|^(?:motion\s+)?(?:approved|adopted)\b"
    r"|\ball\s+(?:were\s+|members\s+)?in\s+favou?r\b|\ball\s+(?:present\s+)?agreed\b|\bunanimous(?:ly)?\b|\bRESULT:\s*(?:APPROVED|ADOPTED|ACCEPTED|CARRIED|PASSED))"
    r"|(?P<failed>\bfailed\b|\bfails\b|\bdefeated\b|\blost\b|\bnot\s+carried\b|\bRESULT:\s*(?:FAILED|DEFEATED|DENIED))"
    r"|(?P<withdrawn>\bwithdrawn\b|\bwithdrew\b)",
    re.I | re.M,
)
_NOT_VOTE_RE = re.compile(r"^\s+(?:out|over|forward|on\s+to|onto|away|through|around)\b", re.I)
_BRACKET_TALLY_RE = re.compile(r"\[\s*(\d{1,2}(?:\s*-\s*\d{1,2}){1,3})\s*\]|\[\s*(UNANIMOUS)\s*\]", re.I)
_NUMERIC_TALLY_RE = re.compile(
    r"\b(?:carried|carries|passed|passes|failed|fails|approved|adopted|defeated|lost|elected|vote[ds]?|voting|by\s+a\s+vote\s+of)"
    r"\s+(?:by\s+)?(?:a\s+)?(?:vote\s+of\s+)?(\d{1,2})\s*[-–]\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?(?:\s*[-–]\s*(\d{1,2}))?\b",
    re.I,
)
_COUNTED_RE = re.compile(r"\b(ayes?|yeas?|in\s+favou?r|for)\s*[:\-–]?\s*(\d{1,2})\b.*?\b(noes|nays?|against)\s*[:\-–]?\s*(\d{1,2})\b",
                         re.I | re.S)
_LIST_COUNT_RE = re.compile(r"\b(ayes?|yeas?)\s*:[^.:]*?[-–]\s*(\d{1,2})\s*\.\s*(?:noes|nays?)\s*:[^.:]*?[-–]\s*(\d{1,2})", re.I)
_ROLL_RE = re.compile(r"[-–:]\s*(yes|aye|no|nay)\b", re.I)
_AYES_NAMES_RE = re.compile(r"\bAYES?\s*:\s*(?P<ayes>[^.]*?)(?=\s*\b(?:NAYS?|NOES)\s*:|\.|$)", re.I)
_NAYS_NAMES_RE = re.compile(r"\b(?:NAYS?|NOES)\s*:\s*(?P<nays>[^.]*?)(?=\s*\b(?:ABSTAIN\w*|ABSENT|RECUSED|EXCUSED)\s*:|\.|$)", re.I)
_OUTCOME_WORDS = {"carried": "carried", "failed": "failed", "withdrawn": "withdrawn"}


def read_vote(text: str) -> tuple[str, str]:
    """(outcome, tally) from a motion's own words and the vote recorded after it.

    The outcome is the last one stated ("seconded the motion, which required four votes and failed ..."); the tally
    is a printed count ("passed 6-0", "[4-2-1-1]", "Ayes: ... - 3. Noes: ... - 2"), else a roll call counted, else
    "unanimous"."""
    outcome = ""
    for m in _OUTCOME_RE.finditer(text):
        if m.group("carried") and m.group("carried").lower() in ("carried", "passed") and _NOT_VOTE_RE.match(text[m.end():]):
            continue
        outcome = next(k for k in ("carried", "failed", "withdrawn") if m.group(k))
    return outcome, _tally(text)


def _tally(text: str) -> str:
    b = _BRACKET_TALLY_RE.search(text)
    if b:
        return re.sub(r"\s+", "", b.group(1)) if b.group(1) else "unanimous"
    n = _NUMERIC_TALLY_RE.search(text)
    if n:
        return "-".join(g for g in n.groups() if g)
    c = _LIST_COUNT_RE.search(text)
    if c:
        return f"{c.group(2)}-{c.group(3)}"
    c = _COUNTED_RE.search(text)
    if c:
        return f"{c.group(2)}-{c.group(4)}"
    if re.search(r"\bunanimous(?:ly)?\b", text, re.I):
        return "unanimous"
    rolls = [r.group(1).lower() for r in _ROLL_RE.finditer(text)]
    if len(rolls) >= 3:
        yes = sum(r in ("yes", "aye") for r in rolls)
        return f"{yes}-{len(rolls) - yes}"
    ayes = _AYES_NAMES_RE.search(text)
    if ayes and ayes.group("ayes").strip():
        nays = _NAYS_NAMES_RE.search(text)
        n_nays = _count_names(nays.group("nays")) if nays else 0
        return f"{_count_names(ayes.group('ayes'))}-{n_nays}"
    return ""


def _count_names(names: str) -> int:
    names = re.sub(r"\b(?:vice\s+)?(?:president|chair|mayor)\b|\bboard\s+members?\b|\bcommissioners?\b|\bcouncil\s?members?\b"
                   r"|\btrustees?\b|\bsupervisor\b", "", names, flags=re.I)
    if re.fullmatch(r"\s*(?:none|nil|0)?\s*", names, re.I):
        return 0
    return len([p for p in re.split(r",|\band\b", names) if re.search(r"[A-Za-z]", p)])


# ---------------------------------------------------------------------------------------------------------------
# Findings and how they combine

# Which finding's text states a decision best when two stand on the same sentence.
RANK = {"resolved": 5, "motion": 4, "prose": 3, "vote_block": 2, "fragment": 1}


@dataclass(slots=True)
class Found:
    """One decision a convention found: the resolution and the item sentences it stands on."""

    res: Resolution
    sents: frozenset[int]
    kind: str  # a key of RANK
    group: int = -1  # the parts of one RESOLVED block share a group and stay apart
    text_sents: frozenset[int] = field(default_factory=frozenset)  # the sentences its text is made of
    narrative: bool = False  # a prose "agreed" that a RESOLVED block in the same item states formally, if it has one

    @property
    def first(self) -> int:
        return min(self.text_sents or self.sents)

    @property
    def last(self) -> int:
        return max(self.sents)


class SentenceConvention:
    """A decisions convention that reads the item's shared sentences: `find` says what it stands on, and `extract`
    (the protocol's method, used when it runs alone) combines its own findings."""

    def extract(self, paras: Sequence[Para], context: object) -> list[Resolution]:
        return combine(self.find(paras, context, sentences(paras)))

    def find(self, paras: Sequence[Para], context: object, sents: list[Sentence]) -> list[Found]:
        raise NotImplementedError


def combine(found: list[Found]) -> list[Resolution]:
    """Each decision once, in reading order.

    A motion that is the same decision as the RESOLVED parts it precedes or shares a sentence with gives them its
    mover, seconder and vote and is not listed again (Kent Cabinet minutes, item 83); findings that share a sentence
    become one, with the text of the best-ranked among them."""
    items = sorted(found, key=lambda f: (f.first, -RANK[f.kind]))
    resolved = [f for f in items if f.kind == "resolved"]
    if resolved:
        # Where an item records its decisions in a RESOLVED block, the narrative's "The Partnership agreed on this
        # form of analysis" is discussion (Haringey minutes, item 90); an "agreed to the following amendment:" that
        # sets out terms of its own is still a decision (Kent Cabinet minutes, minute 83).
        blocked = frozenset().union(*(r.sents for r in resolved))
        items = [f for f in items if not (f.narrative and not f.sents & blocked)]
    kept: list[Found] = []
    for f in items:
        if f.kind in ("motion", "fragment", "vote_block") and resolved and f.res.outcome not in ("failed", "withdrawn"):
            parts = _resolved_parts_of(f, resolved)
            if parts:
                for r in parts:
                    _take_fields(r.res, f.res)
                    r.res.outcome = r.res.outcome or "carried"  # RESOLVED records the motion as carried
                continue
        kept.append(f)
    merged: list[Found] = []
    for f in kept:
        home = next((m for m in merged if m.sents & f.sents and not (m.group >= 0 and m.group == f.group)
                     and not (m.kind == "resolved" and f.kind == "resolved")), None)
        if home is None:
            merged.append(Found(res=_copy(f.res), sents=f.sents, kind=f.kind, group=f.group, text_sents=f.text_sents))
            continue
        if RANK[f.kind] > RANK[home.kind]:
            old = home.res
            home.res = _copy(f.res)
            _take_fields(home.res, old)
            home.kind, home.group, home.text_sents = f.kind, f.group, f.text_sents
        else:
            _take_fields(home.res, f.res)
        home.sents = home.sents | f.sents
    merged.sort(key=lambda f: f.first)
    return [f.res for f in merged]


def _resolved_parts_of(f: Found, resolved: list[Found]) -> list[Found]:
    """The RESOLVED block a motion records: one it shares a sentence with, or one that opens right after it."""
    hit = next((r for r in resolved if r.sents & f.sents), None)
    if hit is None:
        after = [r for r in resolved if r.first > f.last]
        if after and after[0].first - f.last <= 2:
            hit = after[0]
    if hit is None:
        return []
    return [r for r in resolved if r.group == hit.group]


def _take_fields(into: Resolution, other: Resolution) -> None:
    into.mover = into.mover or other.mover
    into.seconder = into.seconder or other.seconder
    into.outcome = into.outcome or other.outcome
    into.tally = into.tally or other.tally


def _copy(r: Resolution) -> Resolution:
    return Resolution(text=r.text, page=r.page, mover=r.mover, seconder=r.seconder, outcome=r.outcome, tally=r.tally)


_PARA_MARK_RE = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|\(?[ivx]{1,4}[.)])\s+(?=[A-Z(])")


def text_of(sents: Sequence[Sentence], ids: Sequence[int]) -> str:
    """The document's own words for a run of sentences, joined with single spaces, without the paragraph's own
    number ("5. Mr Love suggested ..." is the sentence "Mr Love suggested ...")."""
    text = " ".join(sents[i].text for i in sorted(ids))
    return _PARA_MARK_RE.sub("", text, count=1)


def strip_bullet(text: str) -> str:
    return re.sub(rf"^[{_BULLET_CHARS}]\s*", "", text)
