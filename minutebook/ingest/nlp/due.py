"""Due dates: the meeting calendar, and a due phrase ("by June 2020", "in a week and a half", "for the next
meeting in December") normalised to an ISO date when it can be computed."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from minutebook.ingest.dates import MONTHS, find_date, find_dates
from minutebook.ingest.nlp._extensions import Candidate
from minutebook.ingest.nlp._lexicon import _MONTH
from minutebook.models import Meeting

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple\s+of|few|\d+)"
DUE_RE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|for|until|ahead\s+of|prior\s+to|in\s+time\s+for|at)\s+(?:the\s+)?"
    r"(?:end\s+of\s+(?:the\s+)?)?(?P<p>next\s+meeting(?:\s+(?:in|on)\s+[A-Z]?\w+(?:\s+\d{4})?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    r"|(?:this|next)\s+(?:week|month)|month|year|(?:" + "|".join(_WEEKDAYS) + r"))\b"
    rf"|\b(?P<q>(?:with)?in\s+(?:the\s+next\s+)?{_NUM}\s+(?:days?|weeks?|months?)(?:\s+and\s+a\s+half)?)"
    r"|\b(?P<r>next\s+(?:week|month))\b",
    re.I,
)


NEXT_MEETING_RE = re.compile(r"\b(?:future|next)\s+meetings?\b|\bdates?\s+of\s+(?:the\s+)?next\b", re.I)


def meeting_calendar(meeting: Meeting, next_meeting: str | None = None) -> list[date]:
    """Later meeting dates known for this meeting: the pack's next meeting and dates the minutes list.

    "Future meeting dates were noted as: 11th December 2019 26th February 2020" (Haringey p8), "Next meeting:
    23 November" (Horsley p2, the year taken from the meeting).
    """
    try:
        base = date.fromisoformat(meeting.date) if meeting.date else None
    except ValueError:
        base = None
    found: set[date] = set()
    if next_meeting:
        try:
            found.add(date.fromisoformat(next_meeting))
        except ValueError:
            pass
    for item in meeting.items:
        texts = [item.title, *(t for _, t in item.paragraphs)]
        for text in texts:
            if not NEXT_MEETING_RE.search(f"{item.title} {text}"):
                continue
            for _, d in find_dates(text, month_first=False):
                found.add(d)
            if base:
                for m in re.finditer(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})(?!\s*,?\s*\d{{4}})", text, re.I):
                    month = MONTHS[m.group(2).lower().rstrip(".")]
                    year = base.year + (1 if month < base.month else 0)
                    try:
                        found.add(date(year, month, int(m.group(1))))
                    except ValueError:
                        pass
    return sorted(d for d in found if base is None or d > base)


def normalise_due(phrase: str, meeting_date: str, next_meeting: str | list[date] | None = None) -> str | None:
    """ISO date for 'by June 2020', 'in a week and a half', 'for the next meeting in December' when computable.

    `next_meeting` is the next meeting's ISO date or the meeting calendar (`meeting_calendar`); "next meeting"
    becomes the first later meeting (in the named month when one is named), else None so the phrase is kept.
    """
    if not phrase:
        return None
    try:
        base = date.fromisoformat(meeting_date) if meeting_date else None
    except ValueError:
        base = None
    cal: list[date] = []
    if isinstance(next_meeting, str):
        try:
            cal = [date.fromisoformat(next_meeting)]
        except ValueError:
            cal = []
    elif next_meeting:
        cal = sorted(next_meeting)
    low = phrase.lower().strip()
    if "meeting" in low:
        m = re.search(rf"\b({_MONTH})", low)
        later = [d for d in cal if base is None or d > base]
        if m:
            month = MONTHS[m.group(1).rstrip(".")]
            later = [d for d in later if d.month == month]
        return later[0].isoformat() if later else None
    d = find_date(phrase, month_first=False)
    if d:
        return d.isoformat()
    if base is None:
        return None
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})|\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
                  low)
    if m:
        day = int(m.group(1) or m.group(4))
        month = MONTHS[(m.group(2) or m.group(3)).rstrip(".")]
        year = base.year + (1 if (month, day) < (base.month, base.day) else 0)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    m = re.search(rf"\b({_MONTH})(?:\s*,?\s*(\d{{4}}))?\b", low)
    if m and not re.search(r"\b(?:may|march)\b", low[: m.start()] + " ") or (m and m.group(2)):
        month = MONTHS[m.group(1).rstrip(".")]
        year = int(m.group(2)) if m.group(2) else base.year + (1 if month < base.month else 0)
        return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    numbers = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10}
    m = re.search(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|week|month)s?"
                  r"(\s+and\s+a\s+half)?", low)
    if m:
        n = numbers.get(m.group(1)) or int(m.group(1))
        days = {"day": 1, "week": 7, "month": 30}[m.group(2)] * (n + (0.5 if m.group(3) else 0))
        return (base + timedelta(days=int(days))).isoformat()
    if re.search(r"\bnext\s+week\b", low):
        return (base + timedelta(days=7)).isoformat()
    if re.search(r"\b(?:this|the)\s+month\b|^month$|next\s+month", low):
        y, mo = (base.year, base.month) if "next" not in low else (base.year + base.month // 12, base.month % 12 + 1)
        return date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
    if re.search(r"\byear\b", low):
        return date(base.year, 12, 31).isoformat()
    for n, day in enumerate(_WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            return (base + timedelta(days=(n - base.weekday()) % 7 or 7)).isoformat()
    return None


def _due(cand: Candidate, meeting: Meeting, cal: list[date]) -> str | None:
    if cand.when:
        if cand.when.lower() in ("ongoing", "tbc"):
            return None
        return normalise_due(cand.when, meeting.date, cal) or cand.when
    m = DUE_RE.search(cand.sentence or cand.text)
    if not m:
        return None
    phrase = next(g for g in m.groups() if g)
    if m.group("p") and re.fullmatch(rf"{_MONTH}", phrase.strip(), re.I) and phrase.strip().lower() in ("may", "march"):
        return None  # "by may ..." is the verb
    return normalise_due(phrase, meeting.date, cal) or phrase
