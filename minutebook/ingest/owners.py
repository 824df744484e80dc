"""Resolve how minutes name an owner ("the Chair", "AD for Safer Communities", "Bev", "JN") to a person.

A `Roster` is built per meeting from its attendance, apologies and membership
lists, plus the "Name, Role" appositions the minutes themselves use ("the AD
for Safeguarding and Social Care, Beverley Hendricks"; "the Homes for Haringey
Director for Housing Demand, Denise Gandy" also adds Denise Gandy, who is on no
list). Plain Python, so the spaCy components that use it stay small and testable.

Resolution order for one mention: exact full name; the meeting's own body
("Partnership", "CSP", "the Board"); "Chair"; a role phrase learnt from the text;
a single token (initials, first name, surname, a first-name prefix such as
"Bev"), preferring people present when several fit; "Bev Hendricks"; then the
best unique overlap with the roles on the lists. Nothing else is guessed:
`resolve` keeps what it cannot place as written and lists it in `unresolved`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.ingest.grammar import BODY_WORDS, BULLETS, TITLE_PREFIX_RE, TITLES
from minutebook.models import Meeting, Person

__all__ = ["Roster", "Resolved", "split_owners", "TITLE_RE", "is_org_like", "is_role_like", "is_staff_like",
           "is_titled_name"]

# Titles printed before a name ("Cllr", "Mr", "Trustee", "Commissioner"): the grammar's, so ingest and the register
# strip the same ones, and a leading "the" ("the Chair", "the Clerk").
TITLE_RE = re.compile(rf"^(?:(?:the|{TITLES})\s+)+", re.I)
ABBREVIATIONS = {
    "ad": "assistant director",
    "dph": "director of public health",
    "ceo": "chief executive",
    "md": "managing director",
    "cllr": "councillor",
    "supt": "superintendent",
    "insp": "inspector",
    "hos": "head of service",
    "dcs": "director of childrens services",
}
# "Interim", "Acting", "Senior" and place names rarely tell two role holders apart.
ROLE_STOP = {"the", "of", "for", "and", "a", "an", "in", "to", "at", "on", "interim", "acting", "senior", "deputy"}
# Words naming the meeting's own body when used on their own ("the Partnership", "Members", "all").
GENERIC_BODY = set(BODY_WORDS) - {"we", "present", "delegates", "representatives"} | {
    "all members", "all partners", "partners", "working group", "the meeting", "board members", "committee members",
    "council members", "parish councillors", "all councillors", "all governors", "the governors"}
# Head words of a team or organisation: kept as an owner in their own right, never turned into a person.
ORG_HEADS = {"team", "teams", "service", "services", "department", "unit", "office", "directorate", "council", "police",
             "brigade", "trust", "board", "committee", "partnership", "group", "panel", "staff", "officers", "agency",
             "authority", "network", "forum", "alliance", "association", "society", "school", "schools", "nhs", "ccg",
             "company", "organisation", "organization", "charity", "project", "programme", "secretariat", "centre",
             "center", "wg", "wgs"}
# Titles every member of a body shares: "Board member volunteered to help" names none of them (Alameda SSHRB p3).
MEMBERSHIP = {"member", "members", "councillor", "councillors", "trustee", "trustees", "commissioner",
              "commissioners", "governor", "governors", "councilmember", "councilmembers", "alderman", "alderperson",
              "boardmember", "parishioner", "parishioners"}
# Head words of the people a body directs: "staff were directed to ...", "City staff will provide ...".
STAFF_HEADS = {"staff", "officers", "officer", "employees", "volunteers"}
# Head words of a post held by one person ("the Clerk", "the Strategic Lead of Communities").
ROLE_HEADS = {"chair", "chairman", "chairwoman", "chairperson", "clerk", "secretary", "treasurer", "director",
              "manager", "officer", "lead", "head", "commander", "councillor", "mayor", "attorney", "advisor",
              "adviser", "coordinator", "co-ordinator", "ad", "dph", "ceo", "md", "superintendent", "inspector",
              "executive", "analyst", "member", "leader", "president", "administrator", "controller", "solicitor",
              "counsel", "engineer", "planner", "commissioner", "ranger", "warden", "vicar", "headteacher", "principal",
              "chamberlain", "comptroller", "auditor", "accountant", "surveyor", "bursar", "registrar", "librarian",
              "curator", "supervisor", "chief", "deputy", "assistant", "specialist", "consultant", "strategist",
              "trustee", "councilmember", "councilman", "councilwoman", "alderman", "alderperson", "governor",
              "selectman", "boardmember", "vice-chair", "vice-president"}
_NAME_TOKEN = r"[A-Z][A-Za-z'’\-]+"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}}$")
_INITIALS = re.compile(r"^[A-Z]{2,4}$")


@dataclass(slots=True)
class Resolved:
    """Owners resolved from one mention; `unresolved` keeps mentions as written when no person fits."""

    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def _words(text: str) -> list[str]:
    out = []
    for w in re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ").replace("’", "'")):
        out.extend(ABBREVIATIONS.get(w, w).split())
    return out


def _role_words(text: str) -> set[str]:
    return {w for w in _words(text) if w not in ROLE_STOP}


def _clean(mention: str) -> str:
    return re.sub(r"\s+", " ", mention).strip(" .;:,()[]" + BULLETS)


def is_org_like(mention: str) -> bool:
    """'the Communications Team', 'Homes for Haringey'-style teams and bodies (by their last word)."""
    words = _words(mention)
    return bool(words) and words[-1] in ORG_HEADS


def is_role_like(mention: str) -> bool:
    """'the Clerk', 'Chief Assistant City Attorney', 'AD for Public Health': a post held by one person."""
    raw = re.findall(r"[a-z]+", mention.lower())
    return any(w in ROLE_HEADS for w in raw)


def is_staff_like(mention: str) -> bool:
    """'City staff', 'the officers', 'Planning staff': the people a body directs, an owner as printed."""
    words = _words(mention)
    return bool(words) and words[-1] in STAFF_HEADS


def is_titled_name(mention: str) -> bool:
    """'Mr Kirby', 'Councillor Healey', 'Cllr R W Gough': a title before a name is a person, listed or not."""
    m = TITLE_PREFIX_RE.match(_clean(mention))
    return bool(m) and bool(re.fullmatch(rf"(?:[A-Z]\.?\s+){{0,3}}{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?",
                                         _clean(mention)[m.end():]))


def initials_of(name: str) -> set[str]:
    """'Jolyon Neely' -> {'JN'}; 'Karen Bartlett-Butt' -> {'KB', 'KBB'}; 'A.Vigrass' -> {'AV'}."""
    parts = [p for p in re.split(r"[\s.]+", name) if p]  # "A.Vigrass", "E. Simpson"
    if len(parts) < 2:
        return set()
    plain = "".join(p[0] for p in parts).upper()
    hyph = "".join(s[0] for p in parts for s in re.split(r"[-‐]+", p) if s).upper()
    return {plain, hyph}


_SEP = re.compile(r"\s*(?:,\s*(?:and|&)\b|&|,|/|;|\+|\band\b|\bwith\b)\s*", re.I)
_JOINT = re.compile(f"({_SEP.pattern})", re.I)


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """'A, B and C' -> (['A', 'B', 'C'], [', ', ' and ']): the pieces and the separators between them."""
    parts = _JOINT.split(text)
    chunks, seps = [parts[0]], []
    for k in range(1, len(parts) - 1, 2):
        if parts[k + 1].strip():
            seps.append(parts[k])
            chunks.append(parts[k + 1])
        else:
            chunks[-1] += parts[k]  # a trailing or doubled separator stays with the piece before it
    if not chunks[0].strip() and len(chunks) > 1:
        chunks, seps = chunks[1:], seps[1:]
    return chunks, seps


def split_owners(text: str) -> list[str]:
    """'Eubert Malcolm & Beverley Hendricks', 'A, B and C', 'JN/AC' -> one mention each (no roster needed)."""
    text = _clean(text)
    return [p for p in (_clean(x) for x in _SEP.split(text)) if p]


class Roster:
    """Everyone a meeting's minutes may name, with the ways they are named."""

    def __init__(self, people: list[Person], body: str = "", chair: str = "", present: list[str] | None = None) -> None:
        seen: dict[str, Person] = {}
        for p in people:
            if p.name:
                seen.setdefault(p.name.lower(), p)
        self.people: list[Person] = list(seen.values())
        self.body = body
        self.chair = chair
        # People in the room: a short name that fits one of them and someone absent means the one present.
        self.present: set[str] = set(present) if present is not None else {p.name for p in self.people}
        if chair:
            self.present.add(chair)
        self.aliases: dict[str, str] = {}  # normalised role phrase as used in the text -> full name
        self.surface: dict[str, str] = {}  # role phrase exactly as written in the text -> full name
        self.mentioned: list[str] = []  # people learnt from the text, on no list
        self._cache: dict[str, str | None] = {}
        self._ties: dict[str, list[str]] = {}  # mention -> the people who fit it equally well, when several do
        self._tie: list[str] = []
        self.text = ""  # the minutes' own text, where a person on no list may be named in full
        self.matchers: dict[int, object] = {}  # spaCy matchers built from this roster, per component (nlp.py)
        # The lists give initials ("Jane Archer (JA)", Horsley p1): a lone "JN" at a line end is an owner.
        self.declares_initials = any(_INITIALS.match(x.strip("()")) for p in self.people
                                     for x in (p.organisation, p.role, p.initials))

    @classmethod
    def for_meeting(cls, meeting: Meeting, text: str = "") -> Roster:
        present = [p.name for p in meeting.attendees]
        roster = cls([*meeting.attendees, *meeting.apologies, *meeting.members], meeting.body, meeting.chair,
                     present=present)
        if text:
            roster.text = text
            roster.learn_appositions(text)
        return roster

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.people]

    def add_person(self, name: str, role: str = "") -> None:
        if name.lower() not in {p.name.lower() for p in self.people}:
            self.people.append(Person(name=name, role=role))
            self.mentioned.append(name)
            self._cache.clear()

    # -- learning from the text -------------------------------------------------------------------------------

    def learn_appositions(self, text: str) -> None:
        """'the AD for Safeguarding and Social Care, Beverley Hendricks' teaches that role's holder.

        A "Role, Name" pair whose name is on no list adds that person (Haringey pack p8: "the Homes for
        Haringey Director for Housing Demand, Denise Gandy").
        """
        role = r"((?:[A-Z][\w&'’-]*|of|for|and|&)(?:[^\S\n]+(?:[A-Z][\w&'’-]*|of|for|and|&|-)){0,9})"
        title = r"(?:(?:Dr|Cllr|Councillor|Mr|Mrs|Ms|Miss|Prof)\.?[^\S\n]+)?"
        before = re.compile(rf"(?:\bthe\s+)?{role},\s+{title}$")
        after = re.compile(rf"^,\s+(?:the\s+)?{role}\s*[,.);]")
        by_name = {p.name: p.name for p in self.people}
        if by_name:
            # Find the names first, then look at a short window either side: one pass, no long backtracking.
            names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
            for m in re.finditer(rf"\b(?:{names})\b", text):
                b = before.search(text[max(0, m.start() - 160): m.start()])
                if b:
                    self._alias(b.group(1), m.group(0))
                a = after.match(text[m.end(): m.end() + 160])
                if a:
                    self._alias(a.group(1), m.group(0))
        for m in re.finditer(rf",\s+{title}({_NAME_TOKEN}\s+{_NAME_TOKEN}),", text):
            name = m.group(1)
            if name in by_name or is_role_like(name) or is_org_like(name):
                continue
            b = re.search(rf"\bthe\s+{role}$", text[max(0, m.start() - 160): m.start()])
            if b and is_role_like(b.group(1)):
                self.add_person(name, TITLE_RE.sub("", b.group(1)))
                self._alias(b.group(1), name)

    def _alias(self, phrase: str, name: str) -> None:
        phrase = TITLE_RE.sub("", phrase.strip(" ,-"))
        low = phrase.lower()
        if any(part.lower() in low.split() for p in self.people for part in p.name.split()[-1:] if len(part) > 2):
            return  # "Vice President Scott Means, ... President Sarah Lewis": a name, not a post
        # "... Intelligence Analysis Manager- Community Safety": keep the whole post.
        if len(_role_words(phrase)) >= 2 and is_role_like(phrase):
            self.aliases.setdefault(" ".join(_words(phrase)), name)
            self.surface.setdefault(phrase, name)
            self._cache.clear()

    # -- resolution ---------------------------------------------------------------------------------------------

    def resolve(self, mention: str) -> Resolved:
        """Owners for an '(Action: ...)' text or a subject phrase; joint owners split.

        The mention is cut at its separators (&, and, commas, /) and the pieces regrouped so that as many pieces
        as possible resolve, then into as many owners as possible: "AD for Safeguarding and Social Care" stays
        one role, "The AD for Safeguarding and Social Care, and the AD for Safer Communities" is two people.
        """
        out = Resolved()
        text = _clean(mention)
        if not text:
            return out
        chunks, seps = _pieces(text)
        n = len(chunks)

        def group(i: int, j: int) -> str | None:
            return self.resolve_one("".join(chunks[k] + (seps[k] if k < j else "") for k in range(i, j + 1)))

        # Every way to cut the pieces into groups (n is small: an owner list, not a paragraph), scored by the
        # pieces covered by resolved groups, then the distinct owners found, then the fewest groups.
        best: tuple[tuple[int, int, int], list[tuple[int, str | None]]] = ((-1, 0, 0), [])
        for cuts in range(1 << max(0, min(n, 10) - 1)):
            plan: list[tuple[int, str | None]] = []
            start_i, covered = 0, 0
            for k in range(n):
                if k == n - 1 or (k < 9 and cuts >> k & 1):
                    name = group(start_i, k)
                    if name is None and k > start_i:
                        # an unresolved group is kept piece by piece
                        plan.extend((m + 1, None) for m in range(start_i, k + 1))
                    else:
                        plan.append((k + 1, name))
                        covered += (k - start_i + 1) if name else 0
                    start_i = k + 1
            names = {nm for _, nm in plan if nm}
            score = (covered, len(names), -len(plan))
            if score > best[0]:
                best = (score, plan)
        best_plan = best[1]
        i = 0
        for stop, name in best_plan:
            if name is not None:
                _add(out.owners, name)
            else:
                cleaned = _without_post(_clean(TITLE_RE.sub("", chunks[i])))
                if cleaned and re.search(r"[A-Za-z]", cleaned):
                    _add(out.owners, cleaned)
                    if not is_org_like(cleaned):  # a team or organisation is an owner as written, not a person
                        _add(out.unresolved, cleaned)
            i = stop
        return out

    def resolve_one(self, mention: str) -> str | None:
        """The full name (or the body's name) a single mention refers to, or None."""
        key = mention.strip()
        if key not in self._cache:
            self._tie = []
            self._cache[key] = self._resolve_one(key)
            if self._cache[key] is None and self._tie:
                self._ties[key] = list(dict.fromkeys(self._tie))
        return self._cache[key]

    def candidates(self, mention: str) -> list[str]:
        """Who a mention may mean: the one person it resolves to, else everyone who fits it equally well (the
        register lists them: "owner 'Beverley' is ambiguous"), else nobody."""
        name = self.resolve_one(mention)
        return [name] if name else self._ties.get(mention.strip(), [])

    def _resolve_one(self, mention: str) -> str | None:
        text = _clean(TITLE_RE.sub("", _clean(mention)))
        low = text.lower()
        if not low:
            return None
        exact = [p.name for p in self.people if p.name.lower() == low]
        if exact:
            return exact[0]
        if self.is_body(mention):
            return self.body
        words = _words(text)
        if words and words[0] in ("chair", "chairman", "chairwoman", "chairperson") or words in (["co", "chair"],):
            rest = [w for w in words if w not in ("chair", "chairman", "chairwoman", "chairperson", "co")]
            if self.chair and (not rest or self._role_match(" ".join(rest)) in (None, self.chair)):
                return self.chair
            if not self.chair:
                chairs = [p.name for p in self.people if p.chair]
                if len(chairs) == 1 and not rest:
                    return chairs[0]
                if chairs and not rest:
                    self._tie = chairs  # "Chair" across several bodies' meetings
                    return None
        key = " ".join(words)
        if key in self.aliases:
            return self.aliases[key]
        tokens = text.split()
        after = _after_post(tokens)
        if after:
            # "Clerk Buiter", "Staff member Fonstein", "Trustee Elton": a post printed before the person's name
            named = self.resolve_one(after)
            if named is not None:
                return named
        if len(tokens) == 1:
            return self._single_token(tokens[0]) or (self._role_match(text) if is_role_like(text) else None) \
                or (self._named_in_text(text) if is_titled_name(mention) else None)
        if _NAME.match(text):
            # "Bev Hendricks": a known surname with a first name that shortens the person's.
            hits = [p.name for p in self.people if len(p.name.split()) >= 2
                    and p.name.split()[-1].lower() == tokens[-1].lower()
                    and p.name.split()[0].lower().startswith(tokens[0].lower()[:3])]
            if len(hits) == 1:
                return hits[0]
            # "Herrera Spencer": a surname of two words.
            tails = [p.name for p in self.people if p.name.lower().endswith(" " + low) or p.name.lower() == low]
            if len(tails) == 1:
                return tails[0]
            if not is_role_like(text):
                return self._named_in_text(text) if is_titled_name(mention) else None
        return self._role_match(text)

    def _named_in_text(self, mention: str) -> str | None:
        """'Kirby' (or 'R Healey') when the minutes name 'Simon Kirby' in full once and no one else of that surname:
        the vicar's report is "Simon Kirby: Vicar's report" while the discussion says "Mr Kirby" (Cogges p2)."""
        tokens = mention.replace(".", " ").split()
        if not self.text or not tokens or not re.fullmatch(_NAME_TOKEN, tokens[-1]) or is_role_like(mention):
            return None
        surname, initials = tokens[-1], [t for t in tokens[:-1] if len(t) == 1]
        firsts = {m.group(1) for m in re.finditer(rf"\b({_NAME_TOKEN})\s+{re.escape(surname)}\b", self.text)
                  if not TITLE_RE.match(m.group(1) + " ") and not is_role_like(m.group(1))
                  and m.group(1).lower() not in ROLE_STOP | GENERIC_BODY}
        firsts = {f for f in firsts if not initials or f[0] == initials[0]}
        if len(firsts) != 1:
            return None
        name = f"{firsts.pop()} {surname}"
        self.add_person(name)
        return name

    def is_body(self, mention: str) -> bool:
        """'Partnership', 'the Board', 'CSP', 'all members': the meeting's own body."""
        if not self.body:
            return False
        low = re.sub(r"^(?:the|all\s+(?:the\s+)?)\s*", "", _clean(mention).lower()) or _clean(mention).lower()
        body = self.body.lower()
        acronym = "".join(w[0] for w in self.body.split() if w[:1].isupper()).lower()
        if low in (body, acronym, body.split()[-1]) or _clean(mention).lower() in ("all", "everyone", "all members"):
            return True
        if low in GENERIC_BODY:
            # "the Council" is the body only when the body is a council; "the Board" names this meeting's body.
            return True
        return False

    def _tiered(self, names: list[str]) -> str | None:
        """The one name that fits, preferring people present when several do."""
        names = list(dict.fromkeys(names))
        if len(names) == 1:
            return names[0]
        here = [n for n in names if n in self.present]
        if len(here) == 1:
            return here[0]
        self._tie = here or names
        return None

    def _single_token(self, token: str) -> str | None:
        t = token.strip(".").lower()
        parts_of = {p.name: _name_parts(p.name) for p in self.people}
        if _INITIALS.match(token.strip(".")):
            declared = [p.name for p in self.people
                        if token.strip(".") in (p.organisation.strip("()"), p.role.strip("()"))]
            if declared:
                return self._tiered(declared)
            hits = [p.name for p in self.people if token.strip(".") in initials_of(p.name)]
            if hits:
                return self._tiered(hits)
            if len(token) <= 3:
                return None
        firsts = [n for n, parts in parts_of.items() if len(parts) > 1 and parts[0].lower() == t]
        if firsts:
            return self._tiered(firsts)
        lasts = [n for n, parts in parts_of.items() if parts and parts[-1].lower() == t]
        if lasts:
            return self._tiered(lasts)
        if len(t) >= 3 and token[:1].isupper():
            prefix = [n for n, parts in parts_of.items() if len(parts) > 1 and parts[0].lower().startswith(t)]
            if prefix:
                return self._tiered(prefix)
        return None

    def _role_match(self, text: str) -> str | None:
        """The one person whose role (or a role learnt from the text) best covers the mention's role words.

        Ranked by the share of the mention's words found, then by the share of the role's words used, so
        "AD for Safer Communities" finds "Interim Assistant Director Stronger Communities" (3 of 4 words)
        and "Interim Director of Public Health" prefers that post over "Assistant Director of Public Health".
        """
        want = _role_words(text)
        if not want or not is_role_like(text):
            return None
        if want <= MEMBERSHIP | GENERIC_BODY:
            return None  # "Board member", "a Trustee": one of many who share the title, not a post
        if len(want) == 1:
            # "the Clerk": the one person whose post is named by that word
            word = next(iter(want))
            holders = {p.name for p in self.people if word in _role_words(p.role)}
            holders |= {name for role, name in self.aliases.items() if word in role.split()}
            if len(holders) > 1:
                self._tie = sorted(holders)
            return holders.pop() if len(holders) == 1 else None
        scored: dict[str, tuple[float, float]] = {}
        candidates = [(p.role, p.name) for p in self.people if p.role] + list(self.aliases.items())
        candidates += [(p.organisation, p.name) for p in self.people if len(p.organisation) > 4]
        for role, name in candidates:
            have = _role_words(role)
            if not have:
                continue
            common = len(want & have)
            score = (common / len(want), common / len(have))
            if score > scored.get(name, (0.0, 0.0)):
                scored[name] = score
        if not scored:
            return None
        ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
        best, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else (0.0, 0.0)
        covering = [name for name, sc in ranked if sc[0] == 1.0]
        if len(covering) > 1 and score[1] < 1.0:
            # "Assistant Director" with two assistant directors and no post of exactly that name: either may be meant
            self._tie = covering
            return None
        if score[0] >= 0.6 and score == runner:
            self._tie = [name for name, sc in ranked if sc == score]
        return best if score[0] >= 0.6 and score > runner else None

    # -- for the span ruler --------------------------------------------------------------------------------------

    def phrases(self) -> list[tuple[str, str, str]]:
        """(label, phrase as written, owner) for every way the minutes may name someone on this roster.

        Labels: PERSON (full names, unique first names and surnames), INITIALS (case-sensitive), ROLE
        (roles learnt from the text, "Chair"), ORG (the body and its acronym).
        """
        out: list[tuple[str, str, str]] = []
        for p in self.people:
            out.append(("PERSON", p.name, p.name))
            parts = p.name.split()
            if len(parts) >= 2:
                if self._single_token(parts[0]) == p.name:
                    out.append(("PERSON", parts[0], p.name))
                if self._single_token(parts[-1]) == p.name:
                    out.append(("PERSON", parts[-1], p.name))
            for ini in initials_of(p.name) | {p.organisation.strip("()")} | {p.role.strip("()")} | {p.initials}:
                if _INITIALS.match(ini) and self._single_token(ini) == p.name:
                    out.append(("INITIALS", ini, p.name))
        for phrase, name in self.surface.items():
            out.append(("ROLE", phrase, name))
        if self.chair:
            out.append(("ROLE", "Chair", self.chair))
        if self.body:
            out.append(("ORG", self.body, self.body))
            acronym = "".join(w[0] for w in self.body.split() if w[:1].isupper())
            if len(acronym) >= 2:
                out.append(("ORG", acronym, self.body))
            out.append(("ORG", self.body.split()[-1], self.body))
        return out


def _is_post_word(token: str) -> bool:
    """A word of a post printed before a name: "Clerk", "Staff member", "Board members", "Trustee"."""
    w = token.lower().strip(".,")
    return w in ROLE_HEADS or w in ("staff", "board", "vice") or (w.endswith("s") and w[:-1] in ROLE_HEADS)


def _without_post(mention: str) -> str:
    """'Staff member Johnson' -> 'Johnson', 'Trustee Elton' -> 'Elton': a person nobody listed is kept by name, as
    the minutes print it, without the post in front; a post alone ('Board member') stays as it is."""
    after = _after_post(mention.split())
    if after and not is_role_like(after) and not is_org_like(after):
        return after
    return mention


def _after_post(tokens: list[str]) -> str:
    """What follows the words of a post printed before a capitalised name ("Staff member | Fonstein"), else ''."""
    lead = 0
    while lead < len(tokens) - 1 and _is_post_word(tokens[lead]):
        lead += 1
    return " ".join(tokens[lead:]) if lead and tokens[lead][:1].isupper() else ""


def _name_parts(name: str) -> list[str]:
    """A listed name's own words, without a post printed in front of it: an attendance line read as
    "Secretary Jon Stride" still answers to "Jon" and "Stride" (Horsley p1)."""
    parts = name.split()
    while len(parts) > 2 and parts[0].lower().strip(".") in ROLE_HEADS:
        parts = parts[1:]
    return parts


def _add(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)
