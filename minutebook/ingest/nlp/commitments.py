"""Component `minutebook_commitments`: commitments stated without a marker.

"X to V" ("Karen to keep on the case", "AC to liaise with ...") on any pipeline; with a dependency parse also
"X agreed to V", "X would/will V" and "the Chair informed the Partnership that she would V".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from minutebook.ingest.nlp._clauses import _is_owner_like, _tidy, action_clause
from minutebook.ingest.nlp._extensions import PEOPLE_KEY, Candidate
from minutebook.ingest.nlp._lexicon import (
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

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = list(doc._.actions or [])
        roster: Roster | None = doc._.roster
        parsed = doc.has_annotation("DEP")
        for sent in _sents(doc):
            if any(c.start < sent.end_char and sent.start_char < c.end for c in found):
                continue
            # "The Councillors propose filling the pot holes ..., Councillor Healey to order Scalpings": one of each
            cand = self._to_v(sent, roster)
            if cand is not None:
                found.append(cand)
            skip = (sent.start_char + max(0, sent.text.find(cand.who)), cand.end) if cand else None
            other = self._parsed(sent, roster, skip=skip) if parsed else None
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

    def _parsed(self, sent: Span, roster: Roster | None, skip: tuple[int, int] | None = None) -> Candidate | None:
        if sent.text.rstrip(" )*.").endswith("?"):
            return None
        for tok in sent:
            if not (_is_verb(tok) or _lemma(tok) in UNDERTAKE):
                continue
            if skip and skip[0] <= tok.idx < skip[1]:
                continue  # inside an "X to V" clause already taken
            found = self._form(tok)
            if found is None:
                continue
            work, who, style = found
            if _negated(tok) or _negated(work) or _hedged(tok):
                continue
            if not who or not self._acceptable_owner(who, style, roster, work):
                continue
            text = action_clause(sent, self.verbs, [], anchor=work)
            return Candidate(text=text, who=who, start=sent.start_char, end=sent.end_char, explicit=False, style=style,
                             sentence=sent.text)
        return None

    def _form(self, tok: Token) -> tuple[Token, str | None, str] | None:
        """(the token stating the work, its owner as written, the style) when `tok` heads a commitment form."""
        lemma, aux = _lemma(tok), _aux(tok)
        if aux & {"had", "has", "have"}:
            return None  # a past event
        comp = next((c for c in tok.children if c.dep_ == "xcomp" and _is_verb(c)), None)
        modal = aux & {"would", "will", "could", "should", "may", "might", "shall"}
        delegate = self._delegation(tok, comp)
        if delegate is not None:
            return delegate
        if lemma in UNDERTAKE and not modal:
            # "X agreed to circulate", "He offered to assist", "Board members A and B volunteered."
            if comp is not None:
                return comp, self._subject(tok), "agreed"
            if lemma in ("volunteer", "offer") and not any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
                return tok, self._subject(tok), "agreed"
            return None
        if lemma in INTEND and not modal:
            # "Staff member X plans to meet with ...", "She plans on bringing ...", "A and B need to submit ..."
            work = comp or next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "on"
                                 for g in c.children if g.dep_ == "pcomp"), None)
            return (work, self._subject(tok), "plan") if work is not None else None
        if lemma in REQUEST:
            return self._request(tok, comp)
        if lemma in PROPOSE and comp is not None and tok.tag_ in ("VBP", "VBZ") and not modal:
            # "The Councillors propose filling the pot holes as soon as possible": a standing intention
            return comp, self._subject(tok), "plan"
        if lemma in PROPOSE:
            # "X recommended that City staff also visit ...": the work is the reported clause, its subject the owner
            clause = next((c for c in tok.children if c.dep_ == "ccomp" and _is_verb(c)
                           and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                           and not _aux(c) & {"would", "will", "could", "might", "may"}), None)
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
            if subj is not None and subj.lower_ not in PRONOUNS | _NOT_OWNERS:
                return clause, _subject_text(subj), "recommended"
            return None
        if not aux & {"would", "will", "shall"}:
            return None
        if lemma in ("like", "wish", "want") and comp is not None \
                and _lemma(comp) not in NOT_WORK | REPORTING | IN_THE_MEETING:
            return comp, self._subject(tok), "would"  # "they would like to meet with ..."
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        progressive = tok.tag_ == "VBG"  # "will be looking into terms"
        if lemma in NOT_WORK or passive or (aux & {"be", "been"} and not progressive):
            return None
        if lemma in COMING_AND_GOING and not any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "with")
                                                 for c in tok.children):
            return None  # "will likely miss the February meeting, but will return in March": attendance

        return tok, self._subject(tok), "would"

    def _delegation(self, tok: Token, comp: Token | None) -> tuple[Token, str | None, str] | None:
        """"agree to delegate finalising any response ... to the Corporate Director for Finance": the work falls to
        whoever it is delegated to (Kent Cabinet, minute 80), whatever the resolution's own verb."""
        verb = tok if _lemma(tok) == "delegate" else comp if comp is not None and _lemma(comp) == "delegate" else None
        if verb is None:
            return None
        for prep in (c for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "to"):
            target = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if target is not None and (is_role_like(target.text) or target.ent_type_):
                work = next((c for c in verb.children if c.dep_ in ("dobj", "xcomp") and c.i < prep.i), verb)
                return work, _subject_text(target, whole=True), "delegated"
        return None

    def _request(self, tok: Token, comp: Token | None) -> tuple[Token, str | None, str] | None:
        """"asked staff member X to provide", "asked for City staff to reach out", "Governors were asked to let ..."."""
        kids = list(tok.children)
        if any(c.dep_ == "auxpass" for c in kids):
            who = next((c for c in kids if c.dep_ == "nsubjpass"), None)
            return (comp, _subject_text(who), "asked") if comp is not None and who is not None else None
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        if obj is not None and comp is not None:
            return comp, _subject_text(obj), "asked"
        # "asked for X to provide": the parser hangs the infinitive off the verb with X as its subject
        for c in kids:
            if c.dep_ in ("ccomp", "advcl", "xcomp") and _is_verb(c) and any(
                    a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ not in PRONOUNS | _NOT_OWNERS:
                    return c, _subject_text(subj), "asked"
        return None

    def _acceptable_owner(self, who: str, style: str, roster: Roster | None, work: Token | None = None) -> bool:
        if roster is not None:
            res = roster.resolve(who)
            known = set(roster.names) | {roster.body}
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
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ in ("conj", "xcomp") and verb.head != verb:
            return self._subject(verb.head)
        if subj is None or subj.lower_ in _NOT_OWNERS:
            return None
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
