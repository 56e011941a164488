"""The part of a long cable given to the snippet generator, and the snippet's HTML."""

import tantivy

from cablebase.archive.snippets import WINDOW, window


def _doc(body: str) -> tantivy.Document:
    d = tantivy.Document()
    d.add_text("body", body)
    return d


def test_a_short_body_is_given_whole():
    doc = _doc("The Foreign Minister met the Ambassador.")
    assert window(doc, ["minist"]) is doc


def test_a_long_body_is_cut_around_the_first_word_searched_for_in_any_case():
    body = "filler text. " * 400 + "The FOREIGN MINISTER spoke. " + "more filler. " * 400
    part = window(_doc(body), ["minist", "absent"]).get_first("body")
    assert len(part) == WINDOW and "FOREIGN MINISTER spoke" in part


def test_a_word_across_two_stretches_is_found():
    body = "x" * 1997 + "ministry " + "y" * 5000  # the word begins 3 characters before the first stretch ends
    assert "ministry" in window(_doc(body), ["minist"]).get_first("body")


def test_without_a_match_the_start_is_given():
    body = "Opening line. " + "z" * 5000
    assert window(_doc(body), ["absent"]).get_first("body").startswith("Opening line.")
