"""Reports attached to agenda items: cover-sheet fields, numbered sections, recommendations."""

from __future__ import annotations

import re

from minutebook.ingest.segment import Para
from minutebook.models import Item, Meeting, ReportSection, Section

__all__ = ["attach_reports"]


def attach_reports(agenda: Meeting, section: Section, paras: list[Para]) -> None:
    """Store a report's text as sections of the agenda item it belongs to."""
    item = _item_for(agenda, section)
    if item is None:
        agenda.unrecognised.append(f"pages {section.pages[0].cite}-{section.pages[-1].cite}: not tied to an item")
        return
    if section.exempt:
        item.exempt = item.exempt or all(p.exempt for p in section.pages)
    heading, buf, page = section.heading or item.title, [], paras[0].page if paras else item.page
    for p in paras:
        if p.exempt:
            continue
        m = re.match(r"^(\d{1,2})\.\s+([A-Z][^.]{2,80}?)(?=\s+\d{1,2}\.\d|\s*$)", p.text)
        if m and buf:
            item.reports.append(ReportSection(heading=heading, text=" ".join(buf), page=page, kind=_kind(heading)))
            buf, heading, page = [], m.group(2), p.page
        buf.append(p.text)
    if buf:
        item.reports.append(ReportSection(heading=heading, text=" ".join(buf), page=page, kind=_kind(heading)))


def _kind(heading: str) -> str:
    return "recommendations" if re.search(r"recommend", heading, re.I) else "section"


def _item_for(agenda: Meeting, section: Section) -> Item | None:
    if section.agenda_item:
        return next((i for i in agenda.items if i.number == section.agenda_item), None)
    return None
