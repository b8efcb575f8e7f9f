"""The demo's library catalogue: a small SQLite database of public-domain books.

The database lives at ``$BRIDGE_DEMO_DB`` (read on every call), by default
``<repo>/.data/library.sqlite3``. It is created and seeded on first use; seeding
runs in one ``BEGIN IMMEDIATE`` transaction and only into empty tables, so
several processes may start at once. Every function opens and closes its own
connection; writes (``add_book``, ``update_book``) happen in one transaction each,
so an exception leaves nothing half-written. Standard library only.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "BRIDGE_DEMO_DB"
DEFAULT_PATH = Path(__file__).resolve().parents[2] / ".data" / "library.sqlite3"
TAGS = (
    "adventure",
    "classic",
    "drama",
    "fiction",
    "history",
    "horror",
    "mystery",
    "philosophy",
    "poetry",
    "romance",
    "satire",
    "science",
)


@dataclass(frozen=True)
class Book:
    """One catalogue entry; ``tags`` are sorted alphabetically."""

    id: int
    title: str
    author: str
    year: int
    summary: str
    tags: list[str]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS books (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    year INTEGER NOT NULL,
    summary TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS book_tags (
    book_id INTEGER NOT NULL REFERENCES books (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (book_id, tag)
);
CREATE INDEX IF NOT EXISTS book_tags_by_tag ON book_tags (tag, book_id);
"""

_ARTICLES = ("the ", "a ", "an ")
_ready: set[str] = set()


def database_path() -> Path:
    """The database file: ``$BRIDGE_DEMO_DB`` if set, else ``DEFAULT_PATH``."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else DEFAULT_PATH


def fold(text: str) -> str:
    """Lower-cases and strips accents, so ``"Brontë"`` matches ``"bronte"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(q: str = "", page: int = 1, per_page: int = 10) -> tuple[list[Book], int]:
    """One page of the books whose title or author contains every word of ``q``
    (case- and accent-insensitive; an empty ``q`` matches all), sorted by title,
    and the total number of matches. ``page`` counts from 1; past the end it is empty.
    """
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be at least 1")
    terms = fold(q).split()
    where = " AND ".join("instr(search_text, ?) > 0" for _ in terms) or "1"
    with _connect() as conn:
        count = conn.execute(f"SELECT count(*) FROM books WHERE {where}", terms)
        total: int = count.fetchone()[0]
        rows = conn.execute(
            f"SELECT * FROM books WHERE {where} ORDER BY sort_key, id LIMIT ? OFFSET ?",
            [*terms, per_page, (page - 1) * per_page],
        ).fetchall()
        return _books(conn, rows), total


def get_book(book_id: int) -> Book | None:
    """The book with this id, or None."""
    with _connect() as conn:
        rows = conn.execute("SELECT * FROM books WHERE id = ?", (book_id,)).fetchall()
        books = _books(conn, rows)
    return books[0] if books else None


def books_by_author(author: str) -> list[Book]:
    """All books by exactly this author, oldest first."""
    with _connect() as conn:
        rows = conn.execute("SELECT * FROM books WHERE author = ? ORDER BY year, sort_key", (author,)).fetchall()
        return _books(conn, rows)


def books_with_tags(tags: list[str]) -> list[Book]:
    """The books having all of ``tags`` (all books if none given), sorted by title."""
    wanted = sorted(set(tags))
    if not wanted:
        where, args = "1", []
    else:
        marks = ", ".join("?" for _ in wanted)
        where = f"id IN (SELECT book_id FROM book_tags WHERE tag IN ({marks}) GROUP BY book_id HAVING count(*) = ?)"
        args = [*wanted, len(wanted)]
    with _connect() as conn:
        rows = conn.execute(f"SELECT * FROM books WHERE {where} ORDER BY sort_key, id", args).fetchall()
        return _books(conn, rows)


def random_book_id() -> int:
    """The id of a book picked at random."""
    with _connect() as conn:
        row = conn.execute("SELECT id FROM books ORDER BY random() LIMIT 1").fetchone()
    if row is None:
        raise LookupError("the catalogue is empty")
    book_id: int = row[0]
    return book_id


def all_tags() -> list[str]:
    """Every tag used by at least one book, sorted."""
    return list(tag_counts())


def tag_counts() -> dict[str, int]:
    """How many books carry each tag, keyed by tag in alphabetical order."""
    with _connect() as conn:
        rows = conn.execute("SELECT tag, count(*) FROM book_tags GROUP BY tag ORDER BY tag").fetchall()
    return {str(tag): int(count) for tag, count in rows}


def add_book(*, title: str, author: str, year: int, summary: str = "", tags: Iterable[str] = ()) -> Book:
    """Adds a book and its tags in one transaction and returns it, with its new id.

    Raises ValueError, writing nothing, if ``title`` or ``author`` is blank or a tag is not in ``TAGS``.
    Text fields are stored stripped of surrounding white space.
    """
    row, wanted = _row(title, author, year, summary), _known_tags(tags)
    with _transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO books (title, author, year, summary, sort_key, search_text) VALUES (?, ?, ?, ?, ?, ?)", row
        )
        book_id = cursor.lastrowid
        assert book_id is not None
        _write_tags(conn, book_id, wanted)
        return _books(conn, conn.execute("SELECT * FROM books WHERE id = ?", (book_id,)))[0]


def update_book(
    book_id: int, *, title: str, author: str, year: int, summary: str = "", tags: Iterable[str] = ()
) -> Book | None:
    """Replaces every field and the tags of book ``book_id`` in one transaction; returns the book as saved,
    or None (writing nothing) if there is no such book.

    Raises ValueError, writing nothing, if ``title`` or ``author`` is blank or a tag is not in ``TAGS``.
    """
    row, wanted = _row(title, author, year, summary), _known_tags(tags)
    with _transaction() as conn:
        cursor = conn.execute(
            "UPDATE books SET title = ?, author = ?, year = ?, summary = ?, sort_key = ?, search_text = ? WHERE id = ?",
            (*row, book_id),
        )
        if cursor.rowcount == 0:
            return None
        conn.execute("DELETE FROM book_tags WHERE book_id = ?", (book_id,))
        _write_tags(conn, book_id, wanted)
        return _books(conn, conn.execute("SELECT * FROM books WHERE id = ?", (book_id,)))[0]


def _row(title: str, author: str, year: int, summary: str) -> tuple[str, str, int, str, str, str]:
    """The ``books`` columns besides ``id``: the fields stripped, the sort key and the search text."""
    title, author, summary = title.strip(), author.strip(), summary.strip()
    if not title or not author:
        raise ValueError("a book needs a title and an author")
    return title, author, int(year), summary, _sort_key(title), fold(f"{title} {author}")


def _known_tags(tags: Iterable[str]) -> list[str]:
    """``tags`` sorted and without repeats; raises ValueError for a tag not in ``TAGS``."""
    wanted = sorted(set(tags))
    unknown = [tag for tag in wanted if tag not in TAGS]
    if unknown:
        raise ValueError(f"unknown tags: {unknown}")
    return wanted


def _write_tags(conn: sqlite3.Connection, book_id: int, tags: list[str]) -> None:
    conn.executemany("INSERT INTO book_tags VALUES (?, ?)", ((book_id, tag) for tag in tags))


@contextmanager
def _transaction() -> Iterator[sqlite3.Connection]:
    """A connection inside ``BEGIN IMMEDIATE``: committed at the end, rolled back on any exception."""
    with _connect() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@contextmanager
def _connect() -> Iterator[sqlite3.Connection]:
    """A connection to the database (created and seeded if need be), closed after."""
    path = database_path()
    key = str(path.resolve())
    if key not in _ready or not path.exists():
        _create(path)
        _ready.add(key)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as conn:
        conn.row_factory = sqlite3.Row
        yield conn


def _create(path: Path) -> None:
    """Creates the folder, the tables and, if they are empty, the seed rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as conn:
        # One writer at a time: a second process waits here, then finds the rows.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            if conn.execute("SELECT count(*) FROM books").fetchone()[0] == 0:
                _seed(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _seed(conn: sqlite3.Connection) -> None:
    """Inserts the ``SEED`` books and their tags (fixed ids, so never twice)."""
    for book_id, title, author, year, summary, tags in SEED:
        search_text = fold(f"{title} {author}")
        row = (book_id, title, author, year, summary, _sort_key(title), search_text)
        conn.execute("INSERT OR IGNORE INTO books VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        conn.executemany(
            "INSERT OR IGNORE INTO book_tags VALUES (?, ?)",
            ((book_id, tag) for tag in tags),
        )


def _sort_key(title: str) -> str:
    """The folded title without a leading article ("The Time Machine" → "time ...")."""
    key = fold(title)
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


def _books(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row]) -> list[Book]:
    """Turns ``books`` rows into Books, fetching their tags in one query."""
    rows = list(rows)
    tags: dict[int, list[str]] = {int(row["id"]): [] for row in rows}
    if tags:
        marks = ", ".join("?" for _ in tags)
        query = f"SELECT book_id, tag FROM book_tags WHERE book_id IN ({marks})"
        for book_id, tag in conn.execute(f"{query} ORDER BY tag", list(tags)):
            tags[int(book_id)].append(str(tag))
    return [
        Book(
            id=int(row["id"]),
            title=str(row["title"]),
            author=str(row["author"]),
            year=int(row["year"]),
            summary=str(row["summary"]),
            tags=tags[int(row["id"])],
        )
        for row in rows
    ]


# (id, title, author, year of first publication, summary, tags)
SEED: tuple[tuple[int, str, str, int, str, tuple[str, ...]], ...] = (
    (1, "Pride and Prejudice", "Jane Austen", 1813,
     "Elizabeth Bennet spars with the proud Mr Darcy until both learn to see past first impressions.",
     ("fiction", "classic", "romance")),
    (2, "Emma", "Jane Austen", 1815,
     "A clever, self-assured young woman meddles in her neighbours' love lives with mixed results.",
     ("fiction", "classic", "romance")),
    (3, "Sense and Sensibility", "Jane Austen", 1811,
     "Two sisters, one prudent and one passionate, face heartbreak after their family loses its fortune.",
     ("fiction", "romance")),
    (4, "Frankenstein; or, The Modern Prometheus", "Mary Shelley", 1818,
     "A young scientist brings a creature to life and is pursued by the consequences of his ambition.",
     ("fiction", "classic", "horror")),
    (5, "Dracula", "Bram Stoker", 1897,
     "Told in letters and diaries, a band of friends hunts an ancient vampire who has come to England.",
     ("fiction", "horror")),
    (6, "Strange Case of Dr Jekyll and Mr Hyde", "Robert Louis Stevenson", 1886,
     "A London lawyer investigates the link between a respected doctor and a violent stranger.",
     ("fiction", "horror", "mystery")),
    (7, "Treasure Island", "Robert Louis Stevenson", 1883,
     "Young Jim Hawkins sails in search of buried gold and falls in with the pirate Long John Silver.",
     ("fiction", "adventure", "classic")),
    (8, "Moby-Dick; or, The Whale", "Herman Melville", 1851,
     "Captain Ahab drives the crew of the Pequod on an obsessive hunt for a white whale.",
     ("fiction", "adventure", "classic")),
    (9, "The Adventures of Sherlock Holmes", "Arthur Conan Doyle", 1892,
     "Twelve cases of the consulting detective, narrated by his friend Dr Watson.",
     ("fiction", "mystery", "classic")),
    (10, "The Hound of the Baskervilles", "Arthur Conan Doyle", 1902,
     "Holmes and Watson investigate a family curse and a spectral hound on Dartmoor.",
     ("fiction", "mystery")),
    (11, "A Study in Scarlet", "Arthur Conan Doyle", 1887,
     "Holmes and Watson meet and solve a London murder whose roots lie in the American West.",
     ("fiction", "mystery")),
    (12, "The Moonstone", "Wilkie Collins", 1868,
     "A sacred Indian diamond vanishes from an English country house in an early detective novel.",
     ("fiction", "mystery")),
    (13, "The Woman in White", "Wilkie Collins", 1859,
     "A drawing master's meeting with a mysterious woman uncovers a conspiracy of stolen identity.",
     ("fiction", "mystery")),
    (14, "The Mysterious Affair at Styles", "Agatha Christie", 1920,
     "Hercule Poirot makes his debut solving a poisoning at an Essex country house.",
     ("fiction", "mystery")),
    (15, "The Time Machine", "H. G. Wells", 1895,
     "A Victorian inventor travels to the year 802,701 and finds humanity split in two.",
     ("fiction", "adventure")),
    (16, "The War of the Worlds", "H. G. Wells", 1898,
     "Martians land in Surrey and lay waste to southern England with heat-rays and fighting machines.",
     ("fiction", "adventure")),
    (17, "Twenty Thousand Leagues Under the Seas", "Jules Verne", 1870,
     "A professor is taken aboard Captain Nemo's submarine Nautilus for a voyage beneath the oceans.",
     ("fiction", "adventure")),
    (18, "Around the World in Eighty Days", "Jules Verne", 1872,
     "Phileas Fogg wagers half his fortune that he can circle the globe in eighty days.",
     ("fiction", "adventure")),
    (19, "The Count of Monte Cristo", "Alexandre Dumas", 1844,
     "Wrongly imprisoned for years, Edmond Dantès escapes, finds a fortune and plans his revenge.",
     ("fiction", "adventure", "classic")),
    (20, "The Three Musketeers", "Alexandre Dumas", 1844,
     "D'Artagnan joins Athos, Porthos and Aramis in duels and intrigues at the court of Louis XIII.",
     ("fiction", "adventure", "history")),
    (21, "Les Misérables", "Victor Hugo", 1862,
     "The ex-convict Jean Valjean seeks redemption while the policeman Javert pursues him for decades.",
     ("fiction", "classic", "history")),
    (22, "Don Quixote", "Miguel de Cervantes", 1605,
     "An ageing gentleman who has read too many tales of chivalry sets out to become a knight-errant.",
     ("fiction", "classic", "satire")),
    (23, "Gulliver's Travels", "Jonathan Swift", 1726,
     "A ship's surgeon visits lands of tiny people, giants, floating scholars and rational horses.",
     ("fiction", "satire", "adventure")),
    (24, "Candide", "Voltaire", 1759,
     "A naive young man clings to the belief that all is for the best through war, earthquake and ruin.",
     ("fiction", "satire", "philosophy")),
    (25, "A Modest Proposal", "Jonathan Swift", 1729,
     "A deadpan pamphlet proposing that the poor of Ireland sell their children as food.",
     ("satire",)),
    (26, "Alice's Adventures in Wonderland", "Lewis Carroll", 1865,
     "Alice follows a white rabbit down a hole into a world of nonsense, riddles and a furious queen.",
     ("fiction", "classic", "adventure")),
    (27, "Adventures of Huckleberry Finn", "Mark Twain", 1884,
     "Huck Finn and Jim, a man escaping slavery, travel down the Mississippi on a raft.",
     ("fiction", "adventure", "classic")),
    (28, "The Adventures of Tom Sawyer", "Mark Twain", 1876,
     "A mischievous boy in a Mississippi river town witnesses a murder and hunts for treasure.",
     ("fiction", "adventure")),
    (29, "Great Expectations", "Charles Dickens", 1861,
     "The orphan Pip receives a fortune from an unknown benefactor and learns what it costs.",
     ("fiction", "classic")),
    (30, "A Tale of Two Cities", "Charles Dickens", 1859,
     "Lives in London and Paris are drawn into the French Revolution and the Terror.",
     ("fiction", "classic", "history")),
    (31, "Oliver Twist", "Charles Dickens", 1838,
     "An orphan escapes the workhouse only to fall in with a gang of London pickpockets.",
     ("fiction", "classic")),
    (32, "Jane Eyre", "Charlotte Brontë", 1847,
     "A principled governess falls in love with her brooding employer, who hides a terrible secret.",
     ("fiction", "classic", "romance")),
    (33, "Wuthering Heights", "Emily Brontë", 1847,
     "The passion of Catherine and Heathcliff wrecks two families on the Yorkshire moors.",
     ("fiction", "classic", "romance")),
    (34, "Middlemarch", "George Eliot", 1871,
     "The intertwined lives of a provincial English town, centred on the idealistic Dorothea Brooke.",
     ("fiction", "classic")),
    (35, "Anna Karenina", "Leo Tolstoy", 1878,
     "A married aristocrat's affair with a cavalry officer sets her against the society of imperial Russia.",
     ("fiction", "classic", "romance")),
    (36, "War and Peace", "Leo Tolstoy", 1869,
     "Aristocratic Russian families live through the Napoleonic wars and the invasion of 1812.",
     ("fiction", "classic", "history")),
    (37, "Crime and Punishment", "Fyodor Dostoevsky", 1866,
     "A destitute former student commits a murder to prove a theory and is consumed by guilt.",
     ("fiction", "classic", "philosophy")),
    (38, "The Brothers Karamazov", "Fyodor Dostoevsky", 1880,
     "Three brothers wrestle with faith, doubt and the murder of their father.",
     ("fiction", "philosophy")),
    (39, "The Picture of Dorian Gray", "Oscar Wilde", 1890,
     "A beautiful young man stays untouched by age while his portrait records every sin.",
     ("fiction", "classic", "horror")),
    (40, "The Importance of Being Earnest", "Oscar Wilde", 1895,
     "Two young men invent alter egos to escape social obligations, with farcical results.",
     ("drama", "satire")),
    (41, "Hamlet", "William Shakespeare", 1603,
     "The Prince of Denmark feigns madness while he weighs revenge for his father's murder.",
     ("drama", "classic")),
    (42, "Macbeth", "William Shakespeare", 1623,
     "Spurred by prophecy and his wife's ambition, a Scottish general murders his way to the throne.",
     ("drama", "classic")),
    (43, "A Doll's House", "Henrik Ibsen", 1879,
     "A secret debt forces Nora Helmer to question her marriage and her place in it.",
     ("drama",)),
    (44, "Leaves of Grass", "Walt Whitman", 1855,
     "An expansive free-verse celebration of the self, the body and democratic America.",
     ("poetry", "classic")),
    (45, "Paradise Lost", "John Milton", 1667,
     "An epic poem of Satan's rebellion against Heaven and the fall of Adam and Eve.",
     ("poetry", "classic")),
    (46, "Songs of Innocence and of Experience", "William Blake", 1794,
     "Paired lyrics contrasting childlike wonder with a darker, knowing view of the world.",
     ("poetry",)),
    (47, "The Raven and Other Poems", "Edgar Allan Poe", 1845,
     "Poe's collected verse, led by the midnight visit of an ominous talking bird.",
     ("poetry", "horror")),
    (48, "The Murders in the Rue Morgue", "Edgar Allan Poe", 1841,
     "C. Auguste Dupin reasons his way through a baffling double killing in Paris.",
     ("fiction", "mystery")),
    (49, "On the Origin of Species", "Charles Darwin", 1859,
     "Darwin's argument, built from a mass of evidence, for evolution by natural selection.",
     ("science", "classic")),
    (50, "The Voyage of the Beagle", "Charles Darwin", 1839,
     "Darwin's journal of a five-year surveying voyage around the world as the ship's naturalist.",
     ("science", "adventure")),
    (51, "Relativity: The Special and General Theory", "Albert Einstein", 1916,
     "Einstein's own explanation of his theories of relativity for the general reader.",
     ("science",)),
    (52, "Opticks", "Isaac Newton", 1704,
     "Newton's experiments with prisms on the nature of light and colour.",
     ("science",)),
    (53, "Dialogue Concerning the Two Chief World Systems", "Galileo Galilei", 1632,
     "Three friends debate whether the Earth or the Sun sits at the centre of the cosmos.",
     ("science", "philosophy")),
    (54, "The Prince", "Niccolò Machiavelli", 1532,
     "A blunt handbook on how rulers win power and keep it.",
     ("philosophy", "history")),
    (55, "Discourse on the Method", "René Descartes", 1637,
     "Descartes doubts everything he can and rebuilds knowledge from \"I think, therefore I am\".",
     ("philosophy", "science")),
    (56, "Thus Spoke Zarathustra", "Friedrich Nietzsche", 1883,
     "A prophet comes down from the mountains to teach the overman and the death of God.",
     ("philosophy",)),
    (57, "Leviathan", "Thomas Hobbes", 1651,
     "Only an absolute sovereign, Hobbes argues, can save people from a war of all against all.",
     ("philosophy",)),
    (58, "On Liberty", "John Stuart Mill", 1859,
     "A defence of individual freedom against the tyranny of the majority.",
     ("philosophy",)),
    (59, "The Wealth of Nations", "Adam Smith", 1776,
     "Smith explains markets, the division of labour and the invisible hand.",
     ("philosophy", "history")),
    (60, "The History of the Decline and Fall of the Roman Empire", "Edward Gibbon", 1776,
     "A vast narrative of Rome from the age of the Antonines to the fall of Constantinople.",
     ("history", "classic")),
    (61, "Narrative of the Life of Frederick Douglass", "Frederick Douglass", 1845,
     "Douglass recounts his enslavement in Maryland and his escape to freedom.",
     ("history",)),
    (62, "The Souls of Black Folk", "W. E. B. Du Bois", 1903,
     "Essays on race in America and the double consciousness of Black Americans.",
     ("history", "philosophy")),
    (63, "Heart of Darkness", "Joseph Conrad", 1899,
     "A steamboat captain journeys up the Congo River in search of the ivory trader Kurtz.",
     ("fiction", "classic", "adventure")),
    (64, "The Call of the Wild", "Jack London", 1903,
     "A stolen pet dog is sold into the Klondike gold rush and answers the call of his wild ancestry.",
     ("fiction", "adventure")),
    (65, "The Metamorphosis", "Franz Kafka", 1915,
     "Gregor Samsa wakes one morning to find himself transformed into a monstrous insect.",
     ("fiction", "classic")),
    (66, "The Great Gatsby", "F. Scott Fitzgerald", 1925,
     "Nick Carraway watches his mysterious neighbour Jay Gatsby chase a lost love on Long Island.",
     ("fiction", "classic", "romance")),
    (67, "The Wonderful Wizard of Oz", "L. Frank Baum", 1900,
     "A cyclone carries Dorothy to Oz, where she and three companions seek the Wizard's help.",
     ("fiction", "adventure")),
)  # fmt: skip
