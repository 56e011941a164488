"""cablebase: US diplomatic cables as faithful, fully decoded records.

    >>> from cablebase import parse_file
    >>> cable = next(parse_file("07MEXICO1102.txt"))          # doctest: +SKIP
    >>> cable.origin, cable.date.isoformat(), [t.code for t in cable.tags]   # doctest: +SKIP
    ('Embassy Mexico', '2007-03-05T19:24:00+00:00', ['PGOV', 'PREL', 'PINR', 'ECON', 'OVIP', 'MX'])
"""

from __future__ import annotations

from collections.abc import Iterator

from cablebase.decode import decode
from cablebase.model import Cable, Diagnostic, Provenance

__version__ = "0.1.0"
__all__ = ["Cable", "Diagnostic", "Provenance", "decode", "parse_file", "parse_text", "__version__"]


def parse_file(path: str) -> Iterator[Cable]:
    """The cables in one file (any supported format); unreadable input raises ``ValueError``."""
    from cablebase.readers import ReadError, Skipped, read_path

    for item in read_path(path):
        if isinstance(item, ReadError):
            raise ValueError(str(item))
        if not isinstance(item, Skipped):
            yield item


def parse_text(text: str, published_id: str | None = None) -> Cable:
    """Decode telegram text given as a string."""
    return decode(text, Provenance(path="<text>", format="raw"), published_id=published_id)
