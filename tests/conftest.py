"""Shared fixtures: every test gets its own data home; the real pack is parsed and ingested once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "corpus" / "haringey-csp-2019-12-11.pdf"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MINUTEBOOK_HOME at a fresh temp folder so no test touches a real data home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MINUTEBOOK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def parsed_pack():
    """The real Haringey pack through the whole ingest pipeline (PDF, segmentation, parsing, NLP)."""
    from minutebook.ingest.pipeline import parse_file

    return parse_file(PACK)


@pytest.fixture(scope="session")
def _ingested_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from minutebook import app

    home = tmp_path_factory.mktemp("pack-home")
    results = app.ingest([PACK], home, jobs=1)
    assert [r.status for r in results] == ["ingested"], results
    return home


@pytest.fixture
def pack_home(_ingested_once: Path, data_home: Path) -> Path:
    """A data home holding the ingested real pack; a private copy, so tests may change it."""
    shutil.rmtree(data_home)
    shutil.copytree(_ingested_once, data_home, ignore=shutil.ignore_patterns(".write.lock"))
    return data_home
