"""The grammar of minutes: every word list and pattern the stages share, compiled once.

Number schemes, list marks and bullets, personal titles and roles, decision and
commitment words live here and nowhere else. Segmenting, outlining, the
conventions, the NLP components and the action register import them, so a
scheme or a title taught here is known to every stage at once.

A rule that exists because of a real document says which document in a comment;
no name of a person, body or place appears here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BULLETS",
    "BULLET_RE",
    "LIST_MARK_RE",
    "TITLE_WORDS",
    "TITLES",
    "TITLE_PREFIX_RE",
    "NAME_TOKEN",
    "PERSON_RE",
    "ROLE_WORDS",
    "ROLE",
    "HONORIFICS",
    "POST_WORDS",
    "TITLE_QUALIFIERS",
    "PRESENT_HEADS",
    "ABSENT_HEADS",
    "ATTENDED_HOW",
    "LABEL_QUALIFIERS",
    "NO_ONE_RE",
    "ROMAN",
    "NumberScheme",
    "SCHEMES",
    "scheme_of",
    "number_key",
    "DECISION_WORDS",
    "DECISION_OPEN_RE",
    "COMMIT_WORDS",
    "DECISION_VERBS",
    "BODY_WORDS",
    "BODY_HEADS",
    "is_upper",
    "ACTION_WHO_HEADS",
    "ACTION_TASK_HEADS",
    "ACTION_WHEN_HEADS",
    "MINUTE_TEXT_HEADS",
    "ITEM_REF_HEADS",
    "table_heading",
    "heading_is",
    "is_minutes_action_table",
]

# ---------------------------------------------------------------------------------------------------------------
# Bullets and list marks
BULLETS = "-•·▪●◦○*‣⁃■□➢►✓❖"
BULLET_RE = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
# "a)", "(b)", "ii.", "3)", optionally after a bullet: the marks that open a list entry, not an item heading.
LIST_MARK_RE = re.compile(
    rf"^(?:[{re.escape(BULLETS)}]\s*)?(?:\(?[a-z]{{1,2}}[.)]|\(?[ivx]{{1,5}}[.)]|\(?\d{{1,2}}[.)])\s+\S", re.I
)

# ---------------------------------------------------------------------------------------------------------------
# People: titles printed before names, and the posts people hold
TITLE_WORDS = (
    "Cllr", "Cllrs", "Clir", "Councillor", "Councillors", "Councilmember", "Councilmembers", "Council member",
    "Councilman", "Councilwoman", "Commissioner", "Commissioners", "Trustee", "Trustees", "Supervisor", "Alderman",
    "Alderperson", "Dr", "Mr", "Mrs", "Ms", "Mx", "Miss", "Prof", "Professor", "Sir", "Dame", "Rev", "Revd",
    "Reverend", "Canon", "Father", "Lord", "Lady", "Baroness", "Rt Hon", "Hon", "County Cllr", "District Cllr",
    "City Cllr", "Borough Cllr", "County Councillor", "District Councillor", "Mayor", "Vice Mayor", "Deputy Mayor",
)
TITLES = "(?:" + "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in TITLE_WORDS), key=len, reverse=True)) + r")\.?"
TITLE_PREFIX_RE = re.compile(rf"^(?:(?:the\s+)?{TITLES}\s+)+", re.I)
NAME_TOKEN = r"[A-Z][A-Za-z'’\-]+"
# "Jane Archer", "R W Gough", "R. Healey", "Mary-Ann O'Neil": a capitalised run that reads as a person's name
PERSON_RE = re.compile(rf"(?:{TITLES}\s+)?(?:[A-Z]\.?\s+){{0,3}}{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}}")

# Head words of posts held by one person ("the Clerk", "Vice President", "the Corporate Director for Finance").
ROLE_WORDS = (
    "Chair", "Chairman", "Chairwoman", "Chairperson", "Co-Chair", "Vice Chair", "Vice-Chair", "Vice Chairman",
    "President", "Vice President", "Vice-President", "Clerk", "Secretary", "Treasurer", "Leader", "Deputy Leader",
    "Mayor", "Vice Mayor", "Supervisor", "Director", "Manager", "Officer", "Headteacher", "Head Teacher", "Principal",
    "Vicar", "Rector", "Churchwarden", "Member", "Board Member", "Boardmember",
)
ROLE = "(?:" + "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in ROLE_WORDS), key=len, reverse=True)) + ")"

# Titles of address, printed before a name but no post: the attendance parser keeps them out of `Person.role`.
HONORIFICS = ("Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Rev", "Revd", "Reverend",
              "Lord", "Lady", "Baroness", "Rt", "Hon", "Cllr", "Cllrs", "Clir", "Councillor", "Councillors")
# Words of posts and job titles that stand between or before names in attendance lists ("Clerk Mrs J Todd", Milburn
# p1; "CivicSpark Fellow Yasamin Obaidy", Alameda SSHRB p1; "Treasurer Karen Butt", Horsley village hall p1): a
# capitalised word here is never part of a name.
POST_WORDS = (
    "Chair", "Chairman", "Chairwoman", "Chairperson", "Co-Chair", "Vice", "Deputy", "President", "Clerk", "Secretary",
    "Treasurer", "Leader", "Mayor", "Supervisor", "Director", "Directors", "Manager", "Officer", "Officers", "Member",
    "Members", "Board", "Boardmember", "Headteacher", "Principal", "Vicar", "Rector", "Churchwarden", "Churchwardens",
    "Commissioner", "Commissioners", "Trustee", "Trustees", "Councilmember", "Councilmembers", "Councilman",
    "Councilwoman", "Alderman", "Alderperson", "Governor", "Governors", "Staff", "Fellow", "Intern", "Coordinator",
    "Co-ordinator", "Planner", "Engineer", "Attorney", "Counsel", "Solicitor", "Analyst", "Assistant", "Administrator",
    "Representative", "Liaison", "Consultant", "Advisor", "Adviser", "Executive", "Chief", "Head", "Lead", "Alternate",
    "Minute-taker", "Secretariat", "Superintendent", "Inspector", "Sergeant", "Constable", "Controller",
    "Auditor", "Assessor", "Collector", "Recorder", "Registrar", "Student", "Youth", "Ex-officio", "Observer", "Guest",
    "Interim", "Acting", "Senior", "Officials", "Official", "Police", "Sheriff", "Marshal", "Speaker", "Pro", "Tem",
)
# Words that qualify a title printed in front of it: "District Councillor", "County Cllr", "Vice Chair".
TITLE_QUALIFIERS = ("Vice", "Deputy", "District", "County", "Borough", "City", "Town", "Parish", "Ward", "Council",
                    "Community", "Unitary", "Regional", "State", "Assistant", "Associate", "Acting", "Interim")
# How attendance lists are labelled ("Present:", "Commissioners Present:", "In Attendance:", "City staff:",
# "Roll Call:", "Absent (Excused):", "Apologies for absence:"): the head word says which list follows.
PRESENT_HEADS = (r"(?:present|in\s+attendance|attendance|attendees|attending|roll\s+call|staff|officers|officials|clerk"
                 r"|minute[- ]?taker|minutes\s+taken\s+by)")
ABSENT_HEADS = (r"(?:absent(?:\s+with(?:out)?\s+(?:apologies|notice))?|absences?|apologies(?:\s+for\s+absence)?"
                r"|apologies\s+(?:received|accepted|noted)(?:\s+(?:and|&)\s+(?:accepted|noted|approved))?(?:\s+from)?"
                r"|excused(?:\s+absences?)?|not\s+present|regrets)")
# How someone attended, printed after the head of a label: "Present via Zoom:", "Attending remotely:"
ATTENDED_HOW = r"(?:\s+(?:via|by|on)\s+\w+|\s+(?:remotely|virtually|online|in\s+person|in\s+the\s+room))?"
# Words that may stand before a head in a label: "Board Members Present", "Also in attendance", "New Board Members".
LABEL_QUALIFIERS = (r"(?:also|others?|new|board|committee|council|community|city|county|town|village|staff|members?"
                    r"|commissioners?|trustees?|councillors?|councilmembers?|directors?|governors?|officers?"
                    r"|officials?|voting|non-voting|ex-officio|elected|appointed|those|alternates?|advisory|associate"
                    r"|regular|school|parish|district|planning|executive)")
# A list that names no one: "Absent: None.", "Apologies: Nil", "There were no apologies".
NO_ONE_RE = re.compile(r"^\s*(?:none|nil|n/?a|no(?:ne)?\s+(?:apologies|absences?)|nobody|there\s+were\s+no|no\s+one)\b",
                       re.I)


# ---------------------------------------------------------------------------------------------------------------
# Item numbers
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
         "xvii", "xviii", "xix", "xx"]


@dataclass(frozen=True, slots=True)
class NumberScheme:
    """One way minutes number their items: a name, the pattern of one number, and where it sits in the outline.

    `parent` names the scheme a number of this one nests under (5A under 5); `rank` breaks ties between schemes
    that explain the same number of headings (plain arabic numbering beats a stray "A.").
    """

    name: str
    pattern: str
    rank: int
    parent: str | None = None

    def match(self, number: str) -> bool:
        return re.fullmatch(self.pattern, number) is not None


SCHEMES: tuple[NumberScheme, ...] = (
    # "21.01.05", "16.3.10": year.month.sequence (parish councils)
    NumberScheme("dotted", r"\d{1,2}\.\d{1,2}\.\d{1,3}", 6),
    # "BM 01/2021": committee prefix, sequence and governance year (school governors)
    NumberScheme("prefixed", r"[A-Z]{1,4}\s?\d{1,3}/\d{2,4}", 5),
    # "14/037", "23-761": a minute or file number with a year part
    NumberScheme("file", r"\d{2}[-/]\d{2,4}", 2),
    NumberScheme("arabic", r"\d{1,3}", 4),
    # "5A", "5-A", "6(a)", "3.2": a sub-item under an arabic number
    NumberScheme("sub", r"\d{1,3}(?:-?[A-Za-z]|\([a-z]\)|\.\d{1,2})", 3, parent="arabic"),
    NumberScheme("roman", r"(?:[IVX]{2,5}|[IVX])", 1),
    NumberScheme("letter", r"[A-Z]", 0),
)
_SCHEME_BY_NAME = {s.name: s for s in SCHEMES}


def scheme_of(number: str) -> str:
    """The name of the scheme a printed number belongs to ('' when none fits)."""
    # A lone "I", "V" or "X" is read as roman; other single letters are lettered items.
    for s in SCHEMES:
        if s.match(number):
            return s.name
    return ""


def number_key(number: str) -> tuple[int, ...]:
    """A sort key that puts numbers of one scheme in printed order: 79 < 80, 5 < 5A < 5B < 6, IV < V."""
    n = number.strip()
    if n.lower() in ROMAN and (len(n) > 1 or n in ("I", "V", "X")):
        return (ROMAN.index(n.lower()) + 1, 0, 0, 0)
    parts = [int(p) for p in re.findall(r"\d+", n)]
    letters = re.findall(r"[A-Za-z]", re.sub(r"^[A-Z]{1,4}\s?(?=\d)", "", n))
    if parts:
        if re.fullmatch(r"\d{2}[-/]\d{2,4}", n) or re.fullmatch(r"[A-Z]{1,4}\s?\d{1,3}/\d{2,4}", n):
            parts = parts[::-1] if re.search(r"/\d{4}$", n) else parts  # "01/2021": the year sorts first
        key = parts + [0] * (3 - len(parts))
        return (*key[:3], ord(letters[-1].lower()) - 96 if letters and not n.isdigit() else 0)
    if len(n) == 1 and n.isalpha():
        return (ord(n.upper()) - 64, 0, 0, 0)
    return (0, 0, 0, 0)


# ---------------------------------------------------------------------------------------------------------------
# Decisions and commitments
DECISION_WORDS = ("RESOLVED", "AGREED", "DECIDED", "DECISION", "RESOLUTION")
# A block that opens by stating the decision: "RESOLVED that ...", "It was AGREED:", "Decision: ..."
DECISION_OPEN_RE = re.compile(
    r"^(?:it\s+was\s+)?(?:(?:unanimously|further)\s+)?(?:RESOLVED|AGREED|DECIDED|DECISION)\b\s*(?:[:\-–,]\s*)?"
)
# Verbs by which someone takes on work after the meeting ("agreed to", "will", "offered to").
COMMIT_WORDS = ("agreed to", "agreed that", "offered to", "volunteered to", "undertook to", "will", "would",
                "is to", "are to", "to", "need to", "needs to", "asked to", "directed to", "requested to")
# Past forms that state a decision when the meeting, the body or "it" is their subject ("the Committee approved",
# "It was agreed", "were adopted", "- agreed"). "carried" and "passed" belong to the vote vocabulary of motions,
# where "carried out" and "passed on" can be told from "the motion carried".
DECISION_VERBS = ("resolved", "agreed", "decided", "approved", "adopted", "accepted", "endorsed", "ratified",
                  "elected", "appointed", "co-opted", "supported")
# Head nouns of a body that decides: "the Councillors resolved", "all agreed", "the Leader and Cabinet agreed";
# a sentence whose subject is one person ("IK agreed to represent ...") records a commitment, not a decision.
BODY_WORDS = ("council", "councils", "councillors", "councilmembers", "committee", "committees", "subcommittee",
              "sub-committee", "board", "boards", "cabinet", "commission", "commissioners", "members", "membership",
              "governors", "trustees", "directors", "partnership", "meeting", "panel", "forum", "group", "assembly",
              "authority", "executive", "parishioners", "vestry", "association", "society", "all", "everyone",
              "everybody", "we", "present", "delegates", "representatives")

# The last word of a body's name: "Planning Commission", "Board of Trustees", "Cabinet", "Annual Parish Meeting".
BODY_HEADS = ("council", "committee", "subcommittee", "sub-committee", "commission", "board", "cabinet", "trustees",
              "governors", "directors", "authority", "panel", "forum", "assembly", "partnership", "group", "association",
              "society", "vestry", "corporation", "executive", "senate", "conference", "network", "alliance",
              "taskforce", "force", "body", "caucus", "parliament", "synod", "chapter", "commissioners", "supervisors",
              "aldermen", "selectmen", "meeting")


# Column headings of tables that record actions: who owes the work, the work itself, by when, the minute's own
# text ("Item | Notes | Action", Decoy 2020 p2; "ITEM | BY WHOM | BY WHEN"), and the item reference.
ACTION_WHO_HEADS = frozenset({"by whom", "who", "owner", "owners", "responsible", "responsibility", "action by",
                              "lead", "by"})
ACTION_TASK_HEADS = frozenset({"action", "actions", "action required", "action(s)", "actions agreed", "task", "tasks"})
ACTION_WHEN_HEADS = frozenset({"by when", "when", "due", "due date", "deadline", "date", "target date", "timescale"})
MINUTE_TEXT_HEADS = frozenset({"notes", "note", "discussion", "minutes", "details", "comments", "summary", "detail"})
ITEM_REF_HEADS = frozenset({"item", "ref", "no", "no.", "number", "minute", "minute no", "item no", "#"})


# The first lines of a report in an agenda pack: its cover sheet's fields, or its first numbered section.
REPORT_COVER_RE = re.compile(
    r"^(?:report\s+for\b|title\s*:|report\s+authori[sz]ed\s+by|lead\s+officer\s*:|ward\(?s\)?\s+affected\s*:"
    r"|key\s+decision\s*:|1\.\s+(?:describe\s+the\s+issue|introduction\b|purpose\b|summary\b|background\b))",
    re.I,
)


def table_heading(cell: object) -> str:
    """A table cell read as a column heading: spaces collapsed, lower case, without a trailing colon."""
    return re.sub(r"\s+", " ", str(cell or "")).strip(" :*").lower()


def heading_is(heading: str, heads: frozenset[str]) -> bool:
    """A column heading names one of `heads`, whole or as one part of a joint heading ("decision/action")."""
    return heading in heads or any(part in heads for part in re.split(r"\s*[/&]\s*|\s+and\s+", heading))


def is_minutes_action_table(row: list[str | None]) -> bool:
    """A header row of minutes set as a table: the minute's notes beside an action column. An agenda has no
    action column, so such a table says the document records a meeting held."""
    heads = [table_heading(c) for c in row]
    return any(heading_is(h, MINUTE_TEXT_HEADS) for h in heads) and any(
        heading_is(h, ACTION_TASK_HEADS | ACTION_WHO_HEADS) for h in heads)


def is_upper(text: str) -> bool:
    """Set in capitals: at least three letters, nearly all upper case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.85


# ---------------------------------------------------------------------------------------------------------------
# What kind of record a text is: minutes report a meeting held (past tense, votes), agendas announce business.
HELD_CUES_RE = re.compile(
    r"\b(?:called\s+(?:the\s+meeting\s+)?to\s+order|convened|adjourned\s+(?:at|the)|meeting\s+(?:was\s+)?(?:closed|ended)\s+at"
    r"|seconded|motioned|moved\s+(?:that|approval|to\b)|motion\s+(?:carried|passed|failed)|carried\s+(?:unanimously|on\b)"
    r"|(?:was|were)\s+(?:approved|agreed|accepted|adopted|resolved|noted|received|elected|declared)"
    r"|resolved\s+(?:that|to)\b|it\s+was\s+(?:agreed|resolved|decided|noted)|all\s+(?:agreed|were\s+in\s+favou?r)"
    r"|unanimous(?:ly)?\b|occurred\s+on|chaired\s+by|(?:were|was)\s+present|present\s*:|apologies\s+(?:for\s+absence\s+)?"
    r"(?:were\s+)?(?:received|from))",
    re.I,
)
AGENDA_CUES_RE = re.compile(
    r"(?m)^\s*(?:\d{1,3}[.)]?\s+)?to\s+(?:receive|consider|approve|note|agree|discuss|confirm|elect)\b"
    r"|\(\s*pages?\s+\d|\bnotice\s+of\s+(?:the\s+)?meeting\b|\bwill\s+be\s+held\b|\bsummons\b|\bsupporting\s+documents?\b",
    re.I,
)


def record_kind_evidence(text: str) -> tuple[int, int]:
    """(distinct held-meeting cues, agenda cues) in a text: how strongly it reads as minutes or as an agenda."""
    held = {m.group(0).lower().split()[0] for m in HELD_CUES_RE.finditer(text)}
    return len(held), len(AGENDA_CUES_RE.findall(text))


# ---------------------------------------------------------------------------------------------------------------
# A line or paragraph that opens with an item number: "5.", "5A", "5-A", "(23-761)", "21.01.05", "BM 01/2021",
# "IV.", "C.", "Item 7", "Minute 76". Alternatives run longest first, so "21.01.05" is not read as "21".
ITEM_NUMBER = (r"\d{1,2}\.\d{1,2}\.\d{1,3}|[A-Z]{1,4}\s?\d{1,3}/\d{2,4}|\d{2}[-/]\d{2,4}"
               r"|\d{1,3}(?:-?[A-Za-z](?![A-Za-z])|\([a-z]\))?|[IVX]{1,5}|[A-Z]")
ITEM_LEAD_RE = re.compile(
    rf"^(?:(?:item|minute|agenda\s+item)\s+)?\(?\*?(?P<num>{ITEM_NUMBER})"
    # a title may open with the file number a legislative system gives the item ("5A. 2023-3330 - Approve ...")
    r"(?:[.):]\s*|\s+[-–]\s+|\s+)(?P<title>(?:[A-Za-z\"'‘“(]|(?:19|20)\d\d\s?[-–]\s?\d{3,}\s+[-–]\s).*)$",
    re.S | re.I,
)
# A lettered or roman sub-heading under an item: "(a) Proposal to ...", "b) Photo board", "ii. Finance".
SUB_LEAD_RE = re.compile(r"^\(?(?P<mark>[a-z]|[ivx]{1,4})[.)]\s+(?P<title>[A-Z].*)$", re.S)
