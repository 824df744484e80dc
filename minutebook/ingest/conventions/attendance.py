"""Attendance: who was present, who sent apologies, and who presided.

The "attendance" family: each convention reads a meeting's paragraphs and returns
an `Attendance`; `read_attendance` merges them, first convention first.

    python -m minutebook.ingest.conventions.attendance MINUTES.pdf
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from minutebook.ingest.conventions import Context, conventions, register
from minutebook.ingest.grammar import NAME_TOKEN as _NAME_TOKEN
from minutebook.ingest.grammar import TITLES
from minutebook.ingest.segment import Para
from minutebook.models import Person

__all__ = ["Attendance", "read_attendance", "split_people", "clean_name"]

# An item heading ends an attendance list that runs on below its "Present:" line.
_ITEM_START_RE = re.compile(r"^(?:item\s+)?\(?\*?(?:\d{1,3}[A-Za-z]?|[A-Z]|[IVX]{1,5})(?:[.):]\s*|\s+[-–]\s+)[A-Z]")

PRESENT_RE = re.compile(
    r"^(?:roll\s+call\s*[-–:]?\s*)?(?:members\s+)?(?:present|in\s+attendance|attendees|attending)\s*(?:were)?\s*[:\-–]\s*", re.I
)
ALSO_PRESENT_RE = re.compile(r"^\[?(?:also\s+(?:present|in\s+attendance)|(?:officers?|staff)\s+(?:present|in\s+attendance))\s*[:\-–]\s*", re.I)
APOLOGIES_RE = re.compile(
    r"(?:apologies\s+(?:for\s+absence\s+)?(?:were\s+)?(?:received\s+)?(?:from\s+)?|^apologies\s*[:\-–]\s*|^absent\s*[:\-–]\s*)", re.I
)
SUBSTITUTE_RE = re.compile(rf"(?P<who>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})\s+(?:to\s+)?substitut\w*\s+for\s+(?P<for>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})")
CHAIR_RE = re.compile(r"\((?:co-?)?chair(?:man|woman|person)?\)|\bin\s+the\s+chair\b", re.I)
CONVENED_RE = re.compile(
    rf"(?:(?:Mayor|Chair(?:man|woman|person)?|President|Vice[- ]Chair)\s+)(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}})\s+"
    r"(?:convened|called\s+the\s+meeting\s+to\s+order|presided|opened\s+the\s+meeting)"
)


@dataclass(slots=True)
class Attendance:
    """Who attended, who sent apologies, and the chair's name ('' when no list says)."""

    attendees: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    chair: str = ""


def read_attendance(paras: Sequence[Para], context: Context) -> Attendance:
    """Attendance from every convention of the family; a later one fills only what earlier ones left empty."""
    out = Attendance()
    for conv in conventions("attendance"):
        got = conv.extract(paras, context)
        for part in got:
            out.attendees = out.attendees or part.attendees
            out.apologies = out.apologies or part.apologies
            out.chair = out.chair or part.chair
    return out


@register
class AttendanceLists:
    """"Present:", "In attendance:", "Apologies ... from", "Absent:" lists, with "(Chair)" and "convened"."""

    name = "attendance_lists"
    family = "attendance"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Attendance]:
        first_item = context.extra.get("first_item", len(paras))
        return [_parse_people(list(paras), first_item)]


def split_people(text: str) -> list[Person]:
    """Attendance written as "Name – Role Name – Role ..." or as a list "A, B (Org) and C"."""
    text = text.strip().rstrip(".")
    if len(re.findall(r"\s[–-]\s", text)) >= 2 and not re.search(r"[–-]\s*\d+\.?$", text):
        return _split_name_role(text)
    people = []
    carried = ""  # "Councilmembers A, B, C": the plural role applies to every name after it
    for chunk in _split_list(text):
        chunk = re.sub(r"^(?:and\s+)", "", chunk.strip()).strip(" .;")
        org = ""
        m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<org>[^)]*)\)\s*$", chunk)
        if m:
            chunk, org = m.group("name"), m.group("org")
        chunk = re.sub(r"\s*[–-]\s*\d+$", "", chunk)
        role = ""
        rm = re.match(rf"^(?P<role>(?:Vice\s+)?(?:Mayor|Chair|Chairman|Chairwoman|Chairperson|President|Vice[- ]Chair|Councilmembers?|Commissioners?|Trustees?|Members?|Directors?|Supervisors?))\s+(?P<name>{_NAME_TOKEN}.*)$", chunk)
        if rm:
            role, chunk = rm.group("role"), rm.group("name")
            carried = role if role.endswith("s") else ""
        elif carried:
            role = carried
        else:
            # "Chief Assistant City Attorney Elizabeth Mackenzie": the post, then the person's two names
            tokens = chunk.strip(" []").split()
            if len(tokens) >= 4 and all(re.fullmatch(_NAME_TOKEN, t) for t in tokens[-2:]):
                role, chunk = " ".join(tokens[:-2]), " ".join(tokens[-2:])
        name = _clean_name(chunk.strip(" []"))
        # a lone capitals tag ("R C Love, OBE"; "Jess Robinson, PC, Simon Allen") is an honour or a body, not a person
        if name and len(name) < 60 and re.match(r"[A-Z]", name) and not re.fullmatch(r"[A-Z]{2,4}", name):
            # the bracket was split off with the organisation: "R W Gough (Chairman)" leaves org "Chairman"
            chair = bool(CHAIR_RE.search(f"({org})")) or role.lower() in ("chair", "chairman", "chairwoman", "chairperson")
            people.append(Person(name=name, role=role[:-1] if role.endswith("s") else role,
                                 organisation="" if chair else org, chair=chair))
    return people


def _split_list(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\s+and\s+|\s+&\s+)", text)
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and tok is not None and (tok in (",", ";") or re.fullmatch(r"\s+(?:and|&)\s+", tok)):
            parts.append(cur)
            cur = ""
        else:
            cur += tok or ""
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _split_name_role(text: str) -> list[Person]:
    segments = re.split(r"\s[–-]\s", text)
    names = [segments[0]]
    roles = []
    name_tail = re.compile(rf"(?:(?:{TITLES})\s+)?{_NAME_TOKEN}\s+(?:{_NAME_TOKEN}\s+)?{_NAME_TOKEN}$")
    for seg in segments[1:-1]:
        m = _last_name_in(seg, name_tail)
        if m is None:
            roles.append(seg)
            names.append("")
            continue
        roles.append(seg[:m].strip(" ,"))
        names.append(seg[m:].strip())
    roles.append(segments[-1])
    people = []
    for name, role in zip(names, roles):
        clean = _clean_name(name)
        if not clean:
            continue
        chair = bool(CHAIR_RE.search(role))
        role = CHAIR_RE.sub("", role).strip(" ,")
        people.append(Person(name=clean, role=role, chair=chair))
    return people


def _last_name_in(seg: str, name_tail: re.Pattern[str]) -> int | None:
    """Offset where the trailing person's name starts in 'Role words Name Surname'."""
    tokens = list(re.finditer(r"\S+", seg))
    if len(tokens) < 2:
        return None
    # Prefer a two-word name; take a title (Cllr, Dr) in front of it as part of the name.
    start = tokens[-2].start()
    if not re.fullmatch(_NAME_TOKEN, tokens[-2].group()) or not re.fullmatch(_NAME_TOKEN, tokens[-1].group()):
        return None
    if len(tokens) >= 3 and re.fullmatch(TITLES, tokens[-3].group()):
        start = tokens[-3].start()
    return start


def _clean_name(name: str) -> str:
    name = re.sub(rf"^(?:{TITLES}\s+)+", "", name.strip())
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return name


def _list_after(paras: list[Para], n: int, rest: str) -> str:
    """The list under a 'Present:' heading: the text after the colon, else the paragraphs below it."""
    if rest.strip():
        return rest
    out = []
    for p in paras[n + 1 : n + 6]:
        if p.heading or PRESENT_RE.match(p.text) or APOLOGIES_RE.match(p.text) or _ITEM_START_RE.match(p.text):
            break
        out.append(p.text)
    return " ".join(out)


def _people_in(text: str) -> list[Person]:
    """People in an attendance list; "Jane Archer (JA) Alan Caudwell (AC)" lists are read by their initials."""
    tagged = NAME_INITIALS_RE.findall(text)
    if len(tagged) >= 2:
        return [Person(name=_clean_name(name), initials=ini) for name, ini in tagged]
    return split_people(text)


NAME_INITIALS_RE = re.compile(rf"((?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})+)\s*\(([A-Z]{{2,3}})\)")


def _parse_people(paras: list[Para], first_item: int) -> Attendance:
    meeting = Attendance()
    for n, p in enumerate(paras):
        text = p.text
        m = PRESENT_RE.match(text) or ALSO_PRESENT_RE.match(text)
        if m and not meeting.attendees or (m and ALSO_PRESENT_RE.match(text)):
            rest = _list_after(paras, n, text[m.end() :])
            rest = re.split(r"\s(?:absent|apologies)\s*:", rest, maxsplit=1, flags=re.I)[0]
            meeting.attendees.extend(_people_in(rest))
            tail = re.search(r"\babsent\s*:\s*(.+)$", text, re.I)
            if tail and not meeting.apologies:
                meeting.apologies = [Person(name=x.name, organisation=x.organisation) for x in split_people(tail.group(1))]
            continue
        am = APOLOGIES_RE.search(text)
        if am and not meeting.apologies and ("from" in text[: am.end()].lower() or am.start() == 0):
            rest = re.split(r"(?<=[.])\s+(?=[A-Z])", _list_after(paras, n, text[am.end() :]), maxsplit=1)[0]
            if rest.strip().lower().startswith(("none", "there were no", "no apologies")):
                continue
            meeting.apologies = [Person(name=x.name, organisation=x.organisation or x.role, initials=x.initials)
                                 for x in _people_in(rest)]
        for sm in SUBSTITUTE_RE.finditer(text):
            who, for_ = _clean_name(sm.group("who")), _clean_name(sm.group("for"))
            for person in meeting.attendees:
                if person.name == who:
                    person.substitute_for = for_
    chair = next((a for a in meeting.attendees if a.chair), None)
    if chair:
        meeting.chair = chair.name
    else:
        for p in paras[: first_item + 5]:
            m = CONVENED_RE.search(p.text)
            if m:
                meeting.chair = _full_name(m.group("name"), meeting.attendees)
                break
    return meeting


def _full_name(name: str, people: list[Person]) -> str:
    hits = [p.name for p in people if p.name == name or p.name.split()[-1] == name.split()[-1]]
    return hits[0] if len(hits) == 1 else name


clean_name = _clean_name


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        print(f"=== {m.kind} {m.date} chair={m.chair!r}")
        print("  attendees:", [(a.name, a.role[:30]) for a in m.attendees])
        print("  apologies:", [(a.name, a.organisation) for a in m.apologies])


if __name__ == "__main__":
    main()
