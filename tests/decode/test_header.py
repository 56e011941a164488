"""Addressee lines: ``[RI/]address [precedence] [MCN]``, split from the end."""

import re

from hypothesis import given
from hypothesis import strategies as st

from cablebase.decode.header import _PREC_WORDS, parse_addressee

# The grammar as one pattern with a lazy address: the specification the quicker code must agree with.
GRAMMAR = re.compile(
    rf"^(?:(R[A-Z0-9]{{3,7}})\s*/\s*)?(.*?)(?:\s+({_PREC_WORDS}))?(?:\s+(\d{{4}}(?:\s*-\s*\d{{4}})?))?\s*$"
)


def test_full_addressee():
    a = parse_addressee("RUEHC/SECSTATE WASHDC IMMEDIATE 5650")
    assert (a.ri, a.address, a.precedence, a.mcn, a.post) == (
        "RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "5650", "Secretary of State")


def test_mcn_range_and_two_word_precedence():
    a = parse_addressee("RUEHME/AMEMBASSY MEXICO NIACT IMMEDIATE 1234 - 1240")
    assert (a.address, a.precedence, a.mcn) == ("AMEMBASSY MEXICO", "NIACT IMMEDIATE", "1234-1240")


def test_office_suffix():
    a = parse_addressee("RUEKJCS/JOINT STAFF WASHDC//J-3/J-5// PRIORITY")
    assert (a.address, a.office, a.precedence) == ("JOINT STAFF WASHDC", "J-3/J-5", "PRIORITY")


_pieces = st.lists(st.sampled_from(
    ["RUEHC/", "RUEHME /", "SECSTATE", "WASHDC", "AMEMBASSY", "MEXICO", "IMMEDIATE", "NIACT", "IMMED",
     "PRIORITY", "ROUTINE", "FLASH", "5650", "1234", "-", "12", "//J-3//", "/", " ", "  "]), max_size=8)


@given(_pieces)
def test_agrees_with_the_grammar(pieces):
    line = " ".join(" ".join(pieces).split())
    ri, address, prec, mcn = GRAMMAR.match(line).groups()
    a = parse_addressee(line)
    assert a.ri == ri
    assert a.mcn == (mcn.replace(" ", "") if mcn else None)
    assert (a.precedence is None) == (prec is None)
    if "//" not in address:
        assert a.address == address.strip(" /")


def test_without_a_classification_line_the_whole_address_block_is_the_header():
    from cablebase import parse_text

    c = parse_text("R 242212Z FEB 10\nFM SECSTATE WASHDC\nTO AMEMBASSY MOSCOW\nINFO AMEMBASSY KYIV\n\n"
                   "XXXXXXXXXXXX In the Russian view, there is another threat.\n", "10STATE17263")
    assert [a.address for a in c.to] == ["AMEMBASSY MOSCOW"] and [a.address for a in c.info] == ["AMEMBASSY KYIV"]
    c = parse_text("221547Z Sep 04\n\nThe Dutch FM told the Ambassador so.\n", "04THEHAGUE2415")
    assert c.transmission.dtg == "221547Z SEP 04" and c.date.isoformat() == "2004-09-22T15:47:00+00:00"


def test_a_container_time_with_its_hour_in_its_minutes_is_flagged():
    from cablebase.decode import decode
    from cablebase.model import Provenance

    text = "C O N F I D E N T I A L ANKARA 000348\n\nTAGS: PREL\nSUBJECT: X\n\n1. (C) Text.\n"
    c = decode(text, Provenance("x", "mongo-json"), published_id="04ANKARA348", container={"created": "2004-01-20 12:12"})
    assert c.date.isoformat() == "2004-01-20T12:12:00+00:00"
    assert any(d.code == "meta-created-minutes" and "not the cable's" in d.message for d in c.diagnostics)
    c = decode(text, Provenance("x", "mongo-json"), published_id="04ANKARA348", container={"created": "2004-01-20 12:47"})
    assert not any(d.code == "meta-created-minutes" for d in c.diagnostics)


def test_classified_by_as_the_first_paragraph():
    from cablebase.decode import decode
    from cablebase.model import Provenance

    text = ("C O N F I D E N T I A L ABU DHABI 005893\n\nTAGS: PREL\nSUBJECT: X\n\n"
            "1.  (U) CLASSIFIED BY THEODORE H. KATTOUF, AMBASSADOR,\nREASON 1.5 (B) AND (D).\n\n2.  (C) SUMMARY: Text.\n")
    c = decode(text, Provenance("x", "pdf"), published_id="00ABUDHABI5893")
    assert c.classified_by is not None
    assert c.classified_by.person == "THEODORE H. KATTOUF" and c.classified_by.reasons == ("1.5 (b)", "1.5 (d)")


@given(address=st.sampled_from(["SECSTATE WASHDC", "AMEMBASSY PARIS", "EU MEMBER STATES COLLECTIVE", "USMISSION USNATO"]),
       prec=st.sampled_from([None, "IMMEDIATE", "PRIORITY", "NIACT IMMEDIATE", "ROUTINE", "FLASH"]),
       mcn=st.sampled_from([None, "5650", "0705", "7721-7722", "7721 - 7722"]),
       gaps=st.lists(st.sampled_from([" ", "  ", "\t", "   "]), min_size=4, max_size=4))
def test_addressee_tail_read_from_the_end_whatever_the_spacing(address, prec, mcn, gaps) -> None:  # type: ignore[no-untyped-def]
    line = "RUEHC/" + address.replace(" ", gaps[0]) + (gaps[1] + prec.replace(" ", gaps[2]) if prec else "") \
        + (gaps[3] + mcn if mcn else "")
    a = parse_addressee(line)
    assert (a.address, a.precedence, a.mcn) == (address, prec, mcn.replace(" ", "") if mcn else None)
