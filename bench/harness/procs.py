"""Server processes: start one in a process group of its own, measure its whole process tree from /proc
(RSS, PSS, CPU time), and stop it, the whole group and nothing else."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Usage:
    """Resources of a process tree at one moment: memory summed over the processes, CPU seconds so far."""

    processes: int
    rss: int
    """Resident set size in bytes, summed (pages shared between processes are counted in each)."""
    pss: int
    """Proportional set size in bytes, summed: shared pages divided among the processes that share them."""
    cpu: float
    """User and system CPU seconds of the live processes."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stat(pid: int) -> tuple[int, float] | None:
    """Parent pid and CPU seconds of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, ...
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of ``pid`` in bytes (0 when it is gone)."""
    values = {"Rss:": 0, "Pss:": 0}
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    for line in lines:
        key, _, rest = line.partition(" ")
        if key in values:
            values[key] = int(rest.split()[0]) * 1024
    return values["Rss:"], values["Pss:"]


def process_tree(root: int) -> dict[int, float]:
    """``root`` and all its descendants, each with its CPU seconds."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            stats[int(entry.name)] = stat
    if root not in stats:
        return {}
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    tree: dict[int, float] = {}
    pending = [root]
    while pending:
        pid = pending.pop()
        tree[pid] = stats[pid][1]
        pending.extend(children.get(pid, ()))
    return tree


def usage(root: int) -> Usage:
    """Memory and CPU time of ``root``'s process tree."""
    tree = process_tree(root)
    memory = [_memory(pid) for pid in tree]
    return Usage(
        processes=len(tree),
        rss=sum(rss for rss, _ in memory),
        pss=sum(pss for _, pss in memory),
        cpu=sum(tree.values()),
    )


def machine_busy() -> float:
    """CPU seconds all cores of the machine have been busy since boot (stolen time included)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS


def background(seconds: float = 1.0, server: Server | None = None) -> float:
    """Cores busy over the next ``seconds`` with anything but ``server`` (other programs, and on a VM its
    neighbours' stolen time)."""
    own, machine = (server.usage().cpu if server else 0.0), machine_busy()
    time.sleep(seconds)
    own = (server.usage().cpu if server else 0.0) - own
    return max(0.0, machine_busy() - machine - own) / seconds


def wait_quiet(max_cores: float, timeout: float, server: Server | None = None) -> float:
    """Waits up to ``timeout`` seconds for other programs to use at most ``max_cores``; returns the wait."""
    started = time.monotonic()
    while background(1.0, server) > max_cores and time.monotonic() - started < timeout:
        pass
    return max(0.0, time.monotonic() - started - 1.0)  # the first look always takes a second


def listening_sockets(port: int) -> int:
    """How many sockets listen on 127.0.0.1:``port`` (with SO_REUSEPORT, one per bridge worker)."""
    local = f"0100007F:{port:04X}"
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[3] == "0A":  # 0A: LISTEN
            count += 1
    return count


class ServerError(RuntimeError):
    """A server did not start, or died."""


class Server:
    """One server command, run in a new session (process group) so that stopping it reaches every process
    it started. A context manager: the group is always stopped on exit."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        cwd: Path,
        env: dict[str, str],
        port: int,
        listeners: int,
        log: Path,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._cwd = cwd
        self._env = env
        self._listeners = listeners
        self._log_path = log
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._process is None:
            raise ServerError(f"{self.name} is not running")
        return self._process.pid

    def __enter__(self) -> Server:
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                self.argv,
                cwd=self._cwd,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def wait_ready(self, path: str, timeout: float = 60.0) -> float:
        """Waits until every expected socket listens and ``path`` answers 200; returns the seconds it took."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            if listening_sockets(self.port) >= self._listeners:
                try:
                    with urllib.request.urlopen(self.base_url + path, timeout=5) as response:
                        if response.status == 200:
                            return time.monotonic() - started
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            time.sleep(0.1)
        raise ServerError(f"{self.name} was not ready after {timeout:.0f}s\n{self.log_tail()}")

    def wait_idle(self, *, window: float = 0.25, busy: float = 0.1, timeout: float = 120.0) -> float:
        """Waits until the server's processes use less than ``busy`` of a core over ``window`` seconds: when
        the load generator stops, the requests it left queued are still being served. Returns the seconds."""
        started = time.monotonic()
        cpu = self.usage().cpu
        while time.monotonic() - started < timeout:
            time.sleep(window)
            now = self.usage().cpu
            if now - cpu <= busy * window:
                return time.monotonic() - started
            cpu = now
        raise ServerError(f"{self.name} was still busy {timeout:.0f}s after the load stopped")

    def usage(self) -> Usage:
        """Memory and CPU time of the server's process tree."""
        self._check_alive()
        return usage(self.pid)

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to the server (which stops its own workers), then SIGKILL to whatever is left of its group."""
        process, self._process = self._process, None
        if process is None:
            return
        group = process.pid  # start_new_session: the group id is the leader's pid
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout)
        deadline = time.monotonic() + 5
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _group_alive(group):
            os.killpg(group, signal.SIGKILL)
        process.wait()

    def log_size(self) -> int:
        """How many bytes the server has logged so far."""
        try:
            return self._log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        """What the server logged after the first ``offset`` bytes."""
        try:
            with self._log_path.open("rb") as log:
                log.seek(offset)
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output."""
        try:
            text = self._log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _check_alive(self) -> None:
        if self._process is None:
            raise ServerError(f"{self.name} is not running")
        if self._process.poll() is not None:
            raise ServerError(f"{self.name} exited with {self._process.returncode}\n{self.log_tail()}")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
