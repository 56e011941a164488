"""Every decoded record of the shared corpus and every page and API response over the samples is what the
committed fingerprints say (``tests/snapshots/``): a refactoring changes none, a decoder or page change lists
what to read. After reading the changes: ``python -m tests.snapshot --write``."""

from __future__ import annotations

import pytest

from tests import snapshot

HOW = "read what changed, then run `python -m tests.snapshot --write` and commit tests/snapshots/"


@pytest.mark.corpus
def test_every_decoded_record_is_as_committed() -> None:
    diff = snapshot.differences(snapshot.read(snapshot.RECORDS), dict(snapshot.records()))
    assert not diff, f"{len(diff)} records differ ({HOW}):\n" + "\n".join(diff[:50])


def test_every_response_is_as_committed() -> None:
    diff = snapshot.differences(snapshot.read(snapshot.RESPONSES), dict(snapshot.responses()))
    assert not diff, f"{len(diff)} responses differ ({HOW}):\n" + "\n".join(diff[:50])


def test_differences_name_what_changed() -> None:
    old = {"a": "1", "b": "2", "c": "3"}
    new = {"a": "1", "b": "9", "d": "4"}
    assert snapshot.differences(old, new) == ["changed b", "new d", "gone c"]
