"""Convention `action_referrals`: a note after a matter saying who takes it up.

"... needed guidance on acquiring use of identified plot of land. (George will follow-up)" and "... parking
concerns-Referred to NCOs for advice." / "Seeking to form an Advisory Council within District 12. Referred
to Tollyne Dickerson" (Bronx CB12 2024 p1). The action text is the matter the note follows: the words before
the note in its own sentence, else the sentence before it. The owner is kept as printed when the minutes
list nobody it could be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from minutebook.ingest.conventions import Context, register
from minutebook.ingest.conventions._action_text import new_action, roster_of, sentences, tidy
from minutebook.ingest.grammar import NAME_TOKEN
from minutebook.ingest.segment import Para
from minutebook.models import Action

__all__ = ["ActionReferrals"]

_WHO = rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}}(?:\s*(?:&|and|/)\s*{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}})?"
FOLLOW_RE = re.compile(
    rf"\(\s*(?P<who>{_WHO})\s+(?:will|to|would|shall)\s+(?:follow[\s-]?up|look\s+into\s+(?:this|it)|"
    r"take\s+(?:this|it)\s+(?:up|forward))(?:\s+(?:on|with)\s+[^()]{1,60})?\s*\)\.?"
)
# "(Follow-up: George)", "(Follow up by Staff)"
FOLLOW_LABEL_RE = re.compile(rf"\(\s*follow[\s-]?up(?:\s+by)?\s*[:\-–]?\s*(?P<who>{_WHO})\s*\)\.?", re.I)
# "Referred to" opens its sentence or follows a dash; "the matter was referred to the committee" is prose.
REFER_RE = re.compile(
    rf"(?:^|(?<=[.!?])\s+|\s*[-–—]\s*)Referred\s+to\s+(?:the\s+)?(?P<who>{_WHO})(?:\s+for\s+[^.;()]{{1,60}})?\s*(?=[.;]|$)"
)


@register
class ActionReferrals:
    name = "action_referrals"
    family = "actions"

    def extract(self, paras: Sequence[Para], context: Context) -> list[Action]:
        roster = roster_of(context)
        out: list[Action] = []
        for para in paras:
            text = re.sub(r"\s+", " ", para.text).strip()
            found = [*FOLLOW_RE.finditer(text), *FOLLOW_LABEL_RE.finditer(text), *REFER_RE.finditer(text)]
            for m in sorted(found, key=lambda m: m.start()):
                matter = self._matter(text, m.start())
                if not matter:
                    continue
                got = roster.resolve(m.group("who"))
                out.append(new_action(matter, para.page, got.owners, m.group("who"), got.unresolved))
        return out

    @staticmethod
    def _matter(text: str, at: int) -> str:
        # the note's own sentence when words of the matter come before it ("... concerns-Referred to NCOs"),
        # else the sentence before the note
        sents = sentences(text[:at])
        return tidy(sents[-1]) if sents else ""
