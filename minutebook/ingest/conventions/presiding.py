"""Who presided and who clerked, from the sentences that say so.

The chair is whoever presided: "The Meeting was Chaired by X", "called to order by X",
"X called the meeting to order", "X opened the meeting", "X presided", "X in the chair",
"Chair: X". A clerk named as "Clerked by Y" or "Minutes taken by Y" attended, and is
returned as an attendee with the post "Clerk".

Only the opening of the minutes is read (to the first item and a few paragraphs after
it), where the meeting is opened; later "the Chair closed the meeting" names no one new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeGuard

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions.attendance import HEAD_MARGIN, Attendance, head_end, split_people
from minutebook.ingest.segment import Para
from minutebook.models import Person

__all__ = ["Presiding", "presiding_officer"]

# A run of words that may hold a name with its post: "Commissioner Robert Sherrard" (East Palo Alto p1), "Vice
# President Scott Means" (Alameda SSHRB p1), "Supervisor Liccar" (Crete p1). Lower-case words end it; the list
# reader takes the name out of it.
_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"
_RUN = rf"{_WORD}(?:[ \t]+(?:{_WORD}|of|for|the))*"
# The name comes after the verb: "Chaired by X", "called to order ... by X", "presided over by X", "Chair: X"
BY_RE = re.compile(
    rf"(?i:\b(?:chaired|presided\s+over|called\s+to\s+order(?:\s+at\s+[\d.:]+\s*(?:[ap]\.?m\.?)?)?|opened)\s+by)"
    rf"\s+(?:the\s+)?(?P<run>{_RUN})"
)
LABEL_RE = re.compile(rf"^(?i:chair(?:man|woman|person)?|presiding(?:\s+officer)?|in\s+the\s+chair)\s*[:\-–]\s*(?P<run>{_RUN})")
# The name comes before the verb: "X called the meeting to order", "X, who presided, ...", "X opened the meeting"
VERB_RE = re.compile(
    r"(?i:\b(?:called\s+(?:the\s+)?(?:[\w,]+\s+){0,4}?(?:meeting|session)\s+to\s+order|called\s+to\s+order\s+the\b"
    r"|convened\s+the\s+meeting|presided(?!\s+over\s+(?!the\s+meeting|this\s+meeting))|opened\s+the\s+(?:[\w,]+\s+){0,3}?meeting"
    r"|took\s+the\s+chair|(?:was\s+)?in\s+the\s+chair|chaired\s+the\s+meeting"
    r"|(?:was|were)\s+(?:elected|appointed|asked|voted|nominated)\s+(?:to\s+(?:take\s+the\s+)?chair|(?:as\s+)?chair(?:man|person)?\b)))"
)
# Who welcomed the meeting is its chair where no sentence says more ("The Chair, Cllr X, welcomed everyone")
WELCOMED_RE = re.compile(r"(?i:\bwelcomed\s+(?:everyone|all|those\s+present|members|attendees|everybody)\b)")
CLERK_RE = re.compile(
    rf"(?i:\b(?:clerked|minuted|minutes\s+(?:taken|recorded)|recorded)\s+by)\s+(?:the\s+)?(?P<run>{_RUN})"
)
# Words that end a name run: the next field on the same line ("Chaired by Oliver Laity Clerked by Pete Osborne",
# Decoy p1)
_STOP_RE = re.compile(r"\s+(?:Clerked|Minuted|Minutes|Chaired|Present|Apologies|Absent|Attendees|Visitors|At|On|In|Who|"
                      r"With|And|The|Meeting|Welcomed|Opened)\b.*$")


def presiding_officer(run: str) -> Person | None:
    """The one person a run of words names ("Commissioner Robert Sherrard" -> Robert Sherrard, East Palo Alto p1)."""
    run = _STOP_RE.sub("", run.strip()).strip(" ,.;:")
    people = split_people(run)
    return people[-1] if people else None


def _presides(who: Person | None) -> TypeGuard[Person]:
    # "Clerk Jane Doe opened the meeting and called for nominations" (made up): the clerk opens, the chair presides
    return who is not None and not re.search(r"(?i)\b(?:clerk|secretary|officer|manager|minute)", who.role)


@register
class Presiding:
    """"Chaired by X", "called to order by X", "X opened the meeting", "X presided"; "Clerked by Y"."""

    name = "presiding"
    family = "attendance"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Attendance]:
        first_item = context.extra.get("first_item", len(paras))
        out = Attendance()
        for p in paras[: head_end(first_item, HEAD_MARGIN // 2)]:
            if not out.chair:
                chair = self._chair_in(p.text)
                if chair is not None:
                    out.chair, out.presided = chair.name, True
            for m in CLERK_RE.finditer(p.text):
                clerk = presiding_officer(m.group("run"))
                if clerk is not None and not any(a.name == clerk.name for a in out.attendees):
                    out.attendees.append(Person(name=clerk.name, role="Clerk"))
        return [out]

    @staticmethod
    def _chair_in(text: str) -> Person | None:
        for pattern in (LABEL_RE, BY_RE):
            m = pattern.search(text)
            if m:
                who = presiding_officer(m.group("run"))
                after = re.match(rf",\s+(?P<run>{_RUN})", text[m.end():])
                if who is None and after:
                    who = presiding_officer(after.group("run"))  # "opened by the Chair, Jane Doe, at 7pm" (made up)
                if _presides(who):
                    return who
        for m in [*VERB_RE.finditer(text), *WELCOMED_RE.finditer(text)]:
            # the subject of the clause: the last name before the verb, within its sentence
            start = max(text.rfind(". ", 0, m.start()) + 1, text.rfind("; ", 0, m.start()) + 1, m.start() - 120, 0)
            subject = text[start : m.start()]
            runs = list(re.finditer(_RUN, subject))
            who = next((w for w in (presiding_officer(r.group(0)) for r in reversed(runs)) if w is not None), None)
            if _presides(who):
                return who
        return None
