"""Text clean-up: re-breaking flattened text is the one-pattern statement, done quickly."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.decode.text import _REBREAK, normalise, rebreak

_pieces = st.lists(st.sampled_from(
    ["TAGS:", "tag:", "SUBJECT:", "Subj:", "REF:", "REFTELS:", "E.O. 12958", "EO 12958", "E. O.12958",
     "Classified By", "END SUMMARY", "begin summary", "SIPDIS", "¶", "1.", "12.", "3", " (C)", " (SBU) ", "(U)",
     "  ", " ", "\n", "x", "Word", "é", "\u017f", "\u212a", "\u0130", "_", "5.  The", "S E C R E T",
     "c o n f i d e n t i a l", "¶3. ", "2. S", "  7. Q", "09:20"]), max_size=14)


@settings(max_examples=1000)
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


def test_database_row_between_two_header_copies_is_removed():
    first = "VZCZCXRO9313\nPP RUEHBC\nDE RUEHKH #0881/01 2101442\nZNY CCCCC ZZH\nP 291442Z JUL 09\nFM AMEMBASSY KHARTOUM\n"
    row = "<<218634>>\n7/29/2009 14:42\n09KHARTOUM881\nEmbassy Khartoum\nCONFIDENTIAL\n09KHARTOUM378\n"
    second = first + "TO RUEHC/SECSTATE WASHDC PRIORITY 4161\n\nC O N F I D E N T I A L KHARTOUM 000881\n"
    text, diags = normalise(first + "\n" + row + second)
    assert text == second.strip("\n")
    assert [d.code for d in diags] == ["repeated-header"] and "218634" in diags[0].message
    assert normalise(second)[0] == second.strip("\n")  # one header: untouched


def test_another_cables_database_row_after_the_text_is_cut_off():
    own = "P 020834Z APR 73\nFM AMEMBASSY TEHRAN\n\nS E C R E T TEHRAN 2077\n\nSUBJECT: AUDIENCE WITH SHAH APRIL 5\n ..."
    row = ("\n\n\n50133  2006-01-19  06THEHAGUE131  Embassy The Hague  CONFIDENTIAL    C O N F I D E N T I A L "
           "THE HAGUE 000131\n\nSUBJECT: NETHERLANDS/ISAF\n\n1. (C) Summary: The Dutch parliament ...")
    text, diags = normalise(own + row)
    assert text == own
    assert [d.code for d in diags] == ["other-cable-appended"]
    assert "06THEHAGUE131, row 50133, 2006-01-19" in diags[0].message
    assert normalise(row.strip("\n"))[0] == row.strip("\n")  # a row at the very start is no appendix


def test_a_database_record_inside_the_header_is_removed():
    head = "FM AMEMBASSY KUWAIT\nTO RUEHC/SECSTATE WASHDC PRIORITY 2777\nINFO RHBVAKS/COMUSNAVCENT  PRIORITY\n\n"
    block = ("ID: 190648\nORIGIN: 09KUWAIT110\nDATE: 2009-02-05 16:36:00\nSOURCE: Embassy Kuwait\n"
             "CLASSIFICATION: SECRET//NOFORN\nMISC: 09KUWAIT95\nDESTINATION: VZCZCXRO3981RUEHDE RUEHDIRRUEHKU "
             "#0110/01 0361636SSSSS ZZH051636Z FEB 09AMEMBASSY KUWAIT/COMUSNAVCENT  PRIORITY\n")
    rest = "\nS E C R E T SECTION 01 OF 02 KUWAIT 000110\n\nNOFORN\nSIPDIS"
    text, diags = normalise(head + block + rest)
    assert text == head + rest
    assert [d.code for d in diags] == ["record-block"] and "ID 190648, ORIGIN 09KUWAIT110" in diags[0].message


def test_flattened_copy_with_its_date_glued_to_the_classification_line():
    text = ("Thursday, 23 October 2008, 09:20S E C R E T SECTION 01 OF 03 RPO DUBAI 000049 SIPDIS EO 12958 DECL:  "
            "10/23/2018 TAGS PINR, IR SUBJECT: IRC AUXILIARY FORCES  Classified By: IRPO Director Alan Eyre, "
            "for reasons 1.4 (b) and (d).  1. (S) Summary: the text of the cable goes on at some length here. " * 2)
    assert normalise(text)[0].split("\n")[:2] == ["Thursday, 23 October 2008, 09:20",
                                                   "S E C R E T SECTION 01 OF 03 RPO DUBAI 000049"]


def test_flattened_copy_breaks_before_each_numbered_paragraph_sign():
    text = ("C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 TAGS: PINS SUBJECT: NEGOTIATIONS ¶1. "
            "(C - ENTIRE TEXT). ¶2. INTRODUCTION: RECENT NEGOTIATIONS IN WHICH THE EMBASSY HAS BEEN INVOLVED " * 3)
    lines = normalise(text)[0].split("\n")
    assert "SUBJECT: NEGOTIATIONS" in lines and "¶1. (C - ENTIRE TEXT)." in lines


def test_flattened_copy_breaks_before_a_paragraph_number_glued_to_its_marking():
    """'1.(C)' with no space (as some flattened copies give it, 07BAGHDAD3895, 07DUBAI355): the paragraph
    starts a line, instead of the whole text running on in the Classified By line; a reason's '1.4 (b)'
    and a list's '(c)' inside a sentence are left alone."""
    text = ("C O N F I D E N T I A L SECTION 01 OF 03 BAGHDAD 003895 SIPDIS E.O. 12958: DECL: 11/29/2027 TAGS: "
            "PGOV, PREL SUBJECT: UK AMBASSADOR ON IRI NEGOTIATING STYLE Classified By: CDA Patricia Butenis for "
            "reasons 1.4(b) and (d) 1.(C) UK Ambassador to Tehran Geoffrey Adams outlined (c) his recommendations. "
            "2.(S//NF) Comment: he knows them. " * 2)
    lines = normalise(text)[0].split("\n")
    assert "Classified By: CDA Patricia Butenis for reasons 1.4(b) and (d)" in lines
    assert any(line.startswith("1.(C) UK Ambassador to Tehran Geoffrey Adams outlined (c) his") for line in lines)
    assert any(line.startswith("2.(S//NF) Comment") for line in lines)
    # a dotted reason ("1.4.(c)") is no paragraph 4; a number glued to the stop of a sentence is one
    lines = normalise("Classified By: DCM Smith, reasons 1.4.(c) and (d) 1.(C) Text goes on about the election."
                      "4.(C) One frequent accusation. " * 3)[0].split("\n")
    assert "Classified By: DCM Smith, reasons 1.4.(c) and (d)" in lines
    assert any(line.startswith("4.(C) One frequent accusation.") for line in lines)


def test_flattened_copy_breaks_before_a_paragraph_number_after_two_spaces():
    text = ('SUBJECT: SADDAM\'S MESSAGE OF FRIENDSHIP TO PRESIDENT BUSH  1. SECRET - ENTIRE TEXT.  2. SUMMARY: SADDAM '
            'TOLD THE AMBASSADOR JULY 25 THAT MUBARAK HAS ARRANGED A MEETING. ' * 3)
    lines = normalise(text)[0].split("\n")
    assert lines[0] == "SUBJECT: SADDAM'S MESSAGE OF FRIENDSHIP TO PRESIDENT BUSH"
    assert lines[1].strip() == "1. SECRET - ENTIRE TEXT."
