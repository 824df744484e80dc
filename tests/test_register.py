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

from minutebook import register
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
                          (["--status", "closed"], "--status must be open, done or all")):
        result = cli("actions", *args)
        assert result.exit_code == 1 and message in result.output, args


def test_cli_table_json_and_csv(home: Path) -> None:
    table = cli("actions", "--owner", "Treena", "--body", "Community Safety", "--include-exempt")
    assert table.exit_code == 0, table.output
    assert "Treena Fleming — 1 open action(s)" in table.output
    assert _id(home, "Share the confidential") in table.output
    as_json = json.loads(cli("actions", "--json", "--status", "all").output)
    assert set(as_json["Will Maimaris"][0]) >= {"id", "date", "body", "item", "page", "text", "due", "status",
                                                "age_days", "owners", "overdue", "note"}
    as_csv = cli("actions", "--csv", "--overdue").output
    rows = list(csv.DictReader(io.StringIO(as_csv.lstrip("\ufeff"))))
    assert {(r["owner"], r["overdue"]) for r in rows} >= {("Laura Wileman", "yes"), ("Denise Gandy", "yes")}


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
    assert [(e["kind"], e["note"]) for e in shown["history"]] == [
        ("done", "Flyer emailed to partners on 14 Oct"), ("reopen", "Printed copies still to go"),
        ("assign", "Comms will print them")]
    assert all(e["at"].endswith("Z") for e in shown["history"])
    table = cli("actions", "show", flyer)
    assert table.exit_code == 0 and "Flyer emailed to partners on 14 Oct" in table.output
    assert "History" in table.output and "assign → Eubert Malcolm, Laura Wileman" in table.output

    with Store.open(home) as s:
        reg = register.list_actions(s, owner="Laura Wileman", today=TODAY)
    assert any(r.id == flyer and r.note == "Comms will print them" for r in reg.groups["Laura Wileman"])


def test_unknown_and_ambiguous_ids(home: Path) -> None:
    assert cli("actions", "done", "zzzz").exit_code == 1
    result = cli("actions", "show", "a")
    assert result.exit_code == 1 and "ambiguous" in result.output


# -- exports ---------------------------------------------------------------------------------------------------


def _log(home: Path) -> register.Register:
    with Store.open(home) as s:
        return register.list_actions(s, body="Community Safety Partnership", status="all", today=TODAY)


@pytest.mark.parametrize(("name", "render"), [
    ("log.csv", lambda reg: register.to_csv(reg)),
    ("log.md", lambda reg: register.to_markdown(reg)),
    ("log.json", lambda reg: json.dumps(register.to_json(reg), indent=2, ensure_ascii=False) + "\n"),
])
def test_export_matches_expected_file(home: Path, name: str, render) -> None:
    got = render(_log(home))
    path = EXPECTED / name
    if os.environ.get("MINUTEBOOK_UPDATE_EXPECTED"):
        path.write_bytes(got.encode("utf-8"))
    assert got == path.read_bytes().decode("utf-8")


def test_csv_opens_cleanly(home: Path) -> None:
    raw = register.to_csv(_log(home)).encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(register.EXPORT_COLUMNS)
    assert all(len(r) == len(rows[0]) for r in rows)
    by_text = {r[6]: r for r in rows[1:]}
    assert "Compare burglary rates | before and after the campaign" in by_text
    assert "'- Provide feedback on the programme, \"The Met: Policing\"" in by_text  # no formula, quotes kept


def test_markdown_table_escapes_pipes(home: Path) -> None:
    md = register.to_markdown(_log(home))
    line = next(x for x in md.splitlines() if "Compare burglary" in x)
    assert "rates \\| before" in line
    assert line.count("|") - line.count("\\|") == 8  # seven cells


def test_export_cli(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    result = cli("actions", "export", "--format", "csv", "--body", "Community Safety", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert {r["status"] for r in rows} == {"open", "done"}
    md = cli("actions", "export", "--format", "md", "--meeting", _meeting(home, "Health")).output
    assert md.startswith("# Action log: Health and Wellbeing Board, minutes of 2019-11-20")
    data = json.loads(cli("actions", "export", "--format", "json").output)
    assert data["schema"] == "minutebook/actions/1" and data["owners"][0]["owner"] == "Eubert Malcolm"
    bad = cli("actions", "export", "--format", "xlsx")
    assert bad.exit_code == 1 and "use --format csv, md or json" in bad.output


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
    return [r for rows in json.loads(result.output).values() for r in rows]


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
    groups = json.loads(result.output)
    assert list(groups) == ["Treena Fleming"]
    assert "Chair = Treena Fleming" in cli("actions", "--owner", "Chair").output


def test_pack_done_includes_zero_suicide(pack_home: Path) -> None:
    rows = _rows(cli("actions", "--status", "done", "--json"))
    zero = [r for r in rows if "Zero Suicide" in r["text"]]
    assert zero and zero[0]["item"] == "91" and zero[0]["date"] == "2019-10-09"
    assert "circulated" in zero[0]["note"]


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
    assert sorted((r["id"], r["owner"], r["status"]) for r in after) == sorted(
        (r["id"], r["owner"], r["status"]) for r in before)
    shown = json.loads(cli("actions", "show", flyer, "--json").output)
    assert shown["status"] == "done"
    assert [(e["kind"], e["note"]) for e in shown["history"]] == [("done", "Flyer emailed to partners on 14 Oct")]
    assert any(r["owner"] == "Joe Benmore" for r in after)
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
