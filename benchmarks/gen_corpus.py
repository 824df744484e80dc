"""Deterministic generator of realistic UK council committee meeting PDFs, with the truth for each.

Packs are laid out like a council agenda pack (see corpus/haringey-csp-2019-12-11.pdf): a NOTICE OF
MEETING with bold numbered items and "(PAGES 1 - 12)" references, the minutes of the previous meeting
("MINUTES OF MEETING <BODY> HELD ON ...", PRESENT, apologies, bold numbered minutes, lettered points,
RESOLVED blocks, actions in several styles, post-meeting notes, "CHAIR: Signed by Chair Date"), reports
with a cover sheet and numbered sections, ruled action-plan tables, "This page is intentionally left
blank" and "Page N" labels bottom centre. Text is set directly on a reportlab canvas (Helvetica, as in
the reference pack) so 1,000 pages take seconds, and every run with the same seed writes the same bytes.

    python -m benchmarks.gen_corpus OUT_DIR --packs 8 [--seed 0]
    python -m benchmarks.gen_corpus --single-pack-pages 1000 OUT.pdf [--seed 0]

Each PDF gets `<stem>.truth.json`: its page labels and, per meeting, body, date, kind, chair, attendees,
apologies and items (number, title, resolutions, actions with owners, text, status, style).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

__all__ = [
    "ACTION_STYLES",
    "BODIES",
    "ItemSpec",
    "MeetingSpec",
    "ReportSpec",
    "layout_pack",
    "random_meeting",
    "random_pack",
    "render_pack",
    "truth_of",
    "write_corpus",
    "write_single_pack",
]

# --------------------------------------------------------------------------------------------------
# Pools. Councils and their civic buildings; bodies with the noun their minutes use for themselves.


@dataclass(frozen=True, slots=True)
class Council:
    name: str
    venue: str
    address: str
    phone: str  # switchboard prefix
    domain: str  # e-mail domain


COUNCILS = [
    Council(
        "Haringey",
        "River Park House, Level 9, The LAB room, Wood Green, N22",
        "River Park House, 225 High Road, Wood Green, N22 8HQ",
        "020 8489",
        "haringey.gov.uk",
    ),
    Council(
        "Camden",
        "Committee Room 1, Crowndale Centre, 218 Eversholt Street, NW1",
        "5 Pancras Square, London N1C 4AG",
        "020 7974",
        "camden.gov.uk",
    ),
    Council(
        "Islington",
        "Committee Room 4, Islington Town Hall, Upper Street, N1",
        "Town Hall, Upper Street, London N1 2UD",
        "020 7527",
        "islington.gov.uk",
    ),
    Council(
        "Hackney",
        "Council Chamber, Hackney Town Hall, Mare Street, E8",
        "Hackney Town Hall, Mare Street, London E8 1EA",
        "020 8356",
        "hackney.gov.uk",
    ),
    Council(
        "Lewisham",
        "Civic Suite, Lewisham Town Hall, Catford Road, SE6",
        "Laurence House, 1 Catford Road, London SE6 4RU",
        "020 8314",
        "lewisham.gov.uk",
    ),
    Council(
        "Barnet",
        "Committee Room 1, Hendon Town Hall, The Burroughs, NW4",
        "2 Bristol Avenue, Colindale, London NW9 4EW",
        "020 8359",
        "barnet.gov.uk",
    ),
    Council(
        "Enfield",
        "Conference Room, Civic Centre, Silver Street, Enfield",
        "Civic Centre, Silver Street, Enfield EN1 3XA",
        "020 8132",
        "enfield.gov.uk",
    ),
    Council(
        "Brent",
        "Boardroom, Brent Civic Centre, Engineers Way, Wembley",
        "Brent Civic Centre, Engineers Way, Wembley HA9 0FJ",
        "020 8937",
        "brent.gov.uk",
    ),
    Council(
        "Leeds",
        "Civic Hall, Calverley Street, Leeds",
        "Civic Hall, Calverley Street, Leeds LS1 1UR",
        "0113 378",
        "leeds.gov.uk",
    ),
    Council(
        "Bristol",
        "The Writing Room, City Hall, College Green, Bristol",
        "City Hall, College Green, Bristol BS1 5TR",
        "0117 922",
        "bristol.gov.uk",
    ),
    Council(
        "Oxfordshire",
        "Room 2&3, County Hall, New Road, Oxford",
        "County Hall, New Road, Oxford OX1 1ND",
        "01865 815",
        "oxfordshire.gov.uk",
    ),
    Council(
        "Kent",
        "Darent Room, Sessions House, County Hall, Maidstone",
        "Sessions House, County Hall, Maidstone ME14 1XQ",
        "03000 416",
        "kent.gov.uk",
    ),
]


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    noun: str  # how the minutes name the body: "the Partnership"
    domain: str
    council: str
    evening: bool = False  # councillor committees meet in the evening, partnerships in the day


BODIES = [
    Body("Community Safety Partnership", "Partnership", "safety", "Haringey"),
    Body("Health and Wellbeing Board", "Board", "health", "Camden"),
    Body("Overview and Scrutiny Committee", "Committee", "scrutiny", "Islington", True),
    Body("Adults and Health Scrutiny Panel", "Panel", "adults", "Haringey", True),
    Body("Children and Young People's Scrutiny Panel", "Panel", "children", "Hackney", True),
    Body("Housing and Regeneration Scrutiny Panel", "Panel", "housing", "Lewisham", True),
    Body("Environment and Community Safety Scrutiny Panel", "Panel", "environment", "Barnet", True),
    Body("Audit and Risk Committee", "Committee", "audit", "Enfield", True),
    Body("Pensions Committee and Board", "Committee", "pensions", "Brent", True),
    Body("Corporate Parenting Advisory Committee", "Committee", "children", "Leeds"),
    Body("Strategic Planning Committee", "Committee", "planning", "Bristol", True),
    Body("Licensing and Gambling Committee", "Committee", "licensing", "Oxfordshire", True),
    Body("Schools Forum", "Forum", "education", "Kent"),
    Body("Safer Neighbourhoods Board", "Board", "safety", "Enfield"),
    Body("Climate Emergency Working Group", "Group", "environment", "Oxfordshire"),
]

FIRST_NAMES = """Aisha Alan Amara Andrew Angela Anita Ann Asif Barbara Baljit Beverley Bharat Bilal Catherine Charlotte
Chidi Chris Claire Daniel Deborah Declan Denise Dionne Eduardo Eleanor Emeka Emma Erin Fatima Fatmir Fiona Gareth Grace
Hannah Harjinder Helen Ian Imran Isabel Jessica Jill Joanne Joe Jonathan Julia Karina Kauser Kemi Laura Leon Lucy Mahir
Manju Marc Mark Marsha Michelle Mohammed Nadia Nigel Olu Patrick Priya Rachel Rebecca Ruth Samir Sandeep Sarah Sean
Simon Siobhan Sophie Stephen Susan Tamsin Tim Tony Treena Una Victoria Will Yvonne Zena Zina""".split()
SURNAMES = """Achterberg Adeyemi Ahmed Akhtar Araujo Badesha Barnes Benmore Bevan Blake Brabazon Broca Brookes Carroll
Chandler Connor Dalton Das Deda Demir Dervish Donkoh Doyle Ellis Etheridge Farrell Fleming Gandy Gordon Graham Gunes
Hartney Hendricks Hinds Holland Houlding Hussain Isaacs Iyer James Jogee Kaur Kelly Kennedy Landy Lissauer Lukhman
Maimaris Malcolm Maloney Marks McCartney McDonnell McLaughlin Miller Mistry Morris Mukhtar Nwosu Ocen Ogiehor O'Neill
Okafor Otiti Ovat Palmer Partington Patel Quinn Ralph Reid Rossi Ryan Sahota Shah Singh Stewart Tarka Terradot
Thompson Turner Vaughan Walsh Whyte Wileman Williams Yilmaz""".split()

# Per domain: officer roles, partner organisations, item topics, discussion subjects, findings, deliverables
# and measures. Sentences are assembled from these, so text varies while reading like real minutes.
DOMAINS: dict[str, dict[str, list[str]]] = {
    "safety": {
        "roles": [
            "Borough Commander, Metropolitan Police",
            "Assistant Director for Stronger Communities",
            "Head of Community Safety and Enforcement",
            "Intelligence Analysis Manager",
            "Strategic Lead for Communities",
            "Violence against Women and Girls Strategic Lead",
            "Integrated Offender Management Lead",
            "Superintendent, Neighbourhood Policing",
            "Youth Justice Service Manager",
            "Community Safety Engagement Officer",
        ],
        "orgs": [
            "London Fire Brigade",
            "National Probation Service",
            "Victim Support",
            "Bridge Renewal Trust",
            "Clinical Commissioning Group",
            "MOPAC",
            "Safer Neighbourhood Board",
            "Homes for Haringey",
            "One Support",
        ],
        "topics": [
            "Violence Reduction Plan Update",
            "Knife Crime Action Plan",
            "Prevent Update",
            "Hate Crime Delivery Group",
            "Anti-Social Behaviour Strategy",
            "Domestic Abuse Housing Alliance (DAHA)",
            "CCTV Capital Investment Programme",
            "Youth at Risk Strategy Performance",
            "Integrated Offender Management Review",
            "Community Conversations Update",
            "Violence against Women and Girls (VAWG) Annual Review",
            "Serious Violence Duty Readiness",
        ],
        "subjects": [
            "robbery on the high street",
            "repeat victims of domestic abuse",
            "knife crime among under-25s",
            "anti-social behaviour on estates",
            "the Exodus youth outreach project",
            "weapon sweeps in parks",
            "referrals to the Channel Panel",
            "the safe havens scheme",
            "county lines exploitation",
            "hotspot patrols around transport hubs",
        ],
        "findings": [
            "robbery had fallen by {pct}% compared with the same quarter last year",
            "referrals to the MARAC had risen to {num} in the year to {month}",
            "{num} young people had engaged with detached youth workers since {month}",
            "knife injury victims under 25 were down by {pct}% on the previous year",
            "the number of repeat victims remained above the London average",
            "the weapon sweeps had recovered {small} knives from parks and estates",
        ],
        "deliverables": [
            "the VRU briefing",
            "the hotspot analysis",
            "the community flyer",
            "the hate crime dashboard",
            "the terms of reference for the safe havens project",
            "the updated knife crime profile",
            "the Prevent training link",
            "the burglary campaign results",
        ],
        "measures": [
            "Number of violence with injury offences",
            "Number of robbery offences",
            "Number of knife crime offences",
            "Number of knife injury victims aged under 25",
            "Number of domestic abuse incidents",
            "Number and percentage of repeat victims",
            "Number of Prevent referrals received by the Channel Panel",
        ],
    },
    "health": {
        "roles": [
            "Director of Public Health",
            "Assistant Director of Public Health",
            "Director of Adult Social Services",
            "Managing Director, Clinical Commissioning Group",
            "Head of Commissioning",
            "Healthwatch Chief Executive",
            "Consultant in Public Health",
            "Integrated Care Board Place Lead",
            "Strategic Lead for Health Inequalities",
        ],
        "orgs": [
            "Healthwatch",
            "Integrated Care Board",
            "Whittington Health",
            "Royal Free London NHS Trust",
            "Voluntary Action",
            "Mind",
            "Age UK",
            "GP Federation",
        ],
        "topics": [
            "Joint Strategic Needs Assessment",
            "Health Inequalities Action Plan",
            "Better Care Fund Plan",
            "Childhood Immunisations Update",
            "Suicide Prevention Strategy",
            "Pharmaceutical Needs Assessment",
            "Tobacco Control Plan",
            "Winter Pressures and Hospital Discharge",
            "Healthy Weight Strategy",
            "Mental Health and Wellbeing Framework",
        ],
        "subjects": [
            "uptake of the MMR vaccine",
            "waiting times for talking therapies",
            "delayed discharges from hospital",
            "smoking prevalence in routine and manual occupations",
            "childhood obesity in reception year",
            "access to GP appointments",
            "the social prescribing offer",
            "suicide prevention training",
        ],
        "findings": [
            "MMR uptake at two years had fallen to {pct}%",
            "{num} residents had completed the Zero Suicide training",
            "delayed transfers of care had reduced by {pct}% since {month}",
            "the gap in healthy life expectancy between wards was {small} years",
            "{num} referrals had been made to social prescribing link workers",
        ],
        "deliverables": [
            "the Zero Suicide training link",
            "the immunisation data by ward",
            "the draft needs assessment",
            "the Better Care Fund submission",
            "the winter plan",
            "the tobacco control action plan",
        ],
        "measures": [
            "MMR uptake at two years",
            "Smoking prevalence in adults",
            "Delayed transfers of care",
            "Excess weight in 10-11 year olds",
            "Suicide rate per 100,000",
        ],
    },
    "scrutiny": {
        "roles": [
            "Cabinet Member for Finance",
            "Chief Executive",
            "Director of Finance",
            "Head of Policy and Performance",
            "Scrutiny Officer",
            "Director of Customer Services",
            "Assistant Director for Digital Services",
        ],
        "orgs": ["Citizens Advice", "Trades Council", "Chamber of Commerce", "Residents' Association"],
        "topics": [
            "Budget Scrutiny 2020/21",
            "Corporate Performance Report Quarter 2",
            "Scrutiny Review of Customer Contact",
            "Cabinet Member Questions",
            "Work Programme Update",
            "Recommendations Tracker",
        ],
        "subjects": [
            "savings proposals for the coming year",
            "call handling times at the contact centre",
            "the digital inclusion programme",
            "complaints handling",
            "the use of agency staff",
        ],
        "findings": [
            "{pct}% of calls had been answered within five minutes",
            "savings of £{num}k had been identified",
            "complaints had risen by {pct}% since {month}",
            "{num} residents had used the online account",
        ],
        "deliverables": [
            "the savings tracker",
            "the complaints analysis",
            "the draft scrutiny report",
            "the work programme",
            "the performance dashboard",
        ],
        "measures": [
            "Calls answered within five minutes",
            "Complaints responded to on time",
            "Council tax collection rate",
        ],
    },
    "adults": {
        "roles": [
            "Director of Adult Social Services",
            "Assistant Director for Commissioning",
            "Head of Safeguarding Adults",
            "Principal Social Worker",
            "Cabinet Member for Adult Social Care",
            "Head of Learning Disabilities",
        ],
        "orgs": ["Healthwatch", "Age UK", "Carers First", "Mind"],
        "topics": [
            "Safeguarding Adults Board Annual Report",
            "Carers Strategy",
            "Day Opportunities Review",
            "Home Care Recommissioning",
            "Adult Social Care Charging Reform",
            "Learning Disabilities Partnership",
        ],
        "subjects": [
            "waiting lists for assessments",
            "the home care market",
            "support for unpaid carers",
            "direct payments",
            "transitions from children's services",
        ],
        "findings": [
            "{num} assessments were awaiting allocation",
            "{pct}% of carers reported feeling supported",
            "home care hours had increased by {pct}% since {month}",
        ],
        "deliverables": [
            "the carers survey results",
            "the safeguarding annual report",
            "the charging policy",
            "the home care tender timetable",
        ],
        "measures": [
            "Assessments completed within 28 days",
            "Carers receiving a support plan",
            "People using direct payments",
        ],
    },
    "children": {
        "roles": [
            "Director of Children's Services",
            "Assistant Director for Safeguarding and Social Care",
            "Head of Looked After Children",
            "Virtual School Head",
            "Participation Officer",
            "Cabinet Member for Children and Families",
            "Head of Early Help",
            "Independent Reviewing Officer",
        ],
        "orgs": ["Children in Care Council", "Foster Carers' Association", "CAMHS", "Barnardo's"],
        "topics": [
            "Children in Care Council Update",
            "Sufficiency Strategy",
            "Virtual School Annual Report",
            "Care Leavers Local Offer",
            "Fostering Service Annual Report",
            "Early Help Strategy",
            "Children's Services Performance Report",
            "Youth Justice Plan",
        ],
        "subjects": [
            "placement stability",
            "care leavers in education, employment or training",
            "health assessments",
            "recruitment of foster carers",
            "personal education plans",
            "the local offer for care leavers",
        ],
        "findings": [
            "{pct}% of care leavers were in education, employment or training",
            "{num} new foster carers had been approved since {month}",
            "{pct}% of looked after children had an up-to-date health assessment",
        ],
        "deliverables": [
            "the Local Offer leaflet",
            "the sufficiency data",
            "the participation survey",
            "the fostering recruitment plan",
            "the virtual school report",
        ],
        "measures": ["Care leavers in EET", "Placement stability (three or more moves)", "Health assessments on time"],
    },
    "housing": {
        "roles": [
            "Director of Housing",
            "Assistant Director for Regeneration",
            "Head of Housing Needs",
            "Cabinet Member for Housing and Estate Renewal",
            "Head of Repairs",
            "Tenant Engagement Manager",
        ],
        "orgs": ["Tenants' and Leaseholders' Panel", "Shelter", "Homes for Haringey", "Housing Association Forum"],
        "topics": [
            "Temporary Accommodation Update",
            "Housing Strategy Delivery Plan",
            "Estate Renewal Programme",
            "Repairs Service Performance",
            "Homelessness Reduction Strategy",
            "Building Safety Update",
        ],
        "subjects": [
            "households in temporary accommodation",
            "repairs completed at first visit",
            "damp and mould",
            "the council homebuilding programme",
            "fire risk assessments",
        ],
        "findings": [
            "{num} households were in temporary accommodation",
            "{pct}% of repairs were completed at the first visit",
            "{num} new council homes had started on site since {month}",
        ],
        "deliverables": [
            "the damp and mould action plan",
            "the temporary accommodation data",
            "the repairs dashboard",
            "the building safety register",
        ],
        "measures": [
            "Households in temporary accommodation",
            "Repairs completed right first time",
            "New council homes started",
        ],
    },
    "environment": {
        "roles": [
            "Director of Environment and Neighbourhoods",
            "Head of Waste and Street Cleansing",
            "Climate Change Programme Manager",
            "Head of Parks and Leisure",
            "Cabinet Member for Climate Action",
            "Transport Planning Manager",
        ],
        "orgs": ["Friends of the Parks Forum", "Veolia", "Transport for London", "Environment Agency"],
        "topics": [
            "Climate Change Action Plan Update",
            "Waste and Recycling Performance",
            "Fly-tipping Enforcement",
            "Air Quality Action Plan",
            "Parks and Green Spaces Strategy",
            "Low Traffic Neighbourhoods Review",
        ],
        "subjects": [
            "recycling rates",
            "fly-tipping hotspots",
            "air quality near schools",
            "tree planting",
            "electric vehicle charging points",
            "carbon emissions from council buildings",
        ],
        "findings": [
            "the recycling rate was {pct}%",
            "{num} fixed penalty notices had been issued since {month}",
            "{num} street trees had been planted this season",
            "emissions had fallen by {pct}% against the baseline",
        ],
        "deliverables": [
            "the fly-tipping heat map",
            "the air quality monitoring data",
            "the tree planting plan",
            "the carbon budget",
            "the recycling communications plan",
        ],
        "measures": ["Household recycling rate", "Fly-tipping incidents", "Council carbon emissions"],
    },
    "audit": {
        "roles": [
            "Head of Audit and Risk Management",
            "Director of Finance",
            "External Auditor, Grant Thornton",
            "Head of Counter Fraud",
            "Monitoring Officer",
            "Chief Accountant",
        ],
        "orgs": ["Grant Thornton", "BDO", "Mazars"],
        "topics": [
            "Internal Audit Progress Report",
            "Statement of Accounts",
            "Corporate Risk Register",
            "Counter Fraud Annual Report",
            "External Audit Plan",
            "Treasury Management Update",
        ],
        "subjects": [
            "limited assurance reports",
            "overdue audit recommendations",
            "the corporate risk register",
            "housing benefit fraud",
            "the value for money opinion",
        ],
        "findings": [
            "{num} recommendations were overdue",
            "{small} audits had received limited assurance",
            "fraud recoveries of £{num}k had been made since {month}",
        ],
        "deliverables": [
            "the recommendations tracker",
            "the risk register",
            "the counter fraud plan",
            "the audit plan",
        ],
        "measures": ["Audit recommendations implemented", "Audits completed against plan"],
    },
    "pensions": {
        "roles": [
            "Head of Pensions",
            "Independent Investment Adviser",
            "Director of Finance",
            "Pensions Administration Manager",
            "Scheme Member Representative",
        ],
        "orgs": ["London CIV", "Hymans Robertson", "Local Pensions Partnership"],
        "topics": [
            "Pension Fund Performance Quarter 3",
            "Responsible Investment Policy",
            "Triennial Valuation",
            "Pensions Administration Report",
            "Investment Strategy Review",
        ],
        "subjects": [
            "fund performance against benchmark",
            "the triennial valuation",
            "carbon exposure of the fund",
            "annual benefit statements",
            "pooling through the London CIV",
        ],
        "findings": [
            "the fund had returned {pct}% over the quarter",
            "{pct}% of annual benefit statements had been issued",
            "the funding level was {big}%",
        ],
        "deliverables": ["the carbon footprint report", "the valuation timetable", "the administration KPIs"],
        "measures": ["Fund return against benchmark", "Annual benefit statements issued on time"],
    },
    "planning": {
        "roles": [
            "Head of Development Management",
            "Principal Planning Officer",
            "Planning Lawyer",
            "Head of Planning Policy",
            "Conservation Officer",
        ],
        "orgs": ["Historic England", "Transport for London", "Civic Society"],
        "topics": [
            "Local Plan Update",
            "Planning Performance Report",
            "Site Allocations Consultation",
            "Article 4 Direction",
            "Community Infrastructure Levy Spending",
        ],
        "subjects": [
            "affordable housing contributions",
            "the site allocations",
            "appeal decisions",
            "tall buildings policy",
            "CIL receipts",
        ],
        "findings": [
            "{pct}% of major applications had been decided in time",
            "{num} appeals had been lodged since {month}",
            "CIL receipts of £{num}k had been collected",
        ],
        "deliverables": ["the appeals summary", "the CIL spending plan", "the consultation responses"],
        "measures": ["Major applications decided in time", "Appeals allowed"],
    },
    "licensing": {
        "roles": ["Licensing Team Manager", "Legal Adviser", "Senior Licensing Officer", "Trading Standards Manager"],
        "orgs": ["Metropolitan Police Licensing Unit", "Public Health", "Trading Standards"],
        "topics": [
            "Statement of Licensing Policy Review",
            "Gambling Policy Consultation",
            "Cumulative Impact Assessment",
            "Street Trading Designations",
            "Taxi and Private Hire Policy",
        ],
        "subjects": [
            "the cumulative impact zone",
            "late night levy receipts",
            "test purchase operations",
            "street trading pitches",
        ],
        "findings": [
            "{num} premises licences had been reviewed",
            "{small} test purchase failures had been recorded",
            "{num} responses had been received to the consultation",
        ],
        "deliverables": ["the consultation summary", "the draft policy", "the enforcement figures"],
        "measures": ["Licence applications determined in time", "Test purchase failures"],
    },
    "education": {
        "roles": [
            "Assistant Director of Schools and Learning",
            "Head of School Funding",
            "Headteacher Representative",
            "SEND Service Manager",
            "Education Finance Manager",
        ],
        "orgs": ["Diocesan Board of Education", "Academies Representative", "Trade Unions"],
        "topics": [
            "Dedicated Schools Grant Budget",
            "High Needs Block Recovery Plan",
            "Schools Funding Formula",
            "Early Years Funding",
            "Falling Rolls Strategy",
        ],
        "subjects": [
            "the high needs deficit",
            "the funding formula",
            "falling rolls in primary schools",
            "early years rates",
            "SEND top-up funding",
        ],
        "findings": [
            "the high needs deficit stood at £{num}k",
            "primary rolls had fallen by {pct}% since {month}",
            "{num} pupils had an education, health and care plan",
        ],
        "deliverables": ["the recovery plan", "the modelling of formula options", "the falling rolls data"],
        "measures": ["High needs spend against budget", "EHC plans issued within 20 weeks"],
    },
}

COUNCILLOR_ROLES = [
    "Cabinet Member for Communities",
    "Cabinet Member for Children and Families",
    "Cabinet Member for Health",
    "Cabinet Member for Finance",
    "Cabinet Member for Housing",
    "Vice-Chair",
    "Opposition Spokesperson",
    "Cabinet Member for Climate Action",
]
SUPPORT_ROLES = ["Principal Committee Co-ordinator", "Democratic Services Officer", "Committee Clerk"]
WARDS = [
    "Noel Park",
    "Bounds Green",
    "Hornsey",
    "Tottenham Hale",
    "Northumberland Park",
    "Crouch End",
    "Seven Sisters",
    "Highgate",
    "St Ann's",
    "Woodside",
    "Fortis Green",
    "Bruce Grove",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RAG = ["Green", "Amber", "Red", "Complete", "Green", "Amber"]

# --------------------------------------------------------------------------------------------------
# Specs: what a meeting says. Text uses "**bold**" and "*italic*" runs; lettered points start "a. ".


@dataclass(slots=True)
class ReportSpec:
    """A report attached to an agenda item: cover sheet, numbered sections, optional action-plan table."""

    title: str
    authorised_by: str
    lead_officer: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs "1.1 ...")
    plan_title: str = ""
    plan: list[list[str]] = field(
        default_factory=list
    )  # rows: Action | Lead Officer | Strategic Links | RAG | Comments
    measures: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ItemSpec:
    """One numbered agenda or minute item and what it records."""

    number: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    actions: list[tuple[list[str], str, str]] = field(default_factory=list)  # (owners, text, style)
    post_meeting_note: str = ""
    done: list[int] = field(default_factory=list)  # indexes of actions the post-meeting note closes
    report: ReportSpec | None = None
    minutes_ref: bool = False  # the agenda item the previous minutes are attached to
    exempt: bool = False


@dataclass(slots=True)
class MeetingSpec:
    """One meeting: a notice of meeting (kind "agenda") or its minutes (kind "minutes")."""

    body: str
    date: date
    kind: str
    chair: str
    attendees: list[tuple[str, str]]  # (name, role); the chair is among them
    apologies: list[tuple[str, str]]  # (name, organisation)
    items: list[ItemSpec]
    start_time: str = "14:00"
    end_time: str = "16:00"
    council: str = "Haringey"
    venue: str = ""
    noun: str = "Committee"
    style: int = 0  # heading style variant
    previous: date | None = None  # the meeting whose minutes this agenda confirms
    clerk: tuple[str, str] = ("", "")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _long_date(d: date) -> str:
    """'Wednesday, 11th December, 2019' as on a Haringey notice."""
    return f"{WEEKDAYS[d.weekday()]}, {_ordinal(d.day)} {MONTHS[d.month - 1]}, {d.year}"


def _short_date(d: date) -> str:
    return f"{_ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}"


def _clock12(hhmm: str) -> str:
    h, m = map(int, hhmm.split(":"))
    return f"{(h - 1) % 12 + 1}.{m:02d} {'pm' if h >= 12 else 'am'}"


class _People:
    """Unique names for one meeting."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.surnames: set[str] = set()

    def name(self) -> str:
        for _ in range(200):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
            # Unique surnames keep "Ms Kaur" style references unambiguous, as they are in real minutes.
            if last not in self.surnames:
                self.surnames.add(last)
                full = f"{first} {last}"
                self.used.add(full)
                return full
        raise RuntimeError("name pool exhausted")


def _body(name: str | None, rng: random.Random) -> Body:
    if name is None:
        return rng.choice(BODIES)
    for b in BODIES:
        if b.name.lower() == name.lower():
            return b
    return Body(name, "Committee", "scrutiny", rng.choice(COUNCILS).name, True)


def _council(name: str) -> Council:
    return next(c for c in COUNCILS if c.name == name)


class _Writer:
    """Sentences for one meeting, drawing on its body's domain."""

    def __init__(self, rng: random.Random, body: Body, when: date) -> None:
        self.rng = rng
        self.body = body
        self.d = DOMAINS[body.domain]
        self.when = when
        self.noun = f"the {body.noun}"

    def fill(self, text: str) -> str:
        r = self.rng
        month = MONTHS[(self.when.month - 1 - r.randint(1, 8)) % 12]
        return text.format(
            pct=r.randint(3, 42),
            num=r.randint(12, 940),
            small=r.randint(2, 9),
            big=r.randint(81, 112),
            month=month,
            year=self.when.year,
        )

    def subject(self) -> str:
        return self.rng.choice(self.d["subjects"])

    def finding(self) -> str:
        return self.fill(self.rng.choice(self.d["findings"]))

    def deliverable(self) -> str:
        return self.rng.choice(self.d["deliverables"])

    def intro(self, officer: str, role: str, topic: str) -> str:
        r = self.rng
        a, b = sorted(r.sample(range(3, 90), 2))
        return r.choice(
            [
                f"The {self.body.noun} received a report which provided an update on the {topic} "
                f"as set out at pages {a}-{b} "
                f"of the agenda pack. The report was introduced by {officer}, {role}.",
                f"{officer}, {role}, introduced the report on the {topic}, "
                f"as set out in the agenda pack at pages {a}-{b}.",
                f"The {self.body.noun} received a verbal update from the {role}, {officer}, on the {topic}.",
                f"The {role}, {officer}, presented the {topic} and highlighted the key points from the report.",
            ]
        )

    def discussion(self, role_ref: str) -> str:
        r = self.rng
        s = self.subject()
        return r.choice(
            [
                f"It was noted that {self.finding()}, and that further work was under way on {s}.",
                f"In response to a question on {s}, the {role_ref} explained that {self.finding()}.",
                f"Members asked whether the approach to {s} was working; "
                f"the {role_ref} confirmed that {self.finding()}, "
                f"although progress had been uneven across the borough.",
                f"Regarding a question on {s}, it was clarified that {self.finding()} "
                "and that the data would be refreshed quarterly.",
                f"The {self.body.noun} noted that {self.finding()}. "
                f"Concerns were raised about {s}, particularly in the east of the borough.",
                f"It was highlighted that {s} remained a priority for {self.noun} and that {self.finding()}.",
                f"The {role_ref} acknowledged the concerns raised about {s} "
                "and stressed that the service was working closely "
                f"with partners to address them.",
            ]
        )

    def commitment(self, deliverable: str) -> tuple[str, bool]:
        """The clause an action sentence is built on, without its owner; True when it promises `deliverable`."""
        r = self.rng
        when = r.choice(
            [
                "before the next meeting",
                f"by the end of {r.choice(MONTHS)}",
                "following the meeting",
                "in due course",
                "at the next meeting",
            ]
        )
        return r.choice(
            [
                (f"{deliverable} would be circulated to {self.noun} {when}", True),
                (f"an update on {self.subject()} would be brought back to {self.noun} {when}", False),
                (f"{deliverable} would be shared with partners {when}", True),
                (f"officers would look into {self.subject()} and report back {when}", False),
            ]
        )


def _pick_people(rng: random.Random, people: _People, body: Body, n: int) -> list[tuple[str, str]]:
    d = DOMAINS[body.domain]
    out: list[tuple[str, str]] = []
    roles = rng.sample(d["roles"], min(len(d["roles"]), max(2, n // 2)))
    for role in roles:
        out.append((people.name(), role))
    while len(out) < n:
        kind = rng.random()
        if kind < 0.35:
            out.append((people.name(), rng.choice(COUNCILLOR_ROLES)))
        elif kind < 0.75:
            out.append((people.name(), rng.choice(d["orgs"])))
        else:
            out.append(
                (
                    people.name(),
                    rng.choice(
                        [
                            "Commissioning Team",
                            "Communications Team",
                            "Policy Team",
                            "Performance Team",
                            f"{rng.choice(d['roles'])}",
                        ]
                    ),
                )
            )
    return out


def _meeting_time(rng: random.Random, body: Body) -> tuple[str, str]:
    start_h, start_m = (
        (rng.choice([18, 18, 19]), rng.choice([0, 30]))
        if body.evening
        else (rng.choice([10, 14, 14]), rng.choice([0, 15, 30]))
    )
    mins = start_h * 60 + start_m + rng.randint(70, 170)
    return f"{start_h:02d}:{start_m:02d}", f"{mins // 60:02d}:{mins % 60:02d}"


def random_meeting(
    rng: random.Random,
    body: str | None = None,
    date: date | str | None = None,
    first_number: int = 1,
    kind: str = "minutes",
    previous: date | None = None,
    reports: bool = True,
) -> MeetingSpec:
    """A random meeting of `body` (a name from BODIES, else random) on `date`; minutes numbered from `first_number`."""
    b = _body(body, rng)
    when = _as_date(date) if date is not None else _random_weekday(rng)
    council = _council(b.council)
    people = _People(rng)
    attendees = _pick_people(rng, people, b, rng.randint(8, 22))
    if b.evening:  # councillor committees are chaired by a councillor
        attendees.insert(0, (people.name(), f"Councillor, {rng.choice(WARDS)} Ward"))
    chair = attendees[0][0]
    apologies = [
        (people.name(), rng.choice(DOMAINS[b.domain]["orgs"] + ["CCG", "Metropolitan Police"]))
        for _ in range(rng.randint(0, 5))
    ]
    start, end = _meeting_time(rng, b)
    spec = MeetingSpec(
        body=b.name,
        date=when,
        kind=kind,
        chair=chair,
        attendees=attendees,
        apologies=apologies,
        items=[],
        start_time=start,
        end_time=end,
        council=council.name,
        venue=council.venue,
        noun=b.noun,
        style=BODIES.index(b) % 2 if b in BODIES else 0,
        previous=previous or when - timedelta(days=rng.choice([56, 63, 70, 84])),
        clerk=(people.name(), rng.choice(SUPPORT_ROLES)),
    )
    w = _Writer(rng, b, when)
    if kind == "agenda":
        spec.items = _agenda_items(rng, w, spec, attendees, reports)
    else:
        spec.items = _minute_items(rng, w, spec, first_number)
    return spec


def _as_date(d: date | str) -> date:
    return d if isinstance(d, date) else date.fromisoformat(d)


def _random_weekday(rng: random.Random) -> date:
    d = date(2016, 1, 4) + timedelta(days=rng.randint(0, 365 * 8))
    return d - timedelta(days=d.weekday()) + timedelta(days=rng.randint(0, 3))


STANDARD_OPENING = [
    (
        "FILMING AT MEETINGS",
        "Please note that this meeting may be filmed or recorded by the Council for live or subsequent "
        "broadcast via the Council's internet site or by anyone attending the meeting using any communication method. "
        "Members of the public participating in the meeting should be aware that they are likely to be filmed, "
        "recorded or reported on. By entering the meeting room and using the public seating area, "
        "you are consenting to being filmed.",
    ),
    ("APOLOGIES", "To receive any apologies for absence."),
    (
        "URGENT BUSINESS",
        "The Chair will consider the admission of any items of Urgent Business. (Late items of Urgent "
        "Business will be considered where they appear. New items of Urgent Business will be considered "
        "under Item {late} below).",
    ),
    (
        "DECLARATIONS OF INTEREST",
        "Members must declare any personal and/or prejudicial interests with respect to agenda items "
        "and must not take part in any discussion with respect to those items.",
    ),
]


def _agenda_items(
    rng: random.Random, w: _Writer, spec: MeetingSpec, people: list[tuple[str, str]], reports: bool
) -> list[ItemSpec]:
    topics = rng.sample(w.d["topics"], min(len(w.d["topics"]), rng.randint(3, 6)))
    n_items = len(STANDARD_OPENING) + 1 + len(topics) + 2
    items = [ItemSpec(n, title, [text.format(late=n_items - 1)]) for n, (title, text) in enumerate(STANDARD_OPENING, 1)]
    n = len(items) + 1
    items.append(
        ItemSpec(
            n,
            "MINUTES",
            [f"To confirm the minutes of the meeting held on {_short_date(spec.previous)} as a correct record."],
            minutes_ref=True,
        )
    )
    for topic in topics:
        n += 1
        officer, role = rng.choice(people[1:])
        if rng.random() < 0.3:
            text = f"Verbal update by {officer} ({role})."
            items.append(ItemSpec(n, topic.upper(), [text]))
            continue
        text = rng.choice(
            [
                f"This report is for information and presents an update on {w.subject()}.",
                f"Briefing on the {topic}.",
                f"To consider the {topic} and the progress made on {w.subject()}.",
            ]
        )
        item = ItemSpec(n, topic.upper(), [text])
        if reports:
            item.report = _report(rng, w, spec, topic, officer, role, people)
        items.append(item)
    items.append(
        ItemSpec(
            n + 1,
            "NEW ITEMS OF URGENT BUSINESS",
            ["To consider any new items of Urgent Business admitted under Item 3 above."],
        )
    )
    nxt = spec.date + timedelta(days=rng.choice([56, 70, 84, 91]))
    items.append(
        ItemSpec(
            n + 2,
            "DATES OF FUTURE MEETINGS",
            ["To note the date of the future meeting set out below:", _short_date(nxt)],
        )
    )
    if rng.random() < 0.35:
        items.append(
            ItemSpec(
                n + 3,
                "EXCLUSION OF THE PRESS AND PUBLIC",
                [
                    f"Item {n + 4} is likely to be subject to a motion to exclude the press and public from the "
                    "meeting as it contains exempt information as defined in Section 100a of the Local "
                    "Government Act 1972; paras 1 and 5."
                ],
            )
        )
        items.append(ItemSpec(n + 4, f"EXEMPT - {rng.choice(w.d['topics']).upper()}", [], exempt=True))
    return items


def _report(
    rng: random.Random,
    w: _Writer,
    spec: MeetingSpec,
    topic: str,
    officer: str,
    role: str,
    people: list[tuple[str, str]],
) -> ReportSpec:
    sub = w.subject
    sections: list[tuple[str, list[str]]] = []
    heads = [
        "Describe the issue under consideration",
        "Recommendations",
        "Reasons for decision",
        "Alternative options considered",
        "Background information",
        "Contribution to strategic outcomes",
        "Statutory Officers comments (Chief Finance Officer, Procurement, Head of Legal Services, Equalities)",
        "Use of Appendices",
    ]
    for n, head in enumerate(heads[: rng.randint(5, len(heads))], 1):
        paras = []
        for k in range(1, rng.randint(2, 5)):
            if head == "Recommendations":
                text = rng.choice(
                    [
                        f"It is recommended that {w.noun} notes the progress made on {sub()}.",
                        f"It is recommended that {w.noun} continues to review and monitor the actions on {sub()}.",
                        f"That {w.noun} agrees the approach to {sub()} set out in section 4.",
                    ]
                )
            else:
                text = " ".join(
                    rng.choice(
                        [
                            w.discussion(role),
                            f"This report sets out the position on {sub()}. {w.finding().capitalize()}.",
                            f"The {topic} was agreed in {rng.choice(MONTHS)} {spec.date.year - 1} and "
                            f"sets out how partners will address {sub()} over the next three years.",
                        ]
                    )
                    for _ in range(rng.randint(1, 3))
                )
            paras.append(f"{n}.{k} {text}")
        sections.append((head, paras))
    report = ReportSpec(
        title=topic,
        authorised_by=f"{officer}, {role}",
        lead_officer=f"{rng.choice(people)[0]}, {rng.choice(w.d['roles'])}",
        sections=sections,
    )
    if rng.random() < 0.6:
        report.plan_title = f"{spec.council} {topic} Action Plan"
        report.measures = rng.sample(w.d["measures"], min(len(w.d["measures"]), rng.randint(2, 5)))
        links = [f"{spec.council} {t} 2019-2023" for t in rng.sample(w.d["topics"], 3)] + ["Borough Plan 2019-23"]
        for _ in range(rng.randint(6, 16)):
            leads = "\n".join(f"-{rng.choice(w.d['roles'])}, {spec.council} Council" for _ in range(rng.randint(1, 2)))
            report.plan.append(
                [
                    f"{rng.choice(['Deliver', 'Develop', 'Review', 'Expand', 'Pilot', 'Establish', 'Continue'])} "
                    f"{rng.choice(['a programme on', 'work on', 'the approach to', 'support for'])} {sub()}",
                    leads,
                    "\n".join(f"-{x}" for x in rng.sample(links, 2)),
                    rng.choice(RAG),
                    " ".join(
                        rng.choice(
                            [
                                w.finding().capitalize() + ".",
                                f"On track for completion by {rng.choice(MONTHS)} {spec.date.year + 1}.",
                                f"Work on {sub()} has started with partners.",
                                "Awaiting sign-off by the lead officer.",
                            ]
                        )
                        for _ in range(rng.randint(1, 3))
                    ),
                ]
            )
    return report


def _minute_items(rng: random.Random, w: _Writer, spec: MeetingSpec, first: int) -> list[ItemSpec]:
    noun = spec.noun
    items: list[ItemSpec] = []
    n = first

    def add(title: str, paras: list[str], resolutions: list[str] | None = None) -> ItemSpec:
        nonlocal n
        item = ItemSpec(n, title, paras, resolutions or [])
        items.append(item)
        n += 1
        return item

    if rng.random() < 0.5:
        add("INTRODUCTIONS", ["The Chair welcomed attendees and introductions took place."])
    add(
        "FILMING AT MEETINGS",
        [
            "The Chair referred Members present to agenda Item 1 as shown on the agenda in respect of "
            "filming at this meeting, and Members noted the information contained therein."
        ],
    )
    if spec.apologies:
        names = [f"{nm} ({org})" for nm, org in spec.apologies]
        listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        add("APOLOGIES", [f"Apologies for absence were received from {listed}."])
    else:
        add("APOLOGIES", ["There were no apologies for absence."])
    add("URGENT BUSINESS", ["There were no items of urgent business."])
    add("DECLARATIONS OF INTEREST", [rng.choice(["There were no declarations of interest.", "None."])])
    add(
        "MINUTES",
        [],
        [f"That the minutes of the meeting held on {_short_date(spec.previous)} be agreed as a correct record."],
    )
    officers = spec.attendees[1:]
    titled = [p for p in officers if p[1] in w.d["roles"] or p[1] in COUNCILLOR_ROLES] or officers
    for topic in rng.sample(w.d["topics"], min(len(w.d["topics"]), rng.randint(3, 7))):
        item = add(topic.upper(), [])
        officer, role = rng.choice(titled)
        item.paragraphs.append(w.intro(officer, role, topic))
        for _ in range(rng.randint(0, 2)):
            item.paragraphs.append(" ".join(w.discussion(role) for _ in range(rng.randint(1, 3))))
        points = [w.discussion(rng.choice(titled)[1]) for _ in range(rng.randint(0, 5))]
        for _ in range(rng.randint(0, 3)):
            text, action, note = _action(rng, w, spec, officers)
            item.actions.append(action)
            if note:
                text += f" *Post meeting note – {note}*"
                item.post_meeting_note = note
                item.done.append(len(item.actions) - 1)
            if points and rng.random() < 0.5:
                points.insert(rng.randint(0, len(points)), text)
            else:
                item.paragraphs.append(text)
        if points:
            item.paragraphs.append(
                f"The following was noted in response to the discussion of the {rng.choice(['report', 'update'])}:"
            )
            item.paragraphs.extend(f"{chr(97 + k)}. {p}" for k, p in enumerate(points))
        item.resolutions = rng.choice(
            [
                ["That the report be noted."],
                ["That the update was noted."],
                ["That the content of the report was noted."],
                [
                    f"That the {noun}:",
                    "i. Noted the contents of the report; and",
                    f"ii. Agreed the next steps on {w.subject()}.",
                ],
                [f"That the {topic} be approved."],
            ]
        )
    add("NEW ITEMS OF URGENT BUSINESS", ["N/A"])
    if rng.random() < 0.5:
        item = add("ANY OTHER BUSINESS", [w.discussion(rng.choice(titled)[1])])
        if rng.random() < 0.6:
            text, action, _ = _action(rng, w, spec, officers, allow_note=False)
            item.paragraphs.append(text)
            item.actions.append(action)
    nxt = spec.date + timedelta(days=rng.choice([56, 70, 84]))
    add("DATES OF FUTURE MEETINGS", ["Future meeting dates were noted as:", f"{_short_date(nxt)}"])
    return items


ACTION_STYLES = ["marker", "marker", "marker", "joint", "role", "bold", "trailing", "body", "agreed"]


def _action(
    rng: random.Random, w: _Writer, spec: MeetingSpec, officers: list[tuple[str, str]], allow_note: bool = True
) -> tuple[str, tuple[list[str], str, str], str]:
    """(paragraph text, (owners, action text, style), post-meeting note or "")."""
    style = rng.choice(ACTION_STYLES)
    (name, role), (name2, _) = rng.sample(officers, 2)
    deliverable = w.deliverable()
    clause, promises = w.commitment(deliverable)
    sentence = f"It was agreed that {clause}"
    if style == "marker":
        owners, text = [name], f"{sentence} (Action: {name})."
    elif style == "joint":
        owners, text = [name, name2], f"{sentence} (Action: {name} & {name2})."
    elif style == "role":
        owners, text = (
            [spec.chair],
            f"The Chair agreed that she would raise {w.subject()} with partners (Action: Chair).",
        )
        sentence = f"The Chair agreed that she would raise {w.subject()} with partners"
    elif style == "bold":
        owners, text = [name], f"{sentence} **(Action: {name}).**"
    elif style == "trailing":
        owners, text = [name], f"{sentence}. Action: {name}"
    elif style == "body":
        owners, text = [spec.body], f"Members were asked to provide feedback on {deliverable} (Action: {spec.noun})."
        sentence = f"Members were asked to provide feedback on {deliverable}"
    else:  # an inferred commitment: no marker, the owner is the subject
        owners = [name]
        sentence = f"{name} agreed to circulate {deliverable} to {w.noun}"
        text = sentence + "."
    note = ""
    if allow_note and promises and style in ("marker", "bold") and rng.random() < 0.4:
        note = f"{deliverable[0].upper()}{deliverable[1:]} was circulated to {w.noun} following the meeting."
    return text, (owners, sentence + ".", style), note


# --------------------------------------------------------------------------------------------------
# Layout: pages as lists of drawing operations, in "top" coordinates (distance of the baseline from the top).

PAGE_W, PAGE_H = 595.2756, 841.8898
LEFT, RIGHT = 62.7, 595.2756 - 62.7
FIRST_BASELINE = 68.5  # first line's baseline: its top sits near 59pt as in the reference pack
LAST_BASELINE = 762.0
BODY, BODY_SIZE, LEADING, PARA_SPACE = "Helvetica", 10.5, 13.5, 5.0
BOLD, ITALIC = "Helvetica-Bold", "Helvetica-Oblique"

_WIDTHS: dict[tuple[str, str, float], float] = {}


def _width(text: str, font: str, size: float) -> float:
    key = (text, font, size)
    w = _WIDTHS.get(key)
    if w is None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        w = _WIDTHS[key] = stringWidth(text, font, size)
    return w


def _runs(text: str, base: str) -> list[tuple[str, str]]:
    """Words with their fonts: '**x**' is bold, '*x*' italic."""
    out: list[tuple[str, str]] = []
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not part:
            continue
        font = base
        if part.startswith("**"):
            font, part = BOLD, part[2:-2]
        elif part.startswith("*"):
            font, part = ITALIC, part[1:-1]
        out.extend((word, font) for word in part.split())
    return out


class _Layout:
    """A stream of pages; `label` numbers them 'Page N' unless None."""

    def __init__(self, label: int | None) -> None:
        self.pages: list[dict] = []
        self.label = label
        self.y = 0.0

    def new_page(self, header: str | None = None) -> None:
        page: dict = {"ops": [], "lines": [], "label": None}
        if self.label is not None:
            page["label"] = self.label
            self.label += 1
        self.pages.append(page)
        self.y = FIRST_BASELINE - LEADING
        if header:
            # "Agenda Item 7" top right, as on the first page of each report in the reference pack.
            page["ops"].append((BOLD, 12.0, RIGHT, FIRST_BASELINE, header, "right"))
            self.y = FIRST_BASELINE + 8

    def ensure(self, height: float) -> None:
        if not self.pages or self.y + height > LAST_BASELINE:
            self.new_page()

    def text(
        self,
        text: str,
        font: str = BODY,
        size: float = BODY_SIZE,
        indent: float = 0.0,
        hang: str = "",
        space_before: float = PARA_SPACE,
        align: str = "left",
        keep_with_next: bool = False,
    ) -> None:
        words = _runs(text, font)
        x0 = LEFT + indent
        hang_w = 14.0 if hang else 0.0
        width = RIGHT - x0 - hang_w
        lines: list[list[tuple[str, str]]] = []
        cur: list[tuple[str, str]] = []
        cur_w = 0.0
        for word, f in words:
            ww = _width(word, f, size)
            sp = _width(" ", f, size) if cur else 0.0
            if cur and cur_w + sp + ww > width:
                lines.append(cur)
                cur, cur_w = [], 0.0
                sp = 0.0
            cur.append((word, f))
            cur_w += sp + ww
        if cur:
            lines.append(cur)
        lead = max(LEADING, size * 1.25)
        need = lead * (2 if keep_with_next else 1) + space_before
        if not self.pages or self.y + need > LAST_BASELINE:
            self.new_page()
        else:
            self.y += space_before
        for n, line in enumerate(lines):
            if self.y + lead > LAST_BASELINE:
                self.new_page()
            self.y += lead
            ops = self.pages[-1]["ops"]
            if n == 0 and hang:
                ops.append((font, size, x0, self.y, hang, "left"))
            x = x0 + hang_w
            # one drawing op per run of words in the same font
            run_font, run_words = line[0][1], []
            segs: list[tuple[str, str]] = []
            for word, f in line:
                if f != run_font:
                    segs.append((run_font, " ".join(run_words)))
                    run_font, run_words = f, []
                run_words.append(word)
            segs.append((run_font, " ".join(run_words)))
            if align == "center":
                total = sum(_width(s, f, size) for f, s in segs) + _width(" ", font, size) * (len(segs) - 1)
                x = (PAGE_W - total) / 2
            for f, s in segs:
                ops.append((f, size, x, self.y, s, "left"))
                x += _width(s, f, size) + _width(" ", f, size)

    def heading(self, text: str, size: float = 11.0, align: str = "left", space_before: float = 6.1) -> None:
        self.text(text, BOLD, size, space_before=space_before, align=align, keep_with_next=True)

    def blank_page(self) -> None:
        self.new_page()
        self.pages[-1]["ops"].append((BOLD, 14.0, PAGE_W / 2, 190.0, "This page is intentionally left blank", "center"))
        self.y = LAST_BASELINE

    def table(self, rows: list[list[str]], widths: list[float], header: list[str], size: float = 8.0) -> None:
        """A ruled table; a row that does not fit starts a new page, which repeats the header row."""
        lead = size * 1.25
        pad = 3.0

        def cell_lines(text: str, w: float, font: str) -> list[str]:
            out: list[str] = []
            for para in text.split("\n"):
                cur = ""
                for word in para.split():
                    trial = f"{cur} {word}" if cur else word
                    if cur and _width(trial, font, size) > w - 2 * pad:
                        out.append(cur)
                        cur = word
                    else:
                        cur = trial
                if cur:
                    out.append(cur)
            return out or [""]

        def draw_row(cells: list[str], font: str) -> None:
            wrapped = [cell_lines(c, w, font) for c, w in zip(cells, widths)]
            h = max(len(x) for x in wrapped) * lead + 2 * pad
            if self.y + h > LAST_BASELINE + 10:
                self.new_page()
                draw_row(header, BOLD)
            top = self.y
            ops = self.pages[-1]["ops"]
            x = LEFT
            for lines, w in zip(wrapped, widths):
                for k, line in enumerate(lines):
                    ops.append((font, size, x + pad, top + pad + lead * (k + 1) - 2, line, "left"))
                ops.append(("rect", x, top, w, h))
                x += w
            self.y = top + h

        self.ensure(lead * 4)
        self.y += 8
        draw_row(header, BOLD)
        for row in rows:
            draw_row(row, BODY)


def _people_line(people: list[tuple[str, str]], chair: str) -> str:
    parts = []
    for name, role in people:
        title = "Cllr " if role.startswith(("Cabinet Member", "Vice-Chair", "Opposition", "Councillor")) else ""
        parts.append(f"{title}{name} – {role}{' (Chair)' if name == chair else ''}")
    return " ".join(parts)


def _lay_minutes(lay: _Layout, m: MeetingSpec) -> None:
    lay.new_page()
    d = m.date
    if m.style == 0:
        head = (
            f"MINUTES OF MEETING {m.body.upper()} HELD ON {WEEKDAYS[d.weekday()].upper()}, {_ordinal(d.day).upper()} "
            f"{MONTHS[d.month - 1].upper()}, {d.year}, {m.start_time} – {m.end_time}"
        )
    else:
        head = (
            f"MINUTES OF THE MEETING OF THE {m.body.upper()} HELD ON {WEEKDAYS[d.weekday()].upper()} {d.day} "
            f"{MONTHS[d.month - 1].upper()} {d.year}, {m.start_time} – {m.end_time}"
        )
    lay.heading(head, 14.0, align="center", space_before=0)
    lay.text("PRESENT: " + _people_line(m.attendees, m.chair), space_before=11)
    for item in m.items:
        lay.heading(f"{item.number}. {item.title}")
        for para in item.paragraphs:
            point = re.match(r"^([a-z])\. (.*)$", para)
            if point:
                lay.text(point.group(2), indent=4, hang=f"{point.group(1)}.")
            else:
                lay.text(para)
        if item.resolutions:
            lay.heading("RESOLVED")
            for r in item.resolutions:
                roman = re.match(r"^([ivx]+)\. (.*)$", r)
                lay.text(r, indent=18 if roman else 0)
    lay.heading("CHAIR:", space_before=18)
    lay.text("Signed by Chair", space_before=12)
    lay.text("Date", space_before=12)


def _lay_report(lay: _Layout, item: ItemSpec, m: MeetingSpec) -> None:
    rep = item.report
    assert rep is not None
    lay.new_page(header=f"Agenda Item {item.number}")
    lay.text(
        f"Report for: {m.body} {_short_date(m.date).replace(_ordinal(m.date.day), str(m.date.day))}", space_before=4
    )
    lay.text(f"Title: {rep.title}")
    lay.text(f"Report Authorised by: {rep.authorised_by}")
    lay.text(f"Lead Officer: {rep.lead_officer}")
    lay.text(
        f"Ward(s) affected: {'All Wards' if zlib.crc32(rep.title.encode()) % 3 else 'Tottenham Hale; Bruce Grove'}"
    )
    lay.text("Report for Key/ Non Key Decision: Non Key Decision.")
    for n, (head, paras) in enumerate(rep.sections, 1):
        lay.heading(f"{n}. {head}")
        for p in paras:
            num, _, rest = p.partition(" ")
            lay.text(rest, indent=4, hang=num)
    if rep.plan:
        if len(lay.pages) % 2:
            lay.blank_page()  # the appendix starts on a right-hand page
        lay.new_page()
        lay.text(rep.plan_title, space_before=0)
        lay.text(f"Priority 1: {rep.title}")
        lay.text("Performance Measures")
        for measure in rep.measures:
            lay.text(measure, space_before=2)
        lay.table(
            rep.plan, [118, 95, 95, 50, 112], ["Action", "Lead Officer", "Strategic Links", "RAG Status", "Comments"]
        )


def _lay_agenda(lay: _Layout, m: MeetingSpec, refs: dict[int, tuple[int, int]]) -> None:
    lay.new_page()
    lay.heading("NOTICE OF MEETING", 14.0, align="center", space_before=0)
    lay.heading(m.body.upper(), space_before=8)
    lay.text(f"{_long_date(m.date)}, {_clock12(m.start_time)} - {m.venue}")
    lay.text("Members: Please see membership list set out below.")
    for item in m.items:
        ref = refs.get(item.number)
        title = item.title + (f" (PAGES {ref[0]} - {ref[1]})" if ref else "")
        lay.heading(f"{item.number}. {title}")
        for para in item.paragraphs:
            lay.text(para)
    c = _council(m.council)
    clerk, role = m.clerk
    lay.text(
        f"{clerk}, {role} Tel – {c.phone} {1000 + zlib.crc32(clerk.encode()) % 9000} Email: "
        f"{clerk.lower().replace(' ', '.').replace(chr(39), '')}@{c.domain}",
        space_before=24,
    )
    lay.text(f"Head of Democratic Services and Monitoring Officer {c.address}")
    published = m.date - timedelta(days=8)
    lay.text(f"{WEEKDAYS[published.weekday()]}, {published.day:02d} {MONTHS[published.month - 1]} {published.year}")


def layout_pack(meetings: list[MeetingSpec], label_start: int = 1) -> list[dict]:
    """Pages of a pack: each agenda is followed by the minutes after it in `meetings` and its reports."""
    pages: list[dict] = []
    label = label_start
    i = 0
    while i < len(meetings):
        m = meetings[i]
        if m.kind != "agenda":
            lay = _Layout(label)
            _lay_minutes(lay, m)
            pages.extend(lay.pages)
            label = lay.label or label
            i += 1
            continue
        attached = []
        while i + 1 < len(meetings) and meetings[i + 1].kind == "minutes":
            attached.append(meetings[i + 1])
            i += 1
        i += 1
        lay = _Layout(label)
        refs: dict[int, tuple[int, int]] = {}
        for item in m.items:
            first = lay.label or label
            if item.minutes_ref and attached:
                for mm in attached:
                    _lay_minutes(lay, mm)
            elif item.report is not None:
                _lay_report(lay, item, m)
            else:
                continue
            if len(lay.pages) % 2:
                lay.blank_page()  # each attachment starts on a right-hand page
            refs[item.number] = (first, (lay.label or label) - 1)
        agenda = _Layout(None)
        _lay_agenda(agenda, m, refs)
        if len(agenda.pages) % 2:
            agenda.blank_page()
        pages.extend(agenda.pages)
        pages.extend(lay.pages)
        label = lay.label or label
    return pages


def _emit(pages: list[dict], path: Path, title: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("minutebook benchmark corpus")
    c.setLineWidth(0.5)
    for page in pages:
        font = None
        for op in page["ops"]:
            if op[0] == "rect":
                _, x, top, w, h = op
                c.rect(x, PAGE_H - top - h, w, h, stroke=1, fill=0)
                continue
            f, size, x, top, text, align = op
            if (f, size) != font:
                c.setFont(f, size)
                font = (f, size)
            y = PAGE_H - top
            if align == "center":
                c.drawCentredString(x, y, text)
            elif align == "right":
                c.drawRightString(x, y, text)
            else:
                c.drawString(x, y, text)
        if page["label"] is not None:
            c.setFont(BODY, 9.0)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 809.0, f"Page {page['label']}")
        c.showPage()
    c.save()


def truth_of(meetings: list[MeetingSpec], labels: list[str] | None = None) -> dict:
    """What a parser should find in a pack made from `meetings`."""
    out = {"labels": labels or [], "meetings": []}
    for m in meetings:
        items = []
        for it in m.items:
            actions = [
                {
                    "owners": owners,
                    "text": text,
                    "style": style,
                    "explicit": style != "agreed",
                    "status": "done" if k in it.done else "open",
                }
                for k, (owners, text, style) in enumerate(it.actions)
            ]
            items.append(
                {
                    "number": str(it.number),
                    "title": it.title,
                    "exempt": it.exempt,
                    "resolutions": [r for r in it.resolutions],
                    "actions": actions,
                    "post_meeting_note": it.post_meeting_note,
                }
            )
        out["meetings"].append(
            {
                "body": m.body,
                "date": m.date.isoformat(),
                "kind": m.kind,
                "chair": m.chair if m.kind == "minutes" else "",
                "start_time": m.start_time,
                "end_time": m.end_time if m.kind == "minutes" else "",
                "attendees": [{"name": n, "role": r, "chair": n == m.chair} for n, r in m.attendees]
                if m.kind == "minutes"
                else [],
                "apologies": [{"name": n, "organisation": o} for n, o in m.apologies] if m.kind == "minutes" else [],
                "items": items,
            }
        )
    return out


def render_pack(meetings: list[MeetingSpec], path: str | Path) -> int:
    """Write `meetings` as one PDF pack at `path` and its truth next to it; return the page count."""
    path = Path(path)
    pages = layout_pack(meetings)
    _emit(pages, path, f"{meetings[0].body}, {_short_date(meetings[0].date)}" if meetings else "empty pack")
    labels = ["" if p["label"] is None else str(p["label"]) for p in pages]
    path.with_suffix(".truth.json").write_text(json.dumps(truth_of(meetings, labels), indent=1, ensure_ascii=False))
    return len(pages)


def random_pack(
    rng: random.Random, body: str | None = None, when: date | None = None, first_number: int = 1, reports: bool = True
) -> list[MeetingSpec]:
    """An agenda pack: the notice of one meeting with the minutes of the previous one (and its reports)."""
    b = _body(body, rng)
    when = when or _random_weekday(rng)
    previous = when - timedelta(days=rng.choice([56, 63, 70, 84]))
    agenda = random_meeting(rng, b.name, when, kind="agenda", previous=previous, reports=reports)
    minutes = random_meeting(rng, b.name, previous, first_number=first_number)
    return [agenda, minutes]


def write_corpus(out_dir: str | Path, n_packs: int, seed: int = 0) -> list[Path]:
    """`n_packs` packs of varied bodies and dates (about 10-40 pages each) in `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(n_packs):
        meetings = random_pack(rng, first_number=rng.randint(1, 120))
        if rng.random() < 0.2:
            meetings = meetings[1:]  # a minutes-only file, as councils also publish them alone
        path = out / f"pack-{n + 1:04d}-{_slug(meetings[0].body)}-{meetings[0].date.isoformat()}.pdf"
        render_pack(meetings, path)
        paths.append(path)
    return paths


def write_single_pack(path: str | Path, pages: int = 1000, seed: int = 0) -> int:
    """One pack of exactly `pages` pages: a body's meetings over the years, each agenda with the previous minutes.

    Whole agenda packs are added while they fit; the pages left over are filled with supplementary reports for
    the last agenda (cut at the page limit), which the truth does not describe, so the truth stays exact.
    """
    rng = random.Random(seed)
    body = rng.choice(BODIES).name
    when = date(2012, 1, 11)
    meetings: list[MeetingSpec] = []
    laid: list[dict] = []
    number = 1
    while True:
        unit = random_pack(rng, body, when, first_number=number)
        unit_pages = layout_pack(unit, label_start=_next_label(laid))
        if meetings and len(laid) + len(unit_pages) > pages:
            break
        meetings.extend(unit)
        laid.extend(unit_pages)
        number = unit[1].items[-1].number + 1
        when += timedelta(days=rng.choice([63, 70, 77, 84]))
        if len(laid) >= pages:
            break
    agenda = meetings[-2]
    w = _Writer(rng, _body(body, rng), agenda.date)
    people = agenda.attendees
    while len(laid) < pages:
        lay = _Layout(_next_label(laid))
        officer, role = rng.choice(people[1:])
        topic = rng.choice(w.d["topics"])
        item = ItemSpec(
            rng.choice([it.number for it in agenda.items]),
            topic.upper(),
            report=_report(rng, w, agenda, f"{topic} (supplementary)", officer, role, people),
        )
        _lay_report(lay, item, agenda)
        laid.extend(lay.pages)
    del laid[pages:]
    path = Path(path)
    _emit(laid, path, f"{body} meetings archive")
    labels = ["" if p["label"] is None else str(p["label"]) for p in laid]
    path.with_suffix(".truth.json").write_text(json.dumps(truth_of(meetings, labels), indent=1, ensure_ascii=False))
    return len(laid)


def _next_label(pages: list[dict]) -> int:
    return next((p["label"] + 1 for p in reversed(pages) if p["label"] is not None), 1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.gen_corpus", description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output folder (with --packs) or PDF path (with --single-pack-pages)")
    ap.add_argument("--packs", type=int, default=0, help="number of packs to write into OUT")
    ap.add_argument("--single-pack-pages", type=int, default=0, help="write one pack of this many pages to OUT")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.single_pack_pages:
        n = write_single_pack(args.out, args.single_pack_pages, args.seed)
        print(f"{args.out}: {n} pages")
    elif args.packs:
        paths = write_corpus(args.out, args.packs, args.seed)
        print(f"{args.out}: {len(paths)} packs")
    else:
        ap.error("give --packs N or --single-pack-pages N")
    return 0


if __name__ == "__main__":
    sys.exit(main())
