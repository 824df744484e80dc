"""All decision conventions together (`extract_decisions`): each decision once, verbatim, with its vote.

The fixture folders (tests/conventions/<name>/) test each convention alone on real passages. Here the whole
family reads one item: a motion and the RESOLVED parts it records are one decision, a motion reads the vote
block after it, a mover line belongs to the decision before it. The last cases are house styles not printed in
the annotated corpus (M/S, "(motion)/(second)", label lines, present tense); their names are invented.
"""

from __future__ import annotations

import pytest

from minutebook.ingest.conventions import Context
from minutebook.ingest.conventions.decisions import extract_decisions
from minutebook.ingest.segment import Para


def decide(*texts: str) -> list[tuple[str, str, str, str, str]]:
    paras = [Para(text=t, page=1, page_end=1) for t in texts]
    return [(r.text, r.mover, r.seconder, r.outcome, r.tally) for r in extract_decisions(paras, Context())]


def test_kent_83_the_motion_is_the_resolved_parts_and_the_amendment_stands_alone():
    # kent_cabinet_minutes_2025-01-09.pdf, minute 83, paras 5-7 (pp.8-9)
    parts = ["1. Agree to submit a request to Government, jointly with Medway Council, for Kent and Medway to be "
             "included in the Devolution Priority Programme",
             "2. Note that acceptance onto the Devolution Priority Programme will commit Kent and Medway to elections",
             "3. Agree to request that the Minister for Local Government and English Devolution consider postponing "
             "County elections scheduled for May 2025"]
    got = decide(
        "5. Mr Love suggested and the Leader and Cabinet agreed to the following amendment (as set out in paragraph 2) "
        "to the proposal set out by the Leader at the start of the item:", *parts,
        "6. Following the debate, the Leader proposed and Mr Oakford, Deputy Leader and Cabinet Member for Finance, "
        "Corporate and Traded Services, seconded the above motion that Cabinet.", *parts,
        "7. RESOLVED that Cabinet:", *[p.replace("Programme", "Programme;") for p in parts])
    assert len(got) == 4
    assert got[0][0].startswith("Mr Love suggested and the Leader and Cabinet agreed to the following amendment")
    assert [g[0][:30] for g in got[1:]] == ["RESOLVED that Cabinet: Agree t", "RESOLVED that Cabinet: Note th",
                                           "RESOLVED that Cabinet: Agree t"]
    assert all(g[1:4] == ("the Leader", "Mr Oakford", "carried") for g in got[1:])


def test_epa_motion_reads_its_vote_block_and_is_listed_once():
    # east_palo_alto_planning_commission_minutes_2020-01-27.pdf, item 5 (p.2)
    got = decide(
        "Commissioner Allen Fisk made a motion, seconded by Commissioner Mendez, to postpone the election of Chair and "
        "Vice Chair to July 2020, and set motion failed to gather a majority vote as reflected:",
        "RESULT: FAILED [4-2-1-1]",
        "MOTION BY: Allen Fisk SECOND: Mendez AYES: Sherrard, Allen Fisk, Bello, Mendez NAYS: Brown, Mashack "
        "ABSTAIN: Garcia ABSENT: Hernandez")
    assert got == [(got[0][0], "Commissioner Allen Fisk", "Commissioner Mendez", "failed", "4-2-1-1")]
    assert got[0][0].startswith("Commissioner Allen Fisk made a motion")


def test_ayton_mover_line_joins_the_decision_before_it():
    # ayton_community_council_minutes_2019-10-01.pdf, item 4 (p.1)
    got = decide("The Minutes of the Meeting held on 3 September 2019 were approved. "
                 "Proposed by RW and seconded by PP .")
    assert got == [("The Minutes of the Meeting held on 3 September 2019 were approved.", "RW", "PP", "", "")]


def test_haringey_narrative_agreed_gives_way_to_the_items_resolved_block():
    # haringey-csp-2019-12-11.pdf, minutes of 9 Oct 2019, item 90 (p.6)
    got = decide("The Partnership agreed on this form on analysis (Action: Eubert Malcolm & Sandeep Broca).",
                 "RESOLVED", "That the verbal update was noted.")
    assert [g[0] for g in got] == ["That the verbal update was noted."]


def test_crete_motion_with_roll_call_and_stand_approved_is_one_decision():
    # crete_township_board_of_trustees_minutes_2024-10-09.pdf, Approval of Town Fund Bills (p.3)
    got = decide("APPROVAL OF Town Fund Bills – Motion to approve the Town Fund bills for payment as presented "
                 "was made by Trustee Piacentini, seconded by Trustee Hawkins. All were in favor. Roll Call was "
                 "taken as follows: Trustee Elton – yes, Trustee Albrecht – yes, Trustee Hawkins – yes, "
                 "Trustee Piacentini – yes, Supervisor Liccar – yes. Town Fund Bills stand approved for payment "
                 "as submitted.")
    assert len(got) == 1 and got[0][1:] == ("Trustee Piacentini", "Trustee Hawkins", "carried", "5-0")


def test_a_failed_amendment_stays_a_decision_beside_the_resolution():
    got = decide("Cllr Patel moved an amendment that the fee be £20, seconded by Cllr Hughes. On being put to the vote "
                 "the amendment was LOST.", "RESOLVED that the fee be £25.")
    assert [(g[0][:22], g[3]) for g in got] == [("Cllr Patel moved an am", "failed"), ("RESOLVED that the fee ", "")]


@pytest.mark.parametrize(("texts", "mover", "seconder", "outcome", "tally"), [
    (["M/S Alvarez/Brennan to approve the minutes as presented. Carried 5-0."], "Alvarez", "Brennan", "carried", "5-0"),
    (["Motion to approve the treasurer's report (Okafor/Lindqvist). Motion carried unanimously."], "Okafor",
     "Lindqvist", "carried", "unanimous"),
    (["Approve the consent agenda: Director Okafor (motion), Director Lindqvist (second); passed 6-1."],
     "Director Okafor", "Director Lindqvist", "carried", "6-1"),
    (["Approve the budget for 2024.", "Moved: Cllr Patel", "Seconded: Cllr Hughes", "Carried."], "Cllr Patel",
     "Cllr Hughes", "carried", ""),
    (["KM moves to adopt the consent agenda without B.9; SB seconds. Motion carries 7-0-1."], "KM", "SB", "carried",
     "7-0-1"),
    (["It was moved by Cllr Patel, seconded by Cllr Hughes and RESOLVED that the minutes of the meeting held on "
      "4 March be approved as a correct record."], "Cllr Patel", "Cllr Hughes", "carried", ""),
    (["Councillor Smith proposed that the council write to the highways authority.", "All agreed."],
     "Councillor Smith", "", "carried", ""),
])
def test_house_styles_of_mover_and_seconder(texts, mover, seconder, outcome, tally):
    got = decide(*texts)
    assert len(got) == 1 and got[0][1:] == (mover, seconder, outcome, tally), got


@pytest.mark.parametrize("text", [
    "The family moved to Oakland in 2019 and the office moves to the Civic Centre next year.",
    "Others volunteers could be seconded onto WG to assist",  # horsley_neighbourhood_plan_wg_minutes_2014-10-19.pdf
    "The Rent Program Director responded only one CIP has been approved and had costs passed onto tenants.",
    "Vice Chair Miley stated that he would be willing to withdraw his motion.",
    "Chair Chen inquired whether anyone wants to make a substitute motion.",
    "The issue with the boiler was resolved before the meeting.",
])
def test_not_decisions(text):
    assert decide(text) == []


@pytest.mark.parametrize(("texts", "want"), [
    (["Resolved: (1) That the minutes be approved. (2) That the clerk write to the highways authority."],
     ["Resolved: That the minutes be approved.", "Resolved: That the clerk write to the highways authority."]),
    (["RESOLVED: That (a) the report be noted; (b) the budget be approved."],
     ["RESOLVED: That the report be noted", "RESOLVED: That the budget be approved."]),
    (["12. RESOLVED that the accounts be approved.", "13. The Chair thanked members for attending."],
     ["RESOLVED that the accounts be approved."]),
    (["The Committee RESOLVED to approve the application."], ["The Committee RESOLVED to approve the application."]),
    (["RESOLVED", "1. That the report be noted.", "2. That officers report back in March.",
      "The meeting closed at 9pm."],
     ["That the report be noted.", "That officers report back in March."]),
])
def test_resolved_house_styles(texts, want):
    assert [g[0] for g in decide(*texts)] == want


def test_be_it_resolved_is_the_resolution_moved_not_a_second_decision():
    got = decide("Councilmember Vella moved adoption of the resolution.",
                 "NOW, THEREFORE, BE IT RESOLVED that the City Council adopts the plan.",
                 "Councilmember Daysog seconded the motion, which carried by unanimous voice vote – 5.")
    assert got == [("Councilmember Vella moved adoption of the resolution.", "Councilmember Vella",
                    "Councilmember Daysog", "carried", "unanimous")]
