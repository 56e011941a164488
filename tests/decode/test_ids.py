import pytest

from cablebase.decode.ids import canonical_id


@pytest.mark.parametrize("published,expected", [
    ("07MEXICO1102", "07MEXICO1102"),
    ("10SHANGHAI60_a", "10SHANGHAI60"),
    ("2000HANOI00686", "00HANOI686"),
    ("08ECTION01OF02MANAMA492", "08MANAMA492"),
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
    ("85NOFORNMOGADISHU1643", "85MOGADISHU1643"),
    ("09EFTOLONDON2468", "09LONDON2468"),
    ("1974ATHENS02959_b", "74ATHENS2959"),
    ("06MADRID002583ZFR2585", "06MADRID2583"),
])
def test_canonical(published, expected):
    assert canonical_id(published)[0] == expected


def test_unreadable_id_is_reported_not_raised():
    ident, note = canonical_id("not an id")
    assert ident is None and "unreadable" in note
