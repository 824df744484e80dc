"""Document conventions: each module recognises and extracts one family of minute-writing habits.

A convention is a small object with a `name`, the `family` it contributes to
("decisions", "attendance", "actions") and an `extract(paras, context)` method
that returns what it found, without touching its input. Conventions register
themselves with `@register`; a stage asks for every convention of a family with
`conventions(family)` and combines their findings.

Each convention has a folder of real cases, `tests/conventions/<name>/*.json`,
cut from real PDFs: `{"source": "...", "paras": [...], "context": {...}, "expected": [...]}`.
`tests/test_conventions.py` finds and runs them all. Supporting a new house style
means one module here (found and imported automatically) and one fixture folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from minutebook.ingest.segment import Para
from minutebook.models import Person

__all__ = ["Context", "Convention", "register", "conventions", "get", "names", "para_from_json"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a convention may know beyond its paragraphs: the meeting so far."""

    kind: str = "minutes"  # "minutes" | "agenda"
    body: str = ""
    date: str = ""
    people: tuple[Person, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class Convention(Protocol):
    name: ClassVar[str]
    family: ClassVar[str]

    def extract(self, paras: Sequence[Para], context: Context) -> list[Any]: ...


_REGISTRY: dict[str, Convention] = {}


def register(cls: type) -> type:
    """Class decorator: make one instance of a convention known under its name."""
    inst = cls()
    if inst.name in _REGISTRY:
        # `python -m` runs a convention module twice: once as __main__, once imported; the imported one counts.
        if cls.__module__ == "__main__":
            return cls
        if type(_REGISTRY[inst.name]).__module__ != "__main__":
            raise ValueError(f"convention {inst.name!r} registered twice")
    _REGISTRY[inst.name] = inst
    return cls


_LOADED = False


def _load() -> None:
    # Importing every module of the package registers its conventions, so a new one needs no edit here.
    # Within a family they run in module-name order, then in the order each module registers them.
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def conventions(family: str) -> Iterator[Convention]:
    _load()
    return (c for c in _REGISTRY.values() if c.family == family)


def get(name: str) -> Convention:
    _load()
    return _REGISTRY[name]


def names() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def para_from_json(row: dict[str, Any] | str) -> Para:
    """A fixture paragraph: a plain string, or {"text", "page", "heading"}."""
    if isinstance(row, str):
        return Para(text=row, page=1, page_end=1)
    return Para(text=row["text"], page=row.get("page", 1), heading=row.get("heading", False),
                page_end=row.get("page", 1))
