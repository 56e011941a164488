from cablebase.decode.tags import parse_tags


def codes(text):
    tags, _ = parse_tags(text)
    return [(t.code, t.kind) for t in tags]


def test_person_in_parentheses():
    assert codes("OVIP (CLINTON, HILLARY) PREL") == [("OVIP", "subject"), ("CLINTON, HILLARY", "person"),
                                                     ("PREL", "subject")]


def test_person_without_parentheses():
    assert ("CLINTON HILLARY", "person") in codes("OVIP CLINTON HILLARY PREL")


def test_glued_codes_split():
    assert [c for c, _ in codes("PHUMBA")] == ["PHUM", "BA"]
    assert [c for c, _ in codes("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG")] == [
        "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]


def test_english_words_are_not_cut_into_country_codes():
    assert codes("HUMAN RIGHTS") == [("HUMAN RIGHTS", "free-text")]


def test_separators_and_case():
    assert [c for c, _ in codes("prel, pgov, pins, tu")] == ["PREL", "PGOV", "PINS", "TU"]
