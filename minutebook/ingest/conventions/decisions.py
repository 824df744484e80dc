"""Decisions: what the meeting resolved, agreed or voted on, wherever it sits in an item.

Conventions of the "decisions" family each return `Resolution`s for one item's
paragraphs; `extract_decisions` runs them all and keeps each decision once.

    python -m minutebook.ingest.conventions.decisions PACK.pdf
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from minutebook.ingest.conventions import Context, conventions, register
from minutebook.ingest.grammar import NAME_TOKEN
from minutebook.ingest.segment import Para
from minutebook.models import Resolution

__all__ = ["extract_decisions", "ResolvedBlocks", "Motions", "RESOLVED_RE"]

RESOLVED_RE = re.compile(r"^(?:it\s+was\s+)?(?:RESOLVED|AGREED|DECISION|DECIDED)\b\s*(?:[:\-–,]\s*)?", re.I)
SUB_RE = re.compile(r"^(?:[-•·▪●◦*]\s*)?\(?(?P<mark>[ivx]{1,5}|\d{1,2}|[a-z])[.)]\s+(?P<text>.+)$", re.I | re.S)


def extract_decisions(paras: Sequence[Para], context: Context) -> list[Resolution]:
    """Every decision in one item's paragraphs, in the order the conventions find them."""
    out: list[Resolution] = []
    for conv in conventions("decisions"):
        out.extend(conv.extract(paras, context))
    return out


@register
class ResolvedBlocks:
    """UK "RESOLVED" blocks: a set heading or capitals, then the decision and its numbered or (i)/(ii) parts."""

    name = "resolved_blocks"
    family = "decisions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Resolution]:
        found: list[Resolution] = []
        in_resolution = False
        for p in paras:
            text = p.text
            m = RESOLVED_RE.match(text)
            if m and (p.heading or text[: m.end()].strip(" :-–,").isupper()):
                in_resolution = True
                rest = text[m.end() :].strip()
                if rest:
                    found.extend(_resolution_parts(rest, p.page))
                continue
            if in_resolution:
                if _continues_resolution(text, found):
                    _add_resolution_text(found, text, p.page)
                    continue
                in_resolution = False
        return _distribute_intro(found)


def _distribute_intro(found: list[Resolution]) -> list[Resolution]:
    """'That the Board: i. Noted ... ii. Recommended ...' is two decisions, each read with its introduction."""
    out: list[Resolution] = []
    intro = ""
    for r in found:
        if r.text.endswith(":"):
            intro = r.text
            continue
        out.append(Resolution(text=f"{intro} {r.text}" if intro else r.text, page=r.page))
    return out if out or not intro else list(found)


def _continues_resolution(text: str, found: list[Resolution]) -> bool:
    """After RESOLVED: the decision text and its numbered parts, not the next paragraph of discussion."""
    if not found:
        return True
    return found[-1].text.endswith(":") or bool(SUB_RE.match(text)) or text.lower().startswith("that ")


def _resolution_parts(text: str, page: int) -> list[Resolution]:
    return [Resolution(text=_strip_mark(t), page=page) for t in _split_subs(text)]


def _add_resolution_text(found: list[Resolution], text: str, page: int) -> None:
    if found and found[-1].text.endswith(":") and not SUB_RE.match(text):
        found[-1] = Resolution(text=found[-1].text + " " + text, page=found[-1].page)
        return
    found.extend(_resolution_parts(text, page))


def _split_subs(text: str) -> list[str]:
    parts = re.split(r"\s(?=\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+[A-Z])", text)
    return [p.strip() for p in parts if p.strip()]


def _strip_mark(text: str) -> str:
    m = SUB_RE.match(text)
    return m.group("text").strip() if m else text.strip()


_MOVER_TITLE = (r"(?:(?:Vice\s+)?(?:Council\s?member|Commissioner|Mayor|Chair(?:person)?|Trustee|Board\s+Member|Member|"
                r"Director|Supervisor|President|Cllr\.?|Councillor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?")
MOVED_RE = re.compile(
    rf"(?P<mover>{_MOVER_TITLE}{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)\s+"
    r"(?:moved|made\s+a\s+motion|motioned)\s+(?P<what>[^.]*(?:\.(?!\s+[A-Z])[^.]*)*)\.",
)
SECONDED_RE = re.compile(
    rf"(?:(?P<seconder>{_MOVER_TITLE}{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)\s+seconded"
    rf"|seconded\s+by\s+(?P<seconder2>(?:\w+\.?\s+)?{NAME_TOKEN}))",
)
# "carried out" is work done, not a vote (Haringey minutes); the tally is bounded to the vote's own words.
OUTCOME_RE = re.compile(r"\b(carried(?!\s+out)|passed|adopted|failed|defeated|withdrawn|withdrew|lost)\b", re.I)
TALLY_RE = re.compile(
    r"\bayes\s*[:\-–]?\s*(?P<ayes>\d+)(?:[^.]{0,80}?\.?\s*noes\s*[:\-–]?\s*(?P<noes>\d+))?"
    r"|\bvote\b[^.]{0,30}?[-–]\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?|\b(unanimous(?:ly)?)\b",
    re.I,
)
_OUTCOMES = {"passed": "carried", "approved": "carried", "adopted": "carried", "defeated": "failed",
             "lost": "failed", "withdrew": "withdrawn"}


@register
class Motions:
    """US-style motions: mover, seconder, outcome and vote tally become a resolution.

    The seconder and the vote are often paragraphs of their own after the motion (Alameda minutes),
    so each motion reads on into the next few paragraphs, up to the next motion.
    """

    name = "motions"
    family = "decisions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Resolution]:
        out: list[Resolution] = []
        texts = [p.text for p in paras]
        for n, text in enumerate(texts):
            for m in MOVED_RE.finditer(text):
                after = " ".join([text[m.end() :], *texts[n + 1 : n + 4]])
                nxt = MOVED_RE.search(after)
                window = (after[: nxt.start()] if nxt else after)[:900]
                sec = SECONDED_RE.search(window)
                outcome = OUTCOME_RE.search(window)
                tally = TALLY_RE.search(window)
                what = re.sub(r"^(?:to\s+)?", "", m.group("what").strip())
                res = Resolution(
                    text=f"Motion: {what}." if what else m.group(0),
                    page=paras[n].page,
                    mover=m.group("mover").strip(),
                    seconder=((sec.group("seconder") or sec.group("seconder2")) or "").strip() if sec else "",
                )
                if outcome:
                    word = outcome.group(1).lower()
                    res.outcome = _OUTCOMES.get(word, word)
                if tally:
                    if tally.group("ayes"):
                        res.tally = f"{tally.group('ayes')}-{tally.group('noes') or 0}"
                    elif tally.group("a"):
                        res.tally = f"{tally.group('a')}-{tally.group('b')}"
                    else:
                        res.tally = "unanimous"
                out.append(res)
        return out


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
