"""Issue 18's classes of reading-text faults, each from a real example (cable named), with a near miss
that must stay as it is."""

from dataclasses import replace

from cablebase import parse_text
from cablebase.decode.body import parse_body
from cablebase.decode.headings import mark_headings
from cablebase.decode.pagemarks import strip_page_marks
from cablebase.decode.tags import parse_tags

HEAD = "TAGS: PREL\nSUBJECT: A SUBJECT\n\n"


def _paras(body: str) -> list[tuple[int | None, str | None, str | None, str]]:
    return [(p.number, p.marking, p.heading, p.text) for p in parse_body(body.split("\n")).paragraphs]


def test_an_underlined_heading_opens_the_next_paragraph():  # 06LISBON2365
    got = _paras("6. (S/NF) ... Secretary Rice in Washington.\n\nThe Media\n---------\n7. (U) The local press.")
    assert got == [(6, "S/NF", None, "... Secretary Rice in Washington."), (7, "U", "The Media", "The local press.")]


def test_a_boxed_heading_in_a_copy_without_line_breaks():  # 09CAIRO746, 09DOHA502
    got = _paras("2. (C) Special Envoy Gration. ------------------ Piracy and Somalia ------------------ "
                 "3. (C) Mubarak said so.")
    assert got[-1][2] == "Piracy and Somalia" and got[0][3] == "Special Envoy Gration."
    got = _paras("2. (C) Qatar will buy it. C-17 PURCHASE -------------\n3. (C) The Amir agreed.")
    assert got == [(2, "C", None, "Qatar will buy it."), (3, "C", "C-17 PURCHASE", "The Amir agreed.")]


def test_a_heading_only_paragraph_becomes_a_heading():  # 07PARIS743, 10MANAGUA115
    assert _paras("Summary\n-------\n1. (C) The text.") == [(1, "C", "Summary", "The text.")]
    assert _paras("Summary\n\n1. (C) The text.") == [(1, "C", "Summary", "The text.")]


def test_rules_of_a_table_and_dashes_in_a_sentence_stay():  # 09MEXICO193
    table = ["1. (U) Seizures by year:", "", "Year      Tons      Cases", "-----     -----     -----",
             "2007      3038      12"]
    assert "-----     -----" in parse_body(table).paragraphs[0].text
    assert mark_headings(["The talks ---- and they were long ---- ended."]) == \
        ["The talks ---- and they were long ---- ended."]


def test_page_and_section_marks_inside_a_line_are_cut_out():  # 07ANKARA648, 00HARARE6677, 07PARIS2440
    lines, marks = strip_page_marks(["pushed a reform agenda  ANKARA 00000648  002 OF 004   as far as necessary"])
    assert lines == ["pushed a reform agenda as far as necessary"] and marks[0].serial == 648
    lines, marks = strip_page_marks(["ON BOARD. CONFIDENTIAL PAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT"])
    assert lines == ["ON BOARD.", "11. (C) COMMENT"] and marks[0].kind == "page"
    lines, marks = strip_page_marks(["FOR THE", "PAGE 02 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440", "PERSIAN"])
    assert marks and "PAGE" not in " ".join(lines)
    assert strip_page_marks(["the 2 OF 4 candidates won"]) == (["the 2 OF 4 candidates won"], [])  # no mark


def test_end_marks_and_trailers_after_the_signer():  # 09STATE63860, 73STATE97844
    c = parse_text(HEAD + "1. (S) Available upon request.\nCLINTON\nNNNN\nEnd Cable Text\n XXXXXXXXXXXX", "09STATE63860")
    assert c.signers == ("CLINTON",) and c.paragraphs[-1].text == "Available upon request."
    c = parse_text("LIMITED OFFICIAL USE\n" + HEAD + "1. (U) FOREIGN AFFAIRS.    PORTER\nLIMITED OFFICIAL USE NMAFVVZCZ\n"
                   "*** Current Handling Restrictions ***   n/a", "73STATE97844")
    assert "Handling" not in c.paragraphs[-1].text and "NMAFVVZCZ" not in c.body


def test_markings_in_any_case_and_form():  # 08RANGOON749, 07STOCKHOLM506, 07BAGHDAD3504, 10KABUL693
    got = _paras("1. (S//REL to USA, ACGU) The junta.\n\n2. (s) Reinfeldt.\n\n(C) 3. The FBI.\n\n"
                 "4. (S//Rel NATO, ISAF) AWK said.")
    assert [(n, m) for n, m, _, _ in got] == [(1, "S//REL TO USA, ACGU"), (2, "S"), (3, "C"),
                                              (4, "S//REL NATO, ISAF")]
    assert _paras("1. (a) the first item of a list")[0][1:] == (None, None, "(a) the first item of a list")


def test_entire_text_marking_and_the_paragraph_after_it():  # 08PRETORIA9546
    got = _paras("1. C - ENTIRE TEXT 2. ALL VISITORS ARE WELCOME.")
    assert [(n, m, t) for n, m, _, t in got] == [(1, "C - ENTIRE TEXT", ""), (2, None, "ALL VISITORS ARE WELCOME.")]


def test_signers_after_end_words():  # 09STATE127892, 10USNATO52
    assert parse_text(HEAD + "1. (U) Text.\nCLINTON UNQUOTE CLINTON", "09STATE127892").signers == ("CLINTON",)
    c = parse_text(HEAD + "1. (U) Text of the statement.\nEND TEXT HEFFERN", "10USNATO52")
    assert c.signers == ("HEFFERN",) and c.paragraphs[-1].text.endswith("END TEXT")
    assert parse_text(HEAD + "1. (U) Text.\nTHEODORE", "07MEXICO1102").signers == ("THEODORE",)  # near miss


def test_a_note_below_the_address_block_is_no_addressee():  # 08STATE93970
    text = ("R 021230Z SEP 08\nFM SECSTATE WASHDC\nTO RUEHRL/AMEMBASSY BERLIN IMMEDIATE 0000\n"
            "NOTE - DO NOT PUBLISH - AWAITING LEGAL ON MENTION OF PACHAURI\n\nC O N F I D E N T I A L STATE 093970\n\n"
            + HEAD + "1. (U) Text.")
    c = parse_text(text, "08STATE93970")
    assert [a.address for a in c.to] == ["AMEMBASSY BERLIN"] and not c.info
    assert "header-note" in {d.code for d in c.diagnostics}


def test_glued_pairs_of_tags():  # flattened copies: SAQA, TUIS; RIGHTS stays free text
    tags, _ = parse_tags("PREL SAQA TUIS", pairs=True)
    assert [t.code for t in tags] == ["PREL", "SA", "QA", "TU", "IS"]
    tags, _ = parse_tags("PREL GTMO MASC ECIP")  # in a copy with its spaces: subject codes the table lacks
    assert [t.code for t in tags] == ["PREL", "GTMO", "MASC", "ECIP"]
    tags, _ = parse_tags("PHUM RIGHTS")
    assert [t.code for t in tags] == ["PHUM", "RIGHTS"]


def test_a_subject_keeps_no_glued_classified_by_or_caption():  # 09ASHGABAT757, 09MUNICH25
    c = parse_text("TAGS: PREL\nSUBJECT: A RECOUNT Classfied By: Charge Richard Miles, reasons 1.4 (b) and (d).\n\n"
                   "1. (C) Text.", "09ASHGABAT757")
    assert c.subject == "A RECOUNT" and c.classified_by is not None and c.classified_by.person == "Richard Miles"
    c = parse_text("TAGS: PREL\nSUBJECT: YOUTHFUL POLITICIANS SHAKE UP GERMAN STATUS QUO SENSITIVE BUT UNCLASSIFIED.\n\n"
                   "1. (U) Text.", "09MUNICH25")
    assert c.subject == "YOUTHFUL POLITICIANS SHAKE UP GERMAN STATUS QUO"


def test_a_marked_line_under_classified_by_is_not_part_of_it():  # 10ABUDHABI9, 07PRETORIA356
    """A heading or an unnumbered paragraph with its portion marking ends the Classified By field; a reason
    wrapped onto the next line, "(c)" or "(C)" included, does not."""
    c = parse_text("TAGS: PREL\nSUBJECT: TEST\n\nClassified By: Acting DCM Elizabeth Hinson. Reasons 1.4(b) and (d).\n"
                   "(U) This message has been coordinated with AmEmbassy Harare.\n\n1. (C) Text.", "07PRETORIA356")
    assert c.classified_by is not None and c.classified_by.text.endswith("1.4(b) and (d).")
    assert [(p.number, p.marking) for p in c.paragraphs] == [(None, "U"), (1, "C")]
    c = parse_text("TAGS: PREL\nSUBJECT: TEST\n\nCLASSIFIED BY: Richard Olson, Ambassador; REASON: 1.4(B), (D)\n"
                   "(S//NF) Summary\n\n1. (S//NF) SUMMARY. Text.", "10ABUDHABI9")
    assert c.classified_by is not None and c.classified_by.text.endswith("1.4(B), (D)") and "Summary" in c.body
    c = parse_text("TAGS: PREL\nSUBJECT: TEST\n\nClassified By: Ambassador John Smith, reasons 1.4 (b) and\n"
                   "(C) and (d).\n\n1. (C) Text.", "09X1")
    assert c.classified_by is not None and c.classified_by.text.endswith("(C) and (d).")


def test_a_heading_without_a_rule_right_after_a_paragraph_opens_the_next():  # 10ABUDHABI9, 09RIYADH447
    """A short line in title case or capitals, or opening with a portion marking, right under a paragraph's
    last sentence and over a blank line and a numbered paragraph, is that paragraph's heading; a short last
    line of a sentence, a line after an unfinished one, or one over more text is not."""
    c = parse_text("TAGS: PREL\nSUBJECT: TEST\n\n1. (S//NF) First paragraph ends here.\nTaliban/Haqqani Network\n\n"
                   "2. (S//NF) Second.\nU.S. SAUDI RELATIONS\n\n3. (S) Third.\n(S//NF) Lashkar-e-Tayyiba and Jamaat "
                   "al-Dawa al-Quran wa al-Sunna\n\n4. (S//NF) Fourth.\nThe talks went on\nInto the Night\n\n"
                   "5. (C) Fifth, after a line that did not end a sentence.\nAnd Then Some Words\nmore text.\n\n"
                   "6. (C) Sixth.", "10ABUDHABI9")
    got = [(p.number, p.heading, p.text.split()[-1]) for p in c.paragraphs]
    assert got == [(1, None, "here."), (2, "Taliban/Haqqani Network", "Second."), (3, "U.S. SAUDI RELATIONS", "Third."),
                   (4, "Lashkar-e-Tayyiba and Jamaat al-Dawa al-Quran wa al-Sunna", "Night"),
                   (5, None, "text."), (6, None, "Sixth.")]
    # nor a lettered list's last item, a line after "Mr.", or the signer's name at a page break
    c = parse_text("TAGS: PREL\nSUBJECT: TEST\n\n1. (C) Steps:\n(B) Hire staff.\n(C) Conduct Training Of Police\n\n"
                   "2. (C) Second, with Mr.\nSmith Jones\n\n3. (C) Third ends.\nDINGER\n\n4. (C) Fourth.\n\nDINGER",
                   "09RANGOON378")
    assert [p.heading for p in c.paragraphs] == [None, None, None, None] and c.signers == ("DINGER",)


def test_a_banner_with_caveats_is_a_caption_not_a_paragraph():  # 09STATE63860
    c = parse_text("TAGS: ASEC\nSUBJECT: DAILY\n\nClassified By: Derived from Multiple Sources\n\nSECRET//FGI//NOFORN\n\n"
                   "Declassify on: Source marked 25X1-human\n\n1. (U) Diplomatic Security Daily.", "09STATE63860")
    assert [p.number for p in c.paragraphs] == [1] and "FGI" in c.caveats


def test_a_dtg_inside_a_flattened_header_and_a_date_line():  # item 6: 09ANKARA1654, 09BAKU478
    c = parse_text("VZCZCXRO1234 OO RUEHDBU DE RUEHAK #1654 3211708 ZNY SSSSS ZZH O 171708Z NOV 09 FM AMEMBASSY "
                   "ANKARA TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234 " + "S E C R E T ANKARA 001654 " * 20
                   + "TAGS: PREL SUBJECT: TEST REF: STATE 100 DTG 010101Z JAN 09  1. (S) Text.", "09ANKARA1654")
    assert (c.date.isoformat(), c.date_source) == ("2009-11-17T17:08:00+00:00", "dtg")
    c = parse_text("Friday, 12 June 2009, 12:11S E C R E T SECTION 01 OF 03 BAKU 000478\n\nTAGS: PREL\n"
                   "SUBJECT: TEST\n\n1. (C) Text.", "09BAKU478")
    assert (c.date.isoformat(), c.date_source) == ("2009-06-12T12:11:00+00:00", "date-line")
    # the year glued to the FM line that follows ("... ZZHP 301039Z NOV 07FM AMEMBASSY BAGHDAD", 07BAGHDAD3895)
    c = parse_text("VZCZCXRO1775PP RUEHDIRDE RUEHGB #3895/01 3341039ZNY CCCCC ZZHP 301039Z NOV 07FM AMEMBASSY BAGHDAD"
                   "TO RUEHC/SECSTATE WASHDC PRIORITY 4580 " + "C O N F I D E N T I A L BAGHDAD 003895 " * 20
                   + "TAGS: PREL SUBJECT: TEST  1. (C) Text.", "07BAGHDAD3895")
    assert (c.date.isoformat(), c.date_source) == ("2007-11-30T10:39:00+00:00", "dtg")
    # a DTG cited after the TAGS line is another cable's, not this one's
    c = parse_text("S E C R E T ANKARA 001654 " * 20 + "TAGS: PREL SUBJECT: TEST REF: STATE 100 DTG 010101Z JAN 09  "
                   "1. (S) Text.", "09ANKARA1654")
    assert c.date is None


def test_numbers_written_otherwise_and_old_declassification_lines():  # 10MADRID49, 07PARIS743, 66BUENOSAIRES2481
    got = _paras("3. (C) Text.\n\n4 (C) The Ambassador said so.\n\n(5). (U) Codel Tanner.")
    assert [(n, m) for n, m, _, _ in got] == [(3, "C"), (4, "C"), (5, "U")]
    assert _paras("1. (C) In 2009 (C) grades were set.")[0][3] == "In 2009 (C) grades were set."  # near miss
    c = parse_text(HEAD + "1. (C) WHICH WOULD APPEAR MOST LIKELY TO SUCCEED.\n\nGP-3\nSACCIO", "66BUENOSAIRES2481")
    assert c.paragraphs[-1].text.endswith("SUCCEED.") and c.signers == ("SACCIO",)
    c = parse_text(HEAD + "1. (C) BY AGENTS OF OTHER COUNTRIES.\n\nEXEMPT\n\nHECK", "72TEHRAN1381")
    assert c.paragraphs[-1].text.endswith("COUNTRIES.") and c.signers == ("HECK",)


def test_header_lines_in_their_less_common_forms():  # item 11
    c = parse_text("S E C R E T N O F O R N MOGADISHU 01643\n\nTAGES: PREL, PGOV TAGS: ECON\nSUBJECT FRENCH VIEWS ON "
                   "IRAN\n...\nREF: REF: A. MOSCOW 1O23-91 B. STATE 7743, 12155\nClassified By: Labor Attache John Smith "
                   "Jr., for REA\nSONS 1.4 (b) and (d)\n\n1. (S) Summary and Action Request. The French want X. End\n"
                   "Summary.\n\n2. (S) More.\n\nSTAPLETON\n\nNOTE BY OC/T: NOT PASSED TO ABOVE ADDRESSEES.", "85MOGADISHU1643")
    assert c.classification == "SECRET//NOFORN" and "NOFORN" in c.caveats
    assert [t.code for t in c.tags] == ["PREL", "PGOV", "ECON"]
    assert c.subject == "FRENCH VIEWS ON IRAN"
    assert [r.id for r in c.references] == ["91MOSCOW1023", "85STATE7743", "85STATE12155"]
    assert (c.classified_by.title, c.classified_by.person) == ("Labor Attache", "John Smith Jr.")
    assert c.summary == "The French want X" and c.signers == ("STAPLETON",)
    near = parse_text("CONFIDENTIAL PARIS 100\n\nTAGS: GTMO, PREL\nSUBJECT: TEST\nREF: MTCR POC 201/2006\n"
                      "Classified By: Ambassador Ann Breason, reasons 1.4 (b)\n\n1. (C) Subject to approval, yes.\n\nThe",
                      "07PARIS100")
    assert [t.code for t in near.tags] == ["GTMO", "PREL"] and not near.reference_ids
    assert near.classified_by.person == "Ann Breason" and near.signers == ()


def test_review_findings_stay_fixed():
    from cablebase.decode.classification import parse_class_line
    from cablebase.decode.headings import _explode, _one_sentence
    from cablebase.invariants import violations

    for line in ("SECRET//NOFORN MOGADISHU 001643", "SECRET /NOFORN MOGADISHU 001643", "SECRET, NOFORN MOGADISHU 001643"):
        cl = parse_class_line(line)
        assert (cl.station, cl.serial, cl.trailer) == ("MOGADISHU", 1643, "NOFORN"), line
    assert _explode("7. ---- the talks were long") == ["7. ---- the talks were long"]
    assert not _one_sentence("        Hello. World")
    assert [p.number for p in parse_body(["(C) (1) The first item.", "", "(C) (2) Second."]).paragraphs] == [None]
    got = _paras("1. (C) One.\n\n(S/NF) KEY POINTS\n-----\n2. Text of two.")
    assert got[-1] == (2, "S/NF", "KEY POINTS", "Text of two.")
    lines, _ = strip_page_marks(["agenda CONFIDENTIAL CONFIDENTIAL PAGE 02 ROME 01196 01 OF 02 082030Z CONFIDENTIAL as far"])
    assert lines == ["agenda as far"]
    c = parse_text("SECRET MEXICO 001102\n\n" + HEAD + "1. (S) Text.\nSECRET//NOFORN\nMore text.", "07MEXICO1102")
    assert "SECRET//NOFORN" not in c.paragraphs[0].text
    banner = replace(c, paragraphs=(replace(c.paragraphs[0], text="Text.\nSECRET//NOFORN\nMore."),))
    assert "banner-in-text" in {v.code for v in violations(banner)}


def test_a_ref_with_a_later_year_than_the_citing_cables_dates_its_year_less_items():  # 00ATHENS1501
    from cablebase.decode.refs import later_cited_year, parse_references

    # a 2009 cable whose DTG says SEP 00: no cable cites a later one, so the year-less items are of 2009
    text = "09 STATE 96625; A. A)STATE 70789; B. B) SEOUL 1144 C. C) SINGAPORE 675; D. D) ATHENS 1400"
    refs, diags = parse_references(text, 2000, "00ATHENS1501")
    assert [r.id for r in refs] == ["09STATE96625", "09STATE70789", "09SEOUL1144", "09SINGAPORE675", "09ATHENS1400"]
    assert "ref-after-citing-year" in [d.code for d in diags]
    assert later_cited_year(text, 2000) == 2009
    # near misses: cited years up to the citing one, a year-less item (its default is no evidence), and a
    # year inside an item of another kind, leave the citing year as it is
    refs, diags = parse_references("A. 08 STATE 134386 B. ROME 451 C. STATE 12", 2009, "09ROME97")
    assert [r.id for r in refs] == ["08STATE134386", "08ROME451", "09STATE12"]
    assert "ref-after-citing-year" not in [d.code for d in diags]
    assert later_cited_year("A. STATE 1234 B. 09 STATE 5678", 2009) is None
    assert later_cited_year("A. E-MAIL OF 10 MAY 2010 B. UNSCR 1737 (2006) C. STATE 1234", 2009) is None


def test_a_dtg_year_that_a_later_ref_proves_wrong():  # 00ATHENS1501 (wired in by decode/__init__.py)
    from datetime import UTC, datetime

    from cablebase.decode.header import year_doubted
    from cablebase.model import DEline

    dtg = datetime(2000, 9, 23, 15, 10, tzinfo=UTC)  # "231510Z SEP 00", DE "#1501 2661510": day 266 is 2009's
    moved, note = year_doubted(dtg, 2009, DEline(station_ri="RUEHTH", serial=1501, julian_day=266, time="1510"))
    assert moved == datetime(2009, 9, 23, 15, 10, tzinfo=UTC) and note.code == "dtg-year-doubted"
    assert year_doubted(dtg, 2009, None)[0].year == 2009  # no DE line: the REF alone
    # near misses: a DE day that agrees with the DTG's own year (day 267 of 2000) keeps it; 29 FEB of a leap
    # year has no date in a common one
    assert year_doubted(dtg, 2009, DEline(station_ri="RUEHTH", serial=1501, julian_day=267, time="1510")) is None
    assert year_doubted(datetime(2008, 2, 29, tzinfo=UTC), 2009, None) is None


def test_a_caveat_before_a_passing_line_in_a_copy_without_line_breaks():  # 10MADRID49 (v2), 08BERLIN643
    c = parse_text("C O N F I D E N T I A L SECTION 01 OF 02 MADRID 000049 \n\nSIPDIS FOR EUR/WE E.O. 12958: DECL: "
                   "01/19/2020 \n\nTAGS: PREL SP\n\nClassified By: Ambassador Alan D. Solomont, Reasons 1.4(b),(d).\n\n"
                   "1.(C) Summary. The Ambassador met the Minister.", "10MADRID49")
    assert c.caveats == ("SIPDIS",) and c.declassification.date == "2020-01-19"
    c = parse_text("CONFIDENTIAL BERLIN 000643\n\nSipdis, isn/mtr, eur/ags and eur/pra\n\nE.o. 12958: decl: 05/16/2018\n"
                   "Tags: parm, prel\nSubject: a subject\n\n1. (C) Text.", "08BERLIN643")
    assert c.caveats == ("SIPDIS",)
    # near misses: a passing line that opens with another word, or with a caption word that may open one
    # (SENSITIVE), names no caveat (INR/R/MR is an office)
    c = parse_text("CONFIDENTIAL ANKARA 001594\n\nDEPARTMENT FOR INR/R/MR, EUR/SE, NODIS REVIEW\nSENSITIVE SECURITY "
                   "INFORMATION FOR DHS\n\nE.O. 12958: DECL: 11/19/2019\nTAGS: PREL\nSUBJECT: A SUBJECT\n\n1. (C) Text.",
                   "09ANKARA1594")
    assert c.caveats == ()


def test_a_slashed_heading_wrapped_over_two_lines():  # 05MADRID1879 (09MADRID71, 09MADRID97)
    got = _paras("5. (C) To join the U.S.-led coalition. END NOTE.)\n\n//FOREIGN MINISTER CALLS FOR FORMATION OF "
                 "U.S.-SPAIN\nBILATERAL COMMISSION//\n\n6. (U) Moratinos made a speech.")
    assert got == [(5, "C", None, "To join the U.S.-led coalition. END NOTE.)"),
                   (6, "U", "FOREIGN MINISTER CALLS FOR FORMATION OF U.S.-SPAIN BILATERAL COMMISSION",
                    "Moratinos made a speech.")]
    # near misses: a line that opens with // but whose next line does not close it, and a pair that closes
    # it but makes a sentence, stay text
    lines = ["//FOREIGN MINISTER CALLS FOR", "the formation of a commission.", "6. (U) Text."]
    assert mark_headings(lines) == lines
    lines = ["//THE MINISTER SAID THE TALKS WENT WELL, AND THAT THE NEXT ROUND", "WILL BE IN MAY.//", "6. (U) Text."]
    assert mark_headings(lines) == lines


def test_a_heading_run_into_the_classified_by_line():  # 09BAKU478 (text-export), 08STOCKHOLM51, 09PESHAWAR2
    pre = "S E C R E T SECTION 01 OF 03 BAKU 000478\n\nSIPDIS\n\nE.O. 12958: DECL: 06/03/2019\nTAGS: PREL, PTER\n" \
          "SUBJECT: IRAN VIEW FROM BAKU\n\n"
    c = parse_text(pre + "Classified By: POL/ECON COUNSELOR ROBERT GARVERICK, FOR REASONS 1.4 (B)  AND (D)Summary--------"
                   "\n¶1. (C) The summary. End Summary.", "09BAKU478")
    assert c.classified_by.text == "POL/ECON COUNSELOR ROBERT GARVERICK, FOR REASONS 1.4 (B) AND (D)"
    assert [(p.number, p.heading) for p in c.paragraphs] == [(1, "Summary")]
    # wrapped onto the field's second line; a spaced rule under a heading at the end of the field's line;
    # a marking before the heading (not a reason: reasons go up, b and d before c)
    c = parse_text(pre + "Classified By: DCM Robert Silverman for reasons\n1.4 (b) and (d). Summary -------\n\n"
                   "1. (C) The text.", "08STOCKHOLM51")
    assert c.classified_by.text == "DCM Robert Silverman for reasons 1.4 (b) and (d)." and c.paragraphs[0].heading == "Summary"
    c = parse_text(pre + "CLASSIFIED BY: Michael A. Via, Acting Principal Officer. REASON: 1.4 (a), (b), (d) Summary\n"
                   "- - - -\n1. (C) The text.", "09PESHAWAR2")
    assert c.classified_by.reasons == ("1.4 (a)", "1.4 (b)", "1.4 (d)") and c.paragraphs[0].heading == "Summary"
    c = parse_text(pre + "Classified By: Amb Joseph LeBaron for reason 1.4 (b) and (d)  (C) SUMMARY -------------\n"
                   "1. (C) The text.", "09DOHA502")
    assert c.classified_by.reasons == ("1.4 (b)", "1.4 (d)") and c.paragraphs[0].heading == "SUMMARY"
    # near misses: a rule right after the reasons leaves no heading behind (the body starts at the rule), and a
    # Classified By line without a rule stays whole, its last reason "(C)" included
    c = parse_text(pre + "Classified By: DCM Eric S. Rubin for Reasons 1.4 (b/d)\n-------\n\nSUMMARY\n-------\n\n"
                   "1. (C) The text.", "08MOSCOW2632")
    assert c.classified_by.text == "DCM Eric S. Rubin for Reasons 1.4 (b/d)" and c.paragraphs[0].heading == "SUMMARY"
    c = parse_text(pre + "Classified By: Ambassador X for reasons 1.4 (b) and (c)\n\n1. (C) The text.", "09BAKU1")
    assert c.classified_by.reasons == ("1.4 (b)", "1.4 (c)") and c.paragraphs[0].heading is None


def test_a_summary_heading_over_a_paragraph_before_the_labelled_summary():  # 09STATE131801
    c = parse_text(HEAD + "Summary\n-------\n1. (U) This is an action request cable. Please see para 3.\n\n"
                   "2. (S/NF) Summary: The task force was set up in August.\n\n3. (SBU) Action request: act.", "09STATE1")
    assert c.paragraphs[0].heading == "Summary" and c.summary == "The task force was set up in August"
    # near miss: the label inside the paragraph under the heading is that paragraph's
    c = parse_text(HEAD + "Summary\n-------\n1. (U) Summary: The task force was set up.\n\n2. (U) More.", "09STATE2")
    assert c.summary.endswith("The task force was set up")


def test_entire_text_markings_in_their_1980s_forms():  # 85MOGADISHU1643, 85STATE38496, 79ANKARA6618
    got = _paras("1.  (SECRET/NOFORN/WNINTEL/NO CONTRACT/ORCON-ENTIRE TEXT)\n\n-\n2.  AN ARAB AMBASSADOR TOLD ME.\n\n-")
    assert [(n, m, t) for n, m, _, t in got] == [
        (1, "SECRET/NOFORN/WNINTEL/NO CONTRACT/ORCON-ENTIRE TEXT", ""), (2, None, "AN ARAB AMBASSADOR TOLD ME.")]
    assert _paras("1.  SECRET ENTIRE TEXT.")[0][:2] == (1, "SECRET ENTIRE TEXT")
    assert _paras("1. (C) - ENTIRE TEXT.")[0][1:] == ("C - ENTIRE TEXT", None, "")
    # near misses: a sentence about the entire text, and a dash inside a line, stay text
    assert _paras("1.  SECRET TALKS ON THE ENTIRE TEXT WENT ON.")[0][1:] == (
        None, None, "SECRET TALKS ON THE ENTIRE TEXT WENT ON.")
    assert _paras("2.  FIRST LINE\n-  SECOND LINE")[0][3] == "FIRST LINE\n-  SECOND LINE"


def test_a_slash_end_mark_after_the_last_sentence():  # 85BAGHDAD3988
    c = parse_text(HEAD + "1. TEXT.\n2. OFFER TO SWITCH SIDES.-/   NEWTON", "85BAGHDAD3988")
    assert c.signers == ("NEWTON",) and c.paragraphs[-1].text == "OFFER TO SWITCH SIDES."
    c = parse_text(HEAD + "1. THE SPLIT WAS 50-/50 IN THE END.\nNEWTON", "85BAGHDAD3988")  # near miss
    assert c.paragraphs[-1].text == "THE SPLIT WAS 50-/50 IN THE END."


def test_separately_marked_blocks_inside_a_numbered_paragraph():  # 09STATE127892, 09PARIS815
    got = _paras("3. (S) Draw upon the points below.\n\n(S/REL NATO) FOR WARSAW\n\n-- Point one.\n\n"
                 "(C) FOR ALL ACTION POSTS -- IF ASKED\n\nQ: Why wait?\n\n4. (C) Next.")
    assert [(n, m, t.split("\n")[0]) for n, m, _, t in got] == [
        (3, "S", "Draw upon the points below."), (None, "S/REL NATO", "FOR WARSAW"),
        (None, "C", "FOR ALL ACTION POSTS -- IF ASKED"), (4, "C", "Next.")]
    # a marked heading over a numbered paragraph is its heading
    got = _paras("6. (C) XXXXXXXXXXXX\n\n(C/NF) ROBERT BOURGI\n\n7. (C/NF) Serman said so.")
    assert got[-1] == (7, "C/NF", "ROBERT BOURGI", "Serman said so.")
    # near misses: a lettered list, an unmarked cable, a marked heading wrapped over lines
    items = "1. (C) Three points:\n\n(A) The first.\n\n(B) The second.\n\n(C) The third."
    assert len(_paras(items)) == 1
    assert len(_paras("1. The points:\n\n(C) FOR ALL POSTS -- IF ASKED")) == 1
    wrapped = ("67. (C) He urged it.\n\n----------\n(U) Russian presentation on FSB work, or to\n"
               "transship materials through Russia\n----------\n\n68. (C) Raikevich said.")
    assert [n for n, *_ in _paras(wrapped)] == [67, 68]


def test_a_heading_after_an_end_summary_without_its_full_stop():  # 09USEUBRUSSELS1177
    body = ("SUMMARY: The group was set up to ensure optimal USG representation.  END\nSUMMARY\n\nBACKGROUND:\n\n"
            "Since the June 2007 Council sessions, the World Customs Organization had been developing it.")
    got = _paras(body)
    assert [(h, t.split()[-1]) for _, _, h, t in got] == [(None, "SUMMARY"), ("BACKGROUND:", "it.")]
    near = ("The group discussed the text of the SUMMARY\n\nBACKGROUND:\n\n"
            "Since the June 2007 Council sessions, the World Customs Organization had been developing it.")
    assert len(_paras(near)) == 1  # (a line that ends on a word, no end mark: the heading test declines)


def test_a_numbered_web_sign_off_keeps_its_number():  # 06NEWDELHI5135, 06KIEV1261
    c = parse_text(HEAD + "36. (U) NSAB IV:\n-- K. M. Warikoo, JNU professor*\n\n37.  (U) Visit New Delhi's Classified "
                   "Website:\n(http://www.state.sgov.gov/p/sa/newdelhi/)\nPYATT", "06NEWDELHI5135")
    assert [(p.number, p.marking, p.text) for p in c.paragraphs][-1] == (37, "U", "") and c.signers == ("PYATT",)
    c = parse_text(HEAD + "36. (U) NSAB IV.\nVisit New Delhi's Classified Website:\n"
                   "(http://www.state.sgov.gov/p/sa/newdelhi/)\nPYATT", "06NEWDELHI5135")  # near miss: unnumbered
    assert [(p.number, p.text) for p in c.paragraphs] == [(36, "NSAB IV.")]


def test_a_repeated_cables_signer_and_unquote_are_no_text():  # 09STATE127892
    c = parse_text(HEAD + "1. (U) Text, wherever they may come from.\"\nCLINTON UNQUOTE CLINTON", "09STATE127892")
    assert c.signers == ("CLINTON",) and c.paragraphs[-1].text == "Text, wherever they may come from.\""
    c = parse_text(HEAD + "1. (U) Text of the statement.\nEND TEXT HEFFERN", "10USNATO52")  # near miss
    assert c.paragraphs[-1].text.endswith("END TEXT")

