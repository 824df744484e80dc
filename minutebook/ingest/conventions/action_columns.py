"""Convention `action_columns`: an "Items | Action" layout whose right-hand column holds the owners' initials.

Text extraction prints the column value after the words of its line: at the end of a bullet ("... a way
forward. KC/GD/IK", Ayton 2019 p2), at the end of a paragraph without a full stop before it ("... on Monday 12
September 2016 IK", Ayton 2016 p3), or between two sentences ("... a response to SBC. JS/GD An application to
install ...", Ayton 2016 p2). Each value closes an entry; the action is the sentence of that entry that states
the work, and the initials are resolved from the attendance lists. An entry with no value in the column is
not an action.

    python -m minutebook.ingest.conventions.action_columns "text ... GD" [Name INITIALS ...]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._action_text import (
    initials_owner,
    names_in,
    new_action,
    roster_of,
    segments,
    work_sentence,
)
from minutebook.ingest.dates import MONTHS
from minutebook.ingest.grammar import ROLE
from minutebook.ingest.owners import Roster
from minutebook.ingest.segment import Para
from minutebook.models import Action, Person

__all__ = ["ActionColumns", "column_entries"]

# "GD", "MCa" (a second holder of the same initials, Ayton 2016 p1), "JS/GD", "KC/GD/IK"
_INIT = r"[A-Z]{2,3}|[A-Z]{2}[a-z]"
_GROUP = rf"(?:{_INIT})(?:\s*/\s*(?:{_INIT}))*"
# A "When" value after the initials, ending the entry: "... new bulbs. KC Nov", "JS asap"
_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))
_WHEN = (rf"(?i:(?:(?:by|end|early|mid|late)\s+)?(?:{_MONTHS})\.?(?:\s+\d{{2,4}})?|asap|ongoing|tbc|next\s+meeting"
         r"|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)")
WHEN_TAIL_RE = re.compile(rf"^\s*(?P<when>{_WHEN})\s*$")
# The value at the end of an entry: after a sentence end, or after a word that is not a preposition or "and"
# ("notified to JS" is the owner column; "submitted to SBC" ends with a full stop, so it is not).
END_RE = re.compile(rf"(?:(?<=[.!?;:)])|(?<=[\w’']))\s+(?P<who>{_GROUP}|[A-Z])(?:\s+{_WHEN})?\s*$")
# The value between two sentences: after a full stop, before a capitalised word ("kiosks. JS JF spoke about" ->
# "JS"; "GD presented the report" after a full stop is a subject, not a column value).
MID_RE = re.compile(rf"(?<=[.!?])\s+(?P<who>{_GROUP})\s+(?=[A-Z])")
# A column of posts or names rather than initials ("... to the Highways department. Clerk"): only after a full
# stop at the very end of an entry, where no sentence ends with a bare post or name.
_NAMEW = r"[A-Z][a-z][A-Za-z'’\-]*"  # "Mick", "Jon Stride"; capitals are initials, read by END_RE
_WORD = rf"(?:{ROLE}|All|{_NAMEW}(?:\s+{_NAMEW})?)"
_ABBREV_RE = re.compile(r"\b(?:e\.\s?g|i\.\s?e|etc|viz|approx)\.$", re.I)
END_WORD_RE = re.compile(rf"(?<=[.!?])\s+(?P<who>{_WORD}(?:\s*(?:/|&)\s*{_WORD}){{0,3}})\s*$")
_ROLE_RE = re.compile(rf"^(?:{ROLE}|All)$")
_WEAK_BEFORE = {"to", "by", "from", "and", "or", "with", "of", "for", "the", "at", "in", "on", "via", "cc"}


@dataclass(frozen=True, slots=True)
class ColumnEntry:
    """One entry of the column layout: the text it closes and the initials printed against it."""

    text: str
    who: str
    owners: tuple[str, ...]
    page: int
    when: str = ""  # a "When" value printed after the initials ("KC Nov")


def _resolve_group(who: str, entry: str, roster: Roster, known: set[str], used: set[str]) -> list[str] | None:
    owners: list[str] = []
    for tok in re.split(r"\s*/\s*", who.strip()):
        if len(tok) == 1:
            # a value cut short by the margin ("J" for "JS", Ayton 2016 p2): the one set of initials in the
            # entry that it begins
            inside = {t for t in re.findall(rf"\b(?:{_INIT})\b", entry) if t.startswith(tok)}
            tok = inside.pop() if len(inside) == 1 else tok
        name = initials_owner(tok, roster, known, used)
        if name is None:
            return None
        owners.append(name)
    return owners


def _resolve_words(who: str, roster: Roster) -> list[str] | None:
    """Owners for a column of posts and names: a post is kept as written when no one on the lists holds it; a
    name must be someone on the lists ("... for the time being. Thanks" is not a column value)."""
    owners: list[str] = []
    for part in re.split(r"\s*(?:/|&)\s*", who.strip()):
        if _ROLE_RE.match(part):
            owners.extend(roster.resolve(part).owners or [part])
            continue
        name = roster.resolve_one(part)
        if name is None or name not in roster.names:
            return None
        owners.append(name)
    return owners


_LONE_RE = re.compile(rf"^\s*(?:{_GROUP})\s*$")


def _join_lone_values(paras: Sequence[Para]) -> list[Para]:
    """A column value that layout set as a paragraph of its own belongs to the paragraph before it."""
    out: list[Para] = []
    for p in paras:
        if out and _LONE_RE.match(p.text):
            last = out[-1]
            out[-1] = Para(text=f"{last.text.rstrip()} {p.text.strip()}", page=last.page, heading=last.heading,
                           page_end=p.page_end or p.page, exempt=last.exempt)
        else:
            out.append(p)
    return out


def column_entries(paras: Sequence[Para], roster: Roster, text_of_meeting: str = "") -> list[ColumnEntry]:
    """Every entry that carries initials in the action column, in order."""
    known: set[str] = set()
    used: set[str] = set()
    read = False  # the full names printed in the minutes, found only when a column value needs them
    out: list[ColumnEntry] = []
    for para in _join_lone_values(paras):
        for seg in segments(para.text):
            start = 0
            cuts: list[tuple[int, int, str]] = [(m.start(), m.end("who"), m.group("who")) for m in MID_RE.finditer(seg)]
            end = END_RE.search(seg)
            words = END_WORD_RE.search(seg) if not end else None
            if end:
                before = seg[: end.start()].split()
                if not before or before[-1].lower().strip(".,;:") not in _WEAK_BEFORE:
                    cuts.append((end.start(), end.end("who"), end.group("who")))
            elif words and not _ABBREV_RE.search(seg[: words.start()]):
                cuts.append((words.start(), words.end(), "=" + words.group("who")))
            for a, b, who in cuts:
                entry = seg[start:a].strip()
                if who.startswith("="):
                    who = who[1:]
                    owners = _resolve_words(who, roster) if entry else None
                else:
                    if entry and not read:
                        known = names_in(text_of_meeting)
                        used = set(re.findall(rf"\b(?:{_INIT})\b", text_of_meeting or seg))
                        read = True
                    owners = _resolve_group(who, entry, roster, known, used) if entry else None
                if owners:
                    tail = WHEN_TAIL_RE.match(seg[b:])
                    out.append(ColumnEntry(entry, who.strip(), tuple(dict.fromkeys(owners)), para.page,
                                           tail.group("when") if tail else ""))
                    start = len(seg) if tail else b
                # an unresolved group is ordinary text: the entry runs on
    return out


@register
class ActionColumns:
    name = "action_columns"
    family = "actions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Action]:
        """Actions for the entries of an item that carry initials in the action column.

        `context.extra` may carry `roster` (the meeting's `Roster`) and `text` (the whole minutes, where a
        name absent from the lists is printed in full).
        """
        roster = roster_of(context)
        out: list[Action] = []
        for e in column_entries(paras, roster, str(context.extra.get("text", ""))):
            hint = re.split(r"\s*/\s*", e.who)
            out.append(new_action(work_sentence(e.text, hint), e.page, list(e.owners), e.who, due=e.when or None))
        return out


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    people = []
    for spec in args[1:]:
        name, _, ini = spec.rpartition(" ")
        people.append(Person(name=name, initials=ini))
    for a in ActionColumns().extract([Para(text=args[0], page=1)], Context(people=tuple(people))):
        print(a.owners, a.owners_raw, "|", a.text)


if __name__ == "__main__":
    main()
