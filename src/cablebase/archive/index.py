"""The full-text index (Tantivy): its schema and documents, both read from the field catalogue.

The index is a view of the SQLite records: it can always be rebuilt from them. Its columns are those the
search fields declare (:mod:`cablebase.query.fields`), each filled by the field's extraction; how a query
is matched against them is :mod:`cablebase.query.translate`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import orjson
import tantivy

from cablebase.model import StoredCable
from cablebase.query.analysis import ANALYZERS
from cablebase.query.fields import COLUMNS, INT, Column

# The order of the columns in index version 4. The engine opens an index only with its columns in the
# order they were made in, so the columns made then keep their places; a field's new columns follow, in
# the catalogue's order (an index without them is rebuilt by the next ingest: see open_index).
_LAYOUT = ("id", "seq", "ts", "day", "date", "subject", "body", "body_exact", "tagtext", "origin_text",
           "from_text", "to_text", "class_text", "signer_text", "origin", "country", "month", "classification",
           "caveat", "tag", "precedence", "ref", "year", "signer", "kind", "topic")
_SEQ = "seq"  # the record's change number (set by ingest, not from the cable)
_KIND = "kind"  # for counting only: see kind()

# Facets a cable may have several values of are counted from one single-valued column per place (a cable's
# first tag, its second, ...; EMPTY where it has fewer) and one column for the values past the last place.
# The engine reads a column with one value per cable about six times quicker per value than a column with
# several (docs/decisions/facet-slots.md): tags, a cable's fifth to sixth value on average, count 3x quicker.
SLOTS = {"tag": 8, "signer": 1, "topic": 3}
EMPTY = "-"  # a place a cable has no value for (no tag, signer or topic is "-"); never counted
_REST = "rest"


def slot_columns(field: str) -> list[str]:
    """The counting columns of a field with :data:`SLOTS`: one per place, then the rest."""
    return [f"{field}_{i}" for i in range(SLOTS[field])] + [f"{field}_{_REST}"]


def slotted(column: str) -> str | None:
    """The field a counting column counts (``tag_3`` -> ``tag``), or None for other columns."""
    field, _, place = column.rpartition("_")
    return field if field in SLOTS and (place == _REST or place.isdigit()) else None


_SLOT_COLUMNS = [c for field in SLOTS for c in slot_columns(field)]


def _columns() -> list[str]:
    names = [*COLUMNS, _SEQ, _KIND, *_SLOT_COLUMNS]
    return sorted(names, key=lambda n: _LAYOUT.index(n) if n in _LAYOUT else len(_LAYOUT))


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in _columns():
        if name == _SEQ:
            b.add_integer_field(name, stored=True, indexed=True, fast=True)
        elif name == _KIND or name in _SLOT_COLUMNS:
            b.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
        else:
            _add(b, COLUMNS[name])
    return b.build()


def _add(b: tantivy.SchemaBuilder, c: Column) -> None:
    if c.analyzer == INT:
        b.add_integer_field(c.name, stored=c.stored, indexed=True, fast=True)
    else:
        b.add_text_field(c.name, stored=c.stored, tokenizer_name=c.analyzer, fast=c.fast)


# Classification, caveats and precedence as one value: reading one column of a few hundred distinct values
# counts all three facets in a quarter of the time three columns take (caveats are several values per cable).
_KIND_SEP, _CAVEAT_SEP = "\t", "\n"


def kind(classification: str | None, caveats: list[str], precedence: str | None) -> str:
    def part(text: str | None) -> str:  # (values never hold the separators; made sure of here)
        return (text or "").replace(_KIND_SEP, " ").replace(_CAVEAT_SEP, " ")

    return _KIND_SEP.join([part(classification), _CAVEAT_SEP.join(map(part, caveats)), part(precedence)])


def split_kind(value: str) -> tuple[str, list[str], str]:
    """``kind()`` undone: (classification, caveats, precedence), empty where the cable has none."""
    classification, caveats, precedence = value.split(_KIND_SEP)
    return classification, caveats.split(_CAVEAT_SEP) if caveats else [], precedence


# What the documents hold, beyond the schema: bump it when ``document()`` changes what it puts in a field
# (3: signers upper-cased; 4: the kind field; 5: the topic field; 6: the counting columns of SLOTS), so that
# an index made by an older cablebase is rebuilt rather than mixed.
INDEX_VERSION = "6"
_VERSION_FILE = "cablebase-index-version"


class SchemaChanged(Exception):
    """The index on disk was built with an older schema; it must be rebuilt from the records."""


def open_index(path: Path, rebuild: bool = False, wipe: bool = False) -> tantivy.Index:
    """Open (or create) the index. An index of an older schema or version (or any, with ``wipe``) is wiped
    when ``rebuild`` (ingest then re-indexes every record from SQLite) and raises :class:`SchemaChanged`
    otherwise."""
    path.mkdir(parents=True, exist_ok=True)
    schema = build_schema()
    stamp = path / _VERSION_FILE
    fresh = not any(path.iterdir())
    try:
        index = tantivy.Index(schema, path=str(path), reuse=True)
        current = fresh or not wipe and stamp.exists() and stamp.read_text().strip() == INDEX_VERSION
    except ValueError as exc:
        if "schema does not match" not in str(exc):
            raise
        current = False
    if not current:
        if not rebuild:
            raise SchemaChanged(str(path))
        for f in path.iterdir():
            f.unlink()
        index = tantivy.Index(schema, path=str(path), reuse=True)
        fresh = True
    if fresh:
        stamp.write_text(INDEX_VERSION + "\n")
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)
    return index


def index_shape(path: Path) -> tuple[int, float]:
    """The index's segments and the share of their documents that are deleted (from Tantivy's meta.json).
    An updated record leaves its old document deleted in place until segments are merged, and the engine
    still reads past it on every search: after many updates a rebuild makes searches quicker."""
    meta = path / "meta.json"
    if not meta.exists():
        return 0, 0.0
    segments = orjson.loads(meta.read_bytes()).get("segments", [])
    docs = sum(s.get("max_doc", 0) for s in segments)
    deleted = sum((s.get("deletes") or {}).get("num_deleted_docs", 0) for s in segments)
    return len(segments), deleted / docs if docs else 0.0


TOPIC = "topic"  # the one column the archive fills (from the cable's topics), not the record


def document(rec: StoredCable, seq: int, topics: Iterable[int] = ()) -> tantivy.Document:
    """A Tantivy document for a stored record: every column as its field's extraction fills it, and the
    cable's ``topics`` (numbers in the archive's topic model)."""
    d = tantivy.Document()
    numbers = [str(t) for t in topics]
    for t in numbers:
        d.add_text(TOPIC, t)
    _add_slots(d, TOPIC, numbers)
    for c in COLUMNS.values():
        if c.values is None:
            continue
        values = c.values(rec)
        if c.analyzer == INT:
            for number in values:
                d.add_integer(c.name, number)  # type: ignore[arg-type]
        else:
            terms: list[str] = [c.term(text) if c.term else text for text in values]  # type: ignore[arg-type, misc]
            for text in terms:
                d.add_text(c.name, text)
            if c.name in SLOTS:
                _add_slots(d, c.name, terms)
    d.add_integer(_SEQ, seq)
    cable = rec.cable
    d.add_text(_KIND, kind(cable.classification, list(dict.fromkeys(cable.caveats)), cable.precedence))
    return d


def _add_slots(d: tantivy.Document, field: str, values: list[str]) -> None:
    """A field's values in its counting columns: each distinct value once, in the cable's order."""
    values = list(dict.fromkeys(v for v in values if v != EMPTY))
    places = SLOTS[field]
    for i, column in enumerate(slot_columns(field)[:places]):
        d.add_text(column, values[i] if i < len(values) else EMPTY)
    for value in values[places:]:
        d.add_text(f"{field}_{_REST}", value)
