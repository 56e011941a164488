"""Two lookups the reading room makes on every thread, kept answerable by one step down an index.

- ``refs.day``, the citing cable's date on each REF edge, indexed as ``refs_by_day (dst, BY_DAY, src)``:
  the earliest cable citing a cable (which bounds an absent cable's date) without joining all its citers,
  and the first citers of a cable in time order (undated ones last) without sorting them all. A
  much-cited cable has tens of thousands of them in a 2,000,000-cable archive.
- ``serials``: each present cable's post, year, serial and day, indexed as ``serials_near (station, year,
  serial)``: the present cables nearest an absent one's serial (between which its date is interpolated)
  without reading its whole post-year. The State Department's own year runs to 300,000 serials.

Both are written with every current version (see :func:`put`). An archive made before them has them filled
by its next ingest (:func:`fill`); each index is made once its table is filled, so its presence is what says
the lookup can be trusted (until then readers use the slower reads of :mod:`cablebase.analysis`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from itertools import islice

from cablebase.decode.ids import split_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS serials (id TEXT PRIMARY KEY, station TEXT NOT NULL, year INTEGER NOT NULL,
  serial INTEGER NOT NULL, day TEXT);
"""
DATING, NUMBERING = "dating references", "numbering serials"
# The order of a cable's citers: by day, the undated after every dated one ("~" sorts after every date). A
# query must write it as it is here for the index to give its order.
BY_DAY = "coalesce(day, '~')"
BATCH = 5000  # rows of the serials table written a statement when it is filled

Progress = Callable[[int, int, str], None]


def _has_index(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='index' AND name=?", (name,)).fetchone() is not None


def refs_dated(con: sqlite3.Connection) -> bool:
    """Whether ``refs.day`` is filled and indexed."""
    return _has_index(con, "refs_by_day")


def serials_ready(con: sqlite3.Connection) -> bool:
    """Whether the ``serials`` table is filled and indexed."""
    return _has_index(con, "serials_near")


def prepare(con: sqlite3.Connection) -> None:
    """Give an archive opened to write the column and the table (an archive made before them gets them empty
    until :func:`fill`; a new, empty archive gets their indexes straight away)."""
    if refs_dated(con) and serials_ready(con):
        return
    con.executescript(SCHEMA)
    if "day" not in {r[1] for r in con.execute("PRAGMA table_info(refs)")}:
        con.execute("ALTER TABLE refs ADD COLUMN day TEXT")
    if not con.execute("SELECT 1 FROM cables LIMIT 1").fetchone():
        _index_refs(con)
        _index_serials(con)


def put(con: sqlite3.Connection, ident: str, day: str | None, cited: Iterable[tuple[str, str | None, str | None]]) -> None:
    """Write cable ``ident``'s entries (``day``: its date as in ``cables.date``; ``cited``: ``(id, letter,
    text)`` of the cables its REF items cite), replacing those of its version before."""
    con.execute("DELETE FROM refs WHERE src=?", (ident,))
    for dst, letter, text in cited:
        con.execute("INSERT OR IGNORE INTO refs VALUES (?,?,?,?,?)", (ident, dst, letter, text, day))
    if (row := _serial_row(ident, day)) is not None:
        con.execute("INSERT OR REPLACE INTO serials VALUES (?,?,?,?,?)", row)


def _serial_row(ident: str, day: str | None) -> tuple[str, str, int, int, str | None] | None:
    parts = split_id(ident)
    if parts is None:
        return None
    year, station, serial = parts
    return ident, station, year, serial, day


def fill(con: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Fill and index what an archive made before them lacks (each in one transaction: an interrupted run
    starts that one again). Returns the edges and cables read."""
    done = 0
    if not refs_dated(con):
        done += _transaction(con, progress, DATING, "SELECT COUNT(*) FROM refs", _date_refs)
    if not serials_ready(con):
        done += _transaction(con, progress, NUMBERING, "SELECT COUNT(*) FROM cables", _fill_serials)
    return done


def _transaction(con: sqlite3.Connection, progress: Progress | None, what: str, count: str,
                 work: Callable[[sqlite3.Connection], None]) -> int:
    from cablebase.archive.store import in_transaction  # (the store imports this module)

    total = int(con.execute(count).fetchone()[0])
    if progress:
        progress(0, total, what)
    in_transaction(con, lambda: work(con))
    if progress:
        progress(total, total, what)
    return total


def _date_refs(con: sqlite3.Connection) -> None:
    con.execute("UPDATE refs SET day = (SELECT date FROM cables WHERE cables.id = refs.src)")
    _index_refs(con)


def _fill_serials(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM serials")
    rows = (r for ident, iso in con.execute("SELECT id, date FROM cables") if (r := _serial_row(ident, iso)))
    while batch := list(islice(rows, BATCH)):
        con.executemany("INSERT INTO serials VALUES (?,?,?,?,?)", batch)
    _index_serials(con)


def _index_refs(con: sqlite3.Connection) -> None:
    con.execute("DROP INDEX IF EXISTS refs_dst")  # (refs_by_day serves the lookups by dst it was for)
    con.execute(f"CREATE INDEX IF NOT EXISTS refs_by_day ON refs(dst, {BY_DAY}, src)")


def _index_serials(con: sqlite3.Connection) -> None:
    con.execute("CREATE INDEX IF NOT EXISTS serials_near ON serials(station, year, serial)")
