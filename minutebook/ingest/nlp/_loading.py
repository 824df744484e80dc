"""Importing spaCy and loading the English model with less fixed cost: the adapter behind `load_nlp`.

Every ingest worker pays for `import spacy` and `spacy.load` before its first file (issue 16: about 16% of a
single 80-page ingest). Two parts of that cost buy minutebook nothing, and this adapter skips them:

- `import spacy` imports `spacy.cli` for the one name `spacy.info`, and with it typer, weasel, httpx and
  requests: about a third of the import. `import_spacy` imports spaCy with `spacy.cli` and `spacy.cli.info`
  stood in for by empty modules, then takes the stand-ins out of `sys.modules` again, so a later
  `import spacy.cli` (or a call of `spacy.info`) imports the real package.
- `spacy.load` builds the tokenizer twice: once from the language defaults while the pipeline is constructed
  (2,694 special cases, each validated and fused against the vocabulary), then again from the model's own
  `tokenizer` file, which replaces every rule the first one set. `DEFERRED_TOKENIZER` constructs a tokenizer
  with no rules, so only the model's own rules are built. The result is the same tokenizer:
  `Tokenizer.from_bytes` clears every rule before reading the model's.

Importing this module imports spaCy (`minutebook.ingest.nlp` imports it first of all, so the components'
`from spacy... import` lines find spaCy imported). `MINUTEBOOK_SPACY_LOAD=library` switches both back to spaCy's own path (a plain `import spacy` and
`spacy.load`). tests/test_nlp_loading.py checks the two paths give the same tokenizer, the same analyses and
the same actions on real minutes.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

__all__ = ["LOAD_ENV", "DEFERRED_TOKENIZER", "fast_path", "import_spacy", "load_model"]

LOAD_ENV = "MINUTEBOOK_SPACY_LOAD"
DEFERRED_TOKENIZER = "minutebook.deferred_tokenizer.v1"
_STUBS = ("spacy.cli", "spacy.cli.info")


def fast_path() -> bool:
    """False when $MINUTEBOOK_SPACY_LOAD=library asks for spaCy's own import and load."""
    return os.environ.get(LOAD_ENV, "").strip().lower() != "library"


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, imported when first called (the stand-in's only name)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> ModuleType:
    """`spacy`, imported without `spacy.cli` on the fast path; a no-op once spaCy is imported."""
    if "spacy" in sys.modules or not fast_path():
        import spacy

        return spacy
    if any(name in sys.modules for name in _STUBS):  # spacy.cli imported on its own: nothing to save
        import spacy

        return spacy
    cli = ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that `spacy.cli.info` is looked up in sys.modules
    info = ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    try:
        import spacy
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli  # so `spacy.cli` as an attribute is the real package once something imports it
    return spacy


def _register_deferred_tokenizer(spacy: ModuleType) -> None:
    if DEFERRED_TOKENIZER in spacy.registry.tokenizers:
        return

    @spacy.registry.tokenizers(DEFERRED_TOKENIZER)
    def deferred_tokenizer():  # noqa: ANN202 - spaCy's registry signature
        from spacy.tokenizer import Tokenizer

        def create(nlp):  # noqa: ANN001, ANN202
            # no rules, no affixes: `nlp.from_disk` reads all of them from the model's tokenizer file
            return Tokenizer(nlp.vocab)

        return create


def load_model(model: str, exclude: list[str]) -> Any:
    """`spacy.load(model, exclude=exclude)`, with the tokenizer built once on the fast path."""
    spacy = import_spacy()
    if not fast_path():
        return spacy.load(model, exclude=exclude)
    _register_deferred_tokenizer(spacy)
    return spacy.load(model, exclude=exclude, config={"nlp": {"tokenizer": {"@tokenizers": DEFERRED_TOKENIZER}}})


import_spacy()
