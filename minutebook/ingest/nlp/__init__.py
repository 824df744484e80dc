"""Stage 4: find actions and their owners with spaCy pipeline components.

Components (registered with `@Language.factory`; all but the parse-based half of
`minutebook_commitments` work on `spacy.blank("en")`), one module each:

- `minutebook_sentences` (`sentences`): sentence starts from minute-writing conventions (lettered points,
  bullets, a marker closing a sentence); placed before the parser, which respects them. Spans in
  `doc.spans["minutebook_sents"]`.
- `minutebook_roster_ruler` (`people`): a per-meeting entity ruler. It reads the meeting's `Roster` from
  `doc._.roster` and labels its people (PERSON, INITIALS), learnt roles (ROLE) and body (ORG) in `doc.ents` and
  `doc.spans["minutebook_people"]`, each span's `kb_id_` the resolved name. The small English model's NER is
  excluded: it labels "Beverley Hendricks" an ORG and knows nothing of initials.
- `minutebook_action_markers` (`markers`): explicit markers - "(Action: Name)", "**(Action: A & B)**", a trailing
  "Action: Name" line, "ACTION – Name", "... action Mick." / "c/f action Jon", an Action/Who/When column
  ("... JN/AC Nov"), and "A, B and C need to submit ...".
- `minutebook_commitments` (`commitments`): commitments with no marker - "X to V" ("Karen to keep on the case",
  "AC to liaise with ...") on any pipeline; with a dependency parse also the `DependencyMatcher` forms: "X agreed
  to V", "X plans to V", "asked X to V", "X recommended that staff V", delegations, "X would/will V" and "the
  Chair informed the Partnership that she would V".
- `minutebook_owners` (`people`): resolves every candidate's owner mention through the roster; what it cannot
  resolve is kept as written and listed in `Candidate.unresolved`.

Around them: `_loading` imports spaCy and loads the model without the parts of that minutebook does not use,
`_extensions` declares every custom attribute, `_lexicon` the words the rules know, `_clauses` the
clause extraction the markers and commitments share, `due` due-date normalisation, and `actions` loads the
pipeline and runs it over a meeting (`find_actions`).

    python -m minutebook.ingest.nlp PACK.pdf
"""

from __future__ import annotations

import logging

# First, before any module below imports spaCy: `_loading` imports it without its command line.
from minutebook.ingest.nlp import _loading  # noqa: F401

# isort: split
from minutebook.ingest.nlp._clauses import action_clause, states_work
from minutebook.ingest.nlp._extensions import PEOPLE_KEY, SENTS_KEY, Candidate
from minutebook.ingest.nlp._lexicon import COMMIT_VERBS
from minutebook.ingest.nlp.actions import MODEL, TRIGGER_RE, add_components, find_actions, load_nlp, main
from minutebook.ingest.nlp.due import meeting_calendar, normalise_due
from minutebook.ingest.nlp.markers import merge_marker_paragraphs
from minutebook.ingest.nlp.sentences import sentence_starts

__all__ = [
    "Candidate",
    "MODEL",
    "SENTS_KEY",
    "PEOPLE_KEY",
    "COMMIT_VERBS",
    "TRIGGER_RE",
    "add_components",
    "action_clause",
    "find_actions",
    "load_nlp",
    "main",
    "meeting_calendar",
    "merge_marker_paragraphs",
    "normalise_due",
    "sentence_starts",
    "states_work",
]

logger = logging.getLogger(__name__)
