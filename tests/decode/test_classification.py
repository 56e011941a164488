from cablebase.decode.classification import parse_class_line, parse_classified_by, parse_eo, published_level


def test_spaced_class_line():
    cl = parse_class_line("C O N F I D E N T I A L SECTION 01 OF 03 BUENOS AIRES 000123")
    assert (cl.level, cl.section, cl.sections, cl.station, cl.serial) == ("CONFIDENTIAL", 1, 3, "BUENOS AIRES", 123)


def test_published_convention():
    assert published_level("UNCLASSIFIED", ["SENSITIVE"]) == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert published_level("SECRET", ["SIPDIS", "NOFORN"]) == "SECRET//NOFORN"
    assert published_level("CONFIDENTIAL", []) == "CONFIDENTIAL"


def test_classified_by():
    cb = parse_classified_by("Ambassador Ryan C. Crocker, Reasons 1.4 (b) and (d)")
    assert cb.title == "Ambassador" and cb.person == "Ryan C. Crocker"
    assert cb.reasons == ("1.4 (b)", "1.4 (d)")
    assert parse_classified_by("DCM John Smith for reasons 1.5 (B/D)").reasons == ("1.5 (b)", "1.5 (d)")


def test_eo_dates():
    assert parse_eo("12958", "DECL: 09/07/2017").date == "2017-09-07"
    assert parse_eo("12958", "N/A").date is None
    assert parse_eo("12356", "DECL:OADR").instruction == "DECL: OADR"


def test_caption_lines_with_words_beside_the_caveats():
    from cablebase import parse_text

    head = "S E C R E T STATE 015113\n\n{caption}\n\nE.O. 12958: DECL: 02/18/2019\nTAGS: PREL\nSUBJECT: X\n\n1. (S) Text.\n"
    c = parse_text(head.format(caption="NOFORN, NOT FOR INTERNET DISTRIBUTION"), "09STATE15113")
    assert c.caveats == ("NOFORN",) and c.classification == "SECRET//NOFORN"
    c = parse_text(head.replace("S E C R E T", "UNCLAS").format(caption="DEA SENSITIVE\nSIPDIS"), "10MOSCOW293")
    assert c.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY" and "SIPDIS" in c.caveats


def test_class_lines_that_lost_or_doubled_their_first_letter():
    for line, level in [("SS E C R E T SECTION 01 OF 02 PARIS 001699", "SECRET"),
                        ("E C R E T SANAA 000473", "SECRET"), ("CSE C R E T SECTION 01 OF 02 SHENYANG 000004", "SECRET"),
                        ("CC O N F I D E N T I A L BEIJING 001378", "CONFIDENTIAL"),
                        ("O N F I D E N T I A L BAGHDAD 000290", "CONFIDENTIAL"), ("UUNCLAS MANAGUA 001002", "UNCLASSIFIED")]:
        cl = parse_class_line(line)
        assert cl is not None and cl.level == level and cl.garbled, line
        assert cl.serial is not None
    assert parse_class_line("ECRET SERVICE AGENTS") is None and parse_class_line("SECRET STATE 000001").garbled is False


def test_captions_after_a_garbled_class_line_are_not_addressees():
    from cablebase import parse_text

    text = ("VZCZCXYZ0001\nPP RUEHWEB\n\nDE RUEHMU #1002/01 1251556\nZNR UUUUU ZZH\nP 051556Z MAY 06\n"
            "FM AMEMBASSY MANAGUA\nTO RUEHC/SECSTATE WASHDC PRIORITY 6196\nINFO RHEHNSC/NSC WASHINGTON DC\n\n"
            "UUNCLAS MANAGUA 001002\n\nSIPDIS\n\nSENSITIVE\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV\nSUBJECT: X\n\n1. Text.\n")
    c = parse_text(text, "06MANAGUA1002")
    assert [a.address for a in c.info] == ["NSC WASHINGTON DC"]
    assert c.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert any(d.code == "class-line-garbled" for d in c.diagnostics)
