"""The precision invariants: each one caught on a real form of the fault and kept quiet on a near miss,
and the shared corpus's share of clean records kept at or above the committed figure."""

from dataclasses import replace

import pytest

from cablebase import parse_text
from cablebase.coverage import check, to_markdown
from cablebase.decode import decode
from cablebase.invariants import INVARIANTS, violations
from cablebase.model import Addressee, Paragraph, Provenance
from tests.conftest import CORPUS

# The committed figure: the share of the shared corpus's records that break no invariant (docs/check-report.md).
CLEAN_FLOOR = 0.995

_BASE = parse_text("""TAGS: PREL
SUBJECT: A SUBJECT

1. (C) The first paragraph ends here.

2. (C) The second paragraph.

GARZA""", "07MEXICO1102")


def _with_text(text: str, number: int | None = 1, marking: str | None = "C") -> list[str]:
    paras = (Paragraph(number=number, marking=marking, text=text), Paragraph(number=2, marking="C", text="Next."))
    return [v.code for v in violations(replace(_BASE, paragraphs=paras))]


def test_a_clean_record_breaks_nothing():
    assert [v.code for v in violations(replace(_BASE, date_source="container"))] == []


@pytest.mark.parametrize(("text", "code"), [
    ("... Secretary Rice in Washington.\nThe Media\n---------", "rule-in-text"),  # 06LISBON2365
    ("C-17 PURCHASE -------------", "rule-in-text"),  # 09DOHA502
    ("a reform agenda  ANKARA 00000648  002 OF 004   as far as necessary", "page-mark-in-text"),  # 07ANKARA648
    ("FOR THE PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS", "page-mark-in-text"),  # 07PARIS2440
    ("A  CONFIDENTIAL PAGE 03 HARARE 06677 03 OF 03 291401Z", "page-mark-in-text"),  # 00HARARE6677
    ("upon request. CLINTON NNNN End Cable Text", "residue-in-text"),  # 09STATE63860
    ("139720,2/1/2008 15:55,08THEHAGUE102,\"Embassy The Hague\", CONFIDENTIAL", "residue-in-text"),
    ("PORTER NMAFVVZCZ *** Current Handling Restrictions *** n/a", "residue-in-text"),  # 73STATE97844
    ("LIMITED OFFICIAL USE LIMITED OFFICIAL USE", "banner-in-text"),  # 74ATHENS2959
    ("(S//REL to USA, ACGU) The minister said so.", "marking-in-text"),  # 08RANGOON749
])
def test_each_class_is_caught(text, code):
    assert code in _with_text(text, marking=None if code == "marking-in-text" else "C")


@pytest.mark.parametrize("text", [
    "The talks -- and they were long -- ended.",  # dashes in a sentence
    "2005    1855    2006    2489\n-----   -----   -----   -----\n2007    3038    2008    6380",  # a table's rules
    "The page 2 of the report names BERLIN as the venue.",  # no mark
    "He said it was SECRET and would stay so.",  # a level word in a sentence
    "(a) first item of a list",  # a list item, not a marking
])
def test_near_misses_stay_clean(text):
    assert _with_text(text, marking=None) == []


def test_heading_only_paragraph_and_notes():
    assert "heading-only-paragraph" in _with_text("Summary", number=None, marking=None)  # 10MANAGUA115
    assert "heading-only-paragraph" not in _with_text("XXXXXXXXXXXX", number=None, marking=None)  # a redaction
    assert [v.code for v in violations(replace(_BASE, signers=("CLINTON UNQUOTE CLINTON",)))] == ["note-in-signer"]
    assert violations(replace(_BASE, signers=("THEODORE",))) == []
    note = Addressee(text="NOTE - DO NOT PUBLISH - AWAITING LEGAL ON MENTION OF PACHAURI")
    assert [v.code for v in violations(replace(_BASE, info=(note,)))] == ["note-in-addressee"]


def test_a_date_from_the_container_says_so():
    c = decode("TAGS: PREL\nSUBJECT: X\n\n1. (U) Text.", Provenance("<text>", "raw"), published_id="07MEXICO1102",
               container={"created": "2007-03-05 19:07"})
    assert c.date is not None and c.date_source == "container" and c.transmission.dtg is None
    assert violations(c) == []
    assert [v.code for v in violations(replace(c, date_source=None))] == ["date-unmarked"]
    assert parse_text("R 051924Z MAR 07\nFM AMEMBASSY MEXICO\n\nTAGS: PREL", "07MEXICO1102").date_source == "dtg"


def test_every_invariant_is_described():
    assert all(INVARIANTS.values())


@pytest.mark.corpus
def test_the_shared_corpus_stays_clean():
    report = check([CORPUS], jobs=2)
    share = report.clean_share()
    assert share >= CLEAN_FLOOR, [e for e in report.examples]
    md = to_markdown(report)
    assert "## Precision: records clean by the invariants" in md
    for fmt in report.by_format:
        assert f"| {fmt} |" in md
