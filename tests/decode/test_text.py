"""Text clean-up: re-breaking flattened text is the one-pattern statement, done quickly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.decode.text import _REBREAK, normalise, rebreak

_pieces = st.lists(st.sampled_from(
    ["TAGS:", "tag:", "SUBJECT:", "Subj:", "REF:", "REFTELS:", "E.O. 12958", "EO 12958", "E. O.12958",
     "Classified By", "END SUMMARY", "begin summary", "SIPDIS", "¶", "1.", "12.", "3", " (C)", " (SBU) ", "(U)",
     "  ", " ", "\n", "x", "Word", "é", "\u017f", "\u212a", "\u0130", "_", "5.  The"]), max_size=14)


@settings(max_examples=300)
@given(_pieces)
def test_rebreak_is_the_one_pattern_substitution(pieces):
    text = "".join(pieces)
    assert rebreak(text) == _REBREAK.sub("\n", text)


def test_flattened_text_gets_its_label_lines_back():
    flat = ("UNCLASSIFIED SIPDIS E.O. 12958: N/A TAGS: PREL MX SUBJECT: A VISIT REF: STATE 123 1. (U) Text "
            "of the first paragraph. " * 5)
    text, diags = normalise(flat)
    assert [d.code for d in diags] == ["flattened-text"]
    assert text.split("\n")[:6] == ["UNCLASSIFIED", "SIPDIS", "E.O. 12958: N/A", "TAGS: PREL MX",
                                    "SUBJECT: A VISIT", "REF: STATE 123"]
