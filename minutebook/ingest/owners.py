"""Resolve how minutes name an owner ("the Chair", "AD for Safer Communities", "Bev", "JN") to a person.

A `Roster` is built per meeting from its attendance, apologies and membership
lists, plus the "Name, Role" appositions the minutes themselves use. Plain
Python, so the spaCy components that use it stay small and testable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minutebook.models import Meeting, Person

__all__ = ["Roster", "Resolved", "split_owners", "TITLE_RE"]

TITLE_RE = re.compile(
    r"^(?:(?:the|cllr|clir|councillor|councilmember|commissioner|dr|mr|mrs|ms|miss|prof|professor|sir|dame|rev|mayor)\.?\s+)+",
    re.I,
)
ABBREVIATIONS = {
    "ad": "assistant director",
    "dph": "director of public health",
    "ceo": "chief executive",
    "md": "managing director",
    "cllr": "councillor",
    "supt": "superintendent",
    "insp": "inspector",
    "hos": "head of service",
}
ROLE_STOP = {"the", "of", "for", "and", "a", "an", "in", "to", "team", "interim", "acting", "senior", "haringey", "council"}
BODY_WORDS = {"partnership", "board", "committee", "council", "commission", "panel", "group", "forum", "cabinet", "trustees",
              "members", "all", "everyone", "all partners", "partners", "sub-committee", "subcommittee"}
_NAME = re.compile(r"^[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){1,2}$")


@dataclass(slots=True)
class Resolved:
    """Owners resolved from one mention; `unresolved` keeps mentions as written when no person fits."""

    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def _words(text: str) -> list[str]:
    out = []
    for w in re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")):
        out.extend(ABBREVIATIONS.get(w, w).split())
    return out


def _role_words(text: str) -> set[str]:
    return {w for w in _words(text) if w not in ROLE_STOP}


def split_owners(text: str) -> list[str]:
    """'Eubert Malcolm & Beverley Hendricks', 'A, B and C', 'JN/AC' -> one mention each."""
    text = re.sub(r"\s+", " ", text).strip(" .;:*")
    parts = re.split(r"\s*(?:&|,|/|\band\b|\bwith\b|\+)\s*", text)
    return [p.strip(" .;:*") for p in parts if p.strip(" .;:*")]


class Roster:
    """Everyone a meeting's minutes may name, with the ways they are named."""

    def __init__(self, people: list[Person], body: str = "", chair: str = "") -> None:
        self.people = [p for p in people if p.name]
        self.body = body
        self.chair = chair
        self.aliases: dict[str, str] = {}  # role phrase as used in the text -> full name

    @classmethod
    def for_meeting(cls, meeting: Meeting, text: str = "") -> Roster:
        seen: dict[str, Person] = {}
        for p in [*meeting.attendees, *meeting.apologies, *meeting.members]:
            seen.setdefault(p.name.lower(), p)
        roster = cls(list(seen.values()), meeting.body, meeting.chair)
        if text:
            roster.learn_appositions(text)
        return roster

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.people]

    def learn_appositions(self, text: str) -> None:
        """'the AD for Safeguarding and Social Care, Beverley Hendricks' teaches that role's holder."""
        role = r"((?:[A-Z][\w&'’-]*|of|for|and|&)(?:\s+(?:[A-Z][\w&'’-]*|of|for|and|&)){0,8})"
        for person in self.people:
            name = re.escape(person.name)
            for m in re.finditer(rf"(?:the\s+)?{role},\s+(?:(?:Dr|Cllr|Mr|Mrs|Ms)\.?\s+)?{name}\b", text):
                self._alias(m.group(1), person.name)
            for m in re.finditer(rf"\b{name},\s+(?:the\s+)?{role}[,.)]", text):
                self._alias(m.group(1), person.name)

    def _alias(self, phrase: str, name: str) -> None:
        phrase = TITLE_RE.sub("", phrase.strip())
        if len(_role_words(phrase)) >= 2:
            self.aliases.setdefault(" ".join(_words(phrase)), name)

    def resolve(self, mention: str) -> Resolved:
        """Owners for an '(Action: ...)' text or a subject phrase; joint owners split."""
        out = Resolved()
        for part in split_owners(mention):
            name = self.resolve_one(part)
            if name is None:
                cleaned = TITLE_RE.sub("", part).strip()
                if cleaned:
                    out.owners.append(cleaned)
                    out.unresolved.append(cleaned)
            elif name not in out.owners:
                out.owners.append(name)
        return out

    def resolve_one(self, mention: str) -> str | None:
        """The full name (or the body's name) a single mention refers to, or None."""
        raw = mention.strip()
        text = TITLE_RE.sub("", raw).strip()
        low = text.lower()
        if not low:
            return None
        exact = [p.name for p in self.people if p.name.lower() == low]
        if exact:
            return exact[0]
        if self._is_body(low):
            return self.body or None
        words = _words(text)
        if "chair" in words or "chairman" in words or "chairperson" in words:
            rest = [w for w in words if w not in ("chair", "chairman", "chairperson", "co", "vice")]
            if self.chair and (not rest or self._role_match(" ".join(rest)) in (None, self.chair)):
                return self.chair
        key = " ".join(words)
        if key in self.aliases:
            return self.aliases[key]
        tokens = text.split()
        if len(tokens) == 1:
            return self._single_token(tokens[0])
        if _NAME.match(text) and len(tokens) == 2:
            # "Bev Hendricks": a known surname with a first name that shortens the person's.
            hits = [p.name for p in self.people if p.name.split()[-1].lower() == tokens[1].lower()
                    and p.name.split()[0].lower().startswith(tokens[0].lower()[:3])]
            if len(hits) == 1:
                return hits[0]
            if _NAME.match(text) and not self._role_match(text):
                return None
        return self._role_match(text)

    def _is_body(self, low: str) -> bool:
        low = re.sub(r"^the\s+", "", low)
        if low in BODY_WORDS:
            return bool(self.body)
        if self.body:
            acronym = "".join(w[0] for w in self.body.split() if w[0].isupper()).lower()
            return low in (self.body.lower(), acronym)
        return False

    def _single_token(self, token: str) -> str | None:
        t = token.strip(".").lower()
        if token.isupper() and 2 <= len(token) <= 3:
            hits = [p.name for p in self.people if "".join(w[0] for w in p.name.split()).lower() == t]
            if len(hits) == 1:
                return hits[0]
        firsts = [p.name for p in self.people if p.name.split()[0].lower() == t]
        if len(firsts) == 1:
            return firsts[0]
        lasts = [p.name for p in self.people if p.name.split()[-1].lower() == t]
        if len(lasts) == 1:
            return lasts[0]
        if len(t) >= 3:
            prefix = [p.name for p in self.people if p.name.split()[0].lower().startswith(t)]
            if len(prefix) == 1:
                return prefix[0]
        return None

    def _role_match(self, text: str) -> str | None:
        """The one person whose role (or learnt alias) shares most of the mention's role words."""
        want = _role_words(text)
        if len(want) < 2:
            return None
        scored: dict[str, float] = {}
        candidates = [(p.role, p.name) for p in self.people if p.role] + [(a, n) for a, n in self.aliases.items()]
        for role, name in candidates:
            have = _role_words(role)
            if not have:
                continue
            score = len(want & have) / len(want)
            scored[name] = max(scored.get(name, 0.0), score)
        if not scored:
            return None
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        best, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        return best if score >= 0.6 and score > runner else None
