"""The ``bridge`` command, run as a subprocess the way users run it."""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from processes import bridge_command, free_port

SMALL_APP = {
    "index.jsx": "export default function Home({ n }) { return <h1>Home {n}</h1>; }",
    "index.py": "def get_server_side_props(context):\n    return {'props': {'n': 1}}\n",
    "books/[id].jsx": "export default function Book() { return <p>book</p>; }",
    "docs/[[...slug]].jsx": "export default function Docs() { return <p>docs</p>; }",
    "404.jsx": "export default function NotFound() { return <p>gone</p>; }",
    "_components/Button.jsx": "export default function Button() { return <button />; }",
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*bridge_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_build_prints_the_size_table(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages(SMALL_APP)
    result = run("build", cwd=pages.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Building pages ..."
    assert re.fullmatch(r"\s+Page\s+Own JS \(gzip\)\s+First load JS \(gzip\)\s+CSS \(gzip\)", lines[1])
    rows = [re.fullmatch(r"  (\S+) +(\d+\.\d) kB +(\d+\.\d) kB +-", line) for line in lines[2:]]
    table = {row[1]: (float(row[2]), float(row[3])) for row in rows if row}
    assert set(table) == {"index", "books/[id]", "docs/[[...slug]]", "404", "500", "_app"}
    for page, (own, first_load) in table.items():
        assert first_load > own > 0, page  # the first load includes React
    assert re.search(r"^  shared by all pages: \d+\.\d kB gzipped", result.stdout, re.M)
    assert "Button" not in result.stdout
    assert re.search(r"^Built 6 pages in \d+\.\d\ds into .+\.bridge \(build [0-9a-f]{16}\)$", result.stdout, re.M)
    manifest = orjson.loads((pages.parent / ".bridge" / "manifest.json").read_bytes())
    assert manifest["dev"] is False
    assert set(manifest["pages"]) == {"index", "books/[id]", "docs/[[...slug]]", "404", "500", "_app"}
    assert manifest["browser_source_maps"] is False
    assert not list((pages.parent / ".bridge" / "static").rglob("*.map"))
    assert result.stderr == ""


def test_build_writes_browser_source_maps_when_asked(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages({"index.jsx": SMALL_APP["index.jsx"]})
    result = run("build", "--browser-source-maps", cwd=pages.parent)
    assert result.returncode == 0, result.stderr
    manifest = orjson.loads((pages.parent / ".bridge" / "manifest.json").read_bytes())
    source_map = orjson.loads(
        (pages.parent / ".bridge" / "static" / f"{manifest['pages']['index']['file']}.map").read_bytes()
    )
    assert any(source.endswith("/pages/index.jsx") for source in source_map["sources"]), source_map["sources"]


def test_build_reports_syntax_errors(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages(
        {
            "index.jsx": "export default function Home() { return <h1>ok</h1>; }",
            "broken.jsx": "export default function Broken() {\n  return <div>;\n}\n",
        }
    )
    result = run("build", cwd=pages.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("error: build failed:\n")
    assert re.search(r"broken\.jsx:\d+:\d+: ", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (pages.parent / ".bridge" / "manifest.json").exists()


def test_build_reports_route_errors(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages({"[a].jsx": "", "[b].jsx": ""})
    result = run("build", "--pages", str(pages), cwd=pages.parent.parent)
    assert result.returncode == 1
    assert "both serve" in result.stderr
    assert "Traceback" not in result.stderr


def test_routes(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages(SMALL_APP)
    result = run("routes", "--pages", str(pages), cwd=pages.parent.parent)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert rows == [
        ["Route", "Component", "Props"],
        ["/", "index.jsx", "index.py"],
        ["/books/[id]", "books/[id].jsx", "-"],
        ["/docs/[[...slug]]", "docs/[[...slug]].jsx", "-"],
        ["(404)", "404.jsx", "-"],
    ]


def test_routes_without_a_pages_folder(tmp_path: Path) -> None:
    result = run("routes", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: pages folder not found: {tmp_path / 'pages'}"


def test_serve_without_a_build(write_pages: Callable[[dict[str, str]], Path]) -> None:
    pages = write_pages(SMALL_APP)
    result = run("serve", "--workers", "1", cwd=pages.parent)
    assert result.returncode != 0
    assert f"no build found at {pages.parent / '.bridge'}" in result.stderr
    assert "bridge build" in result.stderr
    assert "Traceback" not in result.stderr


def worker_processes(pid: int) -> set[int]:
    """The multiprocessing children of ``pid`` (Linux), leaving out multiprocessing's resource tracker."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(int(child))
    return found


class Server:
    """``bridge serve`` as a child process, with its output in a file."""

    def __init__(self, app: Any, log: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [*bridge_command(), "serve", "--pages", str(app.pages), "--build-dir", str(app.build_dir)]
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port), *args], stdout=out, stderr=subprocess.STDOUT, cwd=app.pages.parent
            )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"bridge serve exited early:\n{self.log.read_text()}"
            try:
                httpx.get(self.url + "/about", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"bridge serve did not answer within {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(site_app: Any, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(*args: str) -> Server:
        server = Server(site_app, tmp_path / f"serve-{len(started)}.log", *args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def test_serve_one_worker(serve: Callable[..., Server]) -> None:
    server = serve("--workers", "1", "--render-timeout", "0.5")
    server.wait_ready()
    response = httpx.get(server.url + "/books/3?x=1", timeout=10)
    assert response.status_code == 200
    assert '<h1 id="title">Book 3</h1>' in response.text
    assert httpx.get(server.url + "/missing", timeout=10).status_code == 404
    assert server.stop() in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has shut down
    log = server.log.read_text()
    assert "Finished server process" in log
    assert '"GET /books/3?x=1 HTTP/1.1" 200' in log  # the access log
    assert "Traceback" not in log


def test_serve_two_workers(serve: Callable[..., Server]) -> None:
    server = serve("--workers", "2", "--no-access-log")
    server.wait_ready()
    workers = worker_processes(server.process.pid)
    assert len(workers) == 2, server.log.read_text()
    for i in range(10):
        response = httpx.get(f"{server.url}/books/{i + 1}", timeout=10)
        assert response.status_code == 200
        assert f'<h1 id="title">Book {i + 1}</h1>' in response.text
    assert server.stop() == 0
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), f"worker {pid} outlived the supervisor"
    log = server.log.read_text()
    assert "with 2 workers" in log
    assert log.count("Finished server process") == 2
    assert "Traceback" not in log
    assert '"GET /books/1' not in log


def test_serve_answers_one_connection_without_a_delayed_ack_stall(serve: Callable[..., Server]) -> None:
    """Requests one after another on one keep-alive connection to `bridge serve --workers 2` take about a
    millisecond each. A guard against one regression, not a speed benchmark: without TCP_NODELAY on the
    connections the workers accept on their own SO_REUSEPORT sockets (uvloop sets it; asyncio only on sockets
    created with IPPROTO_TCP: bridge/server.py), Nagle's algorithm holds the end of each response back until
    the client's delayed ACK, and every request takes 40 ms more."""
    server = serve("--workers", "2", "--no-access-log")
    server.wait_ready()
    seconds: list[float] = []
    connections: set[Any] = set()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for i in range(60):
            started = time.perf_counter()
            response = client.get("/about")
            elapsed = time.perf_counter() - started
            assert response.status_code == 200
            connections.add(response.extensions["network_stream"].get_extra_info("client_addr"))
            if i >= 10:  # the first requests warm the worker up
                seconds.append(elapsed)
    assert len(connections) == 1, connections  # the stall shows on a connection kept alive
    median = statistics.median(seconds) * 1000
    assert median < 15, f"median {median:.1f} ms per request; all: {sorted(round(s * 1000, 1) for s in seconds)}"
    assert server.stop() == 0


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_pages_import_the_projects_own_modules(write_pages: Callable[[dict[str, str]], Path], tmp_path: Path) -> None:
    """A page's .py imports a package beside pages/ without PYTHONPATH, from whatever directory (and in each
    worker process): the project folder is on sys.path, as the current directory is for uvicorn."""
    pages = write_pages(
        {
            "index.jsx": "export default function Home({ greeting }) { return <h1>{greeting}</h1>; }",
            "index.py": "from myapp.words import GREETING\n\n"
            "def get_server_side_props(context):\n    return {'props': {'greeting': GREETING}}\n",
        }
    )
    (pages.parent / "myapp").mkdir()
    (pages.parent / "myapp" / "__init__.py").write_text("")
    (pages.parent / "myapp" / "words.py").write_text("GREETING = 'Hello from myapp'\n")
    port, elsewhere = free_port(), tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    argv = [*bridge_command(), "serve", "--build", "--pages", str(pages), "--workers", "2", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        assert response.status_code == 200, log.read_text()
        assert "<h1>Hello from myapp</h1>" in response.text
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text()


def test_serve_stops_when_a_worker_cannot_load_the_app(write_pages: Callable[[dict[str, str]], Path]) -> None:
    """A page that fails to import stops `bridge serve --workers 2` with its error, instead of a loop of
    workers restarted only to fail again."""
    pages = write_pages({**SMALL_APP, "index.py": "import no_such_module\n"})
    assert run("build", cwd=pages.parent).returncode == 0
    started = time.monotonic()
    result = run("serve", "--workers", "2", "--port", str(free_port()), cwd=pages.parent)
    assert result.returncode == 1
    assert time.monotonic() - started < 30
    assert "index.py: importing the page failed" in result.stderr
    assert "No module named 'no_such_module'" in result.stderr
    assert result.stderr.rstrip().endswith("error: a worker could not load the app (exit status 1; its error is above)")
    assert "starting a new one" not in result.stderr


def test_serve_reports_a_taken_port(site_app: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = ["serve", "--pages", str(site_app.pages), "--build-dir", str(site_app.build_dir)]
        result = run(*command, "--port", str(port), "--workers", "2", cwd=site_app.pages.parent)
    assert result.returncode != 0
    assert result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_serve_believes_forwarded_headers_from_allowed_proxies_only(serve: Callable[..., Server]) -> None:
    forwarded = {"x-forwarded-proto": "https", "x-forwarded-host": "shop.example"}
    for args, secure in ((), True), (("--no-proxy-headers",), False), (("--forwarded-allow-ips", "10.0.0.1"), False):
        server = serve("--workers", "1", *args)
        server.wait_ready()
        cookie = httpx.get(server.url + "/about", headers=forwarded, timeout=10).headers["set-cookie"]
        assert ("; Secure" in cookie) is secure, args
        server.stop()


def test_serve_compresses_unless_told_not_to(serve: Callable[..., Server]) -> None:
    for args, encoding in ((), "br"), (("--no-compression",), None):
        server = serve("--workers", "1", *args)
        server.wait_ready()
        response = httpx.get(server.url + "/books/3", headers={"accept-encoding": "gzip, br"}, timeout=10)
        assert response.status_code == 200 and '<h1 id="title">Book 3</h1>' in response.text
        assert response.headers.get("content-encoding") == encoding, args
        server.stop()
