"""Component `minutebook_commitments`: commitments stated without a marker.

"X to V" ("Karen to keep on the case", "AC to liaise with ...") on any pipeline, by pattern. With a dependency
parse, the forms in `commitment_patterns`, found by spaCy's `DependencyMatcher`: "X agreed/offered/volunteered to
V", "X plans to V", "X was asked to V" / "asked X to V", "X recommended that staff V", "agree to delegate ... to
the Director", "X would/will V". What a pattern cannot say (tense, modals, voice, hedges, who may own work) is
checked after the match, in `Commitments._finish` and `_acceptable_owner`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from minutebook.ingest.nlp._clauses import _is_owner_like, _tidy, action_clause
from minutebook.ingest.nlp._extensions import PEOPLE_KEY, Candidate
from minutebook.ingest.nlp._lexicon import (
    _LEMMAS,
    BODY_BUSINESS,
    COMING_AND_GOING,
    COMMIT_VERBS,
    IN_THE_MEETING,
    INTEND,
    NOT_COMMITMENT_HEADS,
    NOT_WORK,
    PRONOUNS,
    PROPOSE,
    REPORTING,
    REQUEST,
    UNDERTAKE,
    _aux,
    _is_verb,
    _lemma,
)
from minutebook.ingest.nlp.sentences import _sents
from minutebook.ingest.owners import Roster, is_org_like, is_role_like, is_staff_like, is_titled_name

_SEPS = {"and", "&", "/", ",", "+"}
_NAME_RE = re.compile(r"(?:[A-Z][\w'’\-]+\s+){0,3}[A-Z][\w'’\-]+")
# Subjects that never own work.
_NOT_OWNERS = {"it", "this", "there", "that", "which", "who", "what", "you", "these", "those", "we"}
# What may stand right before "X to V": punctuation, "and", or a status word of an action log ("– ongoing MB to").
_CLAUSE_OPENERS = {"•", "·", "▪", "-", "–", "—", ":", ";", ".", ",", "and", "&", "(", ")", "*", "ongoing",
                   "outstanding", "open", "continuing"}


def _forms_of(words: set[str]) -> list[str]:
    """Every printed form of the base verbs (the pipeline has no lemmatizer): "agree", "agreed", "undertook"."""
    return sorted(set(words) | {form for form, lemma in _LEMMAS.items() if lemma in words})


def _head(words: set[str], **attrs: object) -> dict:
    return {"RIGHT_ID": "head", "RIGHT_ATTRS": {"LOWER": {"IN": _forms_of(words)}, **attrs}}


def _child(left: str, right: str, **attrs: object) -> dict:
    return {"LEFT_ID": left, "REL_OP": ">", "RIGHT_ID": right, "RIGHT_ATTRS": attrs}


_MODAL = {"IN": ["would", "will", "shall"]}
# The forms commitments take, in order of preference when one sentence holds several.
FORM_ORDER = ["delegated", "agreed", "plan", "asked", "recommended", "would"]


def commitment_patterns() -> dict[str, list[list[dict]]]:
    """The commitment forms as dependency patterns over the parse (spaCy `DependencyMatcher`). Each names its
    `head`, the `work` (the token stating the work) and, where the form says who owes it, `who`."""
    return {
        # "agree to delegate finalising any response ... to the Corporate Director for Finance"
        "delegated": [[_head({"delegate"}),
                       {"LEFT_ID": "head", "REL_OP": ">>", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"DEP": "prep", "LOWER": "to"}},
                       _child("prep", "who", DEP="pobj")]],
        # "X agreed to circulate", "He offered to assist", "Board members A and B volunteered."
        "agreed": [[_head(UNDERTAKE), _child("head", "work", DEP="xcomp")],
                   [_head({"volunteer", "offer"})]],
        # "X plans to meet with", "She plans on bringing", "A and B need to submit", "The Councillors propose filling"
        "plan": [[_head(INTEND), _child("head", "work", DEP="xcomp")],
                 [_head(INTEND), _child("head", "on", DEP="prep", LOWER="on"), _child("on", "work", DEP="pcomp")],
                 [_head(PROPOSE, TAG={"IN": ["VBP", "VBZ"]}), _child("head", "work", DEP="xcomp")]],
        # "Governors were asked to let ...", "asked staff member X to provide", "asked for City staff to reach out"
        "asked": [[_head(REQUEST), _child("head", "work", DEP="xcomp"), _child("head", "who", DEP="nsubjpass"),
                   _child("head", "pass", DEP="auxpass")],
                  [_head(REQUEST), _child("head", "work", DEP="xcomp"), _child("head", "who", DEP="dobj")],
                  [_head(REQUEST), _child("head", "work", DEP={"IN": ["ccomp", "advcl", "xcomp"]}),
                   _child("work", "who", DEP="nsubj"), _child("work", "to", DEP="aux", LOWER="to")]],
        # "X recommended that City staff also visit ..."
        "recommended": [[_head(PROPOSE), _child("head", "work", DEP="ccomp"), _child("work", "who", DEP="nsubj"),
                         _child("work", "that", DEP="mark", LOWER="that")]],
        # "they would like to meet with ...", and anything someone will or would do
        "would": [[_head({"like", "wish", "want"}), _child("head", "work", DEP="xcomp"),
                   _child("head", "aux", DEP="aux", LOWER=_MODAL)],
                  [{"RIGHT_ID": "head", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                   _child("head", "aux", DEP="aux", LOWER=_MODAL)]],
    }


class _Owner(str):
    """An owner as written, remembering whether the minutes referred to it as "he" or "she": then it is a person,
    even one on no list ("Fay Kiaurakis stated ... She plans on bringing her tools", Crete p2)."""

    personal: bool = False


def _personal(text: str | None) -> str | None:
    if text is None:
        return None
    out = _Owner(text)
    out.personal = True
    return out


class Commitments:
    """Commitments with no marker.

    - "X to V" opening a clause, X a person, initials or a post ("Karen to keep on the case", "AC to liaise with
      Paul Hoffman", "Clerk to draft and issue ..."): by pattern, so also on a blank pipeline.
    - With a dependency parse: "X agreed/undertook/offered to V", and "X would/will V" where X (or the person a
      "she"/"he" stands for) is on the roster or names a post. Not: passives, negations, questions, conditionals,
      hopes and requests ("it was hoped that ...", "asked that ..."), past events ("had agreed to"), or the body's
      own business ("the Partnership would receive ...").
    """

    def __init__(self, nlp: Language, name: str, verbs: list[str], require_owner: bool) -> None:
        self.name = name
        self.verbs = set(verbs)
        self.require_owner = require_owner
        self.matcher = DependencyMatcher(nlp.vocab)
        # one key per pattern, so a match says which pattern it is and so which token plays which part
        self._roles: dict[str, tuple[str, list[str]]] = {}
        for form, patterns in commitment_patterns().items():
            for n, pattern in enumerate(patterns):
                self.matcher.add(f"{form}:{n}", [pattern])
                self._roles[f"{form}:{n}"] = (form, [t["RIGHT_ID"] for t in pattern])

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        # the dependency patterns run once over the paragraph; each sentence takes the matches inside it
        matches = self.matcher(doc) if doc.has_annotation("DEP") else None
        for sent in _sents(doc):
            if any(c.start < sent.end_char and sent.start_char < c.end for c in found):
                continue
            # "The Councillors propose filling the pot holes ..., Councillor Healey to order Scalpings": one of each
            cand = self._to_v(sent, roster)
            if cand is not None:
                found.append(cand)
            skip = (sent.start_char + max(0, sent.text.find(cand.who)), cand.end) if cand else None
            other = self._parsed(sent, roster, matches, skip=skip) if matches is not None else None
            if other is not None:
                found.append(other)
        doc._.actions = found
        return doc

    # -- "Karen to keep on the case" ---------------------------------------------------------------------------

    def _to_v(self, sent: Span, roster: Roster | None) -> Candidate | None:
        doc = sent.doc
        owners = [s for s in doc.spans[PEOPLE_KEY] if s.start >= sent.start and s.end <= sent.end] \
            if PEOPLE_KEY in doc.spans else []
        for i in range(sent.start + 1, sent.end - 1):
            if doc[i].lower_ != "to" or doc[i + 1].lower_ not in self.verbs:
                continue
            run = _owner_run(doc, sent.start, i, owners, roster)
            if run is None:
                continue
            a = run
            end = _clause_end(doc, i + 1, sent.end)
            text = doc[a:end].text
            if end <= i + 2:
                # "Resolved – to contact The Old School ... – AV to action": the work is before the owner;
                # "Millennium Wood is in a poor state – TD & AV to inspect": the object is.
                text = doc[sent.start:a].text if doc[i + 1].lower_ in ("action", "progress") else doc[sent.start:end].text
            return Candidate(text=_tidy(text), who=doc[a:i].text, start=sent.start_char,
                             end=doc[end - 1].idx + len(doc[end - 1]), explicit=False, style="to", sentence=sent.text)
        return None

    # -- parse-based ---------------------------------------------------------------------------------------------

    def _parsed(self, sent: Span, roster: Roster | None, matches: list[tuple[int, list[int]]],
                skip: tuple[int, int] | None = None) -> Candidate | None:
        if sent.text.rstrip(" )*.").endswith("?"):
            return None
        found = []
        for match_id, tokens in matches:
            if not sent.start <= tokens[0] < sent.end:
                continue
            name, ids = self._roles[sent.doc.vocab.strings[match_id]]
            found.append((name != "delegated", tokens[0], FORM_ORDER.index(name), name, ids, tokens))
        for _, _, _, name, ids, tokens in sorted(found):
            roles = dict(zip(ids, (sent.doc[i] for i in tokens), strict=True))
            head = roles["head"]
            if skip and skip[0] <= head.idx < skip[1]:
                continue  # inside an "X to V" clause already taken
            got = self._finish(name, roles)
            if got is None:
                continue
            work, who = got
            if _negated(head) or _negated(work) or _hedged(head):
                continue
            if not who or not self._acceptable_owner(who, name, roster, work):
                continue
            text = action_clause(sent, self.verbs, [], anchor=work)
            return Candidate(text=text, who=who, start=sent.start_char, end=sent.end_char, explicit=False, style=name,
                             sentence=sent.text)
        return None

    def _finish(self, form: str, t: dict[str, Token]) -> tuple[Token, str | None] | None:
        """(the token stating the work, its owner as written) when a matched form is a commitment: what the
        patterns cannot say (tense, modals, voice, who may own work) is checked here."""
        head, work, who = t["head"], t.get("work"), t.get("who")
        aux = _aux(head)
        if aux & {"had", "has", "have"}:
            return None  # a past event
        modal = aux & {"would", "will", "could", "should", "may", "might", "shall"}
        if form == "delegated":
            # "agree to delegate finalising any response ... to the Corporate Director for Finance" (Kent, minute 80)
            if not (is_role_like(who.text) or who.ent_type_):
                return None
            task = next((c for c in head.children if c.dep_ in ("dobj", "xcomp") and c.i < t["prep"].i), head)
            return task, _subject_text(who, whole=True)
        if form in ("agreed", "plan") and modal:
            return None
        if form == "agreed":
            if work is None and any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in head.children):
                return None  # "offered a view": a bare "volunteered." has nothing after it
            return (work if work is not None else head), self._subject(head)
        if form == "plan":
            return work, self._subject(head)
        if form in ("asked", "recommended"):
            if form == "recommended" and (not _is_verb(work) or _aux(work) & {"would", "will", "could", "might", "may"}):
                return None
            if who is None or (who.lower_ in PRONOUNS | _NOT_OWNERS and who.dep_ != "nsubjpass"):
                return None
            return work, _subject_text(who)
        # "would": "they would like to meet with ...", or any verb someone will or would do
        if work is not None:
            return (work, self._subject(head)) if _lemma(work) not in NOT_WORK | REPORTING | IN_THE_MEETING else None
        lemma = _lemma(head)
        if not _is_verb(head) or lemma in REQUEST | PROPOSE:
            return None  # requests and recommendations have forms of their own ("would agree timescales" has not)
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
        progressive = head.tag_ == "VBG"  # "will be looking into terms"
        if lemma in NOT_WORK or passive or (aux & {"be", "been"} and not progressive):
            return None
        if lemma in COMING_AND_GOING and not any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with")
                                                 for c in head.children):
            return None  # "will likely miss the February meeting, but will return in March": attendance
        return head, self._subject(head)

    def _acceptable_owner(self, who: str, style: str, roster: Roster | None, work: Token | None = None) -> bool:
        if roster is not None:
            res = roster.resolve(who)
            known = set(roster.names) | {roster.body}
            # several owners, some on the lists and the rest named in full ("Heather Poustie and Dave Lee")
            if res.owners and len(res.owners) > 1 and any(o in known for o in res.owners) \
                    and all(o in known or _NAME_RE.fullmatch(o) for o in res.owners):
                return True
            if res.owners and all(o in known for o in res.owners):
                # the body's own business ("the Partnership would receive ...") is no commitment; its work is
                # ("The Councillors will check and clean out as necessary"); what a body is asked to do in the
                # meeting itself ("The Partnership was asked to form groups to discuss ...") is its business too
                if res.owners == [roster.body] and style in ("would", "asked"):
                    # and what a body "would" do in reported speech or a relative clause is description ("the risks
                    # that the Council would encounter", "to which the Council would be responding", Kent p4)
                    if work is None or _lemma(work) in BODY_BUSINESS | IN_THE_MEETING:
                        return False
                    return style == "asked" or (bool(_aux(work) & {"will", "shall"}) and work.dep_ != "relcl")
                return True
        if not self.require_owner:
            return True
        # a post nobody on the lists holds ("the Chief Assistant City Attorney") is kept, flagged unresolved;
        # so are the staff a body directs ("City staff will provide the specific scoring criteria")
        # and a person the lists missed, named with a title ("Mr Kirby agreed to look into ...") or as "he"/"she"
        if getattr(who, "personal", False) and _NAME_RE.fullmatch(str(who)):
            return True
        return (is_role_like(who) and not is_org_like(who)) or is_staff_like(who) or is_titled_name(who)

    def _subject(self, verb: Token) -> str | None:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ in ("conj", "xcomp") and verb.head != verb:
            return self._subject(verb.head)
        if not subjects or subjects[0].lower_ in _NOT_OWNERS:
            return None
        if len(subjects) > 1:
            # a coordinated subject the parser split: "her, Dave Lee and Vicky Stables would complete ..." (Decoy
            # BM 12/2021), each part its own owner, "her" the person the sentence is about
            parts = [self._one_subject(verb, t) for t in subjects]
            return " and ".join(p for p in parts if p) or None
        return self._one_subject(verb, subjects[0])

    def _one_subject(self, verb: Token, subj: Token) -> str | None:
        if subj.lower_ in PRONOUNS:
            found = _antecedent(verb, subj)
            return _personal(found) if subj.lower_ in ("he", "she", "him", "her") else found
        return _subject_text(subj)


def _owner_run(doc: Doc, floor: int, to_i: int, owners: list[Span], roster: Roster | None) -> int | None:
    """Start of the owners right before "to" (names, initials or a post joined by and, &, /), if they open a clause."""
    j, a = to_i, None
    while j > floor:
        span = next((s for s in owners if s.end == j), None)
        t = doc[j - 1]
        if span is not None:
            a = j = span.start
        elif a is not None and t.lower_ in _SEPS:
            j -= 1
        elif re.fullmatch(r"[A-Z]{2,3}", t.text) and roster is not None and roster.resolve_one(t.text):
            a = j = j - 1
        elif a is None and j - 2 >= floor and t.text[:1].isupper() and is_titled_name(f"{doc[j - 2].text} {t.text}"):
            a = j = j - 2  # "Councillor Healey to order Scalpings": a titled person the lists missed
        elif a is None and t.text[:1].isupper() and is_role_like(t.text):
            # "Clerk to draft ...", "The Clerk to ...", "Chief Assistant City Attorney to prepare ..."
            k = j - 1
            while k > floor and doc[k - 1].text[:1].isupper() and not doc[k - 1].is_sent_start:
                k -= 1
            if k > floor and doc[k - 1].lower_ == "the":
                k -= 1
            a = j = k
        else:
            break
    if a is None:
        return None
    while a < to_i and doc[a].lower_ in _SEPS:
        a += 1
    if a - 1 > floor and is_titled_name(f"{doc[a - 1].text} {doc[a].text}"):
        a -= 1  # "..., Councillor Healey to order Scalpings": the title opens the clause
    if a == floor or doc[a].is_sent_start:
        return a
    prev = doc[a - 1].text
    if prev in _CLAUSE_OPENERS or prev.lower() in _CLAUSE_OPENERS or re.fullmatch(r"\(?\d+(?:\.\d+)*[.)]?", prev):
        return a
    return None


def _negated(tok: Token | None) -> bool:
    return tok is not None and any(c.dep_ == "neg" or c.lower_ in ("not", "n't", "never") for c in tok.children)


def _hedged(tok: Token) -> bool:
    """A hope, request, question or condition around the verb: "it was hoped that ...", "if funding allows"."""
    head = tok
    while True:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in head.children):
            return True
        # only up the chain of clauses this one is reported in ("it was hoped that ...", "asked that ...")
        if head.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or head.head == head:
            return False
        if _lemma(head.head) in NOT_COMMITMENT_HEADS:
            return True
        head = head.head


def _antecedent(verb: Token, pronoun: Token) -> str | None:
    """'The Chair informed the Partnership that she would research ...': "she" is the Chair."""
    head = verb
    for _ in range(6):
        if head.head == head:
            break
        head = head.head
        subj = next((c for c in head.children if c.dep_ == "nsubj" and c.i < pronoun.i), None)
        if subj is not None and subj.lower_ not in PRONOUNS | {"it", "there", "this"}:
            return _subject_text(subj)
        agent = next((g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return _subject_text(agent)
    # "...; then, she will circulate another version": the last subject before the pronoun; failing that, the last
    # person who was the subject of a sentence before ("Staff member Fonstein advised that ... He offered to assist")
    sent_start = next((s.start for s in _sents(pronoun.doc) if s.start <= pronoun.i < s.end), 0)
    for t in reversed(pronoun.doc[sent_start: pronoun.i]):
        if t.dep_ == "nsubj" and t.lower_ not in PRONOUNS | {"it", "there", "this", "which", "who", "that"}:
            return _subject_text(t)
    for t in reversed(pronoun.doc[:sent_start]):
        if t.dep_ == "nsubj" and t.lower_ not in PRONOUNS and (_is_owner_like(t) or t.tag_ == "NNP"):
            return _subject_text(t)
    return None


def _subject_text(subj: Token, whole: bool = False) -> str:
    """The subject phrase, keeping coordination ("JN and AC") but not trailing appositions ("the AD, Name").

    `whole` keeps a post's own prepositional phrase ("the Corporate Director [for Finance]") but not what follows
    a comma ("..., in consultation with the Deputy Leader")."""
    doc = subj.doc
    if whole:
        words = [t for t in subj.subtree if not (t.dep_ == "det" and t.i == subj.left_edge.i)]
        text = "".join(t.text_with_ws for t in words).strip()
        return re.split(r",|\s+in\s+consultation\b", text)[0].strip()
    if PEOPLE_KEY in doc.spans and not any(c.dep_ == "conj" for c in subj.children):
        people = [s for s in doc.spans[PEOPLE_KEY] if s.start <= subj.i < s.end]
        if people:
            return people[0].text
    words = [t for t in subj.subtree if not (t.dep_ == "det" and t.i == subj.left_edge.i)]
    text = "".join(t.text_with_ws for t in words).strip()
    return re.split(r",\s+(?!and\b)", text)[0].strip()


def _clause_end(doc: Doc, start: int, limit: int) -> int:
    """End of an "X to V ..." clause: the next bullet, semicolon, full stop or dash."""
    for k in range(start + 1, limit):
        if doc[k].text in ("•", "·", "▪", ";", ".") or doc[k].text in ("–", "—"):
            return k
    return limit


@Language.factory("minutebook_commitments", default_config={"verbs": sorted(COMMIT_VERBS), "require_owner": True})
def make_commitments(nlp: Language, name: str, verbs: list[str], require_owner: bool) -> Commitments:
    return Commitments(nlp, name, verbs, require_owner)
