"""Fixtures of the archive's tests: an archive of the sample cables of its own, for a test that changes it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cablebase.archive import Archive
from tests.conftest import SAMPLES


@pytest.fixture()
def fresh(tmp_path: Path) -> Path:
    """The folder of a new archive of the samples (a test may alter its tables)."""
    db = tmp_path / "db"
    Archive(db).ingest([SAMPLES], jobs=1)
    return db


def rows(db: Path, sql: str) -> list[Any]:
    """The rows of one query on an archive's SQLite file, opened and closed for it."""
    con = sqlite3.connect(db / "cables.sqlite")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
