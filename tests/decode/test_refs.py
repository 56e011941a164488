from cablebase.decode.refs import parse_references


def ids(text, year=2007, own=None):
    refs, _ = parse_references(text, year, own)
    return [r.id for r in refs if r.kind == "cable"]


def test_default_year_and_explicit_year():
    assert ids("A. TBILISI 1605 B. 06 TBILISI 2601") == ["07TBILISI1605", "06TBILISI2601"]


def test_and_continuation():
    assert ids("BRASILIA 2799 AND 2764", 2004) == ["04BRASILIA2799", "04BRASILIA2764"]


def test_station_spellings():
    assert ids("SAO PAULO 42") == ["07SAOPAULO42"]
    assert ids("A. STATE 12345 B. 06 BUENOS AIRES 678") == ["07STATE12345", "06BUENOSAIRES678"]


def test_glued_and_year_after():
    assert ids("09CAIRO0561", 2010) == ["09CAIRO561"]
    assert ids("ASUNCION 701 (08)", 2009) == ["08ASUNCION701"]


def test_non_cable_references_never_become_ids():
    refs, _ = parse_references("A. LAKHDHIR E-MAIL 12/01/09 B. MITCHELL/SIMS TELCON 02/16/2010 "
                               "C. UNSCR 1737 D. STATE 1234", 2009, None)
    kinds = [r.kind for r in refs]
    assert kinds == ["email", "telcon", "un", "cable"]
    assert [r.id for r in refs if r.id] == ["09STATE1234"]


def test_self_reference_dropped():
    refs, diags = parse_references("A. MEXICO 1102 B. MEXICO 900", 2007, "07MEXICO1102")
    assert [r.id for r in refs] == ["07MEXICO900"]
    assert any(d.code == "self-reference" for d in diags)


def test_cable_cited_after_a_colon_in_a_typed_item():
    refs, _ = parse_references("TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312", 1972, "72TEHRAN4789")
    assert [(r.kind, r.id) for r in refs] == [("airgram", None), ("cable", "72TEHRAN3312")]
    refs, _ = parse_references("A. E-MAIL FROM POLOFF 12/3: SEE TEXT B. STATE 1234", 2006, None)
    assert [(r.kind, r.id) for r in refs] == [("email", None), ("cable", "06STATE1234")]


def test_a_later_serial_of_the_same_station_without_a_year_is_from_the_year_before():
    refs, diags = parse_references("A. PARIS 8729 B. 04 PARIS 9000 C. PARIS 50 D. STATE 9999", 2005, "05PARIS104")
    assert [r.id for r in refs] == ["04PARIS8729", "04PARIS9000", "05PARIS50", "05STATE9999"]
    assert [d.code for d in diags] == ["ref-previous-year"]
    refs, _ = parse_references("ROME 451", 2000, "00ROME97")
    assert refs[0].id == "99ROME451" and refs[0].year == 1999
