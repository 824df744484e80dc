"""Attendance: who was present, who sent apologies, and who presided.

The "attendance" family: each convention reads a meeting's paragraphs and returns
an `Attendance`; `read_attendance` merges them: people are pooled (one entry a person),
a chair stated by who presided ("Chaired by X", "X called the meeting to order") beats
a "(Chair)" mark in a list, and a name printed as a surname or initials only takes its
forename where the same minutes print it ("Mrs A Beer" ... "Amanda Beer", Kent Cabinet p1, p5).

This module holds the list reader every convention shares (`split_people`) and two
conventions: labelled lists ("Present:", "In Attendance:", "Absent (Excused):",
"Apologies for absence were received from ...") and prose ("Board members present
were ...", "Clerk X was also present").

    python -m minutebook.ingest.conventions.attendance MINUTES.pdf
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from minutebook.ingest.conventions import Context, conventions, register
from minutebook.ingest.grammar import (
    ABSENT_HEADS,
    ATTENDED_HOW,
    HONORIFICS,
    LABEL_QUALIFIERS,
    NO_ONE_RE,
    POST_WORDS,
    PRESENT_HEADS,
    TITLE_QUALIFIERS,
    TITLE_WORDS,
    TITLES,
    is_upper,
)
from minutebook.ingest.grammar import NAME_TOKEN as _NAME_TOKEN
from minutebook.ingest.segment import Para
from minutebook.models import Person

__all__ = ["Attendance", "read_attendance", "split_people", "clean_name", "same_person", "HEAD_MARGIN", "head_end"]

# Attendance is printed above the first item or in its first few paragraphs ("1. Roll Call").
HEAD_MARGIN = 12


def head_end(first_item: int, margin: int = HEAD_MARGIN) -> int:
    """Where the opening of the minutes ends: some paragraphs past the first item, and never before the 20th (a
    title block mistaken for an item must not hide the lists below it)."""
    return max(first_item + margin, 20)

# An item heading ends an attendance list that runs on below its "Present:" line.
_ITEM_START_RE = re.compile(r"^(?:item\s+)?\(?\*?(?:\d{1,3}[A-Za-z]?|[A-Z]|[IVX]{1,5})(?:[.):]\s*|\s+[-–]\s+)[A-Z]")
_LEAD_NUMBER = r"(?:(?:item\s+)?\d{1,3}(?:\.\d{1,2})*[.)]?\s+)?"

# "Present:", "Commissioners Present:", "Also in attendance:", "City staff:", "Absent (Excused):", "New Board Members:"
LABEL_RE = re.compile(
    rf"(?P<label>(?:{LABEL_QUALIFIERS}\s+){{0,3}}?(?:(?P<absent>{ABSENT_HEADS})|(?P<present>{PRESENT_HEADS})"
    rf"|(?P<members>members)){ATTENDED_HOW}(?:\s+(?:were|was))?)\s*(?:\((?P<note>[^)]{{0,30}})\)\s*)?(?::|\s[-–](?=\s))\s*",
    re.I,
)
# "2. ROLL CALL", "Apologies for Absence", "PRESENT": a label standing alone as a heading, its list below it
BARE_LABEL_RE = re.compile(
    rf"(?P<label>(?:{LABEL_QUALIFIERS}\s+){{0,3}}?(?:(?P<absent>{ABSENT_HEADS})|(?P<present>{PRESENT_HEADS})){ATTENDED_HOW})"
    r"\s*(?:\([^)]{0,30}\)\s*)?[.:]?\s*$",
    re.I,
)
# "Present Rob Boyd RB ..." (Ayton 2016 p1), "Present Councillors D Richardson (Chair), ..." (Milburn p1): the label
# without its colon
BARE_PRESENT_RE = re.compile(r"^(?:Present|PRESENT|In [Aa]ttendance|IN ATTENDANCE|Attendees|ATTENDEES)\s+(?=[A-Z])")
# Any other "Word:" label in the same paragraph ends the list before it ("Visitors: None", "Time: 6:30").
OTHER_LABEL_RE = re.compile(r"(?<![\w’'])(?P<word>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s*:\s")
# "Apologies for absence were received from", "Apologies had been received and accepted from", "Apologies given by"
APOLOGIES_FROM_RE = re.compile(r"\bapolog(?:y|ies)(?:\s+[a-z]+){0,6}?\s+(?:from|by|on\s+behalf\s+of)\s*:?\s*", re.I)
# "Cllr Smith sent apologies", "Jane Doe had sent her apologies" (made-up names)
SENT_APOLOGIES_RE = re.compile(
    r"(?:^|(?<=[.;]\s))(?P<list>[A-Z][^.;:]{2,120}?)\s+(?:had\s+)?(?:sent|tendered|gave|offered)\s+(?:(?:their|his|her)\s+)?"
    r"apologies\b"
)
VOTE_LINE_RE = re.compile(r"(?:^|\s)(?:ayes?|nays?|noes|abstain(?:ed|s|ing)?|motion\s+by|seconder|result|recused)\s*:", re.I)
SUBSTITUTE_RE = re.compile(rf"(?P<who>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})\s+(?:to\s+)?substitut\w*\s+for\s+(?P<for>(?:{TITLES}\s+)?{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})")
CHAIR_RE = re.compile(r"\((?:co-?)?chair(?:man|woman|person)?\)|\bin\s+the\s+chair\b", re.I)
_CHAIR_WORD_RE = re.compile(r"^(?:co-?)?chair(?:man|woman|person)?$|^presiding(?:\s+officer)?$", re.I)
# A bracket that says how someone attended, not who they are: "(Excused)", "(via Zoom)", "(arrived 7:15)"
_STATUS_NOTE_RE = re.compile(r"^(?:excused|unexcused|absent|late|remote(?:ly)?|virtual|online|in\s+person|via\b.*|arrived\b.*"
                             r"|left\b.*|from\s+item\b.*|part\b.*|\*?\d.*|with\s+apologies|apologies|non-voting|ex[- ]officio)$", re.I)

# People in prose: "Board members present were A, B and C.", "Present at the meeting were ...",
# "Clerk Buiter was also present." (Crete p1).
PROSE_PRESENT_RE = re.compile(
    rf"(?:^|(?<=[.;]\s))(?:the\s+)?(?:(?:{LABEL_QUALIFIERS})\s+){{0,3}}(?:present|in\s+attendance)(?:\s+at\s+the\s+meeting)?"
    r"\s+(?:were|was|included)\s*:?\s*(?P<list>.+?)(?<![\s.][A-Z])(?:\.(?=\s|$)|$)",
    re.I,
)
FOR_ITEM_RE = re.compile(r"\s+(?:for|during|at)\s+(?:this|that|the|part\s+of|items?)\b", re.I)
PROSE_WERE_PRESENT_RE = re.compile(
    rf"(?:^|(?<=[.;]\s))(?:the\s+following\s+)?(?:(?:{LABEL_QUALIFIERS})\s+){{0,3}}(?:were|was)\s+(?:present|in\s+attendance)"
    r"\s*:\s*(?P<list>.+?)(?<![\s.][A-Z])(?:\.(?=\s|$)|$)",
    re.I,
)
PROSE_ALSO_RE = re.compile(
    r"(?:^|(?<=[.;]\s))(?P<list>[A-Z][^.;:]{2,120}?)\s+(?:was|were)\s+(?:also\s+)?(?P<what>present|in\s+attendance|absent)\b"
)

_HONORIFIC_SET = {w.lower() for w in HONORIFICS}
_TITLE_SET = {w.lower() for w in TITLE_WORDS if " " not in w}
_POST_SET = {w.lower() for w in POST_WORDS} | {"vice-chair", "vice-chairman", "vice-president", "co-chair"}
_QUALIFIER_SET = {w.lower() for w in TITLE_QUALIFIERS}
_CONNECTORS = {"of", "for", "the", "&", "and", "to", "at", "in", "on"}
# Capitalised words that open sentences, lists and labels but never name anyone.
_NOT_NAMES = {"the", "a", "an", "and", "but", "or", "if", "when", "while", "as", "at", "by", "for", "from", "in", "on",
              "of", "to", "with", "none", "nil", "all", "no", "there", "this", "that", "these", "those", "it", "he", "she",
              "they", "we", "our", "his", "her", "their", "motion", "moved", "seconded", "thanks", "thank", "dear",
              "item", "items", "minute", "minutes", "action", "actions", "agenda", "report", "meeting", "present",
              "apologies", "absent", "attendees", "attendance", "visitors", "guests", "public", "also", "others",
              "other", "council", "committee", "commission", "cabinet", "board", "city", "county", "town", "village",
              "parish", "state", "clerked", "chaired", "minuted", "recorded", "signed", "approved", "respectfully",
              "submitted", "roll", "call", "via", "zoom", "teams", "online", "excused", "welcome", "welcomed",
              "following", "after", "before", "during", "mr", "mrs", "ms", "dr"}


@dataclass(slots=True)
class Attendance:
    """Who attended, who sent apologies, and the chair's name ('' when no list says)."""

    attendees: list[Person] = field(default_factory=list)
    apologies: list[Person] = field(default_factory=list)
    chair: str = ""
    presided: bool = False  # the chair is stated by who presided, not only marked "(Chair)" in a list


def read_attendance(paras: Sequence[Para], context: Context) -> Attendance:
    """Attendance pooled from every convention of the family, with forenames filled from the minutes' own text."""
    attendees: list[Person] = []
    apologies: list[Person] = []
    chair, presided = "", False
    for conv in conventions("attendance"):
        for part in conv.extract(paras, context):
            attendees = _pooled(attendees, part.attendees)
            apologies = _pooled(apologies, part.apologies)
            if part.chair and (not chair or (part.presided and not presided)):
                chair, presided = part.chair, part.presided
    if not chair:
        # no one is said to preside and no one is marked chair: the post that presides by office, where one
        # attendee holds it ("President Paulette Church", Falls Creek p1; "Mayor Ezzy Ashcraft", Alameda council p1)
        presiding = [p for p in attendees if re.fullmatch(r"(?i)(?:board\s+)?(?:president|mayor|chair(?:man|woman|person)?)",
                                                          p.role.strip())]
        if len(presiding) == 1:
            chair = presiding[0].name
    text = "\n".join(p.text for p in paras)
    attendees = [_with_forename(p, text) for p in attendees]
    apologies = [_with_forename(p, text) for p in apologies]
    if chair:
        chair = _full_name(_with_forename(Person(name=chair), text).name, attendees)
        attendees = [replace(p, chair=p.name == chair) if p.chair or p.name == chair else p for p in attendees]
    return Attendance(attendees=attendees, apologies=apologies, chair=chair, presided=presided)


@register
class AttendanceLists:
    """"Present:", "In attendance:", "City staff:", "Absent (Excused):", "Apologies ... from" lists, with "(Chair)"."""

    name = "attendance_lists"
    family = "attendance"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Attendance]:
        first_item = context.extra.get("first_item", len(paras))
        return [_parse_lists(list(paras), first_item, agenda=context.kind == "agenda")]


@register
class AttendanceProse:
    """Attendance told in sentences: "Board members present were ...", "X was also present", "X was absent"."""

    name = "attendance_prose"
    family = "attendance"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Attendance]:
        first_item = context.extra.get("first_item", len(paras))
        out = Attendance()
        for p in paras[: head_end(first_item)]:
            if _label_at_start(p.text):
                continue
            for m in [*PROSE_PRESENT_RE.finditer(p.text), *PROSE_WERE_PRESENT_RE.finditer(p.text)]:
                out.attendees = _pooled(out.attendees, split_people(m.group("list")))
            for m in SENT_APOLOGIES_RE.finditer(p.text):
                if _looks_like_names(m.group("list")):
                    out.apologies = _pooled(out.apologies, [_absent(x) for x in split_people(m.group("list"))])
            for m in PROSE_ALSO_RE.finditer(p.text):
                names = split_people(m.group("list"))
                if not names or not _looks_like_names(m.group("list")) or FOR_ITEM_RE.match(p.text, m.end()):
                    continue  # "... were in attendance for this item": there for one item, not the meeting (Kent p1)
                if m.group("what").lower() == "absent":
                    out.apologies = _pooled(out.apologies, names)
                else:
                    out.attendees = _pooled(out.attendees, names)
        return [out]


# ---------------------------------------------------------------------------------------------------------------
# Reading one list of people


def split_people(text: str) -> list[Person]:
    """The people in one attendance list, however it is printed.

    "Name – Role Name – Role ...", "A, B (Org) and C", "Councilmembers A, B, C" (the plural post applies to every
    name after it), "Rob Boyd RB Margaret Carey MCa" (initials after each name, kept in `Person.initials`; Ayton
    2016 p1), "Name, Role Name, Role Name" (the post follows its name; Horsley village hall p1), and run-on lists
    where posts separate the names ("P Moran Clerk Mrs J Todd Eden District Councillor A Armstrong", Milburn p1).
    """
    text = _tidy(text)
    if not text or NO_ONE_RE.match(text):
        return []
    tagged = _initialled(text)
    if tagged:
        return tagged
    paired = _dash_pairs(text)
    if paired:
        return paired
    if len(re.findall(r"\s[–-]\s", text)) >= 2 and not re.search(r"[–-]\s*\d+\.?$", text):
        return _split_name_role(text)
    return _split_listed(text)


def _tidy(text: str) -> str:
    text = re.sub(r"\xad|[\u200b-\u200d]", "", text).replace("\u2010", "-").replace("\u2011", "-")
    text = re.sub(r"-{2,}", "-", text).replace("[", " ").replace("]", " ")
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    text = re.sub(r"(?<=[a-z])- (?=[A-Z])", "-", text)  # "Dara- Abrams": a name broken at its hyphen (Alameda TC p1)
    text = re.sub(r"\(\*?\d{1,2}:\d{2}\)", "", text)  # "(*0:34)": a video time stamp
    if is_upper(text):
        text = re.sub(r"[A-Z][A-Z'’]+", lambda m: m.group(0).capitalize(), text)
    else:
        # "JOHN SMITH (Chair), Jane Doe" (made up): a name in capitals among others; lone tags ("OBE", "RB") stay
        text = re.sub(r"\b[A-Z]{3,}(?:\s+[A-Z][A-Z'’-]{2,})+\b", lambda m: m.group(0).title(), text)
    return text.strip()


@dataclass(slots=True)
class _Entry:
    prefix: list[str]
    name: list[str]
    notes: list[str] = field(default_factory=list)
    after: str = ""  # a post printed after the name as its own entry: "John Smith, Chair; Mary Jones, ..." (made up)


def _split_listed(text: str) -> list[Person]:
    chunks = [re.sub(r"^(?:and|&)\s+", "", c.strip()).strip(" .;") for c in _split_list(text)]
    scanned = []
    for chunk in chunks:
        entries, rest = _scan(chunk)
        if entries:
            scanned.append(entries)
        elif rest and scanned and not scanned[-1][-1].after and _is_post_phrase(rest):
            scanned[-1][-1].after = _role_of(rest)
    if _roles_follow_names(scanned):
        # "Mick Ratford, Treasurer Karen Butt, Bookings Secretary Mags Ratford, Secretary Jon Stride (Chairperson)":
        # each post belongs to the name before it (Horsley p1).
        flat = [e for entries in scanned for e in entries]
        for here, after in zip(flat, flat[1:]):
            here.prefix, after.prefix = after.prefix, []
        scanned = [[e] for e in flat]
    people: list[Person] = []
    carried = ""
    for entries in scanned:
        for e in entries:
            role = _role_of(e.prefix) or e.after
            if role and _plural_post(role):
                carried = role
            elif role:
                carried = ""
            elif carried:
                role = carried
            org, chair = "", bool(role) and bool(_CHAIR_WORD_RE.match(role.split()[-1])) and not re.match(
                r"(?i)vice|deputy|acting\s+vice", role)
            initials = ""
            for note in e.notes:
                if _are_initials(note, e.name):
                    initials = note
                elif CHAIR_RE.search(f"({note})"):
                    chair = True
                elif _STATUS_NOTE_RE.match(note) or note[:1].islower():
                    continue  # "(Excused)", "(work commitments)": how or why, not who
                elif _is_post_phrase(note.split()) and not role:
                    role = note  # "(Vice Chairman)", "(Clerk)"
                elif not org:
                    org = note
            name = _clean_name(" ".join(e.name))
            if _plausible(name):
                people.append(Person(name=name, role=_singular(role), organisation=org, chair=chair, initials=initials))
    return people


def _plural_post(role: str) -> bool:
    """ "Councilmembers", "Board members", "Commissioners": a post printed once for the names after it."""
    last = role.split()[-1].lower()
    return last.endswith("s") and not last.endswith("ss") and (last in _POST_SET or last in _TITLE_SET)


def _singular(role: str) -> str:
    return role[:-1] if role and _plural_post(role) else role


def _roles_follow_names(scanned: list[list[_Entry]]) -> bool:
    if len(scanned) < 3 or any(len(entries) != 1 or entries[0].after for entries in scanned):
        return False
    first, rest = scanned[0][0], [entries[0] for entries in scanned[1:]]
    return not first.prefix and all(
        e.prefix and all(w.lower() not in _TITLE_SET and w.lower() not in _HONORIFIC_SET for w in e.prefix)
        and any(w.lower() in _POST_SET for w in e.prefix) for e in rest
    )


def _role_of(prefix: list[str]) -> str:
    # Honorifics are no post, but "Councillor" stays in "Eden District Councillor" (Milburn p1); alone it goes.
    words = [w.strip(".,:;") for w in prefix if w.lower().strip(".") not in _HONORIFIC_SET or w.lower() in ("councillor",)]
    words = [w for w in words if w]
    if len(words) == 1 and words[0].lower() in ("councillor", "councillors"):
        return ""
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    return " ".join(words)


def _kind(tok: str, nxt: str) -> str:
    """The part a token plays in a list: title, post, initial, name, caps (an honour or body), paren or other."""
    if tok.startswith("("):
        return "paren"
    word = tok.strip(",;:")
    bare = word.rstrip(".")
    low = bare.lower()
    if re.fullmatch(r"[A-Z]\.?|(?:[A-Z]\.){2,3}", word):
        return "initial"
    if low in _HONORIFIC_SET or low in _TITLE_SET:
        return "title"
    if low in _POST_SET and (bare[:1].isupper() or low in ("members", "member", "staff")):
        return "post"
    if low in _QUALIFIER_SET and bare[:1].isupper():
        nlow = nxt.strip(".,;:").lower()
        return "post" if nlow in _TITLE_SET or nlow in _POST_SET or nlow in _QUALIFIER_SET or nlow in _HONORIFIC_SET else "name"
    if re.fullmatch(r"[A-Z]{2,5}", bare):
        return "caps"
    if re.fullmatch(_NAME_TOKEN, bare) and low not in _NOT_NAMES:
        return "name"
    if low in _PARTICLES and (re.fullmatch(_NAME_TOKEN, nxt.strip(",;:")) or nxt.lower() in _PARTICLES):
        return "particle"
    if low in _CONNECTORS:
        return "connector"
    return "other"


# Post words that are also surnames: "Jane Head", "Tom Marshal" (made-up names)
_SURNAME_POSTS = {"head", "lead", "marshal", "sheriff", "speaker", "guest", "fellow", "chief", "student", "youth", "dean"}
# "Ludwig van Beethoven", "Maria de la Cruz" (made-up lists): lower-case words inside a name
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "bin", "ter"}


def _is_post_phrase(words: list[str]) -> bool:
    """ "Chair", "Vice Chair", "Planning Director": a post printed as its own list entry after a name."""
    return any(w.lower().strip(".,:;") in _POST_SET for w in words) and all(
        w[:1].isupper() or w.lower() in _CONNECTORS for w in words)


def _scan(chunk: str) -> tuple[list[_Entry], list[str]]:
    """The people in one comma-separated chunk (usually one, several where posts separate run-on names), and the
    words of a post left over where the chunk names no one."""
    toks = re.findall(r"\([^)]*\)?|[^\s()]+", chunk)
    kinds = [_kind(t, toks[i + 1] if i + 1 < len(toks) else "") for i, t in enumerate(toks)]
    words = sum(k not in ("paren",) for k in kinds)
    entries: list[_Entry] = []
    prefix: list[str] = []
    i, n = 0, len(toks)
    while i < n:
        k = kinds[i]
        if k in ("title", "post"):
            prefix.append(toks[i])
            i += 1
        elif k == "connector" and prefix:
            prefix.append(toks[i])
            i += 1
        elif k == "initial":
            j = i
            while j < n and kinds[j] == "initial":
                j += 1
            if j < n and kinds[j] == "name" and j - i <= 3:
                entries.append(_Entry(prefix, [t.rstrip(".") for t in toks[i:j]] + [toks[j].strip(",;:")]))
                prefix, i = [], j + 1
            else:
                i = j
        elif k == "name":
            j = i
            while j < n and (kinds[j] == "name" or kinds[j] == "particle" and j > i):
                j += 1
            run = []
            for t in toks[i:j]:
                # a particle joins the name word after it: "Maria" "de la Cruz"
                if run and run[-1].split()[-1].lower() in _PARTICLES:
                    run[-1] = f"{run[-1]} {t.strip(',;:')}"
                else:
                    run.append(t.strip(",;:"))
            # "Jane Head": a post word that closes the chunk after a lone forename is the surname
            if len(run) == 1 and j < n and kinds[j] == "post" and toks[j].strip(",;:").lower() in _SURNAME_POSTS and (
                    j + 1 == n or kinds[j + 1] == "paren"):
                run.append(toks[j].strip(",;:"))
                j += 1
            if len(run) == 1 and words > 1 and j < n and (
                    kinds[j] == "post" and toks[j].strip(",;:.").lower() not in _TITLE_SET
                    or not prefix and kinds[j] in ("title", "initial")):
                # "Eden District Councillor" (Milburn p1), "Bookings Secretary" (Horsley village hall p1), "Chief Planning
                # Counsel" (Alameda Open Government Commission p1): the post's own word
                prefix.append(run[0])
            elif prefix and prefix[-1].lower() in _CONNECTORS and len(run) >= 3:
                # "Director of Finance John Smith" (made up): the post runs on to the last two names
                prefix.extend(run[:-2])
                entries.append(_Entry(prefix, run[-2:]))
                prefix = []
            elif len(run) == 1 and not prefix and words > 1:
                if not entries and i == 0:
                    # "Soules via Zoom"; but "Mr Smith of the Gazette", "Report from Planning" (made up): no person
                    entries.append(_Entry([], run))
            else:
                groups = [run] if len(run) <= 3 else [run[g:g + 2] for g in range(0, len(run), 2)]
                if len(groups) > 1 and len(groups[-1]) == 1:
                    groups[-2:] = [groups[-2] + groups[-1]]
                for g in groups:
                    entries.append(_Entry(prefix, g))
                    prefix = []
            i = j
        elif k == "paren":
            note = toks[i].strip("() ")
            if entries and not prefix:
                entries[-1].notes.append(note)
            i += 1
        elif k in ("caps", "connector"):
            i += 1
        else:
            if entries:
                break  # "plus ten guests", "– 5", "arrived at 7:08"
            prefix = []
            i += 1
    return entries, ([] if entries else prefix)


def _plausible(name: str) -> bool:
    # a lone capitals tag ("R C Love, OBE", Kent p1; "Jess Robinson, PC, Simon Allen", Horsley village hall p1) is an
    # honour or a body, not a person
    return bool(name) and len(name) < 60 and bool(re.match(r"[A-Z]", name)) and not re.fullmatch(r"[A-Z]{2,5}", name) \
        and name.lower() not in _NOT_NAMES


def _split_list(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\s+and\s+|\s+&\s+)", text)
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        if depth == 0 and tok is not None and (tok in (",", ";") or re.fullmatch(r"\s+(?:and|&)\s+", tok)):
            parts.append(cur)
            cur = ""
        else:
            cur += tok or ""
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _initialled(text: str) -> list[Person]:
    """ "Rob Boyd RB Margaret Carey MCa Michael Cook (SBC) MC" (Ayton 2016 p1) or "Jane Archer (JA) Alan Caudwell (AC)"
    (Horsley working group p1): each name followed by the initials it goes by, which must be the name's own initials. A run of names between
    two tagged ones is people listed without initials, two words each (Horsley working group p1)."""
    toks = re.findall(r"\([^)]*\)|[^\s(),;]+", text)
    # "(AT) (KB) (MR)" printed on the next line under names that had none (Horsley working group p1): set aside,
    # then given to the untagged names they fit
    tag = re.compile(r"\([A-Z][A-Za-z]{0,3}\)")
    set_aside = {k for k, t in enumerate(toks) if tag.fullmatch(t) and (
        k == 0 or tag.fullmatch(toks[k - 1]) or k + 1 < len(toks) and tag.fullmatch(toks[k + 1]))}
    orphans = [toks[k].strip("()") for k in sorted(set_aside)]
    toks = [t for k, t in enumerate(toks) if k not in set_aside]
    people: list[Person] = []
    start, tagged, covered = 0, 0, len(orphans)
    for i, tok in enumerate(toks):
        ini = tok.strip("()")
        if not re.fullmatch(r"[A-Z][A-Za-z]{0,3}", ini) or sum(c.isupper() for c in ini) < 2:
            continue
        j, org = i, ""
        if j - 1 >= start and toks[j - 1].startswith("(") and not tok.startswith("("):
            org, j = toks[j - 1].strip("() "), j - 1
        run = [t for t in toks[start:j] if t.lower().strip(".") not in _HONORIFIC_SET and t.lower() not in _TITLE_SET
               and t.lower() not in ("and", "&")]
        if not all(re.fullmatch(_NAME_TOKEN, t) or re.fullmatch(r"[A-Z]\.?", t) for t in run):
            continue
        size = next((k for k in (2, 3, 4) if k <= len(run) and _are_initials(ini, run[-k:])), 0)
        if not size or (len(run) - size) % 2:
            continue
        for g in range(0, len(run) - size, 2):
            people.append(Person(name=_clean_name(" ".join(run[g:g + 2]))))
        people.append(Person(name=_clean_name(" ".join(run[-size:])), organisation=org, initials=ini))
        tagged += 1
        covered += i + 1 - start
        start = i + 1
        while start < len(toks) and toks[start].startswith("(") and not re.fullmatch(r"\([A-Z][A-Za-z]{0,3}\)", toks[start]):
            # "Jane Archer (JA) (Chair)" (made up from Horsley working group p1): a note on the person just read
            note = toks[start].strip("() ")
            if CHAIR_RE.search(f"({note})"):
                people[-1] = replace(people[-1], chair=True)
            elif not _STATUS_NOTE_RE.match(note) and not people[-1].organisation:
                people[-1] = replace(people[-1], organisation=note)
            start += 1
            covered += 1
    rest = [t for t in toks[start:] if re.fullmatch(_NAME_TOKEN, t)]
    if len(rest) == len(toks) - start and len(rest) % 2 == 0:
        people.extend(Person(name=_clean_name(" ".join(rest[g:g + 2]))) for g in range(0, len(rest), 2))
        covered += len(rest)
    for ini in orphans:
        k = next((k for k, p in enumerate(people) if not p.initials and _are_initials(ini, p.name.split())), None)
        if k is not None:
            people[k] = replace(people[k], initials=ini)
    return people if tagged >= 2 and covered >= 0.8 * (len(toks) + len(orphans)) else []


def _are_initials(tag: str, name: list[str]) -> bool:
    """ "MCa" for Margaret Carey (Ayton 2016 p1), "JA" for Jane Archer: the capitals of a tag are the name's first
    letters."""
    if not re.fullmatch(r"[A-Z][A-Za-z]{0,3}", tag) or len(name) < 2:
        return False
    caps = "".join(c for c in tag if c.isupper())
    letters = [t[0] for t in name]
    return len(caps) >= 2 and caps in ("".join(letters), letters[0] + letters[-1])


def _dash_pairs(text: str) -> list[Person]:
    """ "Chair - John Smith; Secretary - Jane Doe" or "John Smith – Chair, Jane Doe – Secretary" (made up): one dash,
    the post on whichever side of it holds post words."""
    chunks = _split_list(text)
    if len(chunks) < 2 or not all(len(re.findall(r"\s[–-]\s", c)) == 1 for c in chunks):
        return []
    people = []
    for chunk in chunks:
        left, right = (x.strip() for x in re.split(r"\s[–-]\s", re.sub(r"^(?:and|&)\s+", "", chunk), maxsplit=1))
        if _is_post_phrase(left.split()) and not _is_post_phrase(right.split()):
            left, right = right, left
        found = split_people(left)
        if len(found) != 1:
            return []
        role = right.strip(" .;")
        chair = bool(CHAIR_RE.search(role) or _CHAIR_WORD_RE.match(role))
        people.append(replace(found[0], role=found[0].role or role, chair=found[0].chair or chair))
    return people


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
        chair = bool(CHAIR_RE.search(role) or _CHAIR_WORD_RE.match(role.strip(" ,")))
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
    name = re.sub(r"\b([A-Z])\.(?=\s|$)", r"\1", name)  # "R. Healey" is "R Healey"
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return name


clean_name = _clean_name


def _looks_like_names(text: str) -> bool:
    """A list of names and posts, not a sentence: no lower-case words but joiners and posts."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", bare)
    return bool(words) and all(w[0].isupper() or w.lower() in _CONNECTORS | {"plus"} or w.lower() in _POST_SET
                               for w in words)


# ---------------------------------------------------------------------------------------------------------------
# Labelled lists


def _label_at_start(text: str) -> re.Match[str] | None:
    m = re.match(rf"^[\[•·*-]?\s*{_LEAD_NUMBER}", text)
    at = m.end() if m else 0
    lm = LABEL_RE.match(text, at) or BARE_LABEL_RE.match(text, at)
    if lm and (lm.group("present") or lm.group("absent")):
        return lm
    return BARE_PRESENT_RE.match(text)


def _segments(text: str) -> list[tuple[str, str]]:
    """A paragraph that opens with a label cut at every later label: [(kind, list text)], kind present|absent|other."""
    first = _label_at_start(text)
    if first is None:
        return []
    cuts: list[tuple[int, int, str]] = []
    kind = "absent" if "absent" in first.groupdict() and first.groupdict().get("absent") else "present"
    cuts.append((first.start(), first.end(), kind))
    seen_present = kind == "present"
    pos = first.end()
    while True:
        lm = next((m for m in LABEL_RE.finditer(text, pos) if m.group("label")[:1].isupper()), None)
        om = next((m for m in OTHER_LABEL_RE.finditer(text, pos)
                   if not _is_post_word(m.group("word").split()[-1]) and not LABEL_RE.match(text, m.start())), None)
        if lm is None and om is None:
            break
        if om is not None and (lm is None or om.start() < lm.start()):
            cuts.append((om.start(), om.end(), "other"))
            pos = om.end()
            continue
        assert lm is not None
        if lm.group("absent"):
            kind = "absent"
        elif lm.group("present"):
            kind, seen_present = "present", True
        else:
            kind = "present" if seen_present else "other"
        cuts.append((lm.start(), lm.end(), kind))
        pos = lm.end()
    out = []
    for n, (_, end, kind) in enumerate(cuts):
        stop = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        out.append((kind, text[end:stop].strip()))
    return out


def _is_post_word(word: str) -> bool:
    low = word.lower()
    return low in _POST_SET or low in _TITLE_SET or low in _HONORIFIC_SET


def _first_sentence(text: str) -> str:
    """A list ends where prose starts: "A, B and C. The meeting opened at ..." keeps "A, B and C"."""
    parts = re.split(r"(?<=[a-z)]{2}[.!?])\s+(?=[A-Z])", text, maxsplit=1)
    if len(parts) == 2 and not _looks_like_names(parts[1]):
        return parts[0]
    return text


def _list_after(paras: list[Para], n: int) -> str:
    """The list printed in the paragraphs below a label that stands alone."""
    out = []
    for p in paras[n + 1 : n + 40]:
        if p.heading or _label_at_start(p.text) or _ITEM_START_RE.match(p.text) or not _looks_like_names(p.text):
            break
        out.append(p.text)
    return ", ".join(out)


def _parse_lists(paras: list[Para], first_item: int, agenda: bool = False) -> Attendance:
    meeting = Attendance()
    head = head_end(first_item)
    for n, p in enumerate(paras):
        text = p.text
        in_vote = bool(VOTE_LINE_RE.search(text) or (n and VOTE_LINE_RE.search(paras[n - 1].text)))
        # "ABSENT: Hernandez" under "AYES: ..." is how one vote was cast, not who attended (East Palo Alto p1)
        segments = _segments(text) if n < head and not in_vote else []
        for kind, rest in segments:
            if kind == "other" or (agenda and re.match(r"(?i)\W*roll\s+call", text)):
                continue  # an agenda's "ROLL CALL:" lists who is expected, not who came (Rancho Palos Verdes p2)
            if not rest:
                rest = _list_after(paras, n)
            said = APOLOGIES_FROM_RE.search(rest) if kind == "absent" else None
            if said:
                rest = rest[said.end():]  # "Apologies: An apology for absence was received from Councillor X."
            marked = _marked_roll(rest)
            if marked is not None:
                meeting.attendees = _pooled(meeting.attendees, marked[0])
                meeting.apologies = _pooled(meeting.apologies, [_absent(x) for x in marked[1]])
                continue
            people = split_people(_first_sentence(rest))
            if kind == "present":
                if re.match(r"(?i)\W*(?:clerk|minute|minutes\s+taken)", text):
                    people = [replace(x, role=x.role or "Clerk") for x in people]  # "Clerk: Mrs J Doe" (made up)
                meeting.attendees = _pooled(meeting.attendees, people)
            elif not meeting.apologies or n < head:
                meeting.apologies = _pooled(meeting.apologies, [_absent(x) for x in people])
        if not segments:
            am = APOLOGIES_FROM_RE.search(text)
            if am and not meeting.apologies:
                rest = _first_sentence(text[am.end():])
                rest = re.split(r"(?<=[a-z)]{2}[.])\s+(?=[A-Z])", rest, maxsplit=1)[0]
                if not NO_ONE_RE.match(rest):
                    meeting.apologies = [_absent(x) for x in split_people(rest)]
        for sm in SUBSTITUTE_RE.finditer(text):
            who, for_ = _clean_name(sm.group("who")), _clean_name(sm.group("for"))
            meeting.attendees = [replace(a, substitute_for=for_) if a.name == who else a for a in meeting.attendees]
    chair = next((a for a in meeting.attendees if a.chair), None)
    if chair:
        meeting.chair = chair.name
    return meeting


# "Roll Call: Commissioner Adams – present, Commissioner Baker – absent": each name marked as the clerk called it
_MARK_RE = re.compile(r"(?P<who>[^,;:–]+?)\s*[–-]\s*(?P<mark>present|here|absent|excused|late|arrived\b[^,;]*)\s*(?:[,;.]|and\b|$)",
                      re.I)


def _marked_roll(text: str) -> tuple[list[Person], list[Person]] | None:
    marks = list(_MARK_RE.finditer(text))
    if len(marks) < 2 or sum(len(m.group(0)) for m in marks) < 0.8 * len(text.strip()):
        return None
    present: list[Person] = []
    absent: list[Person] = []
    for m in marks:
        people = split_people(m.group("who"))
        if len(people) == 1:
            (absent if m.group("mark").lower() in ("absent", "excused") else present).append(people[0])
    return present, absent


def _absent(p: Person) -> Person:
    return Person(name=p.name, organisation=p.organisation or p.role, initials=p.initials)


# ---------------------------------------------------------------------------------------------------------------
# Pooling people and completing their names


def same_person(a: str, b: str) -> bool:
    """Two printings of one name: equal, or a surname / initials-and-surname that fits the fuller one."""
    if a == b:
        return True
    ta, tb = a.replace(".", "").split(), b.replace(".", "").split()
    if not ta or not tb or ta[-1].lower() != tb[-1].lower():
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1:
        return True
    return all(len(w) == 1 for w in short[:-1]) and short[0][0] == long_[0][0]


def _same_listed(a: str, b: str) -> bool:
    # Two lists name one person only by one printing of the name: "Chen" (Chair) and "Celena Chen" (staff)
    # are two people (Alameda Open Government Commission p1); "A Beer" and "Amanda Beer" are one.
    if a.lower() == b.lower():
        return True
    return len(a.split()) > 1 and len(b.split()) > 1 and same_person(a, b)


def _pooled(have: list[Person], new: Iterable[Person]) -> list[Person]:
    out = list(have)
    for p in new:
        k = next((k for k, q in enumerate(out) if _same_listed(q.name, p.name)), None)
        if k is None:
            out.append(p)
            continue
        q = out[k]
        # the fuller name and whatever either printing knew
        name = p.name if len(p.name) > len(q.name) else q.name
        out[k] = replace(q, name=name, role=q.role or p.role, organisation=q.organisation or p.organisation,
                         chair=q.chair or p.chair, initials=q.initials or p.initials,
                         substitute_for=q.substitute_for or p.substitute_for)
    return out


def _with_forename(p: Person, text: str) -> Person:
    """ "Buiter" or "A Beer" with the forename the minutes print elsewhere ("Jim Buiter, Clerk", Crete p3;
    "Amanda Beer", Kent p5)."""
    tokens = p.name.split()
    if not tokens or (len(tokens) > 1 and not all(len(t) == 1 for t in tokens[:-1])):
        return p
    surname = tokens[-1]
    initial = tokens[0] if len(tokens) > 1 else ""
    found = set()
    for m in re.finditer(rf"(?<![\w’'.-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+{re.escape(surname)}\b", text):
        fore = m.group(1)
        low = fore.lower()
        if low in _NOT_NAMES or low in _TITLE_SET or low in _HONORIFIC_SET or low in _POST_SET or low in _QUALIFIER_SET:
            continue
        if initial and fore[0] != initial[0]:
            continue
        if not initial and not _beside_post(text, m.start(), m.end(), p.role):
            continue  # a bare surname takes a forename only where the same post is printed with it
        found.add(fore)
    if len(found) == 1:
        return replace(p, name=f"{found.pop()} {surname}")
    return p


def _beside_post(text: str, start: int, end: int, role: str) -> bool:
    """ "Jim Buiter, Clerk" or "Clerk Jim Buiter" for someone listed as "Clerk Buiter" (Crete p3)."""
    if not role:
        return False
    post = re.escape(role.split()[-1])
    return bool(re.match(rf",?\s*(?:the\s+)?(?:\w+\s+)?{post}\b", text[end:end + 60], re.I)
                or re.search(rf"\b{post}\s+$", text[max(0, start - 40):start], re.I))


def _full_name(name: str, people: list[Person]) -> str:
    hits = [p.name for p in people if same_person(p.name, name)]
    return hits[0] if len(set(hits)) == 1 else name


def main(argv: list[str] | None = None) -> None:
    from minutebook.ingest.parse import parse_sections
    from minutebook.ingest.pdf import read_pages
    from minutebook.ingest.segment import segment

    for m in parse_sections(segment(read_pages((argv or sys.argv[1:])[0]))):
        print(f"=== {m.kind} {m.date} chair={m.chair!r}")
        print("  attendees:", [(a.name, a.role[:30], a.initials) for a in m.attendees])
        print("  apologies:", [(a.name, a.organisation) for a in m.apologies])


if __name__ == "__main__":
    main()
