"""Helpers shared by the structural action conventions (`action_*`): the roster a convention resolves owners
with, the sentences of a passage, and which of them states the work a marker points at.

Plain regular expressions, no spaCy: the structure (a column, a table cell, a summary list) already says
there is an action; these helpers only choose its words and its owners.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from minutebook.ingest.conventions import Context
from minutebook.ingest.grammar import BULLETS, NAME_TOKEN, TITLES
from minutebook.ingest.owners import Roster, initials_of, is_org_like, is_role_like
from minutebook.models import Action

__all__ = ["roster_of", "sentences", "work_sentence", "segments", "owners_of", "initials_owner", "names_in",
           "new_action", "tidy", "WORK_RE", "SEGMENT_RE"]

# Bullets that separate entries inside one paragraph: the grammar's bullets without the dash and the asterisk
# (both also used inside a sentence), plus the Symbol-font bullet U+F0B7 that Word exports print as
# (Ayton 2016 p2, Ayton 2019 p2).
_SEGMENT_MARKS = "".join(ch for ch in BULLETS if ch not in "-*") + "\uf0b7"
SEGMENT_RE = re.compile(rf"\s*[{re.escape(_SEGMENT_MARKS)}]\s*")
_SENT_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")
# A full stop that ends no sentence: a title ("Rev. Basil Straker", Bronx CB12 p1), an initial, "e.g.".
_ABBR_END_RE = re.compile(rf"(?:^|\s)(?:{TITLES}|[A-Z]\.|e\.g\.|i\.e\.|etc\.|approx\.|No\.|St\.)$")
# Words that say a sentence owes work rather than reports it: a modal, "to be done", "still to", "awaited",
# "agreed to", "asked to", a need.
WORK_RE = re.compile(
    r"\b(?:would|will|shall|should|must|to\s+be|still\s+to|yet\s+to|had\s+still\s+to|awaited|agreed|volunteered|"
    r"offered|undertook|asked|advised\s+to|directed|requested|needs?(?:ed)?|required?|require[sd]|to\s+(?:contact|"
    r"arrange|check|write|speak|send|ask|obtain|confirm|draft|prepare|organise|organize|circulate|investigate|"
    r"follow|review|report|consider|look|place|add|put|bring))\b",
    re.I,
)
_NOT_WORK_RE = re.compile(r"\b(?:had\s+been|has\s+been|have\s+been|was\s+completed|were\s+completed)\b", re.I)


def roster_of(context: Context) -> Roster:
    """The meeting's roster when the caller passes one (`extra["roster"]`), else one built from the context."""
    roster = context.extra.get("roster")
    if isinstance(roster, Roster):
        return roster
    return Roster(list(context.people), body=context.body, chair=str(context.extra.get("chair", "")))


def segments(text: str) -> list[str]:
    """A paragraph's bulleted entries (the text before the first bullet is an entry too, when it has words)."""
    return [s.strip() for s in SEGMENT_RE.split(text) if re.search(r"[A-Za-z]{2}", s)]


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENT_END_RE.split(text):
        if out and _ABBR_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if re.search(r"[A-Za-z]{2}", s)]


def work_sentence(text: str, hint: Iterable[str] = ()) -> str:
    """The sentence of `text` that states the work a marker after it points at.

    The last sentence that states work, preferring one that names an owner in `hint`; else the last sentence.
    "Clock Tower Flagpole - RB advised that the reinstatement of the flagpole was imminent. Notices would be
    placed in the Berwickshire News ... GD" -> "Notices would be placed ..." (Ayton 2016 p2); "VE Day 75th
    Anniversary - discussions were still to be had ... CC advised that Paul Hyde was in favour ... KC" -> the
    first (Ayton 2019 p2).
    """
    sents = sentences(text)
    if not sents:
        return text.strip()
    working = [s for s in sents if WORK_RE.search(s) and not _NOT_WORK_RE.search(s)]
    named = [s for s in working if any(re.search(rf"(?<![A-Za-z]){re.escape(h)}(?![A-Za-z])", s) for h in hint if h)]
    return tidy((named or working or sents)[-1])


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ;,")
    return re.sub(r"\s+([,.;:)?])", r"\1", text)


def _longer_variant(name: str, token: str) -> str:
    """'Margaret Carey', 'MC' -> 'MCa': the initials with the surname's next letter, as a list tells two
    holders of the same initials apart."""
    surname = name.split()[-1]
    return token + surname[1:2].lower() if len(surname) > 1 else ""


def initials_owner(token: str, roster: Roster, known_names: Iterable[str] = (), used: Iterable[str] = ()) -> str | None:
    """The person a set of initials in an action column names.

    Initials the lists declare come first, compared exactly ("MCa" is Margaret Carey and "MC" Michael Cook,
    Ayton 2016 p1), then the roster's own resolution (initials derived from the present and apologies lists),
    then the one full name printed elsewhere in the minutes with those initials ("MA" for "Maureen Anton",
    named only in Ayton 2016 item 10). Where two people share derived initials and the minutes write one of
    them with a longer form (`used` holds the initials the minutes print: "MCa"), the short form is the other.
    """
    token = token.strip(" .")
    declared = [p.name for p in roster.people
                if token in (p.initials.strip("()"), p.organisation.strip("()"), p.role.strip("()"))]
    if len(set(declared)) == 1:
        return declared[0]
    if re.fullmatch(r"[A-Z]{2}[a-z]", token):
        # "MCa": a first initial and the surname's first letters, telling Margaret Carey from Michael Cook
        hits = {p.name for p in roster.people if len(p.name.split()) >= 2 and p.name[0] == token[0]
                and p.name.split()[-1].lower().startswith(token[1:].lower())}
        if len(hits) == 1:
            return hits.pop()
    if re.fullmatch(r"[A-Z]{2,4}", token):
        name = roster.resolve_one(token)
        if name and name in roster.names:
            return name
        taken = set(used)
        sharing = [p.name for p in roster.people if token in initials_of(p.name)]
        rest = [n for n in sharing if _longer_variant(n, token) not in taken]
        if len(sharing) > 1 and len(rest) == 1:
            return rest[0]
        hits = {n for n in known_names if token in initials_of(n) and not is_role_like(n) and not is_org_like(n)}
        if len(hits) == 1:
            return hits.pop()
    return None


def names_in(text: str) -> set[str]:
    """Two- or three-word capitalised runs: the full names a document prints in passing."""
    return {m.group(0) for m in re.finditer(rf"\b{NAME_TOKEN}\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?\b", text)}


def owners_of(mention: str, roster: Roster) -> tuple[list[str], list[str]]:
    """(owners, unresolved) for an owner written out in a cell or a heading: "Kay Dicken/Clerk", "Clerk"."""
    got = roster.resolve(mention)
    return got.owners, got.unresolved


def new_action(text: str, page: int, owners: list[str], raw: str, unresolved: list[str] | None = None,
               due: str | None = None) -> Action:
    return Action(text=text, page=page, owners=list(dict.fromkeys(owners)), owners_raw=raw,
                  unresolved=list(unresolved or []), explicit=True, due=due)
