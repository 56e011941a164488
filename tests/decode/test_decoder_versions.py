"""Each decoder version says what it changed in docs/decoder-versions.md (the code keeps only the number)."""

from __future__ import annotations

import re

from cablebase.decode import DECODER_VERSION
from tests.conftest import ROOT


def test_every_version_up_to_the_current_one_is_described() -> None:
    doc = (ROOT / "docs" / "decoder-versions.md").read_text(encoding="utf-8")
    described = [int(n) for n in re.findall(r"^- \*\*(\d+)\*\*: \S", doc, re.M)]
    assert described == list(range(2, DECODER_VERSION + 1))
