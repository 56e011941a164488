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
