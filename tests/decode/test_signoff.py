"""The end of a message: signers and what follows the text."""

from cablebase.decode.signoff import split_signoff


def test_two_signers_and_names_joined_by_a_slash():
    lines = ["1. (C) The minister agreed.", "", "RICE", "BURNS/JONES", "", "NNNN"]
    rest, signers = split_signoff(lines)
    assert rest == ["1. (C) The minister agreed."] and signers == ["RICE", "BURNS", "JONES"]
    assert lines[-1] == "NNNN"  # the caller's list is left as it was


def test_no_signer_and_nothing_to_take_off():
    lines = ["1. (C) The minister agreed.", "2. (C) He said more."]
    assert split_signoff(lines) == (lines, [])


def test_minimize_considered_on_the_signers_line_is_no_text():  # (issue 18: the drafter's note on the traffic)
    rest, signers = split_signoff(["5. (C) He will visit Israel in March.", "", "MINIMIZE CONSIDERED SHANNON"])
    assert rest == ["5. (C) He will visit Israel in March."] and signers == ["SHANNON"]


def test_a_lone_full_stop_after_the_signer_is_no_text():
    assert split_signoff(["18. (U) Glaser has cleared this message.", "", "MURRAY", "."]) == (
        ["18. (U) Glaser has cleared this message."], ["MURRAY"])
    assert split_signoff(["12. (U) Williamson has cleared.", "", "MURRAY ."])[1] == ["MURRAY"]


def test_a_signer_in_mixed_case_below_the_posts_web_sign_off():
    lines = ["position. END COMMENT.", "", "------------------------------------------",
             "Visit Embassy Madrid's Classified Website;", "http://www.state.sgov.gov/p/eur/madrid/",
             "------------------------------------------", "Aguirre"]
    assert split_signoff(lines) == (["position. END COMMENT."], ["Aguirre"])
    assert split_signoff(["the Commonwealth.", "", "LeBaron"])[1] == ["LeBaron"]
    assert split_signoff(["the Commonwealth.", "", "McMullen"])[1] == ["McMullen"]


def test_a_mail_clients_stamp_after_the_text_goes_with_the_end_junk():
    lines = ["7. (U) This cable has been cleared by Michael Froman.", "MURRAY", "End Cable Text",
             "Zenaida X Toledo 07/30/2008 04:04:14 PM From DB/Inbox: TRANS", "."]
    assert split_signoff(lines) == (["7. (U) This cable has been cleared by Michael Froman."], ["MURRAY"])


def test_a_name_signed_twice_is_one_signer():
    assert split_signoff(["END COMMENT.", "", "KUBISKE KUBISKE", "..."]) == (["END COMMENT."], ["KUBISKE"])
    assert split_signoff(["END COMMENT.", "", "SHANNON Shannon"])[1] == ["SHANNON"]
    assert split_signoff(["28. (U) The Deputy Secretary cleared this message.", "", "Huntsman", "huntsman"]) == (
        ["28. (U) The Deputy Secretary cleared this message."], ["Huntsman"])
    assert split_signoff(["I met them.", "", "NEW YORK"])[1] == ["NEW YORK"]  # two different words stay


def test_a_web_address_wrapped_to_the_last_line_is_end_junk():
    lines = ["but the relationship has begun to sour.", "", "JEFFREY",
             '"Visit Ankara\'s Classified Web Site at http://www.intelink.s', 'gov.gov/wiki/Portal:Turkey"']
    assert split_signoff(lines) == (["but the relationship has begun to sour."], ["JEFFREY"])
    assert split_signoff(["government money.", "", "BEYRLE", ".."])[1] == ["BEYRLE"]


def test_end_marks_after_the_signer_on_a_flattened_last_line():
    rest, signers = split_signoff(["Washington appreciates Posts, assistance. RICE   NNNN  End Cable Text"])
    assert rest == ["Washington appreciates Posts, assistance."] and signers == ["RICE"]
    rest, signers = split_signoff(["9. (C) A/S Gordon has cleared this cable.  JEFFREY  Visit Ankara's "
                                   "Classified Web Site at http://www.intelink.s.gov/wiki/Portal:Turkey"])
    assert rest == ["9. (C) A/S Gordon has cleared this cable."] and signers == ["JEFFREY"]


def test_a_signer_below_minimize_considered_and_a_suffix():
    rest, signers = split_signoff(["18. (U) AA/S Glaser has cleared this message.  MINIMIZE CONSIDERED", "MURRAY ."])
    assert signers == ["MURRAY"] and rest[-1] == "18. (U) AA/S Glaser has cleared this message."
    assert split_signoff(["... as the best path available. TIMKEN JR"])[1] == ["TIMKEN JR"]


def test_a_newspapers_print_footer_is_end_junk():
    lines = ["visible.....\"", "WHITE", "", "Track impresión: asegovia @ Sat Dec 4 19:20:36 2010. Este documento es "
             "propiedad de EL PAÍS", "ID:    187536"]
    assert split_signoff(lines) == (["visible.....\""], ["WHITE"])


def test_a_posts_sign_off_with_a_broken_web_address_goes_with_the_end_junk():
    lines = ["will be able to deal with them.\"", "Please visit Paris' Classified Website at:",
             "http://www.state.sgov.gov/p/eur/paris/index.c fm", "Hofmann"]
    assert split_signoff(lines) == (["will be able to deal with them.\""], ["Hofmann"])
    lines = ["Rachida Dati.", "Visit Rabat's Classified Website at http://www.state.sgov.gov/p/nea/rabat "
             "*****************************************", "Riley"]
    assert split_signoff(lines) == (["Rachida Dati."], ["Riley"])


def test_a_name_after_a_rule_of_asterisks_is_the_signer():
    lines = ["13. (U) Fred Hof has cleared this message.", "******** Visit Embassy Tel Aviv's Classified Website: "
             "http://www.state.sgov.gov/p/nea/telaviv ******** CUNNINGHAM"]
    assert split_signoff(lines) == (["13. (U) Fred Hof has cleared this message."], ["CUNNINGHAM"])


def test_flattened_copies_signer_before_the_quoted_sign_off_or_glued_to_the_text():
    # (the last line of copies that lost their line breaks: 10ANKARA126, 09BAKU478, 09BERLIN1403)
    text = "the alleged planning against the government. " * 6
    line = text + "Jeffrey             \"Visit Ankara's Classified Web Site at http://www.intelink.s " \
                  "gov.gov/wiki/Portal:Turkey\""
    assert split_signoff([line]) == ([text.rstrip()], ["Jeffrey"])
    assert split_signoff(["a perception he characterized as unrealistic.DERSE"]) == \
        (["a perception he characterized as unrealistic."], ["DERSE"])
    assert split_signoff(["on the cutting edge of using IT solutions xxxxx.MURPHY"])[1] == ["MURPHY"]
    # an acronym glued to the end is no signer, nor an end mark
    assert split_signoff(["talks with the U.S.NATO"])[1] == []
    assert split_signoff(["as agreed.NNNN"])[1] == []


def test_a_signer_in_mixed_case_below_a_redaction_line():
    lines = ["the loss of innocent lives.", "", "End of text.", "", "xxxxx", "Johnson"]
    assert split_signoff(lines) == (["the loss of innocent lives.", "", "End of text.", "", "xxxxx"], ["Johnson"])


def test_signers_in_mixed_case_glued_to_or_after_the_last_sentence_of_a_flattened_copy():
    assert split_signoff(["campaign trail can be an eternity.End comment.Murphy"]) == (
        ["campaign trail can be an eternity.End comment."], ["Murphy"])
    assert split_signoff(["engagement on infrastructure protection. LeBaron"])[1] == ["LeBaron"]
    assert split_signoff(["report as warranted. McMullen"])[1] == ["McMullen"]
    assert split_signoff(["the meeting ended.End Comment."])[1] == []  # end marks are no signer
    assert split_signoff(["he met the U.S. Ambassador Smith"])[1] == []  # no sentence ends before the name


def test_a_signer_glued_to_the_quoted_sign_off_with_a_date_or_after_the_declassification_group():
    rest, signers = split_signoff(["Erdogan said more. " * 12 + "Antipathy towards Israel is a factor.JEFFREY“Visit "
                                   "Ankara's Classified Web Site at http://www.intelink.s gov.gov/wiki/Portal:Turkey”"])
    assert signers == ["JEFFREY"] and rest[0].endswith("is a factor.")
    assert split_signoff(["operational level. End Comment.", "SOBEL 2008-01-08"]) == (
        ["operational level. End Comment."], ["SOBEL"])
    rest, signers = split_signoff(["WHICH WOULD APPEAR MOST LIKELY TO SUCCEED.  GP-3 SACCIO"])
    assert signers == ["SACCIO"] and rest == ["WHICH WOULD APPEAR MOST LIKELY TO SUCCEED."]  # (GP-3 is no text)


def test_a_signer_after_an_end_mark_without_its_stop_with_a_date_or_after_a_doubled_stop():
    assert split_signoff(["how we do business with the government. END COMMENT THORNE"]) == (
        ["how we do business with the government. END COMMENT"], ["THORNE"])
    assert split_signoff(["making it an autonomous offense. KUBISKE 2009-12-31"]) == (
        ["making it an autonomous offense."], ["KUBISKE"])
    assert split_signoff(["a much-needed radical restructuring. .FARRAR"])[1] == ["FARRAR"]
    assert split_signoff(["he said END COMMENT"])[1] == []  # an end mark alone is no signer
    assert split_signoff(["the 2009 elections. KUBISKE 2009-12-31 were held"])[1] == []


def test_hyphenated_and_particle_names_and_a_lower_case_suffix():
    assert split_signoff(["of Defense Flournoy.", "Thompson-Jones"])[1] == ["Thompson-Jones"]
    assert split_signoff(["of Defense Flournoy. Thompson-Jones"])[1] == ["Thompson-Jones"]
    assert split_signoff(["posed in the German nonpaper.", "Timken jr"])[1] == ["Timken jr"]
    assert split_signoff(["rings true for South Africa in 2009. LA LIME"]) == (
        ["rings true for South Africa in 2009."], ["LA LIME"])
    assert split_signoff(["rings true for South Africa in 2009. NEW YORK"])[1] == []  # two words, no particle
