"""``bridge new`` and ``bridge init``: the starter app, and its whole path from an empty folder to a served
form, run from a fresh virtualenv that holds only bridge's wheel (with the ``build`` extra), as a user has it."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from processes import bridge_command, free_port

ROOT = Path(__file__).resolve().parent.parent
STARTER_FILES = {
    ".dockerignore",
    ".gitignore",
    "Dockerfile",
    "README.md",
    "package-lock.json",
    "package.json",
    "pages/_app.tsx",
    "pages/_lib/__init__.py",
    "pages/_lib/notes.py",
    "pages/about.tsx",
    "pages/bridge-routes.d.ts",
    "pages/index.props.d.ts",
    "pages/index.py",
    "pages/index.tsx",
    "pages/notes/[id].props.d.ts",
    "pages/notes/[id].py",
    "pages/notes/[id].tsx",
    "public/robots.txt",
    "public/styles.css",
    "requirements.txt",
    "tsconfig.json",
}


def committed_files(app: Path) -> dict[str, str]:
    """The app's files that its .gitignore lets git commit, by path, with their text."""
    ignored = [line.rstrip("/") for line in (app / ".gitignore").read_text().splitlines() if line]
    files = {}
    for path in app.rglob("*"):
        relative = path.relative_to(app)
        if path.is_file() and not set(relative.parts) & set(ignored) and path.suffix != ".whl":
            files[relative.as_posix()] = path.read_text()
    return files


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def test_new_writes_the_starter_app(tmp_path: Path) -> None:
    result = run(*bridge_command(), "new", "my app", cwd=tmp_path)
    app = tmp_path / "my app"
    assert set(committed_files(app)) == STARTER_FILES
    assert '"name": "my-app"' in (app / "package.json").read_text()
    assert '"name": "my-app"' in (app / "package-lock.json").read_text()
    assert "docker build -t my-app ." in (app / "Dockerfile").read_text()
    readme = (app / "README.md").read_text()
    for command in ("bridge dev", "bridge build", "bridge serve"):
        assert command in readme
    assert "export interface Note {" in (app / "pages/index.props.d.ts").read_text()
    assert "cd my app" in result.stdout


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "notes.txt").write_text("mine")
    result = subprocess.run([*bridge_command(), "new", "app"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "app is not empty: use `bridge init`" in result.stderr
    assert os.listdir(tmp_path / "app") == ["notes.txt"]


def test_init_adds_to_an_existing_folder_and_overwrites_nothing(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("secrets/\nnode_modules/")
    (tmp_path / "requirements.txt").write_text("httpx==0.28.1")
    run(*bridge_command(), "init", cwd=tmp_path)
    assert (tmp_path / ".gitignore").read_text().splitlines()[:3] == ["secrets/", "node_modules/", ".venv/"]
    assert (tmp_path / ".gitignore").read_text().count("node_modules/") == 1
    requirements = (tmp_path / "requirements.txt").read_text().splitlines()
    assert requirements[0] == "httpx==0.28.1"
    assert requirements[1].startswith("bridge")
    assert (tmp_path / "pages" / "index.tsx").exists()


def test_init_stops_before_writing_when_a_starter_file_exists(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.tsx").write_text("mine")
    (tmp_path / "Dockerfile").write_text("FROM mine")
    result = subprocess.run([*bridge_command(), "init"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "already has Dockerfile, pages/index.tsx: nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["Dockerfile", "index.tsx", "pages"]
    assert (tmp_path / "Dockerfile").read_text() == "FROM mine"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_new_app_builds_serves_and_takes_a_form_post(wheel_env: Path, tmp_path: Path) -> None:
    bridge = wheel_env / "bin" / "bridge"
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{wheel_env / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    run(bridge, "new", "shop", cwd=tmp_path, env=env)
    app = tmp_path / "shop"
    assert re.fullmatch(r"\./wheels/bridge-[^/]+\.whl\n", (app / "requirements.txt").read_text())
    assert (app / (app / "requirements.txt").read_text().strip()).is_file()  # the app carries its bridge
    run(bridge, "build", cwd=app, env=env)
    for name, text in committed_files(app).items():  # portable: nothing names this machine or its venv
        for needle in (str(tmp_path), str(wheel_env), str(ROOT), str(Path.home())):
            assert needle not in text, f"{name} contains {needle}"
    assert (app / ".bridge" / "types" / "bridge" / "link.d.ts").is_file()
    assert (app / ".bridge" / "types" / "node_modules" / "@types" / "react" / "index.d.ts").is_file()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [bridge, "serve", "--port", str(port), "--workers", "1"], cwd=app, env=env, stdout=log, stderr=log
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    home = client.get("/")
                    break
                except httpx.TransportError:
                    started = server.poll() is None and time.monotonic() < deadline
                    assert started, (tmp_path / "serve.log").read_text()
                    time.sleep(0.2)
            assert home.status_code == 200
            assert "<h1>Notes</h1>" in home.text and "No notes yet." in home.text
            found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
            assert found is not None
            refused = client.post("/", data={"text": "no token"})
            assert refused.status_code == 403
            added = client.post("/", data={"csrf_token": found[1], "text": "Water the ferns"})
            assert added.status_code == 303
            assert added.headers["location"] == "/notes/1"
            note = client.get("/notes/1")
            assert note.status_code == 200 and "Water the ferns" in note.text
            assert client.get("/notes/2").status_code == 404
            assert "Water the ferns" in client.get("/").text
            assert client.get("/styles.css").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class _Installed:
    def __init__(self, direct_url: str | None) -> None:
        self.version = "0.1.0"
        self._direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self._direct_url


@pytest.mark.parametrize(
    ("direct_url", "line", "warned"),
    [
        (None, "bridge==0.1.0", False),
        (
            '{"url": "https://github.com/o/bridge", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}',
            "bridge @ git+https://github.com/o/bridge@abc123",
            False,
        ),
        ('{"url": "https://example.com/bridge-0.1.0-py3-none-any.whl", "archive_info": {}}', None, False),
        ('{"url": "file:///src/bridge", "dir_info": {"editable": true}}', "bridge @ file:///src/bridge", True),
    ],
)
def test_requirements_name_the_bridge_that_is_installed(
    monkeypatch: pytest.MonkeyPatch, direct_url: str | None, line: str | None, warned: bool
) -> None:
    from bridge import scaffold

    monkeypatch.setattr(scaffold.importlib.metadata, "distribution", lambda name: _Installed(direct_url))
    requirement, wheel, warning = scaffold.bridge_requirement()
    assert requirement == (line or "bridge @ https://example.com/bridge-0.1.0-py3-none-any.whl")
    assert wheel is None
    assert (warning is not None) is warned
