"""Tests of the demo's catalogue (pages/_lib/catalogue.py), each on a fresh temp database."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

MODULE_PATH = Path(__file__).resolve().parents[1] / "pages" / "_lib" / "catalogue.py"


def load_catalogue(name: str = "demo_catalogue") -> ModuleType:
    """Imports catalogue.py by file path: ``pages`` is not a package on sys.path."""
    spec = importlib.util.spec_from_file_location(name, MODULE_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "library.sqlite3"
    monkeypatch.setenv("BRIDGE_DEMO_DB", str(path))
    return path


@pytest.fixture
def cat(db: Path) -> Iterator[ModuleType]:
    module = load_catalogue()
    yield module
    sys.modules.pop("demo_catalogue", None)


def count_rows(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as conn:
        books = conn.execute("SELECT count(*) FROM books").fetchone()[0]
        tags = conn.execute("SELECT count(*) FROM book_tags").fetchone()[0]
    return books, tags


def expected_rows(cat: ModuleType) -> tuple[int, int]:
    return len(cat.SEED), sum(len(entry[5]) for entry in cat.SEED)


# The database


def test_database_path_is_read_from_the_environment_at_call_time(
    cat: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIDGE_DEMO_DB", str(tmp_path / "other.sqlite3"))
    assert cat.database_path() == tmp_path / "other.sqlite3"
    cat.get_book(1)
    assert (tmp_path / "other.sqlite3").exists()


def test_default_path_is_under_the_repo(cat: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIDGE_DEMO_DB")
    repo = MODULE_PATH.parents[2]
    assert cat.database_path() == repo / ".data" / "library.sqlite3"


def test_created_and_seeded_on_first_use(cat: ModuleType, db: Path) -> None:
    assert not db.exists()  # importing the module does not touch the database
    assert cat.get_book(1) is not None
    assert db.exists()
    assert count_rows(db) == expected_rows(cat)


def test_seeding_is_idempotent(cat: ModuleType, db: Path) -> None:
    cat.all_tags()
    again = load_catalogue("demo_catalogue_again")  # a fresh process, in effect
    try:
        again.all_tags()
    finally:
        sys.modules.pop("demo_catalogue_again", None)
    assert count_rows(db) == expected_rows(cat)


def test_recreated_if_the_file_is_deleted(cat: ModuleType, db: Path) -> None:
    cat.get_book(1)
    db.unlink()
    assert cat.get_book(1) is not None


def test_processes_starting_at_once_seed_once(cat: ModuleType, db: Path) -> None:
    script = textwrap.dedent(
        f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("c", {str(MODULE_PATH)!r})
        module = importlib.util.module_from_spec(spec)
        sys.modules["c"] = module
        spec.loader.exec_module(module)
        print(len(module.search("", 1, 100)[0]))
        """
    )
    children = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(6)]
    outputs = [child.communicate(timeout=60)[0].strip() for child in children]
    assert [child.returncode for child in children] == [0] * 6
    assert outputs == [str(len(cat.SEED))] * 6
    assert count_rows(db) == expected_rows(cat)


# Seed data


def test_seed_is_well_formed(cat: ModuleType) -> None:
    ids = [entry[0] for entry in cat.SEED]
    assert ids == list(range(1, len(ids) + 1))
    assert len(cat.SEED) >= 50
    for _id, title, author, year, summary, tags in cat.SEED:
        assert title and author and summary.endswith(".")
        assert 1500 <= year <= 1930
        assert 1 <= len(tags) <= 3
        assert len(set(tags)) == len(tags)
        assert set(tags) <= set(cat.TAGS)


# get_book


def test_get_book(cat: ModuleType) -> None:
    book = cat.get_book(1)
    assert book == cat.Book(
        id=1,
        title="Pride and Prejudice",
        author="Jane Austen",
        year=1813,
        summary=book.summary,
        tags=["classic", "fiction", "romance"],  # sorted
    )


@pytest.mark.parametrize("book_id", [0, -1, 10_000])
def test_get_book_unknown(cat: ModuleType, book_id: int) -> None:
    assert cat.get_book(book_id) is None


# search


def test_search_everything_is_sorted_by_title_ignoring_articles(cat: ModuleType) -> None:
    books, total = cat.search("", 1, 1000)
    assert total == len(books) == len(cat.SEED)
    keys = [cat.fold(b.title).removeprefix("the ").removeprefix("a ") for b in books]
    assert keys == sorted(keys)
    assert [b.title for b in books[:3]] == [
        "Adventures of Huckleberry Finn",
        "The Adventures of Sherlock Holmes",
        "The Adventures of Tom Sawyer",
    ]


def test_search_is_case_insensitive_on_author(cat: ModuleType) -> None:
    books, total = cat.search("AUSTEN", 1, 10)
    assert total == 3
    assert {b.title for b in books} == {"Pride and Prejudice", "Emma", "Sense and Sensibility"}


def test_search_matches_titles(cat: ModuleType) -> None:
    books, total = cat.search("moby", 1, 10)
    assert (total, [b.id for b in books]) == (1, [8])


def test_search_ignores_accents(cat: ModuleType) -> None:
    _, plain = cat.search("bronte", 1, 10)
    _, accented = cat.search("Brontë", 1, 10)
    assert plain == accented == 2
    books, _ = cat.search("miserables", 1, 10)
    assert [b.title for b in books] == ["Les Misérables"]


def test_search_needs_every_word(cat: ModuleType) -> None:
    books, total = cat.search("  dickens   two ", 1, 10)
    assert (total, [b.title for b in books]) == (1, ["A Tale of Two Cities"])


def test_search_treats_sql_wildcards_literally(cat: ModuleType) -> None:
    assert cat.search("%", 1, 10) == ([], 0)
    assert cat.search("_", 1, 10) == ([], 0)


def test_search_no_match(cat: ModuleType) -> None:
    assert cat.search("zzzz", 1, 10) == ([], 0)


def test_search_pages(cat: ModuleType) -> None:
    everything, total = cat.search("", 1, 1000)
    pages = [cat.search("", page, 10) for page in range(1, 9)]
    assert all(page_total == total for _, page_total in pages)
    assert [len(books) for books, _ in pages] == [10, 10, 10, 10, 10, 10, 7, 0]
    assert [b for books, _ in pages for b in books] == everything


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (-1, 10), (1, 0)])
def test_search_rejects_bad_pages(cat: ModuleType, page: int, per_page: int) -> None:
    with pytest.raises(ValueError):
        cat.search("", page, per_page)


# Tags


def test_all_tags(cat: ModuleType) -> None:
    assert cat.all_tags() == sorted(cat.TAGS)


def test_tag_counts(cat: ModuleType) -> None:
    counts = cat.tag_counts()
    assert list(counts) == sorted(counts)
    assert sum(counts.values()) == expected_rows(cat)[1]
    assert counts["drama"] == 4


def test_books_with_one_tag(cat: ModuleType) -> None:
    books = cat.books_with_tags(["drama"])
    assert [b.title for b in books] == [
        "A Doll's House",
        "Hamlet",
        "The Importance of Being Earnest",
        "Macbeth",
    ]


def test_books_with_all_given_tags(cat: ModuleType) -> None:
    books = cat.books_with_tags(["fiction", "mystery", "horror"])
    assert [b.title for b in books] == ["Strange Case of Dr Jekyll and Mr Hyde"]
    pairs = cat.books_with_tags(["classic", "romance"])
    assert {b.id for b in pairs} == {1, 2, 32, 33, 35, 66}
    assert all({"classic", "romance"} <= set(b.tags) for b in pairs)


def test_books_with_repeated_tag(cat: ModuleType) -> None:
    assert cat.books_with_tags(["drama", "drama"]) == cat.books_with_tags(["drama"])


def test_books_with_no_tags_is_everything(cat: ModuleType) -> None:
    assert len(cat.books_with_tags([])) == len(cat.SEED)


def test_books_with_unknown_or_disjoint_tags(cat: ModuleType) -> None:
    assert cat.books_with_tags(["cookery"]) == []
    assert cat.books_with_tags(["poetry", "mystery"]) == []


# Other queries


def test_books_by_author_oldest_first(cat: ModuleType) -> None:
    books = cat.books_by_author("Charles Dickens")
    assert [b.year for b in books] == [1838, 1859, 1861]
    assert cat.books_by_author("Nobody") == []


def test_random_book_id(cat: ModuleType) -> None:
    ids = {cat.random_book_id() for _ in range(50)}
    assert all(cat.get_book(book_id) is not None for book_id in ids)
    assert len(ids) > 1


def test_random_book_id_on_an_empty_catalogue(cat: ModuleType, db: Path) -> None:
    cat.get_book(1)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM book_tags")
        conn.execute("DELETE FROM books")
    with pytest.raises(LookupError):
        cat.random_book_id()


def test_fold(cat: ModuleType) -> None:
    assert cat.fold("Niccolò MACHIAVELLI") == "niccolo machiavelli"
