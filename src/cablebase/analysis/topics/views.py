"""What the faces show of topics: the list of a model's topics and one topic's page, read from the
archive's topic tables and its search index (a topic's size, posts, TAGS and trend are the counts of the
search ``topic:N``, so they agree with the facet and the filter)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cablebase.analysis.topics import listing, matcher, store
from cablebase.archive import store as records
from cablebase.errors import CablebaseError, NotFound

if TYPE_CHECKING:
    from cablebase.archive import Archive

NO_MODEL = "this archive has no topic model yet: make one with `cablebase topics build`"
CABLES = 10  # representative cables on a topic's page
TOP_VALUES = 8  # posts and TAGS on a topic's page
MAX_LABEL = 80

_cache_lock = threading.Lock()
_Key = tuple[str, str, tuple[tuple[int, str], ...]]  # (archive, model version, names given)
_kept: dict[_Key, tuple[list[dict[str, Any]], Callable[[str], list[int]]]] = {}


def topics(archive: Archive, words: int = 10) -> list[dict[str, Any]]:
    """Every topic of the current model, by number: ``{"id", "label", "named", "size", "words"}`` (size:
    the cables whose topics include it, as the ``topic`` facet counts them)."""
    found = listing(archive.con, words)
    sizes = archive.facet_counts("topic") if found else {}
    return [{**t, "size": sizes.get(str(t["id"]), 0)} for t in found]


def _current(archive: Archive) -> tuple[list[dict[str, Any]], Callable[[str], list[int]]]:
    """The current model's topics (without sizes) and their matcher, kept per archive, model and names: a
    search asks SQLite which model and which names, nothing more."""
    con = archive.con
    version = store.current_version(con) if store.has_tables(con) else None
    if version is None:
        return [], matcher([])
    key = (str(archive.path), version, tuple(sorted(store.labels(con, version).items())))
    with _cache_lock:
        found = _kept.get(key)
    if found is None:
        every = listing(con)
        found = (every, matcher(every))
        with _cache_lock:
            if len(_kept) >= 8:  # (one model an archive, a few archives a process)
                _kept.clear()
            _kept[key] = found
    return found


def match(archive: Archive, text: str) -> list[int]:
    """The topics ``topic:"words"`` means in this archive."""
    return _current(archive)[1](text)


def labels(archive: Archive) -> dict[str, str]:
    """Each topic's label by its number as the facet counts it (``"7"``); empty without a model."""
    return {str(t["id"]): str(t["label"]) for t in _current(archive)[0]}


def topic(archive: Archive, number: int, cables: int = CABLES) -> dict[str, Any]:
    """One topic: its words, size, representative cables (the heaviest in it), top posts and TAGS, and its
    trend by year (as a share of each year's cables)."""
    every = listing(archive.con, 20)
    if not every:
        raise NotFound(NO_MODEL)
    if not 1 <= number <= len(every):
        raise NotFound(f"no topic {number}: the model has topics 1 to {len(every)}")
    out = dict(every[number - 1])
    result = archive.search(f"topic:{number}", limit=0, snippets=False)
    out["size"] = result.total
    out["posts"] = _top(result.facets.get("origin", {}))
    out["tags"] = _top(result.facets.get("tag", {}))
    out["cables"] = [{"id": i, "date": d, "origin": o, "subject": s, "weight": w} for i, d, o, s, w in archive.con.execute(
        "SELECT cables.id, cables.date, cables.origin, cables.subject, cable_topics.weight FROM cable_topics "
        "JOIN cables USING (id) WHERE topic=? ORDER BY weight DESC, cables.id LIMIT ?", (number, cables))]
    out["trend"] = archive.trends(f"topic:{number}", by="year", share=True)["series"][0]
    return out


def _top(values: dict[str, int]) -> list[list[Any]]:
    return [[v, n] for v, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_VALUES]]


def set_label(archive: Archive, number: int, label: str | None) -> dict[str, Any]:
    """Name topic ``number`` of the current model (an empty label gives it back its top words). Names
    belong to the model; a refit keeps the names of the topics it finds again."""
    label = " ".join((label or "").split())
    if len(label) > MAX_LABEL:
        raise CablebaseError(f"a label is at most {MAX_LABEL} characters ({len(label)} given)")
    archive._require()
    con = records.connect(archive.path / "cables.sqlite")
    try:
        version = store.current_version(con)
        model = store.model(con, version)
        if model is None or version is None:
            raise CablebaseError(NO_MODEL)
        if not 1 <= number <= model.k:
            raise NotFound(f"no topic {number}: the model has topics 1 to {model.k}")
        store.set_label(con, version, number, label)
        size = con.execute("SELECT COUNT(*) FROM cable_topics WHERE topic=?", (number,)).fetchone()[0]
        return {**next(t for t in listing(con) if t["id"] == number), "size": int(size)}
    finally:
        con.close()
