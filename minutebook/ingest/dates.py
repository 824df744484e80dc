"""Find meeting dates and times in the many ways councils print them.

"Wednesday, 11th December, 2019", "9TH OCTOBER, 2019", "DECEMBER 19, 2023",
"Monday, November 4 th , 2019", "4/24/2019", "2019-12-11".
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["find_date", "find_dates", "find_time", "MONTHS"]

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"\s*(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})" + _ORD + r"\s*,?\s+(?P<year>\d{4})\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")
_TIME = re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b", re.I)


def _mk(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, month_first: bool = True) -> list[tuple[int, date]]:
    """Every date in `text` with its offset, in reading order. Numeric dates are month-first unless impossible."""
    found: list[tuple[int, date]] = []
    for rx in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO):
        for m in rx.finditer(text):
            month = m.group("month")
            mon = int(month) if month.isdigit() else MONTHS[month.lower()]
            d = _mk(int(m.group("year")), mon, int(m.group("day")))
            if d:
                found.append((m.start(), d))
    if not found:
        for m in _NUMERIC.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            first, second = (a, b) if month_first and a <= 12 else (b, a)
            d = _mk(int(m.group("year")), first, second)
            if d:
                found.append((m.start(), d))
    return sorted(found, key=lambda t: t[0])


def find_date(text: str, month_first: bool = True) -> date | None:
    dates = find_dates(text, month_first)
    return dates[0][1] if dates else None


def find_time(text: str) -> tuple[str, str]:
    """(start, end) times as HH:MM, "" when absent: "14:15 – 16:00", "2.00 pm", "7:00 P.M."."""
    times = []
    for m in _TIME.finditer(text):
        if m.group("h24"):
            times.append(f"{int(m.group('h24')):02d}:{m.group('m24')}")
        else:
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            times.append(f"{h:02d}:{m.group('m') or '00'}")
    return (times[0] if times else "", times[1] if len(times) > 1 else "")
