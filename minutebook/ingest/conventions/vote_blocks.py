"""Vote blocks: labelled lines that record one vote (Granicus/iQM2 and Legistar minutes).

    RESULT: APPROVED [UNANIMOUS]
    MOTION BY: Mashack SECOND: Brown AYES: Mashack, Brown, ... ABSENT: Hernandez

The block is one decision; its text is the block as printed (East Palo Alto minutes, items 2 and 4, print no
motion sentence), with mover, seconder, outcome ("RESULT: FAILED" is a decision too) and tally
("[4-2-1-1]", "[UNANIMOUS]", else the AYES and NAYS counted). Where a motion sentence comes before the block,
`Motions` reads the block as that motion's vote and the two are one decision.
A block of "Moved: / Seconded:" labels with no RESULT is about the sentence before it.
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
    read_vote,
    text_of,
)
from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["VoteBlocks"]

_CAPS_LABELS = (r"RESULT|MOTION\s+BY|MOVED\s+BY|MOVER|MOVED|SECONDED\s+BY|SECONDER|SECOND|AYES|AYE|YEAS|NAYS|NAY|NOES|"
                r"ABSTAIN(?:ED|S)?|ABSTENTIONS?|ABSENT|RECUSED|EXCUSED")
_LABEL_RE = re.compile(rf"\b(?P<label>{_CAPS_LABELS})\s*:")
_TITLE_LABEL_RE = re.compile(r"^(?P<label>Result|Motion\s+by|Moved(?:\s+by)?|Mover|Seconded(?:\s+by)?|Second|Seconder)\s*:", re.I)
_MOVER_LABELS = ("MOTION BY", "MOVED BY", "MOVER", "MOVED")
_SECOND_LABELS = ("SECONDED BY", "SECONDER", "SECOND")


def _labels(text: str) -> list[tuple[str, int, int]]:
    """(label, where its value starts, where it ends) for each label of a block line."""
    found = [(re.sub(r"\s+", " ", m.group("label")).upper(), m.start(), m.end()) for m in _LABEL_RE.finditer(text)]
    if not found:
        m = _TITLE_LABEL_RE.match(text)
        if m:
            found = [(re.sub(r"\s+", " ", m.group("label")).upper(), m.start(), m.end())]
            found += [(re.sub(r"\s+", " ", x.group("label")).upper(), x.start(), x.end())
                      for x in _TITLE_LABEL_RE.finditer(text, m.end())]
    out = []
    for n, (label, _start, end) in enumerate(found):
        stop = found[n + 1][1] if n + 1 < len(found) else len(text)
        out.append((label, end, stop))
    return out


@register
class VoteBlocks(SentenceConvention):
    """One decision per block of RESULT / MOTION BY / SECOND / AYES / NAYS lines."""

    name = "vote_blocks"
    family = "decisions"

    def find(self, paras: Sequence[Para], context: Context, sents: list[Sentence]) -> list[Found]:
        out: list[Found] = []
        n = 0
        while n < len(sents):
            if not _opens_block(sents[n]):
                n += 1
                continue
            run = [n]
            while run[-1] + 1 < len(sents) and _opens_block(sents[run[-1] + 1]) and not _starts_result(sents[run[-1] + 1]):
                run.append(run[-1] + 1)
            fields: dict[str, str] = {}
            for j in run:
                t = sents[j].text
                for label, s, e in _labels(t):
                    fields.setdefault(label, t[s:e].strip(" .;,"))
            mover = next((fields[k] for k in _MOVER_LABELS if fields.get(k)), "")
            seconder = next((fields[k] for k in _SECOND_LABELS if fields.get(k)), "")
            if not ("RESULT" in fields or (mover and seconder)):
                n = run[-1] + 1
                continue
            block = " ".join(sents[j].text for j in run)
            outcome, tally = read_vote(block)
            result = fields.get("RESULT", "").upper()
            if result:
                outcome = ("failed" if re.search(r"FAIL|DEFEAT|DENI|LOST", result) else
                           "withdrawn" if "WITHDRAW" in result else
                           "carried" if re.search(r"APPROV|ADOPT|ACCEPT|CARRI|PASS", result) else "")
            lead = [] if "RESULT" in fields else lead_of(sents, n, set(), most=1)
            ids = lead + run
            res = Resolution(text=text_of(sents, ids), page=sents[ids[0]].page, mover=mover, seconder=seconder,
                             outcome=outcome, tally=tally)
            out.append(Found(res=res, sents=frozenset(ids), kind="vote_block", text_sents=frozenset(ids)))
            n = run[-1] + 1
        return out


def _opens_block(s: Sentence) -> bool:
    labels = _labels(s.text)
    return bool(labels) and re.sub(r"\s+", " ", s.text[: labels[0][1]].strip(" :")).upper() == labels[0][0]


def _starts_result(s: Sentence) -> bool:
    return s.text.strip().upper().startswith("RESULT")
