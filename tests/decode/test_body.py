"""Body decoding pieces checked against plain line-by-line statements of what they do."""

import re

from hypothesis import given
from hypothesis import strategies as st

from cablebase.decode.body import _paragraph_text, join_breaks, parse_body

_BULLET = re.compile(r"^\s*(?:--|-\s|\*|[A-Z]\.\s|\(\w{1,3}\)\s|\d{1,2}\)\s)")


def reference_paragraph_text(lines: list[str]) -> str:
    """Wrapped lines joined with a space; a blank line or a bullet line starts a new line; a lone ``-`` (a
    separator line) counts as a blank line."""
    blocks: list[str] = []
    cur: list[str] = []
    for line in lines:
        s = line.strip()
        if not s or s == "-":
            if cur:
                blocks.append(" ".join(cur))
                cur = []
            continue
        if cur and _BULLET.match(line):
            blocks.append(" ".join(cur))
            cur = []
        cur.append(s)
    if cur:
        blocks.append(" ".join(cur))
    return "\n".join(blocks).replace("¶", "")


_line = st.lists(st.sampled_from(["", " ", "--", "- ", "-", "*", "A.", "A. ", "(a) ", "(b)", "12) ", "65)", "¶",
                                  "word", "Two words", "\u00a0", "\t", "x.", "END"]), max_size=4).map("".join)


@given(st.lists(_line, max_size=12))
def test_paragraph_text_joins_like_the_line_by_line_statement(lines):
    lines = [line.rstrip() for line in lines]  # the decoder hands over right-stripped lines
    assert _paragraph_text(lines) == reference_paragraph_text(lines)


def test_paragraph_text_keeps_bullets_on_their_own_lines():
    assert _paragraph_text(["Three points:", "-- first", "continued", "", "(a) second", "65)"]) == \
        "Three points:\n-- first continued\n(a) second 65)"


def test_stray_sipdis_line_rejoins_the_sentence():
    lines, strays = join_breaks(["Attorney General Medina", "", "SIPDIS", "", "Mora said so."])
    assert strays == 1
    assert " ".join(x for x in lines if x) == "Attorney General Medina Mora said so."


def test_blank_line_before_lower_case_is_joined_and_before_a_paragraph_is_kept():
    lines, _ = join_breaks(["the text went", "", "on here.", "", "2. Next paragraph."])
    assert lines == ["the text went", "on here.", "", "2. Next paragraph."]


def test_sentence_cut_by_a_page_mark_is_joined_even_before_a_capital():
    from cablebase.decode.lines import BREAK

    lines, strays = join_breaks(["the Russian press added the possibility that", "", BREAK, "",
                                 "Miliband was in Moscow to talk."])
    assert strays == 0 and " ".join(x for x in lines if x) == \
        "the Russian press added the possibility that Miliband was in Moscow to talk."
    # a closed sentence, or a numbered paragraph after the mark, stays a paragraph break
    assert join_breaks(["He agreed.", BREAK, "Then he left."])[0] == ["He agreed.", "", "Then he left."]
    assert join_breaks(["as follows", BREAK, "3. (C) Next."])[0] == ["as follows", "", "3. (C) Next."]


_SECTIONED = """UNCLAS SECTION 01 OF 02 STATE 082013
SIPDIS
E.O. 12958: N/A
TAGS: PREL, PARM
SUBJECT: NUCLEAR NONPROLIFERATION TREATY (NPT) BILATERALS
WITH UK, FRANCE, AND GERMANY

1. (U) Both sides did not want others to keep us from taking
STATE 00082013 002 OF 002
SUBJECT: {repeated} credit for our
initiatives.

2. (U) Second paragraph.
CLINTON
"""


def _decoded(text):
    from cablebase.decode import decode
    from cablebase.model import Provenance

    return decode(text, Provenance("test.txt", "raw-telegram"))


def test_subject_repeated_at_a_section_head_is_part_of_the_page_header():
    cable = _decoded(_SECTIONED.format(repeated="NUCLEAR NONPROLIFERATION TREATY (NPT) BILATERALS WITH UK, FRANCE, AND GERMA"))
    assert cable.paragraphs[0].text == ("Both sides did not want others to keep us from taking credit for our "
                                        "initiatives.")
    assert "SUBJECT" not in cable.body and len(cable.page_marks) == 1


def test_another_subject_after_a_section_head_stays():
    cable = _decoded(_SECTIONED.format(repeated="MEETING WITH THE FOREIGN MINISTER OF NORWAY"))
    assert "SUBJECT: MEETING WITH THE FOREIGN MINISTER OF NORWAY credit for our" in cable.body


def test_summary_without_an_opening_word_ends_at_end_summary():
    from cablebase.decode.body import parse_body

    b = parse_body(["1. (C) Weddings are elaborate in Dagestan.", "End Summary.", "", "2. (C) Dagestani weddings",
                    "are serious business."])
    assert b.summary == "1. (C) Weddings are elaborate in Dagestan"


def test_begin_summary_opens_without_punctuation_and_end_summary_never_opens():
    from cablebase.decode.body import parse_body

    b = parse_body(["COUNTRY TEAM MESSAGE", "", "BEGIN SUMMARY", "GENERAL AZIMI ASKS FOR F-4E.", "END SUMMARY.",
                    "", "1. THE SHAH"])
    assert b.summary == "GENERAL AZIMI ASKS FOR F-4E"
    assert parse_body(["1. (C) Text with no summary at all.", "", "2. (C) More."]).summary is None


def test_the_release_stamp_of_old_cables_is_not_text_and_the_signer_is_found():
    from cablebase.decode.body import parse_body

    b = parse_body(["1. THE SHAH ACCEPTS.", "", "HELMS", "", "", "Declassified/Released US Department of State EO",
                    "Systematic Review 05 JUL 2006"])
    assert b.signers == ["HELMS"] and b.text == "1. THE SHAH ACCEPTS."
    b = parse_body(["1. TEXT.", "", "SULLIVAN", "Declassified/Released US Department of State EO Systematic",
                    "Review 30 JUN 2006"])
    assert b.signers == ["SULLIVAN"]


def test_a_date_wrapped_to_the_line_start_is_not_a_paragraph_even_with_the_pages_sign():
    from cablebase.decode.body import parse_body

    b = parse_body(["¶1. (C/NF) Charge called on the Admiral on September", "¶15. Charge told him the US",
                    "appreciates the bases.", "", "¶2. (C) On the NCIS issue, he agreed.", "", "XXXXXXXXXXXX",
                    "¶8. Prisons Conditions Remain Dire.", "-----", "¶11. All Quiet on the Banking Front."])
    assert [p.number for p in b.paragraphs] == [1, 2, 8, 11]
    assert b.paragraphs[0].text == "Charge called on the Admiral on September 15. Charge told him the US appreciates the bases."


def test_paragraph_number_glued_to_its_marking():
    from cablebase.decode.body import parse_body

    b = parse_body(["1.(C) SUMMARY. Reich had warm meetings. END SUMMARY.", "", "2.(SBU) Lula named him.",
                    "", "3. (C) More."])
    assert [(p.number, p.marking) for p in b.paragraphs] == [(1, "C"), (2, "SBU"), (3, "C")]
    assert b.paragraphs[1].text == "Lula named him."


def test_a_redacted_line_is_not_a_signer():
    from cablebase.decode.body import parse_body

    assert parse_body(["7. (U) Track Munich reporting at", "xxxxx", "NELSON"]).signers == ["NELSON"]


def test_a_word_ending_the_last_sentence_is_not_a_second_signer():
    from cablebase.decode.body import parse_body

    b = parse_body(["1. (C) Further details will be reported as they develop. END", "COMMENT.", "RUSSELL"])
    assert b.signers == ["RUSSELL"]
    b = parse_body(["1. WHEN RELEASED FROM THE HOSPITAL HE WILL JOIN KALOUDIS IN GENERAL", "SECURITY.", "TASCA"])
    assert b.signers == ["TASCA"] and b.text.endswith("GENERAL\nSECURITY.")
    # a signer under a line that runs on (a web address) is still the signer
    assert parse_body(["1. Text.", "", "Visit Mexico City's Classified Web Site at http://www.state.sgov.gov/p/wha/mexicocity",
                       "GARZA"]).signers == ["GARZA"]


def test_print_and_viewer_footers_are_not_text():
    from cablebase.decode.body import parse_body

    for tail in (["NNNN", "", "End Cable Text"], ["NNNN", "2004CARACA02200 - CONFIDENTIAL"], [" CONFIDENTIAL", ">"]):
        b = parse_body(["1. (C) The minister agreed.", "MCFARLAND", "", *tail])
        assert b.signers == ["MCFARLAND"] and b.text == "1. (C) The minister agreed.", tail


def test_signer_glued_to_the_last_sentence_in_any_case_but_not_a_name_in_the_text():
    from cablebase.decode.body import parse_body

    assert parse_body(["1. (C) It is just for show.” Beyrle"]).signers == ["Beyrle"]
    assert parse_body(["1. Visit our site. ******************** KURTZER"]).signers == ["KURTZER"]
    assert parse_body(["8. (U) Point of contact is RSO Peshawar, David J. Hazarian"]).signers == []
    assert parse_body(["1. Please slug responses for ISN, NEA, and T. CLINTON"]).signers == ["CLINTON"]
    b = parse_body(["1. (C) Mohammed VI's message struck a chord.", "JORDAN", "m ..."])
    assert b.signers == ["JORDAN"]


def test_summary_and_comment_under_a_heading_line():
    from cablebase.decode.body import parse_body

    b = parse_body(["Summary", "-------", "", "1. (U) Quintana attacked USAID.", "", "2. (U) Details.", "", "Comment",
                    "-------", "", "3. (C) We expect more of the same.", "", "GOLDBERG"])
    assert b.summary == "Quintana attacked USAID"  # (the paragraph's number and marking are not its text)
    assert b.comment == "We expect more of the same"


def test_signer_at_the_end_of_a_line_that_lost_its_breaks():
    from cablebase.decode.body import parse_body

    b = parse_body(["1. (C) SUMMARY: THE TALKS STALLED. END SUMMARY.  2. (C) THE NEGOTIATING PROCESS.   LAINGEN  CONFIDENTIAL"])
    assert b.signers == ["LAINGEN"] and b.text.endswith("THE NEGOTIATING PROCESS.")
    # a paragraph number and a closing line are no signer
    assert parse_body(["20. THE STUDY.  21.  BEIRUT MINIMIZE CONSIDERED."]).signers == []


def test_a_long_last_line_ending_with_the_posts_sign_off_keeps_its_text():
    """A copy that lost its line breaks ends with its last paragraph, the post's web sign-off and the signer
    on one line: the paragraph stays, the sign-off goes, the signer is found."""
    from cablebase.decode.body import parse_body

    text = "1. (C) " + "Gul would not let himself be pushed into it. " * 6 + "End comment."
    line = text + "  Visit Ankara's Classified Web Site at http://www.state.sgov.gov/p/eur/ankara/  WILSON"
    b = parse_body([line])
    assert b.text == text and b.signers == ["WILSON"]
    line = text + " Visit London's Classified Website: http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom TUTTLE"
    b = parse_body([line])
    assert b.text == text and b.signers == ["TUTTLE"]


def test_a_summary_without_an_end_mark_ends_with_its_paragraph_in_a_copy_without_blank_lines():
    b = parse_body(["1. (C) Summary and Background: Posts are asked to raise our concerns.", "It matters.",
                    "2. (C) Russia plans to transfer the S-300.", "3. (C) More."])
    assert b.summary == "Posts are asked to raise our concerns. It matters"  # (ends trimmed of " .-")
    # a date wrapped to the start of a line is no next paragraph; a heading is no paragraph of its own
    b = parse_body(["1. (U) Summary: The chiefs were celebrated September", "25. Hosting a reception.",
                    "2. (U) More."])
    assert b.summary == "The chiefs were celebrated September 25. Hosting a reception"
    b = parse_body(["1. (C) Text.", "Comment: So What?", "------", "2. (S/NF) Syria is re-calibrating.",
                    "3. (C) More."])
    assert b.comment == "So What? 2. (S/NF) Syria is re-calibrating"  # (the rule under the heading is no text)
