"""A typer app whose click commands are built when a command line first needs them.

typer turns every command of an app into a click command before it parses anything: for each one it reads the
signature, evaluates the `Annotated` hints and builds the options, about 0.5 ms a command, 20 commands and a
sub-app on every start, for a command line that runs one of them. `LazyTyper` builds the group (its own options,
completion and `--help`) and a name-and-help stub per command; a command's real click command is made, with typer's
own `get_command_from_info` / `get_group_from_info`, when click resolves it. A group's `--help` lists the stubs,
which carry exactly what the listing reads (help, short help, hidden, deprecated).

`MINUTEBOOK_CLI=typer` switches back to typer's own path (every command built up front);
tests/test_startup_imports.py checks that both give the same commands, options and help.
typer's test runner (`typer.testing.CliRunner`) always takes typer's own path.
"""

from __future__ import annotations

import copy
import inspect
import os
import sys
from collections.abc import Callable
from typing import Any

import typer
import typer.core
import typer.main
from typer.models import CommandInfo, DeveloperExceptionConfig, TyperInfo

__all__ = ["LazyGroup", "LazyTyper", "build_lazy", "SWITCH"]

SWITCH = "MINUTEBOOK_CLI"  # "typer": typer's own path


class LazyGroup(typer.core.TyperGroup):
    """A TyperGroup whose commands start as stubs and are built on first lookup."""

    _builders: dict[str, Callable[[], Any]]
    _listing = False

    def defer(self, name: str, stub: Any, build: Callable[[], Any]) -> None:
        if not hasattr(self, "_builders"):
            self._builders = {}
        self.commands[name] = stub
        self._builders[name] = build

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        builders = getattr(self, "_builders", {})
        if not self._listing and cmd_name in builders:
            self.commands[cmd_name] = builders.pop(cmd_name)()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # The listing reads only names and short help: the stubs have both, so nothing is built for `--help`.
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def _stub(name: str, help_text: str | None, short_help: str | None, hidden: bool, deprecated: bool | str) -> Any:
    return typer.core.TyperCommand(name=name, help=help_text, short_help=short_help, hidden=hidden,
                                   deprecated=deprecated)


def _shell(app: typer.Typer) -> typer.Typer:
    """The app without its commands: typer builds only the group itself from it."""
    shell = copy.copy(app)
    shell.registered_commands = []
    shell.registered_groups = []
    return shell


def _defer_commands(group: LazyGroup, app: typer.Typer, *, short: bool, markup: Any, suggest: bool) -> None:
    """Stubs for `app`'s commands and sub-apps on `group`, in typer's order, each built when first looked up."""
    for info in app.registered_commands:
        name = info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        doc = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)

        def build(info: CommandInfo = info) -> Any:
            return typer.main.get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)

        group.defer(name, _stub(name, doc, info.short_help, info.hidden, info.deprecated), build)
    for sub_info in app.registered_groups:
        solved = typer.main.solve_typer_info_defaults(sub_info)
        if not solved.name:  # an unnamed sub-app merges its commands: rare, built whole as typer does
            built = typer.main.get_group_from_info(sub_info, pretty_exceptions_short=short, rich_markup_mode=markup,
                                                   suggest_commands=suggest)
            for sub_name, sub_command in built.commands.items():
                group.commands[sub_name] = sub_command
            continue

        def build_group(sub_info: TyperInfo = sub_info) -> Any:
            return _lazy_group(sub_info, short=short, markup=markup, suggest=suggest)

        group.defer(solved.name, _stub(solved.name, solved.help, solved.short_help, solved.hidden,
                                       solved.deprecated), build_group)


def _lazy_group(info: TyperInfo, *, short: bool, markup: Any, suggest: bool) -> Any:
    sub_app = info.typer_instance
    assert sub_app is not None
    shell_info = copy.copy(info)
    shell_info.typer_instance = _shell(sub_app)
    group = typer.main.get_group_from_info(shell_info, pretty_exceptions_short=short, rich_markup_mode=markup,
                                           suggest_commands=suggest)
    if not isinstance(group, LazyGroup):  # a sub-app with its own group class: build it whole
        return typer.main.get_group_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup,
                                              suggest_commands=suggest)
    _defer_commands(group, sub_app, short=short, markup=markup, suggest=suggest)
    return group


def build_lazy(app: typer.Typer) -> Any:
    """The click command for `app`, its commands as stubs until used (typer's own: `typer.main.get_command`)."""
    group = typer.main.get_command(_shell(app))
    if not isinstance(group, LazyGroup):
        return typer.main.get_command(app)
    _defer_commands(group, app, short=app.pretty_exceptions_short, markup=app.rich_markup_mode,
                    suggest=app.suggest_commands)
    return group


class LazyTyper(typer.Typer):
    """`typer.Typer` whose `app()` builds only the command it runs; its groups must be `LazyGroup`s."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if os.environ.get(SWITCH) == "typer":
            return super().__call__(*args, **kwargs)
        # As typer's own __call__: its exception hook, and the settings it reads to print a crash.
        if sys.excepthook != typer.main.except_hook:
            sys.excepthook = typer.main.except_hook
        try:
            return build_lazy(self)(*args, **kwargs)
        except Exception as e:
            setattr(e, typer.main._typer_developer_exception_attr_name, DeveloperExceptionConfig(
                pretty_exceptions_enable=self.pretty_exceptions_enable,
                pretty_exceptions_show_locals=self.pretty_exceptions_show_locals,
                pretty_exceptions_short=self.pretty_exceptions_short,
            ))
            raise
