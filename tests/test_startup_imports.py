"""Start-up (issue 16): each command imports only what it uses, and the lazily built command line is typer's own.

Behaviour, not timing: a fresh `python` runs the command as the `minutebook` script does (`app()`, so through
`LazyTyper`) and reports which modules it loaded. The speed itself is measured by `benchmarks/bench_cli.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer.core
import typer.main
from typer import _click as click

from minutebook.cli import app
from minutebook.lazycli import SWITCH, LazyGroup, build_lazy

NLP_AND_PDF = ("spacy", "thinc", "pdfplumber", "pdfminer", "minutebook.ingest")
SEARCH_ENGINE = ("whoosh", "numpy", "minutebook.search")
RENDERING = ("rich",)
STORE = ("sqlite3", "minutebook.store", "minutebook.register")

_PROBE = """
import json, sys
from minutebook.cli import app
code = 0
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
sys.stdout.flush()
print("\\nMODULES " + json.dumps({"exit": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def run_probe(*args: str, env: dict[str, str] | None = None) -> tuple[str, int, set[str]]:
    """stdout, exit code and the modules loaded by a fresh process running `minutebook ARGS`."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120,
                          env=env or dict(os.environ), stdin=subprocess.DEVNULL)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("MODULES ")), None)
    assert line is not None, proc.stderr
    report = json.loads(line[len("MODULES "):])
    return proc.stdout, report["exit"], set(report["modules"])


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    """The packages among `prefixes` (a package or any module under it) found in `modules`."""
    return sorted({p for p in prefixes for m in modules if m == p or m.startswith(p + ".")})


@pytest.mark.parametrize("args", [["--help"], ["actions", "--help"], ["search", "--help"], ["actions", "done",
                                                                                              "--help"]])
def test_help_loads_no_store_search_nlp_or_rich(args):
    out, code, modules = run_probe(*args)
    assert code == 0 and "Usage:" in out
    assert loaded(modules, NLP_AND_PDF + SEARCH_ENGINE + RENDERING + STORE) == []
    assert "typer.rich_utils" not in modules  # click's plain help: typer's rich help formatter stays unloaded


def test_actions_table_loads_no_search_or_nlp(pack_home):
    out, code, modules = run_probe("actions")
    assert code == 0 and "Eubert Malcolm" in out  # it really listed the register
    assert loaded(modules, NLP_AND_PDF + SEARCH_ENGINE) == []
    assert "rich.table" in modules  # the table is drawn by rich: the probe sees what was imported
    # Owner resolution (the ingest grammar's patterns) is for --owner and assign, not for the listing.
    assert "minutebook.ingest.owners" not in modules


def test_actions_json_loads_no_rendering(pack_home):
    out, code, modules = run_probe("actions", "--json")
    assert code == 0 and json.loads(out)
    assert loaded(modules, NLP_AND_PDF + SEARCH_ENGINE + RENDERING) == []
    assert "hashlib" not in modules  # only the store's writers hash (OpenSSL's start-up is theirs to pay)


def test_owner_filter_loads_the_resolver_it_needs(pack_home):
    out, code, modules = run_probe("actions", "--owner", "Malcolm", "--json")
    assert code == 0 and {"Eubert Malcolm"} <= {o for a in json.loads(out) for o in a["owners"]}
    assert "minutebook.ingest.owners" in modules
    assert loaded(modules, ("spacy", "pdfplumber", "pdfminer") + SEARCH_ENGINE + RENDERING) == []


def test_search_loads_no_nlp_or_pdf_library(pack_home):
    out, code, modules = run_probe("search", "CCTV", "--json")
    assert code == 0 and any("CCTV" in h["title"] for h in json.loads(out))
    assert loaded(modules, NLP_AND_PDF + RENDERING) == []


def test_show_loads_no_search_engine(pack_home):
    out, code, modules = run_probe("show", "2019-10-09", "94")
    assert code == 0 and "94" in out
    assert loaded(modules, NLP_AND_PDF + ("whoosh", "numpy")) == []


# -- the lazy command line against typer's own ---------------------------------------------------------------


def _plain(value) -> object:
    """A parameter type or default as comparable data (its class and settings, not its address)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return (type(value).__name__, {k: _plain(v) for k, v in sorted(vars(value).items())}
            if hasattr(value, "__dict__") else repr(value))


def _describe(command, ctx) -> dict:
    """What a user can see of a click command: its help page, options and arguments (type and settings
    included), and its sub-commands."""
    params = [{k: _plain(v) for k, v in sorted(vars(p).items()) if not callable(v) or k == "type"}
              for p in command.params]
    out = {"help": command.get_help(ctx), "short": command.get_short_help_str(), "class": type(command).__name__,
           "params": params, "hidden": command.hidden, "no_args_is_help": command.no_args_is_help}
    if isinstance(command, typer.core.TyperGroup):
        out["commands"] = {}
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            out["commands"][name] = _describe(sub, click.Context(sub, info_name=name, parent=ctx))
    return out


def test_lazy_build_matches_typers_own():
    """Every command, option, argument and help page is the same whichever way the command line is built."""
    eager = typer.main.get_command(app)
    lazy = build_lazy(app)
    described = [_describe(c, click.Context(c, info_name="minutebook")) for c in (eager, lazy)]
    assert described[0] == described[1]
    assert len(described[0]["commands"]) >= 10 and "done" in described[0]["commands"]["actions"]["commands"]


def test_group_help_builds_no_command():
    """`minutebook --help` lists every command from its stub: nothing is built until a command runs."""
    group = build_lazy(app)
    assert isinstance(group, LazyGroup)
    ctx = click.Context(group, info_name="minutebook")
    text = group.get_help(ctx)
    assert "actions" in text and "search" in text
    assert set(group._builders) == set(group.commands)  # every command still a stub
    group.get_command(ctx, "search")
    assert "search" not in group._builders and "actions" in group._builders


def test_switch_back_to_typers_own_path(pack_home):
    lazy = run_probe("actions", "--json")
    eager = run_probe("actions", "--json", env={**os.environ, SWITCH: "typer"})
    assert lazy[:2] == eager[:2] and json.loads(lazy[0])
    assert "minutebook.lazycli" in eager[2]  # the same program, only the building differs
    lazy_help, eager_help = run_probe("--help"), run_probe("--help", env={**os.environ, SWITCH: "typer"})
    assert lazy_help[:2] == eager_help[:2]
