"""Convention `action_tables`: minutes set as a table with an action column, and tables of actions.

Two shapes, told apart by their header row:

* "Item | Notes | Action": each row is a minute, its Action cell names who owes the work in its Notes ("Clerk
  to place on website", "Heather Poustie"); "None" or an empty cell is no action (Decoy 2020 pp2-7). Rows
  with an empty item cell continue the row above, across pages.
* "ITEM | ACTION | BY WHOM | BY WHEN": a list of tasks with owners and due dates.

A table without an owner column is not a table of actions, whatever its cells say (a working group's
framework of topics and partners, Horsley neighbourhood plan 2014). The table text is read from
`Page.tables`, passed as `context.extra["tables"]`: `[{"page": 3, "rows": [[cell, ...], ...]}, ...]`, with the
meeting's item numbers as `context.extra["items"]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._action_text import WORK_RE, roster_of, sentences, tidy, work_sentence
from minutebook.ingest.grammar import (
    ACTION_TASK_HEADS,
    ACTION_WHEN_HEADS,
    ACTION_WHO_HEADS,
    ITEM_REF_HEADS,
    MINUTE_TEXT_HEADS,
    heading_is,
    table_heading,
)
from minutebook.ingest.owners import Roster
from minutebook.ingest.segment import Para

__all__ = ["ActionTables", "TableAction", "match_item", "tables_context"]

_NONE = {"", "none", "n/a", "na", "nil", "-", "–", "noted", "no action", "none required", "tbc", "done"}
_STATUS_HEADS = frozenset({"status", "progress", "rag", "rag status", "complete", "completed"})
_DONE_RE = re.compile(r"^(?:complete[d]?|done|closed|actioned|finished|achieved|yes|✓|✔)\b", re.I)
_POINT_RE = re.compile(r"^\(?([a-z])[.)]\s+")
_DECIDED_RE = re.compile(r"[-–:]\s*(?:agreed|approved|adopted|accepted|noted|ratified)\.?$", re.I)


@dataclass(slots=True)
class TableAction:
    """One action read from a table, with the item number its row gives (as printed, "" when none)."""

    item: str
    text: str
    page: int
    owners: list[str] = field(default_factory=list)
    owners_raw: str = ""
    unresolved: list[str] = field(default_factory=list)
    due: str | None = None
    summary: bool = False  # from a table of actions listed apart from the minutes (may repeat a minute's)
    status: str = "open"  # "done" where the table's status column says so
    source: str = ""  # the row's notes as printed, to find its item when the row names none


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def match_item(ref: str, items: Sequence[str]) -> str | None:
    """The item a row's reference names: "BM 02/2021" or "02/2021" for item "BM 02/2021"; "05c/2021" for
    "BM 05/2021" when no item has the letter."""
    r = _norm(ref)
    if not r or not re.search(r"\d", r):
        return None
    for cand in (r, re.sub(r"(?<=\d)[a-z](?=\d|$)", "", r)):
        exact = [i for i in items if _norm(i) == cand]
        if exact:
            return exact[0]
        tail = [i for i in items if _norm(i).endswith(cand) and len(cand) >= 3]
        if len(tail) == 1:
            return tail[0]
    return None


def _cell(row: Sequence[Any], k: int | None) -> str:
    if k is None or k >= len(row) or row[k] is None:
        return ""
    return str(row[k]).strip()


@dataclass(slots=True)
class _Layout:
    width: int
    who: int
    task: int | None  # a column stating the work, when apart from the owners
    text: int | None  # the minute's notes, where the work is stated at length
    when: int | None
    ref: int | None
    status: int | None = None


def _layout(row: Sequence[Any]) -> _Layout | None:
    heads = [table_heading(c) for c in row]
    who = next((k for k, h in enumerate(heads) if heading_is(h, ACTION_WHO_HEADS)), None)
    action = next((k for k, h in enumerate(heads) if heading_is(h, ACTION_TASK_HEADS)), None)
    if who is None and action is None:
        return None
    if action == who:
        action = None  # "Action/Who": one column of owners
    text = next((k for k, h in enumerate(heads) if heading_is(h, MINUTE_TEXT_HEADS)), None)
    when = next((k for k, h in enumerate(heads) if heading_is(h, ACTION_WHEN_HEADS)), None)
    ref = next((k for k, h in enumerate(heads) if heading_is(h, ITEM_REF_HEADS)), None)
    status = next((k for k, h in enumerate(heads) if heading_is(h, _STATUS_HEADS)), None)
    if who is None:
        # "Item | Notes | Action": the action cell names the owner of the work in the notes
        if text is None:
            return None
        return _Layout(len(row), action, None, text, when, ref, status)
    return _Layout(len(row), who, action, text, when, ref, status)


def _table_rows(tables: Sequence[dict[str, Any]]) -> Iterator[tuple[_Layout, int, Sequence[Any]]]:
    """(layout, page, row) for every row of the tables that have an action column; a table with no header
    continues the one before it on the page before when it has as many columns (Decoy pp3-7)."""
    layout: _Layout | None = None
    for table in tables:
        page, rows = int(table.get("page", 1)), table.get("rows", [])
        if not rows:
            continue
        head = _layout(rows[0])
        if head is not None:
            layout, rows = head, rows[1:]
        elif layout is None or len(rows[0]) != layout.width:
            layout = None  # a table of some other kind: its rows are not minutes with actions
            continue
        for row in rows:
            yield layout, page, row


def _ref(row: Sequence[Any], layout: _Layout, items: list[str]) -> str:
    """The item a row names: the reference column first, then any other cell that reads as an item number."""
    cols = [layout.ref] if layout.ref is not None else []
    cols += [k for k in range(len(row)) if k not in cols]
    for k in cols:
        if k in (layout.who, layout.task, layout.text):
            continue
        hit = match_item(_cell(row, k).split("\n")[0], items) if items else None
        if hit:
            return hit
    if layout.ref is not None and not items:
        return _cell(row, layout.ref).split("\n")[0]
    return ""


def _owner_entries(cell: str, roster: Roster) -> list[str]:
    """The owners a cell lists one a line. A line in lower case continues the one above ("Clerk to place\\non
    website"), and so does a lone word that makes a name with the next line ("Kay\\nDicken/Clerk", Decoy p6)."""
    lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
    out: list[str] = []
    for ln in lines:
        if out and (ln[:1].islower() or out[-1].endswith(("/", "&", ",", " and", " to"))):
            out[-1] = f"{out[-1]} {ln}"
            continue
        if out and " " not in out[-1] and "/" not in out[-1]:
            first = re.split(r"\s*/\s*|\s+", ln)[0]
            if not roster.resolve_one(out[-1]) or roster.resolve_one(f"{out[-1]} {first}"):
                out[-1] = f"{out[-1]} {ln}"
                continue
        out.append(ln)
    return out


def _split_task(entry: str) -> tuple[str, str]:
    """'Clerk to place on website' -> ('Clerk', 'place on website'); 'Heather Poustie' -> (it, '')."""
    m = re.match(r"^(?P<who>.{2,60}?)\s+to\s+(?P<task>[a-z].*)$", re.sub(r"\s+", " ", entry))
    return (m.group("who"), m.group("task")) if m else (entry, "")


def _points(notes: str) -> list[str]:
    """Lettered points of a notes cell ("a. Review the Accessibility Plan - agreed"), continuation lines joined."""
    out: list[str] = []
    for ln in notes.splitlines():
        ln = ln.strip()
        if _POINT_RE.match(ln):
            out.append(ln)
        elif out and ln:
            out[-1] += " " + ln
    return out


# Words that open a sentence and rarely a wrapped line's continuation: a determiner or a pronoun.
_OPENERS = {"The", "There", "This", "These", "Those", "That", "It", "A", "An", "We", "They", "He", "She", "Our",
            "Their", "His", "Her", "All", "Some", "No", "Any", "Each", "Every", "Other"}


def _cell_sentences(notes: str) -> str:
    """A notes cell as running text. A narrow column wraps sentences ("agreed as 6\\nNovember at 0930"), but a
    line that opens with a determiner or pronoun after a line without a full stop starts a sentence of its own
    ("... during the Summer Holiday\\nThere are some other works ...", Decoy p5)."""
    lines = [ln.strip() for ln in notes.splitlines() if ln.strip()]
    out = ""
    for ln in lines:
        opens = ln.split()[0] in _OPENERS or re.search(r":\s*[-–]?$", ln)  # "Other personnel matters: -"
        if out and opens and not out.endswith((".", "!", "?", ":", ",", "-", "–")):
            out += ". " + ln
        else:
            out += (" " if out else "") + ln
    return out


_TABLE_WORK_RE = re.compile(r"\bdeferred\b", re.I)


def _best_sentence(notes: str, task: str) -> str:
    flat = _cell_sentences(notes)
    if task:
        want = {w for w in re.findall(r"[a-z]{4,}", task.lower())}
        scored = [(sum(any(w.startswith(t[:5]) for w in re.findall(r"[a-z]{4,}", s.lower())) for t in want), n, s)
                  for n, s in enumerate(sentences(flat))]
        best = max(scored, default=(0, 0, ""))
        if best[0]:
            return tidy(best[2])
    if not flat:
        return tidy(task)
    sents = sentences(flat)
    working = [n for n, s in enumerate(sents) if WORK_RE.search(s) or _TABLE_WORK_RE.search(s)]
    if not working:
        return work_sentence(flat)
    n = working[-1]
    text = sents[n]
    if len(text.split()) <= 3 and n > 0:
        # "Deferred to FGB" says what became of the sentence before it (Decoy p4, BM 08)
        text = f"{sents[n - 1]} {text}"
    return tidy(text)


@register
class ActionTables:
    name = "action_tables"
    family = "actions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[TableAction]:
        roster = roster_of(context)
        items = [str(i) for i in context.extra.get("items", [])]
        out: list[TableAction] = []
        current = ""  # the item the last row with a reference named
        for layout, page, row in _table_rows(context.extra.get("tables", [])):
            out.extend(self._row(row, layout, page, items, roster, current))
            current = _ref(row, layout, items) or current
        return out

    def _row(self, row: Sequence[Any], layout: _Layout, page: int, items: list[str], roster: Roster,
             current: str) -> list[TableAction]:
        who_cell = _cell(row, layout.who)
        if _norm(who_cell) in {_norm(x) for x in _NONE}:
            return []
        item = _ref(row, layout, items) or current
        notes = _cell(row, layout.text)
        due = _cell(row, layout.when) or None
        status = "done" if _DONE_RE.match(_cell(row, layout.status)) else "open"
        if layout.task is not None:
            # ITEM | ACTION | BY WHOM | BY WHEN: one task, its owners in their own column
            task = re.sub(r"\s+", " ", _cell(row, layout.task)).strip()
            if not task or _norm(task) in {_norm(x) for x in _NONE}:
                return []
            got = roster.resolve(re.sub(r"\s+", " ", who_cell))
            return [TableAction(item, tidy(task), page, got.owners, who_cell, got.unresolved, due,
                                summary=layout.text is None, status=status, source=notes or task)]
        entries = _owner_entries(who_cell, roster)
        points = [p for p in _points(notes) if not _DECIDED_RE.search(p) and WORK_RE.search(p + " ")
                  or re.search(r"\bdeferred\b", p, re.I)]
        out = []
        for n, entry in enumerate(entries):
            owner, task = _split_task(entry)
            got = roster.resolve(owner)
            if len(entries) > 1 and n < len(points):
                text = tidy(_POINT_RE.sub("", points[n]))
            else:
                text = _best_sentence(notes, task)
            if text:
                out.append(TableAction(item, text, page, got.owners, owner, got.unresolved, due, status=status,
                                       source=notes))
        return out


def tables_context(pages_tables: Sequence[tuple[int, list[list[str | None]]]]) -> list[dict[str, Any]]:
    """`Meeting.tables` as the convention reads them."""
    return [{"page": page, "rows": rows} for page, rows in pages_tables]
