"""Shared fixtures: the sample cables in the repository and the shared corpus beside it (when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = SAMPLES / "raw-telegram" / "07MEXICO1102.txt"


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"shared corpus not found at {CORPUS} (CI provides it beside the project)")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seed():  # type: ignore[no-untyped-def]
    from cablebase import parse_file

    return next(parse_file(str(SEED)))


@pytest.fixture(scope="session")
def corpus_cables():  # type: ignore[no-untyped-def]
    from cablebase.readers import ReadError, Skipped, parse_paths

    out, errors = [], []
    for item in parse_paths([CORPUS]):
        if isinstance(item, ReadError):
            errors.append(item)
        elif not isinstance(item, Skipped):
            out.append(item)
    return out, errors


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):  # type: ignore[no-untyped-def]
    """An archive of the whole shared corpus, made once a session (about 15 s on two cores)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    from cablebase.archive import Archive

    path = tmp_path_factory.mktemp("corpus") / "db"
    assert not Archive(path).ingest([CORPUS], jobs=2).failed
    return path


@pytest.fixture(scope="session")
def corpus_archive(corpus_db):  # type: ignore[no-untyped-def]
    """The corpus archive opened (for the analysis layer's tests)."""
    from cablebase.archive import Archive

    archive = Archive(corpus_db)
    yield archive
    archive.close()
