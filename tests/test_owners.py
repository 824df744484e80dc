"""Owner resolution (minutebook.ingest.owners): rosters built from real attendance lists, mentions copied from
real minutes.

Sources: the Haringey CSP minutes of 9 October 2019 (corpus/haringey-csp-2019-12-11.pdf, pp. 1-8), the Horsley
Neighbourhood Plan Working Group minutes of 19 October 2014 and the Alameda City Council minutes of 19 December
2023 (../shared/corpus/wild/).
"""

from __future__ import annotations

import pytest

from minutebook.ingest.owners import Roster, is_org_like, is_role_like, split_owners
from minutebook.models import Meeting, Person

# Haringey p1, "PRESENT:" and "Apologies for absence were received from ...", as printed.
HARINGEY_PRESENT = [
    ("Treena Fleming", "Borough Commander, Haringey Metropolitan Police"),
    ("Zena Brabazon", "Cabinet Member for Children and Families"),
    ("Ann Graham", "Director of Children's Services"),
    ("Will Maimaris", "Interim Director Public Health"),
    ("Sean McLaughlin", "Managing Director, Homes for Haringey"),
    ("Jessica Ralph", "Victim Support"),
    ("Eubert Malcolm", "Interim Assistant Director Stronger Communities"),
    ("Susan Otiti", "Assistant Director of Public Health"),
    ("Beverley Hendricks", "Interim Assistant Director for Safeguarding & Social Care"),
    ("Fatmir Deda", "Strategic Safeguarding Partnership Manager"),
    ("Eduardo Araujo", "Senior Tottenham Community Safety Manager"),
    ("Karina Kaur", "Commissioning Team"),
    ("Sandeep Broca", "Community Safety & Enforcement Team"),
    ("Joe Benmore", "Community Safety & Enforcement Team"),
    ("Laura Wileman", "Communications Team"),
]
HARINGEY_APOLOGIES = [("Rachel Lissauer", "CCG"), ("Ian Thompson", "London Fire Brigade"), ("Mark Blake", ""),
                      ("Beverley Tarka", "")]
# Sentences of the same minutes that name people by role (pp. 2, 5, 6, 8).
HARINGEY_TEXT = "\n".join([
    "The Partnership received a verbal update from the AD for Safeguarding and Social Care, Beverley Hendricks, "
    "around developing a repository for young people to protect them from gangs and knife crime.",
    "At this point in the meeting, Eubert Malcolm, AD for Stronger Communities, noted that the VRU update which was "
    "mentioned in the previous meeting of 5th June, would be circulated to the Partnership (Action: Eubert Malcolm).",
    "In discussion, it was mentioned by the Interim Director of Public Health, Dr Will Maimaris, that there was a "
    "good training pack about the London-wide campaign called 'Zero Suicide' which he would circulate to the "
    "Partnership (Action: Dr Will Maimaris).",
    "The Partnership received a verbal update from Laura Wileman, Communications Team Media & Campaigns Manager, in "
    "relation to the Communications Plan regarding the Performance Reward Grant Funding and youth violence.",
    "The report was introduced by Susan Otiti, AD of Public Health, as set out in the agenda pack at pages 61-62.",
    "N/A",
    "The Managing Director of Homes for Haringey, Sean McLaughlin, noted there was an initiative called the Domestic "
    "Abuse Housing Alliance (DAHA).",
    "The AD for Stronger Communities noted that the Homes for Haringey Director for Housing Demand, Denise Gandy, had "
    "emailed him regarding this and this matter would be put on the agenda for the next meeting in December",
])


@pytest.fixture(scope="module")
def haringey() -> Roster:
    meeting = Meeting(
        body="Community Safety Partnership", date="2019-10-09", kind="minutes", chair="Treena Fleming",
        attendees=[Person(name=n, role=r, chair=n == "Treena Fleming") for n, r in HARINGEY_PRESENT],
        apologies=[Person(name=n, organisation=o) for n, o in HARINGEY_APOLOGIES],
    )
    return Roster.for_meeting(meeting, HARINGEY_TEXT)


@pytest.mark.parametrize(
    ("mention", "owners"),
    [
        # the "(Action: ...)" markers of the Haringey minutes, as printed
        ("Eubert Malcolm", ["Eubert Malcolm"]),
        ("Beverley Hendricks", ["Beverley Hendricks"]),
        ("Chair Borough Commander", ["Treena Fleming"]),
        ("Chair", ["Treena Fleming"]),
        ("Eubert Malcolm & Beverley Hendricks", ["Eubert Malcolm", "Beverley Hendricks"]),
        ("Eubert Malcolm & Sandeep Broca", ["Eubert Malcolm", "Sandeep Broca"]),
        ("Dr Will Maimaris", ["Will Maimaris"]),
        ("Denise Gandy & Eubert Malcolm ", ["Denise Gandy", "Eubert Malcolm"]),
        ("Partnership", ["Community Safety Partnership"]),
        # subjects of sentences in the same minutes
        ("the Chair", ["Treena Fleming"]),
        ("the AD for Safeguarding and Social Care", ["Beverley Hendricks"]),
        ("the AD for Safer Communities", ["Eubert Malcolm"]),  # the list says "Stronger Communities"
        ("AD for Stronger Communities", ["Eubert Malcolm"]),
        ("the Interim Director of Public Health", ["Will Maimaris"]),
        ("the AD of Public Health", ["Susan Otiti"]),
        ("The Managing Director of Homes for Haringey", ["Sean McLaughlin"]),
        ("the Communications Team Media & Campaigns Manager", ["Laura Wileman"]),
        ("The AD for Safeguarding and Social Care, and the AD for Safer Communities",
         ["Beverley Hendricks", "Eubert Malcolm"]),
        ("the Partnership", ["Community Safety Partnership"]),
        ("CSP", ["Community Safety Partnership"]),
        ("the Board", ["Community Safety Partnership"]),
        # short forms: titles dropped, first names, and "Bev" for the Beverley who was present
        ("Cllr Zena Brabazon", ["Zena Brabazon"]),
        ("Councillor Zena Brabazon", ["Zena Brabazon"]),
        ("Bev", ["Beverley Hendricks"]),
        ("Bev Hendricks", ["Beverley Hendricks"]),
        ("Laura", ["Laura Wileman"]),
        ("Maimaris", ["Will Maimaris"]),
        ("Cllr Mark Blake", ["Mark Blake"]),
    ],
)
def test_resolves_haringey_mentions(haringey: Roster, mention: str, owners: list[str]) -> None:
    res = haringey.resolve(mention)
    assert res.owners == owners
    assert res.unresolved == []


@pytest.mark.parametrize(
    ("mention", "owners", "unresolved"),
    [
        # a team is an owner as written, not a person to look up
        ("Communications Team", ["Communications Team"], []),
        ("the Communications Team", ["Communications Team"], []),
        # never guess: kept as written and flagged
        ("Paul Hoffman", ["Paul Hoffman"], ["Paul Hoffman"]),
        ("the Chief Assistant City Attorney", ["Chief Assistant City Attorney"], ["Chief Assistant City Attorney"]),
        ("Eubert Malcolm & Ricardo Rosso", ["Eubert Malcolm", "Ricardo Rosso"], ["Ricardo Rosso"]),
        ("Assistant Director", ["Assistant Director"], ["Assistant Director"]),  # three of them
    ],
)
def test_unresolved_mentions_are_kept_and_flagged(haringey: Roster, mention: str, owners: list[str],
                                                  unresolved: list[str]) -> None:
    res = haringey.resolve(mention)
    assert (res.owners, res.unresolved) == (owners, unresolved)


def test_appositions_teach_roles_and_new_people(haringey: Roster) -> None:
    assert haringey.surface["AD for Safeguarding and Social Care"] == "Beverley Hendricks"
    assert haringey.surface["AD for Stronger Communities"] == "Eubert Malcolm"
    # Denise Gandy is on no list: "the Homes for Haringey Director for Housing Demand, Denise Gandy, had emailed him"
    assert haringey.mentioned == ["Denise Gandy"]
    # an item that reads "N/A" before the next paragraph must not leak into a role (regression)
    assert "Managing Director of Homes for Haringey" in haringey.surface
    assert not any("\n" in phrase for phrase in haringey.surface)


def test_bev_is_ambiguous_without_attendance() -> None:
    roster = Roster([Person(name="Beverley Hendricks"), Person(name="Beverley Tarka")], present=[])
    assert roster.resolve_one("Bev") is None
    assert roster.resolve("Bev").unresolved == ["Bev"]


def test_chair_without_a_chair_is_unresolved() -> None:
    roster = Roster([Person(name="Jane Archer"), Person(name="Alan Caudwell")])
    assert roster.resolve("Chair").unresolved == ["Chair"]


# Horsley p1: "Present: Jane Archer (JA) Alan Caudwell (AC) ... Jolyon Neely (JN) ..."; the parser keeps the
# bracketed initials as the person's organisation.
HORSLEY = [("Jane Archer", "JA"), ("Alan Caudwell", "AC"), ("Robert Gegg", "RG"), ("Karel Hughes", "KH"),
           ("Kate Kay", "KK"), ("Helen Knuckle", "HK"), ("Jolyon Neely", "JN"), ("Jo Payne", "JP"),
           ("Charlie Ralph", "CR"), ("Patricia Rowan", "PR"), ("Chris Sane", "CS")]
HORSLEY_APOLOGIES = [("Polly Gegg", "PG"), ("Jude Smith", "JS"), ("Karen Bartlett-Butt", "KB"), ("Nick Hackett", "NH")]


@pytest.fixture(scope="module")
def horsley() -> Roster:
    meeting = Meeting(body="Horsley Neighbourhood Plan Working Group", date="2014-10-19", kind="minutes",
                      attendees=[Person(name=n, organisation=i) for n, i in HORSLEY],
                      apologies=[Person(name=n, organisation=i) for n, i in HORSLEY_APOLOGIES])
    return Roster.for_meeting(meeting)


@pytest.mark.parametrize(
    ("mention", "owners"),
    [
        ("JN/AC", ["Jolyon Neely", "Alan Caudwell"]),  # "... SDC NP Officer (Ricardo Rosso) JN/AC Nov (3/4?)"
        ("AC/JN", ["Alan Caudwell", "Jolyon Neely"]),
        ("AC & JN", ["Alan Caudwell", "Jolyon Neely"]),  # p3 "Housing e.g. AC & JN"
        ("NH + CS", ["Nick Hackett", "Chris Sane"]),  # p3 "Traffic & Transport NH + CS"
        ("JS & JP", ["Jude Smith", "Jo Payne"]),
        ("KB", ["Karen Bartlett-Butt"]),
        ("JN and AC", ["Jolyon Neely", "Alan Caudwell"]),  # "It was agreed that JN and AC would investigate"
        ("the group", ["Horsley Neighbourhood Plan Working Group"]),  # "KK advised the group that ..."
    ],
)
def test_resolves_horsley_initials(horsley: Roster, mention: str, owners: list[str]) -> None:
    assert horsley.resolve(mention).owners == owners
    assert horsley.declares_initials


def test_computed_initials_without_declaration() -> None:
    # village-hall.org minutes, 14 April 2008: "Angelo Sauro Mick Bendeaux Chris Rispin ..."; "MB to chase ..."
    roster = Roster([Person(name="Angelo Sauro"), Person(name="Mick Bendeaux"), Person(name="Pat Sherry")])
    assert roster.resolve_one("MB") == "Mick Bendeaux"
    assert roster.resolve_one("Pat") == "Pat Sherry"
    assert roster.resolve_one("Mick") == "Mick Bendeaux"
    assert not roster.declares_initials


# Alameda p1: "Present: Councilmembers Daysog, Herrera Spencer, Jensen, Vella and Mayor Ezzy Ashcraft - 5."
@pytest.mark.parametrize(
    ("mention", "owner"),
    [
        ("Councilmember Herrera Spencer", "Herrera Spencer"),
        ("Councilmember Jensen", "Jensen"),
        ("Mayor Ezzy Ashcraft", "Ezzy Ashcraft"),
        ("Vice Mayor Daysog", "Daysog"),
        ("Council", "City Council"),
    ],
)
def test_resolves_alameda_surnames(mention: str, owner: str) -> None:
    roster = Roster([Person(name="Daysog", role="Councilmember"), Person(name="Herrera Spencer"), Person(name="Jensen"),
                     Person(name="Vella"), Person(name="Ezzy Ashcraft", role="Mayor", chair=True)],
                    body="City Council", chair="Ezzy Ashcraft")
    assert roster.resolve_one(mention) == owner


def test_single_role_word_finds_its_holder() -> None:
    # Leigh on Mendip PC, 20 July 2009: "Clerk – Sandrine Vaillant (SV)"; "Clerk to draft and issue ..."
    roster = Roster([Person(name="Chris Cudmore", role="Chairman"), Person(name="Sandrine Vaillant", role="Clerk")])
    assert roster.resolve_one("Clerk") == "Sandrine Vaillant"
    assert roster.resolve_one("the Clerk") == "Sandrine Vaillant"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Eubert Malcolm & Sandeep Broca", ["Eubert Malcolm", "Sandeep Broca"]),
        ("JN/AC", ["JN", "AC"]),
        ("Simpson, Green and Shields", ["Simpson", "Green", "Shields"]),
        (" Denise Gandy & Eubert Malcolm ).", ["Denise Gandy", "Eubert Malcolm"]),
    ],
)
def test_split_owners(text: str, parts: list[str]) -> None:
    assert split_owners(text) == parts


@pytest.mark.parametrize(
    ("mention", "role", "org"),
    [
        ("the Clerk", True, False),
        ("Chief Assistant City Attorney", True, False),
        ("Intelligence Analysis Manager- Community Safety & Enforcement Team", True, True),
        ("the Communications Team", False, True),
        ("Haringey Council", False, True),
        ("Denise Gandy", False, False),
    ],
)
def test_role_and_org_shapes(mention: str, role: bool, org: bool) -> None:
    assert (is_role_like(mention), is_org_like(mention)) == (role, org)


def test_phrases_for_the_ruler(haringey: Roster) -> None:
    phrases = {(label, phrase): owner for label, phrase, owner in haringey.phrases()}
    assert phrases[("PERSON", "Beverley Hendricks")] == "Beverley Hendricks"
    assert phrases[("ROLE", "AD for Safeguarding and Social Care")] == "Beverley Hendricks"
    assert phrases[("ORG", "Partnership")] == "Community Safety Partnership"
    assert phrases[("ROLE", "Chair")] == "Treena Fleming"
    # "Beverley" fits Beverley Tarka too, but she sent apologies: the one present is meant
    assert phrases[("PERSON", "Beverley")] == "Beverley Hendricks"
    assert ("PERSON", "Will") in phrases and ("INITIALS", "JN") not in phrases


def test_post_printed_before_a_listed_name_does_not_hide_it() -> None:
    # Horsley Village Hall Committee minutes, 8 October 2013, p1: the Present list is read with each post run
    # into the next name ("Treasurer Karen Butt", "Secretary Jon Stride"); "action Jon" still names him.
    roster = Roster([Person(name="Mick Ratford"), Person(name="Treasurer Karen Butt"),
                     Person(name="Secretary Jon Stride")])
    assert roster.resolve("Jon").owners == ["Secretary Jon Stride"]
    assert roster.resolve("Karen").owners == ["Treasurer Karen Butt"]
    assert roster.resolve("Mick").owners == ["Mick Ratford"]


def test_post_printed_before_a_surname_resolves_to_the_person() -> None:
    # Crete Township Board of Trustees minutes, 9 October 2024: "The Clerk Buiter will send letter ...";
    # Alameda SSHRB minutes, 26 January 2023: "Staff member Fonstein advised ...".
    roster = Roster([Person(name="Jim Buiter"), Person(name="Eric Fonstein"), Person(name="Elton")])
    assert roster.resolve("Clerk Buiter").owners == ["Jim Buiter"]
    assert roster.resolve("Staff member Fonstein").owners == ["Eric Fonstein"]
    assert roster.resolve("Trustee Elton").owners == ["Elton"]


def test_a_shared_title_names_no_one() -> None:
    # Alameda SSHRB, 26 January 2023, p3: "Board member volunteered to help review the draft CNA"
    roster = Roster([Person(name="Samantha Green", role="Board member"),
                     Person(name="Scott Means", role="Vice President")])
    assert roster.resolve("Board member").owners == ["Board member"]


def test_a_name_is_not_learnt_as_a_post() -> None:
    # Alameda SSHRB p1: "Vice President Scott Means, ... President Sarah Lewis" is two people, not a post
    roster = Roster([Person(name="Scott Means"), Person(name="Sarah Lewis")])
    roster.learn_appositions("Present: Vice President Scott Means, Board members A B. Absent: President Sarah Lewis.")
    assert roster.aliases == {}


def test_ties_are_reported_for_the_register() -> None:
    roster = Roster([Person(name="Beverley Hendricks"), Person(name="Beverley Tarka"), Person(name="Eubert Malcolm")])
    assert roster.resolve_one("Beverley") is None
    assert sorted(roster.candidates("Beverley")) == ["Beverley Hendricks", "Beverley Tarka"]
    assert roster.candidates("Eubert") == ["Eubert Malcolm"] and roster.candidates("Nobody") == []
