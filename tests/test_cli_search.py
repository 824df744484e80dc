"""`minutebook search` and `minutebook show` on the real pack (issue 13): citations, kinds, sorts, show by any ref.

Pages were checked against the PDF's text: 86(f) ("safeguarding training was
on the Council's website") is printed on page 3 (PDF page 6); the end of
item 88 ("vulnerability in prison spaces") on page 5 (PDF page 8); minute 94
on page 8 (PDF page 11). The pack's first three PDF pages (the agenda) carry
no printed number.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from typer.testing import CliRunner

from minutebook.cli import app
from tests.conftest import DATA, PACK

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def hits(*args: str) -> list[dict]:
    result = invoke("search", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("query", "item", "page", "pdf_page"),
    [
        ("safeguarding training on the Council's website", "86", 3, 6),
        ("vulnerability in prison spaces", "88", 5, 8),
        ("Brexit contingency plan central aid", "94", 8, 11),
    ],
)
def test_a_hit_cites_the_page_its_snippet_is_on(pack_home, query, item, page, pdf_page):
    top = hits(query)[0]
    assert (top["item"], top["page"], top["page_label"], top["pdf_page"]) == (item, page, str(page), pdf_page)


def test_citation_is_copy_ready_and_the_path_absolute(pack_home):
    found = hits("Brexit contingency plan central aid")
    top = next(h for h in found if h["kind"] == "minute_item")
    assert top["citation"] == "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)"
    assert top["path"] == str(PACK.resolve())
    table = invoke("search", "Brexit contingency plan central aid").output
    assert "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)" in table
    assert str(PACK.resolve()) in table


def test_an_unnumbered_page_is_cited_by_its_pdf_page(pack_home):
    top = next(h for h in hits("DAHA accreditation Homes for Haringey") if h["kind"] == "agenda_item")
    assert top["item"] == "10" and top["page_label"] == "" and top["pdf_page"] == 1
    assert top["citation"] == "Community Safety Partnership, 11 Dec 2019, agenda item 10, PDF p.1"


def test_snippet_does_not_repeat_the_title(pack_home):
    found = hits("knife crime")
    assert found
    for h in found:
        if h["title"]:
            assert not h["snippet"].lower().startswith(h["title"].lower()), h


def test_no_page_hit_duplicates_a_report_section(pack_home):
    found = hits("*", "--kind", "report_section", "--kind", "page")
    sections = {(h["document_id"], h["pdf_page"]) for h in found if h["kind"] == "report_section"}
    pages = [h for h in found if h["kind"] == "page"]
    assert sections
    for page in pages:
        words = set(page["snippet"].lower().split())
        same = [h for h in found if h["kind"] == "report_section" and (h["document_id"], h["pdf_page"]) ==
                (page["document_id"], page["pdf_page"])]
        assert not any(len(words & set(h["snippet"].lower().split())) > 0.8 * len(words) for h in same), page


def test_json_lists_every_matching_record(pack_home):
    data = json.loads(invoke("export").stdout)
    actions = [a for m in data["meetings"] for i in m["items"] if not i.get("exempt") for a in i.get("actions", [])]
    found = hits("*", "--kind", "action")
    assert len(found) == len(actions) > 10
    assert len(hits("*", "--kind", "action", "--group")) < len(found)  # grouping, only when asked for


def test_table_groups_by_item_unless_told_not_to(pack_home):
    grouped = invoke("search", "burglary campaign").output
    flat = invoke("search", "burglary campaign", "--no-group", "--limit", "50").output
    assert "more in this item" in grouped and "more in this item" not in flat
    assert flat.count("show ") > grouped.count("show ")


def test_kind_decision_carries_the_vote(pack_home):
    found = hits("noted", "--kind", "decision")
    assert found and {h["kind"] for h in found} == {"resolution"}
    assert all({"mover", "seconder", "outcome", "tally", "citation"} <= h.keys() for h in found)


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_sort_by_meeting_date(pack_home, sort):
    dates = [h["meeting_date"] for h in hits("Partnership", "--sort", sort, "--limit", "40") if h["every_word"]]
    assert len(set(dates)) == 2
    assert dates == sorted(dates, reverse=sort == "newest")


def test_timeline_shows_first_and_last_meeting(pack_home):
    out = invoke("search", "knife crime", "--timeline").output
    assert "2 meetings mention 'knife crime'" in out
    first, last = out.index("first: "), out.index("last: ")
    assert "9 Oct 2019" in out[first:last] and "11 Dec 2019" in out[last:]
    rows = json.loads(invoke("search", "knife crime", "--timeline", "--json").stdout)
    assert [r["meeting_date"] for r in rows] == ["2019-10-09", "2019-12-11"]


def test_question_and_misspelling_say_what_was_searched(pack_home):
    out = invoke("search", "what did we resolve about CCTV?").output
    assert "searched for 'CCTV'" in out and "CCTV" in out
    out = invoke("search", "burgalry").output
    assert "showing results for 'burglary'" in out and "COMMUNICATIONS PLAN UPDATE" in out


def test_unknown_body_lists_the_stored_bodies(pack_home):
    result = runner.invoke(app, ["search", "CCTV", "--body", "Planning Committee"])
    assert result.exit_code == 1
    assert "Planning Committee" in result.output and "Community Safety Partnership" in result.output


@pytest.mark.parametrize("after_a_bad_file", [False, True])
def test_empty_store_says_how_to_fill_it(tmp_path, after_a_bad_file):
    if after_a_bad_file:  # the store exists, but holds nothing
        (tmp_path / "notes.pdf").write_text("these are not minutes")
        assert runner.invoke(app, ["ingest", str(tmp_path / "notes.pdf")]).exit_code == 1
    for args in (["search", "CCTV"], ["show", "2019-10-09"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert "nothing ingested yet: run `minutebook ingest PATH`" in result.output


# -- show ----------------------------------------------------------------------


def _ref(hit: dict) -> str:
    return hit["item_id"] if hit["kind"] in ("agenda_item", "minute_item") else hit["doc_id"]


def test_show_opens_every_kind_of_hit(pack_home):
    # Every page of the pack outside the items is a report's, so the only page records are the exempt ones.
    found = hits("*", "--include-exempt")
    by_kind = {}
    for h in found:
        if h["kind"] == "page" or h["meeting_id"] and not any(x["item_id"] == h["item_id"] and x["kind"] == h["kind"]
                                                              for x in by_kind.values()):
            by_kind.setdefault(h["kind"], h)
    assert {"minute_item", "agenda_item", "point", "resolution", "action", "report_section", "plan_action",
            "page"} <= by_kind.keys()
    for kind, h in by_kind.items():
        result = invoke("show", _ref(h), "--include-exempt")
        assert result.exit_code == 0, (kind, result.output)
        page = f"p.{h['page_label']} (PDF p.{h['pdf_page']})" if h["page_label"] else f"PDF p.{h['pdf_page']}"
        assert str(PACK.resolve()) in result.output, kind
        if kind != "page":
            assert page in result.output or f"(PDF p.{h['pdf_page']}" in result.output, (kind, result.output)
        assert (h["title"] or "")[:20] in result.output, kind


@pytest.mark.parametrize(
    "ref",
    [["2019-10-09", "94"], ["Community Safety Partnership", "2019-10-09", "94"], ["community", "safety", "2019-10-09",
                                                                                  "94"]],
)
def test_show_body_date_item(pack_home, ref):
    result = invoke("show", *ref)
    assert result.exit_code == 0, result.output
    assert "94. ANY OTHER BUSINESS" in result.output
    assert "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)" in result.output


def test_show_a_date_and_an_id_prefix(pack_home):
    by_date = invoke("show", "2019-10-09")
    assert by_date.exit_code == 0 and "minutes of 2019-10-09" in by_date.output
    meeting_id = next(h["meeting_id"] for h in hits("Zero Suicide") if h["meeting_date"] == "2019-10-09")
    by_prefix = invoke("show", meeting_id[:5])
    assert by_prefix.exit_code == 0 and by_prefix.output == by_date.output
    item = invoke("show", f"{meeting_id[:5]}.91")
    assert item.exit_code == 0 and "Zero Suicide" in item.output and "Introductions" not in item.output


@pytest.mark.parametrize("ref", [["1999-01-01"], ["Planning", "2019-10-09"], ["2019-10-09", "999"], ["zzz"],
                                 ["action:nope"], ["page:nope:1"]])
def test_show_unknown_refs_are_one_line_errors(pack_home, ref):
    result = runner.invoke(app, ["show", *ref])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("error:") and result.output.count("\n") == 1


def test_a_file_ingested_from_its_own_folder_is_stored_with_its_absolute_path(tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(DATA / "wild" / "tri_c_board_of_trustees_agenda_2019-09-26.pdf", folder / "board.pdf")
    monkeypatch.chdir(folder)
    assert invoke("ingest", "board.pdf").exit_code == 0
    found = hits("*")
    assert found and {h["path"] for h in found} == {str(folder / "board.pdf")}


# -- rendering at fixed widths ---------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("plain", [False, True])
def test_search_renders_at_width(pack_home, width, plain):
    from rich.console import Console

    from minutebook.render import render_search
    from minutebook.search import search

    result = search(pack_home, "Brexit contingency plan central aid", limit=5)
    out = StringIO()
    render_search(Console(width=width, file=out, color_system=None), result.query, result, plain=plain)
    text = out.getvalue()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\t" not in text and not any(line != line.rstrip() for line in lines) or not plain
    # The citation is never cut into one-letter columns: at 60 it wraps once at most.
    flat = " ".join(" ".join(lines).split())
    assert "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)" in flat
    assert sum(0 < len(line.strip()) < 3 for line in lines) <= 1  # no column squeezed to a letter or two


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("plain", [False, True])
def test_show_renders_at_width(pack_home, width, plain):
    from rich.console import Console

    from minutebook.lookup import resolve
    from minutebook.render import render_shown
    from minutebook.store import Store

    with Store.open(pack_home) as store:
        shown = resolve(store, ["2019-10-09", "94"])
    out = StringIO()
    render_shown(Console(width=width, file=out, color_system=None), shown, plain=plain)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    if plain:
        assert not any(ch in out.getvalue() for ch in "│─╭╮╰╯") and not any(line != line.rstrip() for line in lines)
    flat = " ".join(" ".join(line.strip("│ ") for line in lines).split())
    assert "minute 94, p.8 (PDF p.11)" in flat and "Brexit" in flat


def test_piped_output_is_plain_and_wrapped_at_100(pack_home):
    out = invoke("show", "2019-10-09", "94").output
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100 and max(len(line) for line in lines) > 80
    assert not any(ch in out for ch in "│─╭╮╰╯\t")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_timeline_renders_at_width(pack_home, width):
    from rich.console import Console

    from minutebook.render import render_timeline
    from minutebook.search import search

    result = search(pack_home, "knife crime", timeline=True)
    out = StringIO()
    render_timeline(Console(width=width, file=out, color_system=None), result.query, result, plain=True)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width and not any(line != line.rstrip() for line in lines)
    flat = " ".join(" ".join(lines).split())
    assert "first: Community Safety Partnership, 9 Oct 2019, minute 86" in flat
    assert "(minute, p.2 (PDF p.5))" in flat


def test_format_tsv_is_one_line_per_record(pack_home):
    out = invoke("search", "Zero Suicide", "--format", "tsv").stdout
    header, *rows = out.splitlines()
    assert header.split("\t")[:3] == ["meeting_date", "body", "item"]
    assert len(rows) == len(hits("Zero Suicide")) and all(len(r.split("\t")) == len(header.split("\t")) for r in rows)
    first = dict(zip(header.split("\t"), rows[0].split("\t")))
    assert (first["meeting_date"], first["item"], first["pdf_page"]) == ("2019-10-09", "91", "9")
    assert runner.invoke(app, ["search", "x", "--format", "tsv", "--json"]).exit_code == 2
    assert runner.invoke(app, ["search", "x", "--format", "xml"]).exit_code == 2


def test_show_json_cites_and_withholds_exempt_text(pack_home):
    shown = json.loads(invoke("show", "2019-10-09", "94", "--json").stdout)
    assert shown["citation"] == "Community Safety Partnership, 9 Oct 2019, minute 94, p.8 (PDF p.11)"
    assert shown["pages"] == [{"pdf_page": 11, "page_label": "8"}] and shown["path"] == str(PACK.resolve())
    assert "Brexit" in shown["text"] and shown["item"]["number"] == "94"
    decision = next(h for h in hits("noted", "--kind", "decision"))
    as_json = json.loads(invoke("show", decision["doc_id"], "--json").stdout)
    assert as_json["kind"] == "resolution" and {"mover", "seconder", "outcome", "tally"} <= as_json.keys()
    exempt = next(h for h in hits("*", "--include-exempt", "--kind", "agenda_item") if h["title"].startswith("EXEMPT"))
    withheld = json.loads(invoke("show", exempt["item_id"], "--json").stdout)
    assert withheld["exempt_withheld"] and withheld["text"] == ""
    shown = json.loads(invoke("show", exempt["item_id"], "--json", "--include-exempt").stdout)
    assert not shown["exempt_withheld"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_actions_render_at_width(pack_home, width):
    # issue 13: once several committees are stored, `actions` squeezed the action text to one letter at 80
    from rich.console import Console

    from minutebook.register import list_actions
    from minutebook.render import render_actions
    from minutebook.store import Store

    with Store.open(pack_home) as store:
        register = list_actions(store, status="all")
    out = StringIO()
    render_actions(Console(width=width, file=out, color_system=None), register)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    flat = " ".join(" ".join(line.strip("│┃ ") for line in lines).split())
    assert "Eubert Malcolm" in flat and "VRU update" in flat.replace("│", " ")
    assert sum(0 < len(line.strip("│┃ ")) < 3 for line in lines) <= 2  # the text column is never a letter wide


def test_actions_meeting_takes_a_body_and_date(pack_home):
    by_date = json.loads(invoke("actions", "--meeting", "2019-10-09", "--status", "all", "--json").stdout)
    named = json.loads(invoke("actions", "--meeting", "Community Safety Partnership 2019-10-09", "--status", "all",
                              "--json").stdout)
    assert by_date and named == by_date
