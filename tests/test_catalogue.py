"""Tests of the demo's catalogue (pages/_lib/catalogue.py), each on a fresh temp database."""

from __future__ import annotations

import importlib
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
from starlette.datastructures import FormData

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


# add_book and update_book


def book_ids(path: Path) -> list[int]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM books ORDER BY id")]


def test_add_book(cat: ModuleType, db: Path) -> None:
    book = cat.add_book(
        title="  The Ladies'  Paradise ",
        author="Émile Zola",
        year=1883,
        summary=" A department store in Paris. ",
        tags=["history", "fiction", "history"],
    )
    assert book == cat.Book(
        id=len(cat.SEED) + 1,
        title="The Ladies'  Paradise",  # stripped (the form also makes runs of spaces one)
        author="Émile Zola",
        year=1883,
        summary="A department store in Paris.",
        tags=["fiction", "history"],
    )
    assert cat.get_book(book.id) == book
    assert count_rows(db) == (len(cat.SEED) + 1, expected_rows(cat)[1] + 2)
    # searchable like the seed (folded), and sorted by title without its article
    assert [b.id for b in cat.search("emile ladies", 1, 10)[0]] == [book.id]
    titles = [b.title for b in cat.search("", 1, 1000)[0]]
    assert titles[titles.index(book.title) - 1 : titles.index(book.title) + 2] == [
        "Jane Eyre",
        book.title,
        "Leaves of Grass",
    ]
    assert cat.tag_counts()["history"] == sum("history" in entry[5] for entry in cat.SEED) + 1


def test_add_book_without_summary_or_tags(cat: ModuleType) -> None:
    book = cat.add_book(title="Untagged", author="Anonymous", year=1500)
    assert (book.summary, book.tags) == ("", [])
    assert cat.books_by_author("Anonymous") == [book]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "a title and an author"),
        ({"author": ""}, "a title and an author"),
        ({"tags": ["drama", "cookery"]}, "unknown tags: \\['cookery'\\]"),
    ],
)
def test_add_book_refuses_bad_fields_and_writes_nothing(
    cat: ModuleType, db: Path, fields: dict[str, object], message: str
) -> None:
    cat.get_book(1)
    before = count_rows(db)
    with pytest.raises(ValueError, match=message):
        cat.add_book(**{"title": "T", "author": "A", "year": 1900, **fields})
    assert count_rows(db) == before


def test_add_book_is_one_transaction(cat: ModuleType, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk on fire")

    cat.get_book(1)
    before = count_rows(db)
    monkeypatch.setattr(cat, "_write_tags", fail)  # after the book's row went in
    with pytest.raises(sqlite3.OperationalError):
        cat.add_book(title="Half", author="Written", year=1900, tags=["drama"])
    assert count_rows(db) == before
    assert cat.search("half written", 1, 10) == ([], 0)


def test_update_book(cat: ModuleType, db: Path) -> None:
    book = cat.update_book(
        8, title="The Whale", author="Herman Melville", year=1851, summary="Call me Ishmael.", tags=["classic"]
    )
    assert book == cat.Book(8, "The Whale", "Herman Melville", 1851, "Call me Ishmael.", ["classic"])
    assert cat.get_book(8) == book
    assert cat.search("moby", 1, 10) == ([], 0)  # the search text follows the new title
    assert [b.id for b in cat.search("whale", 1, 10)[0]] == [8]
    assert 8 not in {b.id for b in cat.books_with_tags(["adventure"])}
    assert book_ids(db) == list(range(1, len(cat.SEED) + 1))  # no row added or removed
    assert count_rows(db)[1] == expected_rows(cat)[1] - 2  # fiction, adventure, classic -> classic


def test_update_an_unknown_book(cat: ModuleType, db: Path) -> None:
    assert cat.update_book(10_000, title="Ghost", author="Nobody", year=1900) is None
    assert count_rows(db) == expected_rows(cat)
    assert cat.search("ghost", 1, 10) == ([], 0)


def test_update_book_refuses_bad_fields(cat: ModuleType) -> None:
    original = cat.get_book(8)
    with pytest.raises(ValueError):
        cat.update_book(8, title="Moby", author="Melville", year=1851, tags=["whales"])
    assert cat.get_book(8) == original


def test_update_book_is_one_transaction(cat: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk on fire")

    original = cat.get_book(8)
    monkeypatch.setattr(cat, "_write_tags", fail)  # after the row changed and the old tags were deleted
    with pytest.raises(sqlite3.OperationalError):
        cat.update_book(8, title="Changed", author="Someone", year=1900, tags=["drama"])
    assert cat.get_book(8) == original


# The book form (pages/_lib/book_form.py)


@pytest.fixture
def book_form(db: Path) -> Iterator[ModuleType]:
    """pages/_lib as a package (book_form imports the catalogue relatively), and its book_form module."""
    lib = MODULE_PATH.parent
    spec = importlib.util.spec_from_file_location(
        "demo_lib", lib / "__init__.py", submodule_search_locations=[str(lib)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["demo_lib"] = package
    spec.loader.exec_module(package)
    try:
        yield importlib.import_module("demo_lib.book_form")
    finally:
        for name in [name for name in sys.modules if name == "demo_lib" or name.startswith("demo_lib.")]:
            del sys.modules[name]


def form(**fields: str | list[str]) -> FormData:
    items = [(key, v) for key, value in fields.items() for v in ([value] if isinstance(value, str) else value)]
    return FormData(items)


GOOD = {"title": "Emma", "author": "Jane Austen", "year": "1815"}


def test_book_form_reads_good_fields(book_form: ModuleType) -> None:
    fields, errors = book_form.read(
        form(
            title="  Emma  ",
            author="Jane \n Austen",
            year=" 1815 ",
            summary="  Matchmaking.\r\n\r\nBadly.  ",
            tags=["romance", "fiction", "romance"],
        )
    )
    assert errors == {}
    assert fields == book_form.BookFields("Emma", "Jane Austen", 1815, "Matchmaking.\n\nBadly.", ["fiction", "romance"])
    assert book_form.read(form(**GOOD)) == (book_form.BookFields("Emma", "Jane Austen", 1815, "", []), {})


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "Enter the title."),
        ({"title": "x" * 201}, "title", "Keep the title to 200 characters (it has 201)."),
        ({"author": ""}, "author", "Enter the author."),
        ({"year": ""}, "year", "Enter the year of first publication."),
        ({"year": "1815.0"}, "year", "Enter the year as a number, e.g. 1851."),
        ({"year": "-5"}, "year", "Enter the year as a number, e.g. 1851."),
        ({"year": "١٨١٥"}, "year", "Enter the year as a number, e.g. 1851."),  # digits, but not ASCII
        ({"year": "999"}, "year", "Enter a year from 1000 to {latest}."),
        ({"year": "{next}"}, "year", "Enter a year from 1000 to {latest}."),
        ({"summary": "x" * 2001}, "summary", "Keep the summary to 2000 characters (it has 2001)."),
        ({"tags": ["drama", "cookery"]}, "tags", "Pick tags from the list."),
    ],
)
def test_book_form_errors(book_form: ModuleType, changes: dict[str, str], field: str, message: str) -> None:
    latest = book_form.latest_year()
    changes = {k: v.replace("{next}", str(latest + 1)) if isinstance(v, str) else v for k, v in changes.items()}
    fields, errors = book_form.read(form(**{**GOOD, **changes}))
    assert fields is None
    assert errors == {field: message.replace("{latest}", str(latest))}


def test_book_form_gives_every_error_at_once(book_form: ModuleType) -> None:
    fields, errors = book_form.read(form())
    assert fields is None
    assert set(errors) == {"title", "author", "year"}
    assert book_form.read(form(**{**GOOD, "year": str(book_form.latest_year())}))[1] == {}
