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
