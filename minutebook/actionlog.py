"""The action log for the next agenda: a `Register` as Markdown, CSV, JSON, a Word table or a calendar.

A clerk pastes the log under "Matters arising": grouped by meeting and minute ("Matters arising from
9 October 2019, minute 86") or by owner, with the columns ref, action, owner(s), due, status and latest
note. A joint action appears once, with every owner in its owner cell (grouped by owner, joint owners
are a group of their own). JSON is the one flat action shape of `register.action_json`, so
`jq '.[] | select(.status=="open")'` works on every JSON the register prints.

    with Store.open(home) as store:
        log = list_actions(store, body="Community Safety", status="all")
    write_file(Path("log.docx"), to_docx(log, group="meeting"))

Nothing here reads the store. python-docx is imported only by `to_docx`.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from minutebook.errors import MinutebookError, printable
from minutebook.register import Register, RegisterRow, action_json
from minutebook.store import CLOSED, OUTSTANDING

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "GROUPS",
    "LIST_COLUMNS",
    "LOG_COLUMNS",
    "group_rows",
    "long_date",
    "to_csv",
    "to_docx",
    "to_ics",
    "to_json",
    "to_markdown",
    "write_file",
]

logger = logging.getLogger(__name__)

FORMATS = ("md", "csv", "json", "docx")
GROUPS = ("meeting", "owner")
LOG_COLUMNS = ("Ref", "Action", "Owner(s)", "Due", "Status", "Latest note")
CSV_COLUMNS = ("ref", "meeting_date", "body", "minute", "minute_title", "action", "owners", "due", "status",
               "closed_on", "latest_note", "page")
LIST_COLUMNS = (*CSV_COLUMNS, "age_days", "overdue")


def long_date(iso: str) -> str:
    """2019-10-09 as "9 October 2019" (as minutes print it); anything else as it is."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso or "an undated meeting"
    return f"{d.day} {d:%B %Y}"


def _owners(row: RegisterRow) -> str:
    return " & ".join(row.owners) or "(no owner)"


def _status(row: RegisterRow) -> str:
    if row.status in CLOSED and row.closed_on:
        return f"{row.status} {long_date(row.closed_on)}"
    return row.status + (" (overdue)" if row.overdue else "")


def _meeting_heading(row: RegisterRow, bodies: int) -> str:
    minute = f"minute {row.item}" + (f": {row.item_title}" if row.item_title else "")
    head = f"Matters arising from {long_date(row.date)}, {minute}"
    return f"{row.body}: {head[0].lower()}{head[1:]}" if bodies > 1 else head


def group_rows(register: Register, group: str = "meeting") -> list[tuple[str, list[RegisterRow]]]:
    """(heading, actions) in log order: by meeting date and minute, or by owner(s), busiest first."""
    if group not in GROUPS:
        raise MinutebookError(f"--group must be meeting or owner, not {group!r}")
    rows = register.actions
    bodies = len({r.body for r in rows})
    groups: dict[str, list[RegisterRow]] = {}
    for r in rows:
        key = _meeting_heading(r, bodies) if group == "meeting" else _owners(r)
        groups.setdefault(key, []).append(r)
    if group == "owner":
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    return list(groups.items())


def _cells(row: RegisterRow, group: str) -> list[str]:
    action = row.text + (f" (p{row.page})" if row.page else "")
    if group == "owner":
        action += f" — {long_date(row.date)}, minute {row.item}"
    return [row.id, action, _owners(row), long_date(row.due) if row.due else "", _status(row), row.note]


def _counts(rows: list[RegisterRow]) -> str:
    out = sum(r.status in OUTSTANDING for r in rows)
    done = sum(r.status == "done" for r in rows)
    rest = len(rows) - out - done
    return f"{len(rows)} action(s): {out} outstanding, {done} done" + (f", {rest} superseded" if rest else "")


def _title(register: Register) -> str:
    bodies = {r.body for r in register.actions}
    scope = register.scope or (bodies.pop() if len(bodies) == 1 else "")
    return "Action log: " + scope if scope else "Action log"


def _md(value: Any) -> str:
    return " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(register: Register, group: str = "meeting", title: str | None = None) -> str:
    """A heading per meeting and minute (or per owner) with a table of its actions; pipes are escaped."""
    lines = [f"# {_md(title or _title(register))}", ""]
    if register.as_of:
        lines += [f"As of {long_date(register.as_of)}. {_counts(register.actions)}.", ""]
    groups = group_rows(register, group)
    if not groups:
        lines += ["No actions.", ""]
    for heading, rows in groups:
        lines += [f"## {_md(heading)}" + (f" ({_counts(rows)})" if group == "owner" else ""), "",
                  "| " + " | ".join(LOG_COLUMNS) + " |", "|" + "---|" * len(LOG_COLUMNS)]
        lines += ["| " + " | ".join(_md(c) for c in _cells(r, group)) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    # A cell starting with = + - @ is run as a formula by spreadsheets; a leading apostrophe shows it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _flat(row: RegisterRow) -> dict[str, Any]:
    return {"ref": row.id, "meeting_date": row.date, "body": row.body, "minute": row.item,
            "minute_title": row.item_title, "action": row.text, "owners": " & ".join(row.owners),
            "due": row.due or "", "status": row.status, "closed_on": row.closed_on, "latest_note": row.note,
            "page": row.page, "age_days": "" if row.age_days is None else row.age_days,
            "overdue": "yes" if row.overdue else ""}


def to_csv(register: Register, columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    """One row per action (joint owners in one cell), with a header; starts with a UTF-8 byte order mark."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in register.actions:
        flat = _flat(row)
        writer.writerow([_cell(flat[c]) for c in columns])
    return "\ufeff" + buf.getvalue()


def to_json(register: Register) -> list[dict[str, Any]]:
    """A flat list of actions, each once, in the register's one JSON shape."""
    return [action_json(r) for r in register.actions]


def to_docx(register: Register, group: str = "meeting", title: str | None = None) -> bytes:
    """A Word document: a landscape page, a heading per group and a ruled table a clerk can paste into an agenda."""
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title or _title(register), level=1)
    if register.as_of:
        doc.add_paragraph(f"As of {long_date(register.as_of)}. {_counts(register.actions)}.")
    groups = group_rows(register, group)
    if not groups:
        doc.add_paragraph("No actions.")
    widths = (Cm(2.0), Cm(9.5), Cm(4.0), Cm(2.3), Cm(2.8), Cm(5.0))
    for heading, rows in groups:
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=1, cols=len(LOG_COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, LOG_COLUMNS):
            cell.text = ""
            cell.paragraphs[0].add_run(name).bold = True
        for r in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, _cells(r, group)):
                cell.text = printable(" ".join(str(value).split()))
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines of at most 75 octets, continued with a leading space; never split a UTF-8 character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def to_ics(register: Register) -> str:
    """The outstanding actions with a due date as all-day calendar entries (iCalendar, RFC 5545)."""
    stamp = (register.as_of or date.today().isoformat()).replace("-", "") + "T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//minutebook//action register//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + _ics_text(_title(register))]
    for r in register.actions:
        try:
            due = date.fromisoformat(r.due or "")
        except ValueError:
            continue
        if r.status not in OUTSTANDING:
            continue
        end = date.fromordinal(due.toordinal() + 1)
        where = f"{r.body}, minutes of {long_date(r.date)}, minute {r.item}, p{r.page}"
        description = f"Owner(s): {_owners(r)}\n{where}\nStatus: {r.status}" + (f"\nLatest note: {r.note}"
                                                                               if r.note else "")
        lines += ["BEGIN:VEVENT", f"UID:{r.id}@minutebook", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{due:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}",
                  "SUMMARY:" + _ics_text(f"{r.text} ({_owners(r)})"), "DESCRIPTION:" + _ics_text(description),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def write_file(path: Path, data: bytes) -> None:
    """Write an export; a missing folder or an unwritable path is one `MinutebookError` naming it."""
    path = Path(path)
    shown = printable(os.fspath(path))
    if path.is_dir():
        raise MinutebookError(f"cannot write {shown}: it is a folder; give a file name")
    if not path.parent.is_dir():
        raise MinutebookError(f"cannot write {shown}: folder {printable(os.fspath(path.parent))} does not exist")
    try:
        path.write_bytes(data)
    except PermissionError:
        raise MinutebookError(f"cannot write {shown}: permission denied") from None
    except OSError as exc:
        raise MinutebookError(f"cannot write {shown}: {exc.strerror or exc}") from None
