"""The preamble (captions, office lines, E.O., TAGS, SUBJECT, REF, Classified By) in the shapes real copies
give it: labels run together on one line, long office lists, codes one per line, fields above the
classification line."""

from hypothesis import given
from hypothesis import strategies as st

from cablebase import parse_text
from cablebase.decode.preamble import split_inner_labels

HEAD = "VZCZCXRO0001\nPP RUEHC\nDE RUEHBR #0236 0451900\nZNY CCCCC ZZH\nP 141900Z FEB 08\nFM AMEMBASSY BRASILIA\n" \
       "TO RUEHC/SECSTATE WASHDC PRIORITY 1234\n"


def cable(preamble: str, head: str = HEAD, cls: str = "C O N F I D E N T I A L BRASILIA 000236") -> str:
    return f"{head}\n{cls}\n\n{preamble}\n\n1. (C) The minister spoke.\n\nSOBEL\n"


def test_eo_and_tags_on_one_line():
    c = parse_text(cable("SIPDIS\n\nE.O. 12958: DECL: 02/14/2018 TAGS: BR PREL MARR\nSUBJECT: JOBIM MEETING"),
                   "08BRASILIA236")
    assert [t.code for t in c.tags] == ["BR", "PREL", "MARR"]
    assert c.declassification.instruction == "DECL: 02/14/2018" and c.subject == "JOBIM MEETING"


def test_every_label_on_one_line_in_lower_case():
    c = parse_text(cable("Sipdis\n\nE.o. 12958: decl: 01/07/2014 Tags: prel, pgov, tu Subject: turkish p.m. "
                         "Erdogan goes to washington"), "04ANKARA348")
    assert [t.code for t in c.tags] == ["PREL", "PGOV", "TU"]
    assert c.subject == "turkish p.m. Erdogan goes to washington"


def test_office_line_before_the_eo_line_and_tag_without_s():
    c = parse_text(cable("SIPDIS  S/CT SHARRI R. CLARK\n\nDEPT FOR WHA/BSC E.O. 12958: DECL: 03/20/2019 TAG PTER, SW\n"
                         "SUBJECT: SWEDEN: CI/KR RESPONSE"), "08BRASILIA236")
    assert [t.code for t in c.tags] == ["PTER", "SW"] and c.subject == "SWEDEN: CI/KR RESPONSE"


def test_a_subject_naming_an_executive_order_is_not_cut():
    c = parse_text(cable("E.O. 12958: DECL: 02/14/2018\nTAGS: EFIN KTFN\nSUBJECT: E.O. 13224 DESIGNATION OF THREE "
                         "FINANCIERS"), "08BRASILIA236")
    assert c.subject == "E.O. 13224 DESIGNATION OF THREE FINANCIERS"


def test_a_label_said_twice_stays_one_field():
    lines = ["C O N F I D E N T I A L", "Classified By: Classified By: Josiah Rosenblatt, 1.4 (b)",
             "(U) Classified by: David Appleton, Director,", "1. (C) Text."]
    assert split_inner_labels(lines, 1) == lines


def test_long_and_many_office_lines_before_the_fields():
    offices = "\n".join(f"DEA HQS FOR OFFICE NUMBER {i} AND THE REGIONAL DIRECTOR OF OPERATIONS IN THE FIELD, "
                        f"ATTENTION DESK {i}" for i in range(16))
    c = parse_text(cable(f"DEA SENSITIVE\nSIPDIS\n\n{offices}\n\nE.O. 12958: N/A\nTAGS: DEAX\n\nSUBJECT: DEA MEETING",
                         cls="UNCLAS SECTION 01 OF 07 MOSCOW 000293"), "10MOSCOW293")
    assert c.subject == "DEA MEETING" and [t.code for t in c.tags] == ["DEAX"]
    assert c.paragraphs[0].number == 1 and "DEA HQS" not in c.body


def test_codes_one_per_line_as_print_exports_give_them():
    c = parse_text(cable("E.O. 12958: N/A\nTAGS: EAID\n \nPREF\n \nET\n \nKE\nSUBJECT: GREEK RESPONSE ON AID"),
                   "08BRASILIA236")
    assert [t.code for t in c.tags] == ["EAID", "PREF", "ET", "KE"] and c.subject == "GREEK RESPONSE ON AID"


def test_fields_printed_among_the_addressees():
    head = HEAD.replace("FEB 08", "JAN 09") + "INFO RUEHMO/AMEMBASSY MOSCOW IMMEDIATE 4498\nTAGS: PREL PGOV RS IT\n" \
                  "SUBJECT: ITALY-RUSSIA RELATIONS\nREF: A) 08 STATE 134386 B) ROME 451\n"
    c = parse_text(cable("Noforn\nsipdis\n\nE.o. 12958: decl: 01/26/2019", head=head,
                         cls="S e c r e t section 01 of 05 rome 000097"), "09ROME97")
    assert [t.code for t in c.tags] == ["PREL", "PGOV", "RS", "IT"] and c.subject == "ITALY-RUSSIA RELATIONS"
    assert [r.id for r in c.references] == ["08STATE134386", "08ROME451"]  # ROME 451 is before ROME 97: 2008
    assert [a.address for a in c.info] == ["AMEMBASSY MOSCOW"]
    assert c.declassification.instruction == "DECL: 01/26/2019" and c.caveats == ("NOFORN", "SIPDIS")


@given(st.lists(st.sampled_from(["E.O. 12958: DECL: 1/2/2019", "TAGS: PREL", "TAG PREL", "Subject: x", "SUBJ: y",
                                 "Classified By: z", "(U)", "DEPT FOR EUR", "1. (C) Text.", "", " ", "E.O. 13224 a"]),
                min_size=1, max_size=8).map(" ".join), st.integers(0, 2))
def test_splitting_keeps_every_character_but_spaces(line, start):
    lines = ["HEAD", "CLASS", line, "1. (C) body"]
    out = split_inner_labels(lines, start)
    assert "".join(out).replace(" ", "") == "".join(lines).replace(" ", "")
    assert out[:start] == lines[:start] and out[-1] == lines[-1]


def test_subject_cut_by_a_blank_line_goes_on_and_the_ref_after_it_is_read():
    c = parse_text(cable("E.O. 12958: DECL: 10/20/2018\nTAGS ECON, UK\nSUBJECT: CONSERVATIVE PARTY CAUGHT BY BROWN'S \n\n"
                         "QUICK MANEUVERS ON FINANCIAL CRISIS\nREF: A. LONDON 2666  B. LONDON 2603\n\n"
                         "Classified By: Economic Minister Counselor Mark Tokola for reasons 1.4 b and d."),
                   "08LONDON2765")
    assert c.subject == "CONSERVATIVE PARTY CAUGHT BY BROWN'S QUICK MANEUVERS ON FINANCIAL CRISIS"
    assert [r.id for r in c.references] == ["08LONDON2666", "08LONDON2603"]
    assert c.classified_by is not None and c.paragraphs[0].text == "The minister spoke."


def test_a_finished_subject_does_not_swallow_the_next_field():
    c = parse_text(cable("TAGS: PREL\nSUBJECT: ARGENTINE GOVERNMENT TAKES UMBRAGE\n\nDERIVED FROM: DSCG 05-1 B, D\n\n"
                         "REF: BUENOS AIRES 1200"), "09BUENOSAIRES1311")
    assert c.subject == "ARGENTINE GOVERNMENT TAKES UMBRAGE"


def test_an_unknown_code_on_its_own_line_before_the_subject():
    c = parse_text(cable("TAGS: SADC\n \nPREL\n \nZU\nSUBJECT: BREAKTHROUGH FOR SADC?"), "00GABORONE5265")
    assert [t.code for t in c.tags] == ["SADC", "PREL", "ZU"] and c.subject == "BREAKTHROUGH FOR SADC?"


def test_captions_at_the_head_of_a_flattened_line():
    c = parse_text(cable("SIPDIS  NOFORN  STATE FOR NEA/FO, NEA/ARP, INR/NESA, AND S/CT - H. CRUMPTON NSC FOR FRAN "
                         "TOWNSEND, JUAN ZARATE\nE.O. 12958: DECL: 04/09/2016\nTAGS: PTER AE\nSUBJECT: SCENESETTER",
                         cls="S E C R E T SECTION 01 OF 04 ABU DHABI 001401"), "06ABUDHABI1401")
    assert c.caveats == ("SIPDIS", "NOFORN") and c.classification == "SECRET//NOFORN"
    assert c.subject == "SCENESETTER" and [t.code for t in c.tags] == ["PTER", "AE"]


def test_subject_with_its_portion_mark_at_the_end_and_a_ref_on_the_same_line():
    c = parse_text(cable("TAGS: PREL\nSUBJECT: FINAL HEU SHIPMENT DEPARTS LIBYA (C) REF: A) TRIPOLI 938 B) TRIPOLI 966"),
                   "09TRIPOLI1025")
    assert c.subject == "FINAL HEU SHIPMENT DEPARTS LIBYA"
    assert [r.id for r in c.references] == ["08TRIPOLI938", "08TRIPOLI966"]
    c = parse_text(cable("TAGS: PREL\nSUBJECT: SAUDIS ON IRAN REF UPCOMING NAM FM MEETING"), "08RIYADH1134")
    assert c.subject == "SAUDIS ON IRAN REF UPCOMING NAM FM MEETING" and not c.references


def test_unknown_codes_one_per_line_up_to_the_subject():
    c = parse_text(cable("TAGS: PREL\n \nECIN\n \nZL\n \nGR\nSUBJECT:  ENGAGING GREECE ON THE BALKANS"), "00ATHENS1917")
    assert [t.code for t in c.tags] == ["PREL", "ECIN", "ZL", "GR"] and c.subject == "ENGAGING GREECE ON THE BALKANS"


def test_a_last_ref_item_after_a_blank_line_and_the_classified_by_after_it():
    c = parse_text(cable("TAGS: PREL\nSUBJECT: ARGENTINE FUROR\n\nREF: (A) BUENOS AIRES 2336 (B) MCWHIRTER 12/14/07\n\n"
                         "E-MAIL TO DS COMMAND CENTER\n\nClassified By: Ambassador Wayne for reasons 1.4 (b) & (d)."),
                   "07BUENOSAIRES2345")
    assert [r.kind for r in c.references] == ["cable", "email"]
    assert c.classified_by is not None and c.body.startswith("1. (C)")


def test_a_subject_said_twice_and_a_page_header_in_lower_case():
    c = parse_text(cable("TAGS: PGOV AF\nSUBJECT: SUBJECT: AFGHANISTAN: A SNAPSHOT\n\nKABUL 00001239 001.6 of 005\n\n\n"
                         "Classified By: PRT Director Valerie C. Fowler for reasons 1.4 (b) and (d)"), "09KABUL1239")
    assert c.subject == "AFGHANISTAN: A SNAPSHOT" and c.classified_by is not None
    assert [m.text for m in c.page_marks] == ["KABUL 00001239 001.6 of 005"]


def test_a_subject_stops_at_the_date_and_classification_line_of_a_second_copy():
    c = parse_text(cable("TAGS PREL, PK\nSUBJECT: BALOCH REQUEST UNHCR FACILITATE MOVEMENT OF\nBRAHMDAGH BUGTI TO IRELAND\n"
                         "Friday, 18 December 2009, 11:04\nS E C R E T SECTION 01 OF 02 ISLAMABAD 003037"), "09ISLAMABAD3037")
    assert c.subject == "BALOCH REQUEST UNHCR FACILITATE MOVEMENT OF BRAHMDAGH BUGTI TO IRELAND"


def test_the_page_header_glued_to_the_end_of_a_subject():
    for subject, want in [("UK AMBASSADOR ON IRI TACTICS BAGHDAD 00003895 001.3 OF 003", "UK AMBASSADOR ON IRI TACTICS"),
                          ("PLENARY SESSION AND COS DIALOGUE ABU DHABI 00000744 001.2 OF 004",
                           "PLENARY SESSION AND COS DIALOGUE"),
                          ("AUXILIARY ROLE IRGC, MOISDUBAI 00000049 001.2 OF 003", "AUXILIARY ROLE IRGC, MOIS")]:
        c = parse_text(cable(f"TAGS: PREL\nSUBJECT: {subject}"), "07BAGHDAD3895")
        assert c.subject == want
