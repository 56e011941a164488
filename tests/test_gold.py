"""The gold set: cables of the shared corpus read by hand, compared with the decoder field by field.

Each ``tests/gold/<ID>.json`` holds what a correct decoding of one cable must give, as read from the raw
text (not from the decoder's output); ``tests/gold/README.md`` says how each cable was chosen and how the
fields are written. One test per cable and field, so a failure names both. These tests may fail where the
decoder is still wrong: that is what the gold set is for.
"""

from __future__ import annotations

import json
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parent / "gold"
CORPUS = GOLD.parent.parent.parent / "shared" / "corpus"  # as in conftest.py: beside the project
GOLD_FILES = sorted(GOLD.glob("*.json"))
FIELDS = ("id", "classification", "caveats", "date", "subject", "tags", "refs", "signers", "paragraphs")

pytestmark = pytest.mark.corpus


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _records(rel: str) -> tuple[Any, ...]:
    from cablebase.readers import ReadError, Skipped, read_path

    return tuple(r for r in read_path(CORPUS / rel) if not isinstance(r, ReadError | Skipped))


def _record(gold: dict[str, Any]) -> Any:
    """The decoded record the gold describes: by locator in a multi-cable file, else by id, else the only one."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    records = _records(gold["path"])
    if not records:
        pytest.fail(f"{gold['id']}: no record decoded from {gold['path']}")
    if gold.get("locator"):
        hits = [r for r in records if r.provenance.locator == gold["locator"]]
        if not hits:  # a reader that words its locators differently: fall back to the ids
            hits = [r for r in records if gold.get("published_id") and r.published_id == gold["published_id"]]
            hits = hits or [r for r in records if r.id == gold["id"]]
        if not hits:
            pytest.fail(f"{gold['id']}: no record at {gold['locator']!r} in {gold['path']}")
        return hits[0]
    if len(records) == 1:
        return records[0]
    hits = [r for r in records if r.id == gold["id"]]
    return (hits or records)[0]


def _words(text: str | None, n: int = 5) -> tuple[str, str]:
    w = (text or "").split()
    return " ".join(w[:n]), " ".join(w[-n:])


def _norm(s: str | None) -> str | None:
    return " ".join(s.split()) if isinstance(s, str) else s


def _date_problem(gold_date: Any, cable: Any) -> str | None:
    d = cable.date
    if isinstance(gold_date, str):  # a DTG in the text: the minute must match
        got = d.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if d else None
        return None if got == gold_date else f"decoder {got!r}, gold {gold_date!r} (from the DTG)"
    day = gold_date["day"]
    if day is None:  # no date in the text nor in the container
        return None if d is None else f"decoder {d!r}, but neither the text nor the container gives a date"
    got_day = d.date().isoformat() if d else None
    if got_day != day:
        return f"decoder day {got_day!r}, gold day {day!r} (no DTG; the container's date)"
    # no DTG in the text: the record must say that its time is the container's, not the cable's
    precision = getattr(cable, "date_precision", None) or getattr(cable, "date_source", None)
    marked = precision not in (None, "minute", "dtg") or any(
        diag.code in ("missing-dtg", "date-from-container") for diag in cable.diagnostics)
    if cable.transmission.dtg:
        return f"decoder read a DTG {cable.transmission.dtg!r} that the text does not have"
    return None if marked else "no DTG in the text, but the record does not mark its time as the container's"


def _paragraph_problems(gold: list[dict[str, Any]], got: list[Any]) -> list[str]:
    out = []
    if len(gold) != len(got):
        out.append(f"{len(got)} paragraphs decoded, {len(gold)} in the gold: decoder numbers "
                   f"{[p.number for p in got]}, gold {[p['number'] for p in gold]}")
    for i, (g, p) in enumerate(zip(gold, got, strict=False)):
        where = f"paragraph #{i + 1} (number {g['number']})"
        first, last = _words(p.text)
        checks = (
            ("number", g["number"], p.number),
            ("marking", g["marking"], p.marking),
            ("heading", _norm(g["heading"]), _norm(p.heading)),
            ("first words", _norm(g["first"]), first),
            ("last words", _norm(g["last"]), last),
        )
        for name, want, have in checks:
            if want != have:
                out.append(f"{where} {name}: decoder {have!r}, gold {want!r}")
    return out


def _problem(field: str, gold: dict[str, Any], cable: Any) -> str | None:
    if field == "id":
        return None if cable.id == gold["id"] else f"decoder {cable.id!r}, gold {gold['id']!r}"
    if field == "classification":
        got, want = cable.classification, gold["classification"]
    elif field == "caveats":
        got, want = list(cable.caveats), gold["caveats"]
    elif field == "date":
        return _date_problem(gold["date"], cable)
    elif field == "subject":
        got, want = _norm(cable.subject), _norm(gold["subject"])
    elif field == "tags":
        got, want = [t.code for t in cable.tags], gold["tags"]
    elif field == "refs":
        got, want = list(cable.reference_ids), gold["refs"]
    elif field == "signers":
        got, want = list(cable.signers), gold["signers"]
    elif field == "paragraphs":
        problems = _paragraph_problems(gold["paragraphs"], list(cable.paragraphs))
        return "\n".join(problems) if problems else None
    else:  # pragma: no cover - FIELDS and this function go together
        raise AssertionError(field)
    return None if got == want else f"decoder {got!r}, gold {want!r}"


# Where the decoder still disagrees with the hand reading: open faults, each named, strict (a fix makes the
# case pass and the marker must then go). Every one is listed in the closing note of the session that found it.
OPEN: dict[str, str] = {
    "07BAGHDAD3895-date": "the export's header field (the routing block, with the DTG 301039Z NOV 07) is not "
                          "read into the text by the mongo-json reader: the container's 10:10 is taken",
    "07BAGHDAD3895-signers": "the export wrote a closing quote as '8' ('nothing away.8 BUTENIS'): the last "
                             "sentence does not end where the signer starts",
    "07BAGHDAD3895-paragraphs": "the same: the signer BUTENIS is read as the last paragraph's last word",
}
CASES = [pytest.param(path, field, id=(case := f"{path.stem}-{field}"),
                      marks=[pytest.mark.xfail(reason=OPEN[case], strict=True)] if case in OPEN else [])
         for path in GOLD_FILES for field in FIELDS]


def test_gold_set_is_big_enough() -> None:
    assert len(GOLD_FILES) >= 60
    folders = {_load(p)["path"].split("/")[0] for p in GOLD_FILES}
    assert folders >= {"wikileaks", "wikileaks-final-release", "versions", "cables-csv", "text-export",
                       "raw-telegram", "plusd-print", "plusd-nara-html"}


def test_gold_files_are_complete() -> None:
    keys = {"path", "locator", "chosen", "id", "classification", "caveats", "date", "subject", "tags", "refs",
            "signers", "paragraphs"}
    for p in GOLD_FILES:
        gold = _load(p)
        assert keys <= gold.keys(), f"{p.name}: missing {sorted(keys - gold.keys())}"
        for para in gold["paragraphs"]:
            assert {"number", "marking", "heading", "first", "last"} <= para.keys(), p.name


@pytest.mark.parametrize(("path", "field"), CASES)
def test_gold(path: Path, field: str) -> None:
    gold = _load(path)
    cable = _record(gold)
    problem = _problem(field, gold, cable)
    assert problem is None, f"{gold['id']} ({gold['path']}{', ' + gold['locator'] if gold['locator'] else ''}) " \
                            f"{field}: {problem}"
