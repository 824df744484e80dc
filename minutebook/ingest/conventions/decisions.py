"""Decisions: what the meeting resolved, agreed or voted on, wherever it sits in an item.

Conventions of the "decisions" family each read one item's paragraphs: `ResolvedBlocks` here (UK "RESOLVED"
blocks), `Motions` (mover, seconder, vote), `ProseDecisions` ("it was agreed", "the Councillors resolved",
"The minutes were approved") and `VoteBlocks` (Granicus "RESULT: / MOTION BY: / SECOND:" blocks).
`extract_decisions` runs them all over the same sentences and keeps each decision once: a motion that records
the RESOLVED parts after it gives them its mover and seconder, and findings that share a sentence are one.
Each `Resolution.text` is the document's own sentence.

    python -m minutebook.ingest.conventions.decisions PACK.pdf
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from minutebook.ingest.conventions import Context, conventions, register
from minutebook.ingest.conventions._decision_text import (
    LIST_PART_RE,
    Found,
    Sentence,
    SentenceConvention,
    combine,
    sentences,
)
from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["extract_decisions", "ResolvedBlocks", "RESOLVED_RE"]

RESOLVED_RE = re.compile(r"^(?:it\s+was\s+)?(?:RESOLVED|AGREED|DECISION|DECIDED)\b\s*(?:[:\-–,]\s*)?", re.I)
SUB_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[ivx]{1,5}|\d{1,2}|[a-z])[.)]\s+(?P<text>.+)$", re.I | re.S)

# "RESOLVED", "3. RESOLVED that", "It was AGREED:", "Resolved: That", "DECISION -" at the start of a paragraph.
_OPEN_RE = re.compile(
    r"^(?P<num>\(?\d{1,2}[.)]\s+)?(?P<marker>(?:it\s+was\s+)?(?:(?:unanimously|further|also)\s+)?"
    r"(?P<word>RESOLVED|AGREED|DECIDED|DECISION)\b)\s*(?P<punct>[:\-–,]\s*)?",
    re.I,
)
# "... seconded by Cllr B and RESOLVED that ...": the capitals mark a decision inside a sentence.
_INLINE_RE = re.compile(r"(?<=[\s,(])(?:it\s+was\s+|and\s+)?(?:unanimously\s+)?RESOLVED\b(?=\s*(?:that\b|to\b|[:\-–]))")
# The verbs that open each decision of a RESOLVED sentence ("that Cabinet note ...; and agree to delegate ...").
_PART_VERB = (r"(?:note|notes|noted|agree|agrees|agreed|approve|approves|approved|delegate|delegates|request|requests|"
              r"endorse|endorses|endorsed|adopt|adopts|adopted|accept|accepts|accepted|authorise|authorize|"
              r"recommend|recommends|ask|asks|instruct|support|supports|receive|receives|welcome|thank|defer|confirm|"
              r"agree\s+to)")
_AND_PART_RE = re.compile(rf";\s+and\s+(?={_PART_VERB}\b)", re.I)
_SUBJECT_RE = re.compile(rf"^(?P<head>.*?\bthat\s+.+?)\s+(?={_PART_VERB}\b)", re.I | re.S)


def extract_decisions(paras: Sequence[Para], context: Context) -> list[Resolution]:
    """Every decision in one item's paragraphs, once each, in reading order."""
    found: list[Found] = []
    sents = sentences(paras)
    for conv in conventions("decisions"):
        find = getattr(conv, "find", None)
        if find is None:  # a convention that only lists resolutions stands on no sentence of its own
            found.extend(Found(res=r, sents=frozenset({-1 - n}), kind="prose") for n, r in enumerate(conv.extract(paras, context)))
            continue
        found.extend(find(paras, context, sents))
    return combine(found)


@register
class ResolvedBlocks(SentenceConvention):
    """UK "RESOLVED" blocks: a set heading or capitals, then the decision and its numbered or (i)/(ii) parts.

    "RESOLVED that Cabinet: 1. ...; 2. ...; and 3. ..." is three decisions, each read with its introduction; so is
    "RESOLVED that Cabinet note ...; and agree to delegate ..." (Kent Cabinet minutes, minute 80)."""

    name = "resolved_blocks"
    family = "decisions"

    def find(self, paras: Sequence[Para], context: Context, sents: list[Sentence]) -> list[Found]:
        out: list[Found] = []
        group = 0
        i = 0
        while i < len(paras):
            opened = _opening(paras[i], sents, i)
            if opened is None:
                i += 1
                continue
            group += 1
            start, rest_at = opened
            block = _Block(paras, sents, group)
            text = paras[i].text
            rest = text[rest_at:].strip()
            if rest:
                block.inline(i, start, rest_at)
            else:
                block.header = [s.idx for s in sents if s.para == i]
            i += 1
            while i < len(paras) and block.continues(paras[i]):
                block.add_para(i)
                i += 1
            out.extend(block.found)
        return out


def _opening(p: Para, sents: list[Sentence], pi: int) -> tuple[int, int] | None:
    """(where the decision's text starts, where its words after the marker start) when a paragraph opens a block."""
    m = _OPEN_RE.match(p.text)
    if m:
        word = m.group("word")
        rest = p.text[m.end():]
        if word.isupper() or p.heading:
            return m.start("marker"), m.end()
        if m.group("punct") or re.match(r"that\b", rest, re.I):  # "Resolved: That ...", "Agreed that ..."
            return m.start("marker"), m.end()
        return None
    inline = _INLINE_RE.search(p.text)
    if inline and re.search(r"\bBE\s+IT\s+(?:FURTHER\s+|FINALLY\s+)?$", p.text[: inline.start()], re.I):
        inline = None  # "NOW, THEREFORE, BE IT RESOLVED" is the wording of a resolution moved, not the minute's record
    if inline:
        s = next((s for s in sents if s.para == pi and s.start <= inline.start() < s.end), None)
        at = re.match(r"\s*(?:it\s+was\s+|and\s+)?(?:unanimously\s+)?RESOLVED\b\s*(?:[:\-–]\s*)?", p.text[inline.start():])
        return (s.start if s else inline.start()), inline.start() + (at.end() if at else 0)
    return None


class _Block:
    """The parts of one RESOLVED block as they are read, paragraph by paragraph."""

    def __init__(self, paras: Sequence[Para], sents: list[Sentence], group: int) -> None:
        self.paras, self.sents, self.group = paras, sents, group
        self.intro = ""  # "RESOLVED that Cabinet:", "That the Board:": read before each part
        self.header: list[int] = []  # sentences of the opening that are no part's own text
        self.found: list[Found] = []
        self.listed = False  # the parts so far carried list marks

    def _sents_of(self, pi: int, start: int, end: int) -> frozenset[int]:
        return frozenset(s.idx for s in self.sents if s.para == pi and s.start < end and s.end > start)

    def _add(self, text: str, pi: int, start: int, end: int) -> None:
        own = self._sents_of(pi, start, end)
        extra = frozenset(self.header) if not self.found else frozenset()
        body = _clean_part(text)
        full = f"{self.intro} {body}" if self.intro else body
        self.found.append(Found(res=Resolution(text=full, page=self.paras[pi].page), sents=own | extra, kind="resolved",
                                group=self.group, text_sents=own))

    def inline(self, pi: int, start: int, rest_at: int) -> None:
        text = self.paras[pi].text
        pieces = _split_subs(text, rest_at)
        if len(pieces) > 1 and text[start:pieces[1][0]].rstrip().endswith(":"):
            self.intro = text[start:pieces[1][0]].strip()
            self.header = sorted(self._sents_of(pi, start, pieces[1][0]))
            for s, e in pieces[1:]:
                self._add(text[s:e], pi, s, e)
            self.listed = True
            return
        whole = text[start:].strip()
        if whole.endswith(":"):
            self.intro = whole
            self.header = sorted(self._sents_of(pi, start, len(text)))
            return
        if len(pieces) > 1 and all(LIST_PART_RE.match(text[s:e]) for s, e in pieces[1:]):
            # "RESOLVED: That (a) ...; (b) ..." or "Resolved: (1) That ... (2) That ...": each part with the words before it
            marked = bool(LIST_PART_RE.match(text[pieces[0][0]:pieces[0][1]]))
            self.intro = text[start:rest_at if marked else pieces[1][0]].strip()
            for s, e in pieces if marked else pieces[1:]:
                self._add(text[s:e], pi, s, e)
            self.listed = True
            return
        cuts = list(_AND_PART_RE.finditer(text, start))
        subject = _SUBJECT_RE.match(text[start:])
        if cuts and subject:
            head = subject.group("head").strip()
            bounds = [start] + [c.end() for c in cuts]
            ends = [c.start() for c in cuts] + [len(text)]
            for n, (s, e) in enumerate(zip(bounds, ends)):
                piece = text[s:e].strip()
                self._add(piece if n == 0 else f"{head} {piece}", pi, s, e)
            return
        self._add(whole, pi, start, len(text))

    def continues(self, p: Para) -> bool:
        """After RESOLVED: the decision and its parts, not the next paragraph of discussion or the next minute."""
        text = p.text
        opened = _OPEN_RE.match(text)
        if opened and (opened.group("word").isupper() or p.heading):
            return False
        if not self.found:
            return True  # the decision under a bare "RESOLVED" heading, or the parts an introduction announced
        if SUB_RE.match(text) and (self.intro.endswith(":") or self.listed):
            return True
        return bool(re.match(r"that\s", text, re.I)) and not self.intro

    def add_para(self, pi: int) -> None:
        text = self.paras[pi].text
        if not self.found and text.rstrip().endswith(":") and not SUB_RE.match(text):
            self.intro = f"{self.intro} {text.strip()}".strip()
            self.header += [s.idx for s in self.sents if s.para == pi]
            return
        pieces = _split_subs(text, 0)
        if len(pieces) > 1 and all(LIST_PART_RE.match(text[s:e]) for s, e in pieces):
            for s, e in pieces:
                self._add(text[s:e], pi, s, e)
        else:
            self._add(text, pi, 0, len(text))
        self.listed = self.listed or bool(SUB_RE.match(text))


def _split_subs(text: str, start: int) -> list[tuple[int, int]]:
    """Offsets of the parts "(i) ... (ii) ..." or "1. ... 2. ..." that run on inside one paragraph."""
    cuts = [m.start() + 1 for m in re.finditer(r"\s(?=\((?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s+[A-Za-z]"
                                                r"|\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+[A-Z])", text[start:])]
    bounds = [start] + [start + c for c in cuts]
    out = []
    for n, s in enumerate(bounds):
        e = bounds[n + 1] if n + 1 < len(bounds) else len(text)
        if text[s:e].strip():
            out.append((s, e))
    return out


def _clean_part(text: str) -> str:
    """A part's own words: without its list mark or the '; and' that joins it to the next."""
    m = SUB_RE.match(text.strip())
    body = m.group("text") if m else text
    return re.sub(r"(?:\s*;\s*(?:and|or)|\s+(?:and|or)|\s*[;,])\s*$", "", body.strip()) or body.strip()


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        for it in m.items:
            for r in it.resolutions:
                print(f"{m.date} {it.number:>6} p{r.page}: {r.text[:110]} | {r.mover} / {r.seconder} {r.outcome} {r.tally}")


if __name__ == "__main__":
    main()
