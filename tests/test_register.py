"""The action register: owner resolution, filters, manual changes with history, exports, and the real pack.

Most tests use a small hand-built store (no PDF parsing) whose names, roles and wording come from the
Haringey pack's minutes of 9 October 2019; the pack tests use the session's ingested copy (`pack_home`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutebook import actionlog, register
from minutebook.cli import app
from minutebook.errors import Ambiguous, NotFound
from minutebook.home import store_path
from minutebook.models import Action, Document, Item, Meeting, Page, ParsedDocument, Person
from minutebook.store import Store
from tests.conftest import DATA, PACK

EXPECTED = DATA / "register" / "expected"
TODAY = date(2020, 1, 1)
runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args))


def _csp() -> Meeting:
    people = [
        Person("Treena Fleming", role="Borough Commander, Haringey Metropolitan Police", chair=True),
        Person("Eubert Malcolm", role="Interim Assistant Director Stronger Communities"),
        Person("Beverley Hendricks", role="Interim Assistant Director for Safeguarding & Social Care"),
        Person("Laura Wileman", role="Communications Team"),
        Person("Sandeep Broca", role="Community Safety & Enforcement Team"),
        Person("Will Maimaris", role="Interim Director Public Health"),
    ]
    items = [
        Item(number="86", title="Children and young people's service", page=2, actions=[
            Action("Circulate the printed versions of community flyer to different partners", page=2,
                   owners=["Beverley Hendricks"], owners_raw="Beverley Hendricks"),
            Action("Agree timescales between themselves in regard to the proposed works", page=3,
                   owners=["Eubert Malcolm", "Beverley Hendricks"], owners_raw="Eubert Malcolm & Beverley Hendricks"),
        ]),
        Item(number="90", title="Communications plan update", page=5, actions=[
            Action("The Communications Team would provide the Partnership an update on the logo", page=6,
                   owners=["Laura Wileman"], due="2019-10-19"),
            Action("Compare burglary rates | before and after the campaign", page=6,
                   owners=["Eubert Malcolm", "Sandeep Broca"]),
        ]),
        Item(number="91", title="Suicide and young people", page=6, notes=["Zero Suicide link circulated."], actions=[
            Action("Good training pack about the 'Zero Suicide' campaign which he would circulate", page=6,
                   owners=["Will Maimaris"], status="done", note="Zero Suicide link circulated."),
        ]),
        Item(number="94", title="Any other business", page=8, actions=[
            Action("This matter would be put on the agenda for the next meeting in December", page=8,
                   owners=["Denise Gandy", "Eubert Malcolm"], due="2019-12-11"),
            Action("- Provide feedback on the programme, \"The Met: Policing\"", page=8,
                   owners=["Community Safety Partnership"], owners_raw="Partnership"),
        ]),
        Item(number="97", title="Exempt - north area violence reduction group update", page=8, exempt=True,
             actions=[Action("Share the confidential case list", page=8, owners=["Treena Fleming"])]),
    ]
    return Meeting(body="Community Safety Partnership", date="2019-10-09", kind="minutes", pages=(1, 8),
                   chair="Treena Fleming", attendees=people,
                   apologies=[Person("Beverley Tarka", organisation="Haringey Council")], items=items)


def _hwb() -> Meeting:
    return Meeting(
        body="Health and Wellbeing Board", date="2019-11-20", kind="minutes", pages=(9, 10), chair="Sarah James",
        attendees=[Person("Sarah James", role="Cabinet Member for Adults and Health", chair=True),
                   Person("Will Maimaris", role="Interim Director Public Health")],
        items=[Item(number="12", title="Suicide prevention strategy", page=9, actions=[
            Action("Bring the suicide prevention action plan to the March meeting", page=9, owners=["Will Maimaris"],
                   due="2020-03-04")])],
    )


@pytest.fixture
def home(data_home: Path) -> Path:
    """A data home with two hand-built sets of minutes of two bodies."""
    pages = [Page(index=i, label=str(i)) for i in range(1, 11)]
    doc = ParsedDocument(document=Document(path="hand-built.pdf", sha256="c" * 64, pages=10), pages=pages,
                         meetings=[_csp(), _hwb()])
    with Store.open(data_home) as s:
        s.save(doc)
    return data_home


def _id(home: Path, text_start: str) -> str:
    with Store.open(home) as s:
        (row,) = [r for r in s.action_rows(status="all", include_exempt=True) if r.action.text.startswith(text_start)]
        return row.action.id


# -- owner resolution ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("Eubert Malcolm", "Eubert Malcolm"),
    ("eubert malcolm", "Eubert Malcolm"),
    ("Malcolm", "Eubert Malcolm"),
    ("Eubert", "Eubert Malcolm"),
    ("EM", "Eubert Malcolm"),
    ("Dr Will Maimaris", "Will Maimaris"),
    ("Bev Hendricks", "Beverley Hendricks"),
    ("Hendricks", "Beverley Hendricks"),
    ("AD for Stronger Communities", "Eubert Malcolm"),
    ("Borough Commander", "Treena Fleming"),
    ("Denise Gandy", "Denise Gandy"),  # on no list: an owner the minutes named ("Director for Housing Demand")
    ("Partnership", "Community Safety Partnership"),
])
def test_owner_resolution(home: Path, typed: str, expected: str) -> None:
    with Store.open(home) as s:
        assert register.resolve_owner(s, typed) == expected


def test_chair_is_resolved_per_body(home: Path) -> None:
    with Store.open(home) as s:
        with pytest.raises(Ambiguous) as exc:
            register.resolve_owner(s, "Chair")  # two bodies, two chairs
        assert {c.split(" (")[0] for c in exc.value.candidates} == {"Treena Fleming", "Sarah James"}
        assert register.resolve_owner(s, "the Chair", body="Community Safety Partnership") == "Treena Fleming"
        assert register.resolve_owner(s, "chair", body="Health and Wellbeing Board") == "Sarah James"


@pytest.mark.parametrize(("typed", "names"), [
    ("Beverley", {"Beverley Hendricks", "Beverley Tarka"}),
    ("Assistant Director", {"Eubert Malcolm", "Beverley Hendricks"}),
])
def test_ambiguous_owner_lists_candidates(home: Path, typed: str, names: set[str]) -> None:
    with Store.open(home) as s, pytest.raises(Ambiguous) as exc:
        register.resolve_owner(s, typed)
    assert {c.split(" (")[0] for c in exc.value.candidates} == names


def test_ambiguous_owner_is_a_clean_cli_error(home: Path) -> None:
    result = cli("actions", "--owner", "Beverley")
    assert result.exit_code == 1
    assert "owner 'Beverley' is ambiguous" in result.output
    assert "Beverley Hendricks" in result.output and "Beverley Tarka" in result.output
    assert "Traceback" not in result.output


def test_unknown_owner_suggests_a_spelling(home: Path) -> None:
    result = cli("actions", "--owner", "Eubert Malcom")
    assert result.exit_code == 1
    assert "no one called 'Eubert Malcom'" in result.output and "did you mean Eubert Malcolm" in result.output


def test_joint_owners_for_assign(home: Path) -> None:
    with Store.open(home) as s:
        assert register.resolve_owners(s, "Malcolm & Bev Hendricks") == ["Eubert Malcolm", "Beverley Hendricks"]
        assert register.resolve_owners(s, "Laura Wileman and Sandeep Broca") == ["Laura Wileman", "Sandeep Broca"]
        assert register.resolve_owners(s, "AD for Safeguarding and Social Care") == ["Beverley Hendricks"]
        with pytest.raises(NotFound, match="--new"):
            register.resolve_owners(s, "Marc Isaacs")
        assert register.resolve_owners(s, "Marc Isaacs & Laura", new=True) == ["Marc Isaacs", "Laura Wileman"]


# -- listing ---------------------------------------------------------------------------------------------------


def test_grouped_by_owner_busiest_first_with_joint_actions_under_each(home: Path) -> None:
    with Store.open(home) as s:
        reg = register.list_actions(s, today=TODAY)
    assert list(reg.groups)[:2] == ["Eubert Malcolm", "Beverley Hendricks"]
    assert len(reg.groups["Eubert Malcolm"]) == 3
    joint = next(r for r in reg.groups["Beverley Hendricks"] if r.text.startswith("Agree timescales"))
    assert joint.owners == ["Eubert Malcolm", "Beverley Hendricks"]
    assert joint.age_days == (TODAY - date(2019, 10, 9)).days
    assert reg.count == 7  # distinct open actions of both bodies; the exempt item's is hidden
    assert "Treena Fleming" not in reg.groups


@pytest.mark.parametrize(("options", "expected"), [
    ({"status": "done"}, {"Good training pack"}),
    ({"overdue": True}, {"The Communications Team", "This matter would"}),
    ({"body": "health"}, {"Bring the suicide"}),
    ({"since": "2019-11"}, {"Bring the suicide"}),
    ({"until": "2019"}, {"Circulate", "Agree", "The Communications Team", "Compare", "This matter", "- Provide",
                         "Bring the suicide"}),
    ({"owner": "Will Maimaris", "status": "all"}, {"Good training pack", "Bring the suicide"}),
    ({"owner": "Chair", "body": "Community Safety Partnership", "include_exempt": True}, {"Share the confidential"}),
    ({"owner": "Chair", "body": "Community Safety Partnership"}, set()),
])
def test_filters(home: Path, options: dict, expected: set[str]) -> None:
    with Store.open(home) as s:
        reg = register.list_actions(s, today=TODAY, **options)
    texts = {r.text for rows in reg.groups.values() for r in rows}
    assert len(texts) == len(expected)
    assert all(any(t.startswith(e) for t in texts) for e in expected)


def test_meeting_filter_takes_an_id_prefix(home: Path) -> None:
    with Store.open(home) as s:
        hwb = next(m for m in s.meetings() if m.body == "Health and Wellbeing Board")
        reg = register.list_actions(s, meeting=hwb.id[:5], today=TODAY)
        assert reg.scope == "Health and Wellbeing Board, minutes of 2019-11-20"
        assert [r.item for rows in reg.groups.values() for r in rows] == ["12"]
        with pytest.raises(NotFound):
            register.list_actions(s, meeting="mzzzz")
        by_date = register.list_actions(s, meeting="2019-10-09", status="all", today=TODAY)
        assert by_date.scope == "Community Safety Partnership, minutes of 2019-10-09"


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2019", False, "2019-01-01"), ("2019", True, "2019-12-31"), ("2020-02", True, "2020-02-29"),
    ("2019-12", True, "2019-12-31"), ("2019-10-09", True, "2019-10-09"),
])
def test_date_bounds(value: str, end: bool, expected: str) -> None:
    assert register.date_bound(value, "--since", end=end) == expected


def test_bad_dates_and_status_are_clean_errors(home: Path) -> None:
    for args, message in ((["--since", "last week"], "--since expects a date"),
                          (["--until", "2019-13"], "--until expects a date"),
                          (["--status", "finished"], "--status must be one of open, closed, all")):
        result = cli("actions", *args)
        assert result.exit_code == 1 and message in result.output, args


def test_cli_table_json_and_csv(home: Path) -> None:
    table = cli("actions", "--owner", "Treena", "--body", "Community Safety", "--include-exempt")
    assert table.exit_code == 0, table.output
    assert "Treena Fleming — 1 open action(s)" in table.output
    assert _id(home, "Share the confidential") in table.output
    as_json = json.loads(cli("actions", "--json", "--status", "all").output)
    # A flat list, each action once (a joint action too), with `owners` a list: `jq '.[] | select(...)'` works.
    assert isinstance(as_json, list) and len({a["id"] for a in as_json}) == len(as_json) == 8
    assert set(as_json[0]) == {"id", "status", "text", "owners", "due", "meeting_id", "meeting_date", "body", "item",
                               "item_title", "page", "note", "closed_on", "age_days", "overdue"}
    joint = next(a for a in as_json if a["text"].startswith("Agree timescales"))
    assert joint["owners"] == ["Eubert Malcolm", "Beverley Hendricks"]
    assert json.loads(cli("actions", "--format", "json", "--status", "all").output) == as_json
    as_csv = cli("actions", "--csv", "--overdue").output
    rows = list(csv.DictReader(io.StringIO(as_csv.lstrip("\ufeff"))))
    assert {(r["owners"], r["overdue"]) for r in rows} >= {("Laura Wileman", "yes"),
                                                           ("Denise Gandy & Eubert Malcolm", "yes")}


def test_owners_busiest_first(home: Path) -> None:
    with Store.open(home) as s:
        counts = register.owner_counts(s, today=TODAY)
    assert [(c.owner, c.open, c.done) for c in counts[:2]] == [("Eubert Malcolm", 3, 0), ("Beverley Hendricks", 2, 0)]
    will = next(c for c in counts if c.owner == "Will Maimaris")
    assert (will.open, will.done, will.overdue) == (1, 1, 0)
    result = cli("owners", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["owner"] == "Eubert Malcolm"
    assert "Eubert Malcolm" in cli("owners").output


# -- changes and their history ---------------------------------------------------------------------------------


def test_done_reopen_assign_are_recorded_with_notes(home: Path) -> None:
    flyer = _id(home, "Circulate the printed")
    result = cli("actions", "done", flyer[:4], "--note", "Flyer emailed to partners on 14 Oct")
    assert result.exit_code == 0, result.output
    assert f"{flyer} done" in result.output
    again = cli("actions", "done", flyer)
    assert again.exit_code == 1 and "already done" in again.output

    assert cli("actions", "reopen", flyer, "--note", "Printed copies still to go").exit_code == 0
    assert cli("actions", "reopen", flyer).exit_code == 1
    result = cli("actions", "assign", flyer, "Malcolm & Laura", "--note", "Comms will print them")
    assert result.exit_code == 0, result.output
    assert "Eubert Malcolm & Laura Wileman" in result.output

    shown = json.loads(cli("actions", "show", flyer, "--json").output)
    assert shown["status"] == "open" and shown["owners"] == ["Eubert Malcolm", "Laura Wileman"]
    assert shown["parsed_owners"] == ["Beverley Hendricks"]
    assert [(e["n"], e["kind"], e["previous"], e["value"], e["note"]) for e in shown["history"]] == [
        (1, "status", "open", "done", "Flyer emailed to partners on 14 Oct"),
        (2, "status", "done", "open", "Printed copies still to go"),
        (3, "owner", '["Beverley Hendricks"]', '["Eubert Malcolm", "Laura Wileman"]', "Comms will print them")]
    assert all(e["at"].endswith("Z") for e in shown["history"])
    table = cli("actions", "show", flyer)
    assert table.exit_code == 0 and "Flyer emailed to partners on 14 Oct" in table.output
    assert "History" in table.output
    assert "owner: Beverley Hendricks → Eubert Malcolm & Laura Wileman" in table.output

    with Store.open(home) as s:
        reg = register.list_actions(s, owner="Laura Wileman", today=TODAY)
    assert any(r.id == flyer and r.note == "Comms will print them" for r in reg.groups["Laura Wileman"])


def test_note_due_and_who(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logo = _id(home, "The Communications Team")
    monkeypatch.setenv("MINUTEBOOK_USER", "Committee Clerk")
    result = cli("actions", "note", logo[:5], "Designer has sent two drafts")
    assert result.exit_code == 0, result.output
    assert cli("actions", "due", logo, "11 December 2019", "--by", "Laura Wileman").exit_code == 0
    monkeypatch.delenv("MINUTEBOOK_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "lw")
    assert cli("actions", "due", logo, "none").exit_code == 0
    assert cli("actions", "due", logo, "2019-12-11").exit_code == 0
    bad = cli("actions", "due", logo, "soon")
    assert bad.exit_code == 1 and "DATE expects a day" in bad.output
    shown = json.loads(cli("actions", "show", logo, "--json").output)
    assert (shown["status"], shown["due"], shown["note"]) == ("open", "2019-12-11", "Designer has sent two drafts")
    assert [(e["n"], e["kind"], e["by"], e["previous"], e["value"]) for e in shown["history"]] == [
        (1, "note", "Committee Clerk", "", ""), (2, "due", "Laura Wileman", "2019-10-19", "2019-12-11"),
        (3, "due", "lw", "2019-12-11", ""), (4, "due", "lw", "", "2019-12-11")]
    assert "due: 2019-10-19 → 2019-12-11" in cli("actions", "show", logo).output
    with Store.open(home) as s:
        (row,) = register.list_actions(s, owner="Laura", today=TODAY).groups["Laura Wileman"]
    assert (row.due, row.overdue, row.note) == ("2019-12-11", True, "Designer has sent two drafts")


def test_statuses_and_completion_dates(home: Path) -> None:
    flyer, logo, burglary = _id(home, "Circulate the printed"), _id(home, "The Communications"), _id(home, "Compare")
    assert cli("actions", "status", "in progress", flyer, "--note", "At the printers").exit_code == 0
    assert cli("actions", "status", "deferred", logo).exit_code == 0
    assert cli("actions", "status", "superseded", burglary, "--on", "2019-11-01").exit_code == 0
    bad = cli("actions", "status", "finished", flyer)
    assert bad.exit_code == 1 and "status must be one of open, in progress" in bad.output
    with Store.open(home) as s:
        outstanding = {r.id: r.status for r in register.list_actions(s, today=TODAY).actions}
        closed = {r.id: (r.status, r.closed_on, r.age_days)
                  for r in register.list_actions(s, status="closed", today=TODAY).actions}
    assert (outstanding[flyer], outstanding[logo]) == ("in progress", "deferred") and burglary not in outstanding
    assert closed[burglary] == ("superseded", "2019-11-01", 23)  # stopped ageing on 1 November
    result = cli("actions", "done", flyer, "--on", "2019-10-14")
    assert result.exit_code == 0, result.output
    with Store.open(home) as s:
        row = next(r for r in register.list_actions(s, status="done", today=TODAY).actions if r.id == flyer)
        later = next(r for r in register.list_actions(s, status="done", today=date(2021, 1, 1)).actions
                     if r.id == flyer)
    assert (row.closed_on, row.age_days, later.age_days) == ("2019-10-14", 5, 5)


def test_add_an_action_the_parser_missed(home: Path) -> None:
    result = cli("actions", "add", "Send the DAHA timetable to partners", "--meeting", "2019-10-09", "--item", "86",
                 "--owner", "Hendricks", "--due", "2019-11-30", "--by", "clerk")
    assert result.exit_code == 0, result.output
    added = json.loads(cli("actions", "--json", "--owner", "Beverley Hendricks").output)
    new = next(a for a in added if a["text"] == "Send the DAHA timetable to partners")
    assert (new["item"], new["due"], new["owners"], new["page"]) == ("86", "2019-11-30", ["Beverley Hendricks"], 2)
    shown = json.loads(cli("actions", "show", new["id"], "--json").output)
    assert [(e["n"], e["kind"], e["by"]) for e in shown["history"]] == [(1, "add", "clerk")]
    # a re-ingest of the minutes keeps it
    pages = [Page(index=i, label=str(i)) for i in range(1, 11)]
    with Store.open(home) as s:
        s.save(ParsedDocument(document=Document(path="hand-built.pdf", sha256="c" * 64, pages=10), pages=pages,
                              meetings=[_csp(), _hwb()]))
        assert s.action(new["id"]).action.text == "Send the DAHA timetable to partners"
    missing = cli("actions", "add", "Anything", "--meeting", "2019-10-09", "--item", "99", "--owner", "Hendricks")
    assert missing.exit_code == 1 and "has no item 99 (its items: 86, 90, 91, 94, 97)" in missing.output
    twice = cli("actions", "add", "Send the DAHA timetable to partners", "--meeting", "2019-10-09", "--item", "86")
    assert twice.exit_code == 1 and "already recorded as" in twice.output


def test_dismissed_is_in_the_history_and_out_of_every_listing(home: Path) -> None:
    feedback = _id(home, "- Provide feedback")
    assert cli("actions", "dismiss", feedback).exit_code == 1  # a reason is required
    result = cli("actions", "dismiss", feedback, "--note", "A programme title, not an action")
    assert result.exit_code == 0, result.output
    for args in (("actions", "--json", "--status", "all"), ("actions", "export", "--format", "json"),
                 ("actions", "--json")):
        assert feedback not in {a["id"] for a in json.loads(cli(*args).output)}, args
    assert feedback not in cli("actions", "export").output and feedback not in cli("export").output
    assert "Community Safety Partnership" not in {c["owner"] for c in json.loads(cli("owners", "--json").output)}
    shown = json.loads(cli("actions", "show", feedback, "--json").output)
    assert shown["status"] == "dismissed"
    assert [(e["kind"], e["previous"], e["note"]) for e in shown["history"]] == [
        ("dismiss", "open", "A programme title, not an action")]
    assert [a["id"] for a in json.loads(cli("actions", "--json", "--status", "dismissed").output)] == [feedback]
    assert cli("actions", "reopen", feedback).exit_code == 0
    assert feedback in {a["id"] for a in json.loads(cli("actions", "--json").output)}


def test_bulk_done_asks_first_and_lists_what_will_change(home: Path) -> None:
    flyer, joint = _id(home, "Circulate the printed"), _id(home, "Agree timescales")
    result = cli("actions", "done", flyer, joint, "--yes", "--note", "Reported at the December meeting")
    assert result.exit_code == 0, result.output
    assert f"{flyer} done" in result.output and f"{joint} done" in result.output
    october = _meeting(home, "Community")
    asked = runner.invoke(app, ["actions", "done", "--owner", "Malcolm", "--meeting", october], input="n\n")
    assert asked.exit_code == 1 and "2 action(s) will be marked done" in asked.output
    assert "Compare burglary rates" in asked.output and "nothing changed" in asked.output
    with Store.open(home) as s:
        assert len(register.list_actions(s, owner="Malcolm").actions) == 2
    yes = runner.invoke(app, ["actions", "done", "--owner", "Malcolm", "--meeting", october], input="y\n")
    assert yes.exit_code == 0, yes.output
    with Store.open(home) as s:
        assert register.list_actions(s, owner="Malcolm").actions == []
    none = cli("actions", "done", "--owner", "Malcolm", "--yes")
    assert none.exit_code == 0 and "nothing to change" in none.output
    assert cli("actions", "done").exit_code == 1  # nothing selected
    shown = json.loads(cli("actions", "show", flyer, "--json").output)
    assert [e["n"] for e in shown["history"]] == [1]


def test_unknown_and_ambiguous_ids(home: Path) -> None:
    assert cli("actions", "done", "zzzz").exit_code == 1
    result = cli("actions", "show", "a")
    assert result.exit_code == 1 and "ambiguous" in result.output


# -- exports ---------------------------------------------------------------------------------------------------


def _log(home: Path) -> register.Register:
    with Store.open(home) as s:
        return register.list_actions(s, body="Community Safety Partnership", status="all", today=TODAY)


@pytest.mark.parametrize(("name", "render"), [
    ("log.csv", lambda reg: actionlog.to_csv(reg)),
    ("log.md", lambda reg: actionlog.to_markdown(reg)),
    ("log-by-owner.md", lambda reg: actionlog.to_markdown(reg, group="owner")),
    ("log.json", lambda reg: json.dumps(actionlog.to_json(reg), indent=2, ensure_ascii=False) + "\n"),
    ("log.ics", lambda reg: actionlog.to_ics(reg)),
])
def test_export_matches_expected_file(home: Path, name: str, render) -> None:
    got = render(_log(home))
    path = EXPECTED / name
    if os.environ.get("MINUTEBOOK_UPDATE_EXPECTED"):
        path.write_bytes(got.encode("utf-8"))
    assert got == path.read_bytes().decode("utf-8")


def test_csv_opens_cleanly(home: Path) -> None:
    raw = actionlog.to_csv(_log(home)).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(actionlog.CSV_COLUMNS)
    assert all(len(r) == len(rows[0]) for r in rows)
    by_text = {r[5]: r for r in rows[1:]}
    assert len(by_text) == len(rows) - 1  # a joint action is one row, with every owner
    assert by_text["Compare burglary rates | before and after the campaign"][6] == "Eubert Malcolm & Sandeep Broca"
    assert "'- Provide feedback on the programme, \"The Met: Policing\"" in by_text  # no formula, quotes kept


def test_markdown_log_reads_like_matters_arising(home: Path) -> None:
    md = actionlog.to_markdown(_log(home))
    headings = [x for x in md.splitlines() if x.startswith("## ")]
    assert headings[0] == "## Matters arising from 9 October 2019, minute 86: Children and young people's service"
    assert "| Ref | Action | Owner(s) | Due | Status | Latest note |" in md
    line = next(x for x in md.splitlines() if "Compare burglary" in x)
    assert "rates \\| before" in line
    assert line.count("|") - line.count("\\|") == 7  # six cells
    joint = [x for x in md.splitlines() if "Agree timescales" in x]
    assert len(joint) == 1 and "Eubert Malcolm & Beverley Hendricks" in joint[0]
    zero = next(x for x in md.splitlines() if "Zero Suicide" in x)
    assert "done 9 October 2019" in zero and "Zero Suicide link circulated." in zero


def test_docx_log_is_a_word_table(home: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "log.docx"
    result = cli("actions", "export", "--format", "docx", "--body", "Community Safety", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Action log: Community Safety Partnership"
    assert "Matters arising from 9 October 2019, minute 90: Communications plan update" in headings
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert rows[0] == ["Ref", "Action", "Owner(s)", "Due", "Status", "Latest note"]
    body = [r for r in rows if r[0] != "Ref"]
    assert len(body) == 7 and len({r[0] for r in body}) == 7  # the exempt action is left out; joint ones once
    logo = next(r for r in body if "logo" in r[1])
    assert (logo[2], logo[3]) == ("Laura Wileman", "19 October 2019") and logo[4].startswith("open")


def test_calendar_has_the_open_actions_with_due_dates(home: Path) -> None:
    ics = cli("actions", "--format", "ics", "--status", "all").stdout_bytes.decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == 3  # logo, December agenda, suicide plan: open and dated
    assert "DTSTART;VALUE=DATE:20191019" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_export_cli(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    result = cli("actions", "export", "--format", "csv", "--body", "Community Safety", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert {r["status"] for r in rows} == {"open", "done"}
    md = cli("actions", "export", "--format", "md", "--meeting", _meeting(home, "Health")).output
    assert md.startswith("# Action log: Health and Wellbeing Board, minutes of 2019-11-20")
    data = json.loads(cli("actions", "export", "--format", "json").output)
    listed = json.loads(cli("actions", "--json", "--status", "all").output)
    assert [a["id"] for a in data] == [a["id"] for a in listed] and data == listed
    by_owner = cli("actions", "export", "--group", "owner").output
    assert "## Eubert Malcolm & Beverley Hendricks (1 action(s): 1 outstanding, 0 done)" in by_owner
    bad = cli("actions", "export", "--format", "xlsx")
    assert bad.exit_code == 1 and "use --format md, csv, json or docx" in bad.output


@pytest.mark.parametrize("args", [
    ("actions", "export", "--format", "csv"), ("actions", "export", "--format", "docx"),
    ("actions", "--format", "ics"), ("actions", "--json"), ("export",),
])
def test_every_export_writes_to_a_file_or_says_why_not(home: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    good = tmp_path / "out.file"
    assert cli(*args, "-o", str(good)).exit_code == 0 and good.stat().st_size > 0
    missing = cli(*args, "-o", str(tmp_path / "missing" / "dir" / "x.csv"))
    assert missing.exit_code == 1 and "folder" in missing.output and "does not exist" in missing.output
    assert "Traceback" not in missing.output and len(missing.output.strip().splitlines()) == 1
    folder = cli(*args, "-o", str(tmp_path))
    assert folder.exit_code == 1 and "is a folder" in folder.output


def test_export_json_uses_the_same_action_shape(home: Path) -> None:
    data = json.loads(cli("export").output)
    listed = {a["id"]: a for a in json.loads(cli("actions", "--json", "--status", "all", "--include-exempt").output)}
    exported = [a for m in data["meetings"] for i in m["items"] for a in i["actions"]]
    assert exported and all(a == listed[a["id"]] for a in exported)


def _meeting(home: Path, body_start: str) -> str:
    with Store.open(home) as s:
        return next(m.id for m in s.meetings() if m.body.startswith(body_start))


def test_listing_imports_no_nlp_pdf_or_index(home: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv = ['minutebook', 'actions', '--json', '--status', 'all']\n"
            "try:\n    runpy.run_module('minutebook.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'pdfplumber', 'whoosh', 'pdfminer')]\n"
            "print('HEAVY', heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                          timeout=60)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert "Eubert Malcolm" in proc.stdout


# -- the real pack ---------------------------------------------------------------------------------------------


def _rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_pack_owner_eubert_malcolm_includes_joint_actions(pack_home: Path) -> None:
    rows = _rows(cli("actions", "--owner", "Eubert Malcolm", "--json"))
    assert rows and all(r["status"] == "open" and "Eubert Malcolm" in r["owners"] for r in rows)
    joint = {frozenset(r["owners"]) for r in rows if len(r["owners"]) > 1}
    assert frozenset({"Eubert Malcolm", "Beverley Hendricks"}) in joint
    assert frozenset({"Eubert Malcolm", "Sandeep Broca"}) in joint
    assert any("timescales" in r["text"] for r in rows)
    table = cli("actions", "--owner", "Eubert Malcolm")
    assert f"Eubert Malcolm — {len(rows)} open action(s)" in table.output


def test_pack_chair_is_treena_fleming(pack_home: Path) -> None:
    result = cli("actions", "--owner", "Chair", "--json")
    rows = json.loads(result.output)
    assert rows and {o for r in rows for o in r["owners"]} >= {"Treena Fleming"}
    assert all("Treena Fleming" in r["owners"] for r in rows)
    assert "Chair = Treena Fleming" in cli("actions", "--owner", "Chair").output


def test_pack_done_includes_zero_suicide(pack_home: Path) -> None:
    rows = _rows(cli("actions", "--status", "done", "--json"))
    zero = [r for r in rows if "Zero Suicide" in r["text"]]
    assert zero and zero[0]["item"] == "91" and zero[0]["meeting_date"] == "2019-10-09"
    assert "circulated" in zero[0]["note"]


def test_pack_action_log_reads_like_a_clerks(pack_home: Path, tmp_path: Path) -> None:
    from docx import Document

    md = cli("actions", "export", "--body", "Community Safety").output
    assert md.startswith("# Action log: Community Safety Partnership\n")
    assert "## Matters arising from 9 October 2019, minute 86: CHILDREN AND YOUNG PEOPLE'S SERVICE" in md
    timescales = [x for x in md.splitlines() if "Agree timescales" in x]
    assert len(timescales) == 1 and "| Eubert Malcolm & Beverley Hendricks |" in timescales[0]
    zero = next(x for x in md.splitlines() if "Zero Suicide" in x)
    assert "| done 9 October 2019 |" in zero and "circulated to the Partnership following the meeting" in zero
    out = tmp_path / "log.docx"
    assert cli("actions", "export", "--format", "docx", "--body", "Community Safety", "-o", str(out)).exit_code == 0
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Action log: Community Safety Partnership"
    assert len(doc.tables) == len(headings) - 1  # one table per minute with actions
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows[1:]]
    md_refs = [x.split(" | ")[0].lstrip("| ") for x in md.splitlines() if x.startswith("| a")]
    assert [r[0] for r in rows] == md_refs  # the same actions, in the same order
    logo = next(r for r in rows if "logo" in r[1])
    assert (logo[2], logo[3]) == ("Laura Wileman", "19 October 2019") and logo[4] == "open (overdue)"


def _resave(src: Path, dest: Path) -> None:
    """The same pages in a new file (pdfium rewrites the whole PDF): new sha256, same content."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    try:
        pdf.save(str(dest))
    finally:
        pdf.close()


def test_manual_status_and_note_survive_reingest_and_reindex(pack_home: Path, tmp_path: Path) -> None:
    flyer = next(r["id"] for r in _rows(cli("actions", "--owner", "Hendricks", "--json"))
                 if "flyer" in r["text"])
    assert cli("actions", "done", flyer, "--note", "Flyer emailed to partners on 14 Oct").exit_code == 0
    assert cli("actions", "assign", _id(pack_home, "Provide feedback"), "Joe Benmore").exit_code == 0
    before = _rows(cli("actions", "--status", "all", "--json"))

    same = cli("ingest", str(PACK))
    assert same.exit_code == 0 and "unchanged" in same.output
    copy = tmp_path / "haringey-csp-2019-12-11-resaved.pdf"
    _resave(PACK, copy)
    assert copy.read_bytes() != PACK.read_bytes()
    newer = cli("ingest", str(copy))
    assert newer.exit_code == 0, newer.output
    with sqlite3.connect(store_path(pack_home)) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    db.close()
    assert cli("reindex").exit_code == 0

    after = _rows(cli("actions", "--status", "all", "--json"))
    assert sorted((r["id"], r["owners"], r["status"]) for r in after) == sorted(
        (r["id"], r["owners"], r["status"]) for r in before)
    shown = json.loads(cli("actions", "show", flyer, "--json").output)
    assert shown["status"] == "done"
    assert [(e["kind"], e["value"], e["note"]) for e in shown["history"]] == [
        ("status", "done", "Flyer emailed to partners on 14 Oct")]
    assert any(r["owners"] == ["Joe Benmore"] for r in after)
    assert any(r["id"] == flyer for r in _rows(cli("actions", "--status", "done", "--json")))



def test_register_resolves_owners_as_ingest_does(data_home: Path) -> None:
    # Horsley Neighbourhood Plan Working Group minutes (wild corpus): the list prints "A.Vigrass" and the action
    # column "AV"; the ingest resolver and `actions --owner AV` must agree.
    from minutebook.ingest.owners import Roster

    people = [Person("A.Vigrass"), Person("Jolyon Neely"), Person("Secretary Jon Stride")]
    meeting = Meeting(body="Working Group", date="2014-10-19", kind="minutes", attendees=people, pages=[1, 1],
                      items=[Item(number="1", title="Actions", page=1,
                                  actions=[Action("Inspect the wood", page=1, owners=["A.Vigrass"])])])
    pages = [Page(index=1, label="1")]
    doc = ParsedDocument(document=Document(path="wg.pdf", sha256="d" * 64, pages=1), pages=pages, meetings=[meeting])
    with Store.open(data_home) as s:
        s.save(doc)
        roster = Roster(people)
        for typed in ("AV", "Jon", "JN"):
            assert register.resolve_owner(s, typed) == roster.resolve_one(typed)


def test_assign_updates_the_search_index(pack_home: Path) -> None:
    # issue 14 case 11: `search owner:` read the old owner until a manual reindex
    rows = json.loads(cli("actions", "--owner", "Laura Wileman", "--json").stdout)
    action = rows[0]["id"]
    assert cli("actions", "assign", action, "Sandeep Broca").exit_code == 0
    found = json.loads(cli("search", 'owner:"sandeep broca"', "--kind", "action", "--json", "--limit", "50").stdout)
    assert action in {h.get("action_id") or h.get("id") for h in found} or any(
        action in json.dumps(h) for h in found)


def test_action_table_prints_names_and_bodies_as_written() -> None:
    """A body, an owner or a note with "[draft]" or ":smile:" in it is data, not rich markup or an emoji code."""
    from rich.console import Console

    from minutebook.render import render_actions, render_owners

    row = register.RegisterRow(id="a1b2c3d", owner="Ann [interim] Lee", owners=["Ann [interim] Lee"],
                               meeting_id="m1", date="2019-10-09", body="Safer [draft] Board :smile:", item="86",
                               item_title="", page=2, text="Send the [final] flyer", due=None, status="open",
                               age_days=3)
    reg = register.Register(groups={"Ann [interim] Lee": [row, _with(row, id="a9f8e7d", body="Board [b]")]})
    out = Console(width=120, file=io.StringIO(), color_system=None)
    render_actions(out, reg)
    render_owners(out, [register.OwnerCount(owner="Ann [interim] Lee", open=2, overdue=0, done=0,
                                            oldest_open="2019-10-09")])
    text = out.file.getvalue()
    assert "Ann [interim] Lee — 2 open action(s)" in text
    assert "Safer [draft] Board :smile:" in text and "Board [b]" in text and "Send the [final] flyer" in text
    assert text.count("Ann [interim] Lee") == 2


def _with(row: register.RegisterRow, **changes) -> register.RegisterRow:
    import dataclasses

    return dataclasses.replace(row, **changes)
