"""The topic tables of an archive's SQLite (made by :mod:`cablebase.archive.store`'s schema).

``meta.topic_model`` names the current model, kept in ``topic_models`` as its ``.npz`` bytes; while it
is set, ``cable_topics`` holds every current cable's topics under that model and nothing else: ingest
writes a new cable's topics in the transaction that stores it, a refit replaces every row and the model in
one transaction. ``topic_labels`` holds the names people gave a model's topics.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

from cablebase.analysis.topics.model import TopicModel, Topics

_KEY = "topic_model"
_models: dict[str, TopicModel] = {}  # version -> model, per process (a model is a few MB)
_models_lock = threading.Lock()


def has_tables(con: sqlite3.Connection) -> bool:
    """Whether the archive has the topic tables (one made by an older cablebase, opened read-only, has not)."""
    return con.execute("SELECT 1 FROM sqlite_master WHERE name='cable_topics'").fetchone() is not None


def current_version(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key=?", (_KEY,)).fetchone()
    return str(row[0]) if row and row[0] else None


def model(con: sqlite3.Connection, version: str | None = None) -> TopicModel | None:
    """The current model (or the one of ``version``), read once per process; None when there is none."""
    version = version or current_version(con)
    if version is None:
        return None
    with _models_lock:
        if version in _models:
            return _models[version]
    row = con.execute("SELECT model FROM topic_models WHERE version=?", (version,)).fetchone()
    if row is None:
        return None
    loaded = TopicModel.from_bytes(row[0])
    with _models_lock:
        _models.clear()  # (one model at a time: the current one)
        _models[version] = loaded
    return loaded


def write_topics(con: sqlite3.Connection, rows: list[tuple[str, Topics]], replaced: list[str] | None = None) -> None:
    """Cables' topics (inside the caller's transaction), replacing what those of ``replaced`` had (None:
    any of them may have had some; a cable stored for the first time has none)."""
    gone = [ident for ident, _ in rows] if replaced is None else replaced
    con.executemany("DELETE FROM cable_topics WHERE id=?", [(ident,) for ident in gone])
    con.executemany("INSERT INTO cable_topics VALUES (?,?,?)", [(i, t, w) for i, topics in rows for t, w in topics])


STAGED = "topics_staged"  # a build's topics for every cable, before its install makes them current


def discard_unfinished(con: sqlite3.Connection) -> bool:
    """Drop what a build stopped before its install (killed) left: its model, stored but never current, and
    its staged topics (inside the caller's transaction; only under the archive's writer lock, which a build
    holds, and where that lock keeps other writers out: ``archive.lock.EXCLUSIVE``). Whether there was
    anything."""
    models = con.execute("DELETE FROM topic_models WHERE version IS NOT ?", (current_version(con),)).rowcount
    staged = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (STAGED,)).fetchone()
    con.execute(f"DROP TABLE IF EXISTS {STAGED}")
    return bool(models or staged)


def add_model(con: sqlite3.Connection, data: bytes) -> str:
    """Store a fitted model (not yet the current one: see :func:`install`), so that workers can read it.
    Returns its version."""
    version = TopicModel.version_of(data)
    con.execute("INSERT OR REPLACE INTO topic_models VALUES (?,?,?)",
                (version, datetime.now(UTC).isoformat(timespec="seconds"), data))
    return version


def install(con: sqlite3.Connection, version: str, staged: str, labels: dict[int, str]) -> None:
    """Make the stored model ``version`` the current one, with every cable's topics from table ``staged``
    and the ``labels`` carried over from the model before, in one transaction (inside the caller's);
    other models and their labels go."""
    con.execute("DELETE FROM topic_models WHERE version != ?", (version,))
    con.execute("DELETE FROM topic_labels")
    con.executemany("INSERT INTO topic_labels VALUES (?,?,?)", [(version, t, label) for t, label in labels.items()])
    con.execute("DELETE FROM cable_topics")
    con.execute(f"INSERT INTO cable_topics SELECT id, topic, weight FROM {staged} WHERE id IN (SELECT id FROM cables)")
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_KEY, version))


def topics_of(con: sqlite3.Connection, ident: str) -> Topics:
    return [(int(t), float(w)) for t, w in con.execute(
        "SELECT topic, weight FROM cable_topics WHERE id=? ORDER BY weight DESC, topic", (ident,))]


def labels(con: sqlite3.Connection, version: str) -> dict[int, str]:
    return {int(t): str(label) for t, label in con.execute(
        "SELECT topic, label FROM topic_labels WHERE version=?", (version,))}


def set_label(con: sqlite3.Connection, version: str, topic: int, label: str | None) -> None:
    if label:
        con.execute("INSERT OR REPLACE INTO topic_labels VALUES (?,?,?)", (version, topic, label))
    else:
        con.execute("DELETE FROM topic_labels WHERE version=? AND topic=?", (version, topic))


ModelRef = tuple[str, str]  # (the archive's SQLite file, model version): how workers are told the model


def model_at(ref: ModelRef) -> TopicModel:
    """In a worker: the model of ``ref``, read from the archive once per process."""
    path, version = ref
    with _models_lock:
        if version in _models:
            return _models[version]
    from cablebase.archive.store import readonly_uri  # (the archive package imports this one)

    con = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        found = model(con, version)
    finally:
        con.close()
    if found is None:
        raise LookupError(f"topic model {version} is not in {path}")
    return found


def current_ref(con: sqlite3.Connection, path: str) -> ModelRef | None:
    """What workers need to give cables the current model's topics (None: the archive has no model)."""
    version = current_version(con) if has_tables(con) else None
    return (path, version) if version else None
