"""The notes, in SQLite: a file in ``$NOTES_DATA`` (default ``.data`` in the current folder)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Note:
    """One note."""

    id: int
    text: str
    created: datetime


def _connect() -> sqlite3.Connection:
    folder = Path(os.environ.get("NOTES_DATA", ".data"))
    folder.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(folder / "notes.sqlite3")
    connection.execute("create table if not exists notes (id integer primary key, text text, created text)")
    return connection


def _note(row: tuple[int, str, str]) -> Note:
    return Note(id=row[0], text=row[1], created=datetime.fromisoformat(row[2]))


def all_notes() -> list[Note]:
    """Every note, newest first."""
    with _connect() as connection:
        return [_note(row) for row in connection.execute("select id, text, created from notes order by id desc")]


def get(note_id: str) -> Note | None:
    """The note with this id, or None."""
    if not note_id.isdigit():
        return None
    with _connect() as connection:
        row = connection.execute("select id, text, created from notes where id = ?", (int(note_id),)).fetchone()
    return _note(row) if row else None


def add(text: str) -> Note:
    """Saves a new note."""
    created = datetime.now(UTC).isoformat()
    with _connect() as connection:
        cursor = connection.execute("insert into notes (text, created) values (?, ?)", (text, created))
    assert cursor.lastrowid is not None
    return Note(id=cursor.lastrowid, text=text, created=datetime.fromisoformat(created))
