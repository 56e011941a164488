"""A file's text read in pieces, for the readers that find records by patterns in the text of a whole export
(:mod:`cablebase.readers.exports`): a record is yielded as soon as the text that ends it is read, and the
text of the records before it is let go, so that a large export is read in the memory of its longest
record."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TextIO

CHUNK = 1 << 16  # characters read at a time


class TextStream:
    """The text of an open file from ``pos`` (the start of what a reader still needs) to as far as it is read.

    The reader opens the file as for a whole-file read (``encoding="utf-8", errors="replace"``, universal
    newlines): the pieces ``read(n)`` gives join to the text ``read()`` gives, so a pattern applied to
    ``text`` at ``pos`` sees what it saw at that place in the whole text, up to the end of what is read.
    ``text`` before ``pos`` is dropped at the next read: offsets into ``text`` hold until :meth:`more`."""

    def __init__(self, fh: TextIO) -> None:
        self._fh = fh
        self._chunk = CHUNK
        self._lines = 0  # newlines in the text dropped
        self.text = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        """Read on (False at the end of the file). Each read is at least as long as the text kept, so a record
        longer than a read is scanned again only as many times as its length doubles."""
        if self.eof:
            return False
        self._lines += self.text.count("\n", 0, self.pos)
        rest = self.text[self.pos:]
        got = self._fh.read(max(self._chunk, len(rest)))
        self.text, self.pos, self.eof = rest + got, 0, not got
        return bool(got)

    def line(self, at: int) -> int:
        """The line of the file that ``text[at]`` is on."""
        return self._lines + self.text.count("\n", 0, at) + 1

    def search(self, pattern: re.Pattern[str], settled: Callable[[re.Match[str]], bool] | None = None,
               final: re.Pattern[str] | None = None) -> re.Match[str] | None:
        """The first match of ``pattern`` from ``pos`` that the text not yet read cannot change, reading on
        until there is one. ``settled`` says whether a match found before the end of the file is (by default:
        if it ends before the end of what is read, so that a trailing ``\\s*`` or ``\\n?`` is complete). At
        the end of the file ``final`` is searched instead (a pattern that may depend on where the file ends).

        No match of ``pattern`` may start inside another one: then a match cut short by the end of what is
        read has no complete one after it, and the first settled match is the first in the whole text."""
        while True:
            if self.eof:
                return (final or pattern).search(self.text, self.pos)
            m = pattern.search(self.text, self.pos)
            if m and (settled(m) if settled else m.end() < len(self.text)):
                return m
            self.more()
