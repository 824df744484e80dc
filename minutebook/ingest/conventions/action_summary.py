"""Convention `action_summary`: a closing list of actions grouped by person.

"Summary of Action Items by Person:" after the last item, then each owner's name as a heading of its own
("Paulette Church:") and their tasks numbered under it ("1) talk with attorney regarding liabilities at the
lake"), with sub-headings such as "Previous tasks still pending:" (Falls Creek Ranch 2020 pp3-5). A name
heading may be printed at the end of the last task line before it ("1) speak with our insurers about FCR
liability for lake activities Terry Greiner:"). The list names no item; an owner on no attendance list is
kept as printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._action_text import new_action, owners_of, roster_of, tidy
from minutebook.ingest.grammar import NAME_TOKEN, ROLE, TITLES
from minutebook.ingest.owners import Roster, is_org_like
from minutebook.ingest.segment import Para
from minutebook.models import Action

__all__ = ["ActionSummary", "SUMMARY_RE"]

SUMMARY_RE = re.compile(
    r"\b(?:summary\s+of\s+(?:new\s+)?action(?:\s+item|\s+point)?s?(?:\s+(?:by|per)\s+(?:person|owner|member))?"
    r"|action(?:\s+item|\s+point)?s?\s+(?:summary|by\s+(?:person|owner))|(?:new\s+)?action\s+(?:items?|points?)"
    r"(?:\s+list)?|actions\s+arising)\s*:?\s*$",
    re.I,
)
_NAME = rf"(?:{TITLES}\s+)?{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}}"
OWNER_RE = re.compile(rf"^(?P<who>{_NAME}(?:\s*(?:&|and|/)\s*{_NAME})?)\s*:\s*$")
# "Paulette Church: talk with attorney ..." / "Clerk – write to Highways": owner and task on one line
INLINE_RE = re.compile(rf"^(?P<who>{_NAME}(?:\s*(?:&|and|/)\s*{_NAME})?)\s*(?::|\s[–—-])\s+(?P<task>\S.{{3,}})$")
TRAILING_OWNER_RE = re.compile(rf"\s+(?P<who>{NAME_TOKEN}\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)\s*:\s*$")
TASK_RE = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)]|[-•·▪●◦*\uf0b7])\s*(?P<task>\S.*)$", re.S)
SUBHEAD_RE = re.compile(r"^[A-Z][^:]{0,60}:\s*$")
_ROLE_RE = re.compile(rf"^(?:the\s+)?{ROLE}$", re.I)
_STATUS_RE = re.compile(r"\s*\((?:status|update)\s*:[^)]*\)\s*$", re.I)


@register
class ActionSummary:
    name = "action_summary"
    family = "actions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Action]:
        roster = roster_of(context)
        out: list[Action] = []
        inside = False
        who = ""
        owners: list[str] = []
        unresolved: list[str] = []
        for para in paras:
            text = re.sub(r"\s+", " ", para.text).strip()
            if not inside:
                inside = bool(SUMMARY_RE.search(text))
                continue
            m = OWNER_RE.match(text)
            if m and self._is_person(m.group("who"), roster):
                who = m.group("who")
                owners, unresolved = owners_of(who, roster)
                continue
            inline = INLINE_RE.match(text)
            # "Chair: Kenny Combe" is a signature line, not a task: a task has words in lower case
            if inline and self._is_person(inline.group("who"), roster) and re.search(r"\b[a-z]{3,}\b",
                                                                                      inline.group("task")):
                got_owners, got_unresolved = owners_of(inline.group("who"), roster)
                task = tidy(_STATUS_RE.sub("", inline.group("task")))
                out.append(new_action(task, para.page, got_owners, inline.group("who"), got_unresolved))
                continue
            t = TASK_RE.match(text)
            if t and who:
                task = t.group("task")
                nxt = TRAILING_OWNER_RE.search(task)
                if nxt and self._is_person(nxt.group("who"), roster):
                    task = task[: nxt.start()]
                task = tidy(_STATUS_RE.sub("", task))
                if task:
                    out.append(new_action(task, para.page, owners, who, unresolved))
                if nxt and self._is_person(nxt.group("who"), roster):
                    who = nxt.group("who")
                    owners, unresolved = owners_of(who, roster)
                continue
            if SUBHEAD_RE.match(text):
                continue  # "Previous tasks still pending:"
            if who and not t:
                break  # prose after the list: the summary is over
        return out

    @staticmethod
    def _is_person(who: str, roster: Roster) -> bool:
        """A heading that names people: on the roster, or a name of two or three words (not a team)."""
        if roster.resolve_one(who) in roster.names or _ROLE_RE.match(who):
            return True
        words = who.split()
        return 2 <= len(words) <= 4 and not is_org_like(who) and not re.search(
            r"\b(?:tasks?|items?|actions?|pending|previous|new|still|completed|open|closed)\b", who, re.I)
