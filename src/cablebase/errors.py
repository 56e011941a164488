"""Errors that reach the user as one clear line (never a traceback)."""

from __future__ import annotations


class CablebaseError(Exception):
    """Base for mistakes in what the user asked for (bad query, unknown id, missing archive)."""


class NotFound(CablebaseError):
    pass


class QueryError(CablebaseError):
    """A query that cannot be read; ``position`` is the 0-based offset of the offending character."""

    def __init__(self, message: str, query: str, position: int):
        self.query = query
        self.position = max(0, min(position, len(query)))
        self.reason = message
        super().__init__(f"{message} at position {self.position + 1}")

    def pointer(self) -> str:
        """The query with a caret under the offending position (for terminals)."""
        shown = self.query.replace("\n", " ").replace("\t", " ")
        start = max(0, self.position - 60)
        return shown[start: self.position + 60] + "\n" + " " * (self.position - start) + "^"
