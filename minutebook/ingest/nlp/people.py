"""Who: components `minutebook_roster_ruler` (the per-meeting entity ruler) and `minutebook_owners` (owner
resolution).

The ruler reads the meeting's `Roster` from `doc._.roster` and labels its people (PERSON, INITIALS), learnt roles
(ROLE) and body (ORG) in `doc.ents` and `doc.spans[PEOPLE_KEY]`, each span's `kb_id_` the resolved name. The small
English model's NER is excluded: it labels "Beverley Hendricks" an ORG and knows nothing of initials. The resolver
runs last and resolves every candidate's owner mention through the roster; what it cannot resolve is kept as
written and listed in `Candidate.unresolved`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from minutebook.ingest.nlp._extensions import PEOPLE_KEY
from minutebook.ingest.owners import Roster


class RosterRuler:
    """An entity ruler built from the meeting's own lists (`doc._.roster`); its matchers are cached on the roster,
    so the shared pipeline is never changed per meeting."""

    def __init__(self, nlp: Language, name: str, overwrite_ents: bool) -> None:
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.make_doc = nlp.make_doc

    def _matchers(self, doc: Doc, roster: Roster) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, tuple[str, str]]]:
        cached = roster.matchers.get(id(self))
        if cached is not None:
            return cached  # type: ignore[return-value]
        by_lower = PhraseMatcher(doc.vocab, attr="LOWER")
        by_orth = PhraseMatcher(doc.vocab, attr="ORTH")
        table: dict[str, tuple[str, str]] = {}
        for label, phrase, owner in roster.phrases():
            pid = f"{label}|{owner}"
            table[pid] = (label, owner)
            pattern = self.make_doc(phrase)
            # One-word names and initials are matched as written: "Will" the name, not "will" the verb.
            (by_orth if len(pattern) == 1 or label == "INITIALS" else by_lower).add(pid, [pattern])
        roster.matchers[id(self)] = (by_lower, by_orth, table)
        return by_lower, by_orth, table

    def __call__(self, doc: Doc) -> Doc:
        roster: Roster | None = doc._.roster
        if roster is None:
            doc.spans[PEOPLE_KEY] = []
            return doc
        by_lower, by_orth, table = self._matchers(doc, roster)
        spans = []
        for match_id, start, end in [*by_lower(doc), *by_orth(doc)]:
            label, owner = table[doc.vocab.strings[match_id]]
            spans.append(Span(doc, start, end, label=label, kb_id=owner))
        spans = filter_spans(spans)
        doc.spans[PEOPLE_KEY] = spans
        if self.overwrite_ents:
            doc.ents = spans
        else:
            doc.ents = filter_spans([*doc.ents, *spans])
        return doc


@Language.factory("minutebook_roster_ruler", default_config={"overwrite_ents": True})
def make_roster_ruler(nlp: Language, name: str, overwrite_ents: bool) -> RosterRuler:
    return RosterRuler(nlp, name, overwrite_ents)


class OwnerResolver:
    """Resolves candidates' owner mentions to full names through `doc._.roster`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        roster: Roster | None = doc._.roster
        for cand in doc._.actions or []:
            if roster is None:
                cand.owners = [cand.who]
                cand.unresolved = [cand.who]
                continue
            res = roster.resolve(cand.who)
            cand.owners, cand.unresolved = res.owners, res.unresolved
        return doc


@Language.factory("minutebook_owners")
def make_owners(nlp: Language, name: str) -> OwnerResolver:
    return OwnerResolver(nlp, name)
