"""Reading the demo's SQLite database from the tests, to see what a form submission wrote."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Library:
    """The database file that the server under test writes to."""

    path: Path

    def connect(self) -> sqlite3.Connection:
        """A read-only connection: the tests never write, nor create the file (the server does)."""
        return sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)

    def count(self) -> int:
        """How many books there are."""
        with closing(self.connect()) as conn:
            count: int = conn.execute("SELECT count(*) FROM books").fetchone()[0]
            return count

    def find(self, title: str) -> list[tuple[int, str, str, int, str, list[str]]]:
        """The books with exactly this title: (id, title, author, year, summary, sorted tags)."""
        with closing(self.connect()) as conn:
            rows = conn.execute("SELECT id, title, author, year, summary FROM books WHERE title = ?", (title,))
            return [
                (
                    *row,
                    [
                        tag
                        for (tag,) in conn.execute("SELECT tag FROM book_tags WHERE book_id = ? ORDER BY tag", row[:1])
                    ],
                )
                for row in rows.fetchall()
            ]
