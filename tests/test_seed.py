"""Golden test: the seed cable 07MEXICO1102, decoded field by field."""

from datetime import UTC, datetime


def test_identity(seed):
    assert seed.id == "07MEXICO1102"
    assert seed.origin == "Embassy Mexico"
    assert seed.origin_ri == "RUEHME"
    assert seed.origin_country == "MX"
    assert seed.serial == 1102


def test_transmission(seed):
    t = seed.transmission
    assert t.tid == "VZCZCXRO5978"
    assert t.channel == "XRO"
    assert t.routing_precedence == "OO"
    assert t.routing == ("RUEHCD", "RUEHGD", "RUEHHO", "RUEHMC", "RUEHNG", "RUEHNL", "RUEHRD", "RUEHRS", "RUEHTM")
    assert (t.de.station_ri, t.de.serial, t.de.section, t.de.julian_day, t.de.time) == ("RUEHME", 1102, 1, 64, "1924")
    assert t.security_warning == "ZNR UUUUU"
    assert t.operating_signals == ("ZZH",)


def test_date_and_precedence(seed):
    assert seed.date == datetime(2007, 3, 5, 19, 24, tzinfo=UTC)
    assert seed.to_dict()["date"] == "2007-03-05T19:24:00Z"
    assert seed.precedence == "IMMEDIATE"


def test_addressees(seed):
    secstate, white_house = seed.to
    assert (secstate.ri, secstate.post, secstate.mcn, secstate.precedence) == (
        "RUEHC", "Secretary of State", "5650", "IMMEDIATE")
    assert white_house.ri == "RHEHAAA" and "WHITE HOUSE" in white_house.address
    consulates, nsc = seed.info
    assert consulates.ri == "RUEHXC" and consulates.collective
    assert consulates.country == "MX"
    assert nsc.ri == "RHEHNSC" and "NSC" in nsc.address


def test_classification(seed):
    assert seed.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert "SIPDIS" in seed.caveats and "SENSITIVE" in seed.caveats
    assert seed.declassification.order == "12958"
    assert seed.declassification.instruction == "N/A"


def test_tags(seed):
    assert [t.code for t in seed.tags] == ["PGOV", "PREL", "PINR", "ECON", "OVIP", "MX"]
    kinds = {t.code: t.kind for t in seed.tags}
    assert kinds["PGOV"] == "subject" and kinds["MX"] == "geographic"
    meanings = {t.code: t.meaning for t in seed.tags}
    assert meanings["MX"] == "Mexico"
    assert "External Political Relations" in meanings["PREL"]


def test_subject(seed):
    assert seed.subject == "SCENESETTER FOR PRESIDENT'S TRIP TO MEXICO, MARCH 12-14, 2007"


def test_sections_and_page_headers(seed):
    assert seed.sections == 3
    marks = [m.text for m in seed.page_marks]
    assert marks == ["MEXICO 00001102 002 OF 003", "MEXICO 00001102 003 OF 003"]
    assert "00001102" not in seed.body


def test_paragraphs_as_numbered_by_the_author(seed):
    numbers = [p.number for p in seed.paragraphs]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14]
    written = {p.number: p.written for p in seed.paragraphs if p.written}
    assert written == {5: "15", 6: "16", 7: "17", 9: "19"}
    assert all(p.marking == "SBU" for p in seed.paragraphs)
    p11 = next(p for p in seed.paragraphs if p.number == 11)
    assert "3% growth in 2005" in p11.text  # the stray paragraph sign before a year is not a paragraph


def test_stray_sipdis_rejoined(seed):
    p5 = next(p for p in seed.paragraphs if p.number == 5)
    assert "Attorney General Medina Mora that" in p5.text
    assert "SIPDIS" not in p5.text
    p13 = next(p for p in seed.paragraphs if p.number == 13)
    assert "largest source of U.S. oil imports" in p13.text


def test_signer_and_footer(seed):
    assert seed.signers == ("GARZA",)
    assert "Classified Web Site" not in seed.body
    assert not seed.body.rstrip().endswith("GARZA")


def test_diagnostics_are_data(seed):
    codes = {d.code for d in seed.diagnostics}
    assert "paragraph-renumbered" in codes
    assert "stray-sipdis" in codes
    assert "missing-tags" not in codes


def test_json_keys(seed):
    d = seed.to_dict()
    for key in ("id", "origin", "origin_ri", "date", "precedence", "classification", "caveats", "tags", "subject",
                "references", "signers", "to", "info", "paragraphs", "diagnostics", "source"):
        assert key in d
    assert d["source"]["format"] == "raw"
    assert d["paragraphs"][0] == {"number": 1, "marking": "SBU", "text": d["paragraphs"][0]["text"],
                                  "written": None, "heading": None}
