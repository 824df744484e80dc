"""Attendance grids: a table of names with a mark for each meeting or a status column.

Two layouts are read. A register of the year's meetings, one column per date, marked
P (present), S (sanctioned absence), A (absent), L (late): the meeting recorded is the
last column with any marks, since later meetings are still blank (Decoy governors p1).
A roll-call table, "Attendee Name | Title | Status | Arrived", whose status reads Present,
Late or Absent (East Palo Alto p1). Present and late count as attending; every kind of
absence goes with the apologies, as the minutes' absent lists do.

Tables come from the pages in `context.extra["tables"]`: `[{"page": n, "rows": [[cell, ...], ...]}]`;
only those on the pages before the second page of items are read, where attendance is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions.attendance import Attendance, split_people
from minutebook.ingest.segment import Para
from minutebook.models import Person

__all__ = ["AttendanceGrid", "STATUS_MARKS"]

STATUS_MARKS = {
    "p": "present", "present": "present", "attended": "present", "attending": "present", "late": "present",
    "l": "present", "✓": "present", "✔": "present", "remote": "present",
    "virtual": "present", "in person": "present", "online": "present",
    "a": "absent", "absent": "absent", "s": "absent", "sanctioned": "absent", "apologies": "absent",
    "apols": "absent", "ap": "absent", "apol": "absent", "excused": "absent", "absent excused": "absent",
    "absent (excused)": "absent", "e": "absent", "not present": "absent",
}
# Yes/No marks are left out: a table of names marked Y/N in the opening pages is a roll-call vote.
# A person's name as a grid prints it: two to four capitalised words, perhaps after a title.
_NAME_CELL_RE = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’-]*$")


def _mark(cell: Any) -> str:
    text = re.sub(r"\s+", " ", str(cell or "")).strip().strip("*").lower()
    return STATUS_MARKS.get(text, "")


def _grid(rows: list[list[Any]]) -> tuple[list[Person], list[Person]] | None:
    named = [r for r in rows if r and _NAME_CELL_RE.match(str(r[0] or "").strip()) and any(_mark(c) for c in r[1:])]
    if len(named) < 2 or len(named) < 0.6 * sum(1 for r in rows if r and str(r[0] or "").strip()):
        return None
    width = max(len(r) for r in named)
    marked = [c for c in range(1, width) if sum(1 for r in named if c < len(r) and _mark(r[c])) >= 0.5 * len(named)]
    if not marked:
        return None
    col = marked[-1]  # this meeting: the last column with marks
    present: list[Person] = []
    absent: list[Person] = []
    for r in named:
        status = _mark(r[col]) if col < len(r) else ""
        if not status:
            continue
        people = split_people(str(r[0]))
        if len(people) != 1:
            continue
        role = next((str(c).strip() for c in r[1:col] if c and not _mark(c) and re.fullmatch(r"[A-Z][A-Za-z -]{2,40}", str(c).strip())), "")
        person = Person(name=people[0].name, role=role or people[0].role)
        (present if status == "present" else absent).append(person)
    return present, absent


# The same grids where no ruled table was found, read from the text: a line a person ("Keith Moore P", the marks
# of later meetings blank; Decoy p1), or a status table run on into one paragraph ("Andrei Garcia Commissioner Late
# 7:08 p.m. Robert Allen Fisk Commissioner Present ...", East Palo Alto p1).
MARK_LINE_RE = re.compile(r"^(?P<name>(?:[A-Z][\w'’.-]*\s+){1,4}[A-Z][\w'’-]*)\s+(?P<marks>(?:[PASLpasl✓✔]\b\s*)+)$")
STATUS_RUN_RE = re.compile(
    r"(?P<who>(?:[A-Z][\w'’.-]*\s+){1,5}?)(?P<status>Present|Absent|Late|Excused|Remote)\b"
    r"(?:\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?)?\s*"
)


def _from_text(paras: Sequence[Para]) -> tuple[list[Person], list[Person]]:
    present: list[Person] = []
    absent: list[Person] = []
    lines = [MARK_LINE_RE.match(p.text.strip()) for p in paras]
    n = 0
    while n < len(lines):
        j = n
        while j < len(lines) and lines[j]:
            j += 1
        if j - n >= 3:  # a register: three or more lines in a row
            for m in lines[n:j]:
                assert m is not None
                people = split_people(m.group("name"))
                if len(people) == 1:
                    mark = m.group("marks").split()[-1]
                    (present if _mark(mark) == "present" else absent).append(Person(name=people[0].name))
        n = j + 1
    for p in paras:
        runs = list(STATUS_RUN_RE.finditer(p.text))
        # the whole paragraph is rows of a status table, nothing else
        if len(runs) >= 3 and sum(len(m.group(0)) for m in runs) >= 0.9 * len(p.text.strip()):
            for m in runs:
                people = split_people(m.group("who"))
                if len(people) == 1:
                    person = Person(name=people[0].name, role=people[0].role)
                    (present if _mark(m.group("status")) == "present" else absent).append(person)
    return present, absent


@register
class AttendanceGrid:
    """A table of names with P/S/A marks or a Present/Late/Absent status column."""

    name = "attendance_grid"
    family = "attendance"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Attendance]:
        first_item = context.extra.get("first_item", len(paras))
        last_page = (paras[first_item].page if first_item < len(paras) else (paras[-1].page if paras else 1)) + 1
        out = Attendance()
        for table in context.extra.get("tables", []):
            if table.get("page", 1) > last_page:
                continue
            found = _grid(table.get("rows", []))
            if found is None:
                continue
            out.attendees.extend(found[0])
            out.apologies.extend(found[1])
        if not out.attendees and not out.apologies:
            out.attendees, out.apologies = _from_text(paras[: first_item + 4])
        return [out]
