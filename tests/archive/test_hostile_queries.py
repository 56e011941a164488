"""Any text a user types gets results or one clear error, never an exception from the engine."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablebase.archive import Archive
from cablebase.errors import CablebaseError
from tests.conftest import SAMPLES

HOSTILE = ['"', "((", "))", "[", "]", "AND", "OR OR", "NOT NOT", "-", "*", "~", "a~~", "date:[x TO y]",
           "'; DROP TABLE cables; --", "field:value:value", "tag:", "\x00\x01", "a" * 10_000, "💣 ÉÀ",
           "title:*", "body:/regex/", "a^2", "{a TO b}", "date:[2007-13 TO 2008]", "ref:???", "id:*"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("h") / "db")
    a.ingest([SAMPLES / "raw-telegram", SAMPLES / "wikileaks"], jobs=1)
    return a


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile(archive, q):
    try:
        archive.search(q)
    except CablebaseError as e:
        assert str(e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab "()[]-*~:=ORANDNOTtagdate2007 ')), max_size=40))
def test_fuzzed_queries(archive, q):
    try:
        archive.search(q, facets=False)
    except CablebaseError:
        pass
