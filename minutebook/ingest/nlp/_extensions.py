"""The custom attributes minutebook sets on spaCy objects, declared in one place.

- `doc._.roster`: the meeting's `Roster`, set by `find_actions` before the pipeline runs (None: no roster).
- `doc._.actions`: the `Candidate`s the components have found so far (None before the first).
- `doc.spans[SENTS_KEY]`: the sentences `minutebook_sentences` set; `doc.spans[PEOPLE_KEY]`: the people, roles and
  body `minutebook_roster_ruler` labelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

SENTS_KEY = "minutebook_sents"
PEOPLE_KEY = "minutebook_people"


def _declare_extensions() -> None:
    """Every custom attribute minutebook sets on spaCy objects, in one place."""
    for name in ("roster", "actions"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)  # Roster | None; list[Candidate] | None


_declare_extensions()


@dataclass(slots=True)
class Candidate:
    """An action found in one paragraph, before it becomes an `Action`."""

    text: str  # the clause that states the work
    who: str  # the owner as written ("Chair Borough Commander", "JN/AC", "Karen")
    start: int  # character offsets in the paragraph: the action's sentence start ...
    end: int  # ... to the end of its marker (where a post-meeting note may follow)
    explicit: bool = True
    style: str = ""  # bracket | line | trailing | column | list | to | agreed | would
    sentence: str = ""  # the whole sentence, where a due date may be stated
    when: str = ""  # a due phrase from a "When" column or "Action: X by 30 June"
    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
