"""Component `minutebook_action_markers`: explicit action markers, and the paragraph joins they need.

"(Action: Name)", "**(Action: A & B)**", a trailing "Action: Name" line, "ACTION – Name", "... action Mick." /
"c/f action Jon", an Action/Who/When column ("... JN/AC Nov"), and "A, B and C need to submit ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from minutebook.ingest.dates import find_date
from minutebook.ingest.grammar import BULLETS
from minutebook.ingest.nlp._clauses import _LIST_MARK, _blank_out, _tidy, action_clause, states_work
from minutebook.ingest.nlp._extensions import Candidate
from minutebook.ingest.nlp._lexicon import _INIT, _MONTH, _WHEN, COMMIT_VERBS, NAME_STOP
from minutebook.ingest.nlp.sentences import _sent_index, _sents
from minutebook.ingest.owners import Roster, is_org_like, is_role_like

BRACKET_RE = re.compile(
    r"\*{0,2}[(\[]\s*\*{0,2}\s*actions?(?:\s+by)?\s*\*{0,2}\s*[:\-–—]\s*(?P<who>[^()\[\]\n]{1,120}?)\s*\*{0,2}\s*[)\]]"
    r"(?:\s*\*{0,2}\s*\.)?\*{0,2}",
    re.I,
)
# "Action: Clerk" / "ACTION – JS by 30 June" opening a sentence, to the end of that sentence.
LINE_RE = re.compile(
    r"(?:^|(?<=[.!?)\]*])\s+|(?<=\s[-–—])\s*)(?P<kw>\*{0,2}(?:ACTIONS?|Actions?)\*{0,2}(?:\s+by)?\s*[:\-–—]\s*\*{0,2}"
    r"(?P<who>[A-Z][^\n]{0,160}?)\s*\*{0,2})\s*(?=(?<![A-Z])\.\s+[A-Z(]|\.?\s*$)",
)
# "... the hedge needs cutting, action Mick." / "c/f action Jon" at the end of a sentence.
_NAMEW = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,3})"
TRAILING_RE = re.compile(
    r"(?:[,;:–—-]\s*|\s+)(?P<cf>(?:c/f|C/F|b/f|B/F|carried\s+forward)\s*[,:–-]?\s*)?(?<![A-Za-z])"
    r"(?P<kw>action(?:ed)?|Action|ACTION)(?:\s+by)?\s*[:\-–]?\s+"
    rf"(?P<who>{_NAMEW}(?:\s*(?:/|&|,|\band\b)\s*{_NAMEW}){{0,3}})"
    # "..., action Mags to check." / "action Jess to keep on case." (Horsley village hall 2013 p1)
    r"(?P<task>\s+to\s+(?:keep|check|chase|follow|look|contact|arrange|find|ask|speak|write|send|sort|get|"
    r"investigate|pursue|action|confirm|report|update)\b[^.;!?()]{0,80}?)?\s*(?=[.;!)]|$)"
)
# The initials must be capitals; the "When" part is case-blind.
COLUMN_RE = re.compile(rf"(?:(?<=[\s)])|^)(?P<who>{_INIT}(?:\s*[/&+,]\s*{_INIT})*)(?:\s+(?P<when>(?i:{_WHEN})))?\s*\.?\s*$")
NEED_RE = re.compile(
    r"^(?P<who>(?:(?:the\s+)?(?:following\s+)?(?:Cllrs?\.?|Councillors?|Members?|Trustees?)\s+)?"
    r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}(?:\s*(?:,|&|\band\b)\s*(?:Cllr\.?\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2})+)"
    r"\s+(?:still\s+)?(?:needs?|have\s+yet|has\s+yet|are\s+yet|is\s+yet|are\s+still|is\s+still|must)\s+to\s+"
    r"(?P<verb>[a-z]+)\b",
)
NEED_COLON_RE = re.compile(
    r"\b(?:the\s+)?following\s+(?:\w+\s+){0,3}?(?:still\s+)?(?:needs?|have\s+yet|has\s+yet|are\s+yet|must)\s+to\s+"
    r"(?P<verb>[a-z]+)\b(?P<obj>[^:]{0,120}):\s*(?P<who>[^.;]{3,300})",
    re.I,
)
# A marker alone on its line, or the owner part of a "(Action:" that a bold run split off (Haringey p8).
MARKER_ONLY_RE = re.compile(
    r"^\*{0,2}[(\[]?\s*\*{0,2}\s*actions?(?:\s+by)?\s*[:\-–—]\s*[^.\n]{1,80}[)\]]?\.?\*{0,2}\.?$", re.I
)
OPEN_MARKER_RE = re.compile(r"[(\[]\s*\*{0,2}\s*actions?(?:\s+by)?\s*\*{0,2}\s*[:\-–—]?[^()\[\]]{0,120}$", re.I)
INITIALS_ONLY_RE = re.compile(rf"^(?P<who>{_INIT}(?:\s*[/&+,]\s*{_INIT})*)(?:\s+(?P<when>(?i:{_WHEN})))?\.?$")


@dataclass(slots=True)
class _Marker:
    start: int
    end: int
    who: str
    style: str
    when: str = ""
    task: str = ""  # "ACTION: Clerk to write to Highways" states its own work
    own_sentence: bool = False  # the marker is a sentence of its own: the work is in the sentence before


NOT_OWNERS = {"none", "n/a", "na", "nil", "noted", "complete", "completed", "closed", "done", "ongoing", "tbc"}
LIST_VERBS = {"submit", "return", "complete", "sign", "pay", "declare", "send", "provide", "update", "register"}


class ActionMarkers:
    """Finds explicit action markers and records them as candidates on `doc._.actions`.

    The action text is the marker's own sentence, or the sentence before it when the marker stands alone or
    its sentence states no work. Styles (config `styles`): bracket, line, trailing, column, list.
    """

    def __init__(self, nlp: Language, name: str, styles: list[str], verbs: list[str]) -> None:
        self.name = name
        self.styles = set(styles)
        self.verbs = set(verbs)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        sents = _sents(doc)
        markers = self._markers(doc, sents, roster)
        cuts = [(m.start, m.end) for m in markers]
        for mk in sorted(markers, key=lambda m: m.start):
            n = _sent_index(sents, mk.start)
            host = sents[n]
            if mk.task:
                text, sentence = _tidy(mk.task), host.text
            else:
                own = _blank_out(host.text, cuts, host.start_char)
                if (mk.own_sentence or not states_work(own, self.verbs)) and n > 0:
                    # "The Partnership agreed on this form on analysis (Action: ...)": the work is in the
                    # sentence before (Haringey p6, item 90).
                    n -= 1
                    while n > 0 and not re.search(r"[A-Za-z]{3}", _blank_out(sents[n].text, cuts, sents[n].start_char)):
                        n -= 1
                    host = sents[n]
                # a due date may sit in either sentence: "... (Action: X) by the end of June"
                text, sentence = action_clause(host, self.verbs, cuts), doc.text[host.start_char: max(mk.end, host.end_char)]
            if text:
                found.append(Candidate(text=text, who=mk.who, start=host.start_char, end=mk.end, explicit=True,
                                       style=mk.style, sentence=sentence, when=mk.when))
        doc._.actions = found
        return doc

    def _markers(self, doc: Doc, sents: list[Span], roster: Roster | None) -> list[_Marker]:
        text = doc.text
        out: list[_Marker] = []

        def free(a: int, b: int) -> bool:
            return not any(m.start < b and a < m.end for m in out)

        if "bracket" in self.styles:
            for m in BRACKET_RE.finditer(text):
                if m.group("who").strip(" *.").lower() not in NOT_OWNERS:
                    out.append(_Marker(m.start(), m.end(), m.group("who").strip(" *"), "bracket"))
        if "line" in self.styles:
            for m in LINE_RE.finditer(text):
                a, b = m.start("kw"), m.end("kw")
                if not free(a, b):
                    continue
                who, when, task = _split_line_owner(m.group("who"), self.verbs)
                before = text[:a].rstrip(" *")
                out.append(_Marker(a, b, who, "line", when=when, task=task,
                                   own_sentence=not before or before[-1] in ".!?)]"))
        if "trailing" in self.styles:
            for m in TRAILING_RE.finditer(text):
                a = m.start("cf") if m.group("cf") else m.start("kw")
                if not free(a, m.end()) or (m.group("kw") != "action" and m.group("kw") != "actioned"
                                            and not m.group("cf")):
                    continue  # "Action Plan", "Action Fraud": a capital needs "c/f" in front
                parts = [p for p in re.split(r"\s*(?:/|&|,|\band\b)\s*", m.group("who")) if p]
                if any(p.lower() in NAME_STOP for p in parts):
                    continue
                if roster is not None and roster.people and not any(roster.resolve_one(p) for p in parts):
                    # nobody on the lists: only "c/f action Jon" or "..., action Jon." is sure enough
                    if not m.group("cf") and not re.match(r"\s*[,;:–—-]", text[m.start():]):
                        continue
                out.append(_Marker(a, m.end(), m.group("who"), "trailing"))
        if "column" in self.styles and roster is not None:
            for n, s in enumerate(sents):
                m = COLUMN_RE.search(s.text)
                if not m:
                    continue
                # "Clerk to draft and issue first monthly newsletter. SV": the column value after the full stop
                alone = not re.search(r"[A-Za-z]{3}", _LIST_MARK.sub("", s.text[: m.start()]))
                if alone and n == 0:
                    continue
                a, b = s.start_char + m.start(), s.start_char + m.end()
                if _topic_label(text, a, b):
                    continue
                inits = re.split(r"\s*[/&+,]\s*", m.group("who").strip())
                if free(a, b) and _initials_resolve(inits, roster, multi=len(inits) > 1):
                    out.append(_Marker(a, b, m.group("who").strip(), "column", when=(m.group("when") or "").strip(),
                                       own_sentence=alone))
        if "list" in self.styles:
            for s in sents:
                mk = self._need_list(s, roster)
                if mk is not None and free(mk.start, mk.end):
                    out.append(mk)
        return out

    def _need_list(self, s: Span, roster: Roster | None) -> _Marker | None:
        """'Cllrs Smith, Jones and Patel need to submit ...' / 'The following need to submit ...: A, B and C'."""
        body = _LIST_MARK.sub("", s.text)
        lead = s.start_char + len(s.text) - len(body)
        verbs = self.verbs | LIST_VERBS
        m = NEED_RE.match(body)
        if m and m.group("verb") in verbs:
            who = re.sub(r"^(?:the\s+)?(?:following\s+)?(?:Cllrs?\.?|Councillors?|Members?|Trustees?)\s+", "",
                         m.group("who"))
            if _named_people(who, roster):
                return _Marker(lead, lead + m.end("who"), who, "list", task=body[m.start("verb"):])
        m = NEED_COLON_RE.search(body)
        if m and m.group("verb") in verbs and _named_people(m.group("who"), roster):
            return _Marker(lead + m.start("who"), lead + m.end("who"), m.group("who"), "list",
                           task=m.group("verb") + m.group("obj"))
        return None


_ABBREV_END = re.compile(r"\b(?:e\.\s?g|i\.\s?e|etc|viz)\s?\.$", re.I)


def _topic_label(text: str, a: int, b: int) -> bool:
    """Initials between two bullets after words that end no sentence: a framework of topics and the members
    who cover them ("• Ruskin Mill & other local employers Services & Facilities HK & PG • School + PR •",
    Horsley neighbourhood plan 2014 p3), not an action column, whose values follow a sentence or end it."""
    after = text[b:].lstrip()
    if not after or after[0] not in BULLETS or after[0] == "-":
        return False
    before = text[:a].rstrip()
    return not before.endswith((".", "?", "!", ")")) or bool(_ABBREV_END.search(before))


def _named_people(who: str, roster: Roster | None) -> bool:
    """Every part of a list names a person: on the roster, or written as a name (not a team, post or stop word)."""
    from minutebook.ingest.owners import TITLE_RE, split_owners

    parts = split_owners(who)
    if not parts:
        return False
    for part in parts:
        bare = TITLE_RE.sub("", part).strip()
        owner = roster.resolve_one(bare) if roster is not None else None
        if owner is not None and (roster is None or owner != roster.body):
            continue
        if not re.fullmatch(r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2}", bare) or is_org_like(bare) \
                or is_role_like(bare) or bare.lower() in NAME_STOP:
            return False
    return True


def _split_line_owner(who: str, verbs: set[str]) -> tuple[str, str, str]:
    """'Clerk to write to Highways' -> ('Clerk', '', that); 'JS by 30 June' -> ('JS', '30 June', '')."""
    who = who.strip(" .*")
    m = re.match(r"^(?P<o>\S.{0,60}?)\s+to\s+(?P<v>[a-z]+)\b", who)
    if m and m.group("v") in verbs:
        return m.group("o"), "", who
    m = re.match(r"^(?P<o>.+?)\s+(?:by|before|w/c)\s+(?P<w>.+)$", who)
    if m and (find_date(m.group("w"), month_first=False) or re.search(_MONTH, m.group("w"), re.I)
              or "meeting" in m.group("w").lower()):
        return m.group("o"), m.group("w"), ""
    m = re.match(rf"^(?P<o>.+?)\s+(?P<w>(?i:{_WHEN}))$", who)
    if m:
        return m.group("o"), m.group("w"), ""
    return who, "", ""


def _initials_resolve(inits: list[str], roster: Roster, multi: bool) -> bool:
    """An Action/Who column entry: every set of initials names one person on the roster.

    A lone set of initials at a sentence end counts only when the minutes declare initials ("Jane Archer (JA)",
    Horsley p1): otherwise "... better IT" would name Ian Thompson.
    """
    if not all(roster.resolve_one(i) for i in inits):
        return False
    return multi or roster.declares_initials


@Language.factory(
    "minutebook_action_markers",
    default_config={"styles": ["bracket", "line", "trailing", "column", "list"], "verbs": sorted(COMMIT_VERBS)},
)
def make_markers(nlp: Language, name: str, styles: list[str], verbs: list[str]) -> ActionMarkers:
    return ActionMarkers(nlp, name, styles, verbs)


def merge_marker_paragraphs(paras: list[tuple[int, str]], roster: Roster | None = None) -> list[tuple[int, str]]:
    """Join what layout split: a "(Action:" whose owner a bold run pushed into the next paragraph (Haringey
    p8, item 94), an "Action: Clerk" line of its own, and a Who/When column value on its own line (initials
    only when they name people on `roster`: "AOB" is a heading)."""
    out: list[tuple[int, str]] = []
    for page, text in paras:
        t = text.strip()
        if out and t and (
            (OPEN_MARKER_RE.search(out[-1][1]) and re.match(r"^[^()]{0,120}\)", t))
            or MARKER_ONLY_RE.match(t)
            or (roster is not None and (m := INITIALS_ONLY_RE.match(t))
                and all(roster.resolve_one(i) for i in re.split(r"\s*[/&+,]\s*", m.group("who"))))
        ):
            out[-1] = (out[-1][0], out[-1][1].rstrip() + " " + t)
        else:
            out.append((page, t))
    return out
