"""``bridge serve``: uvicorn in one process, or N worker processes each with its own listening socket.

With several workers every process binds the same port with ``SO_REUSEPORT`` and the kernel spreads
connections among them (uvicorn's own ``--workers`` shares one socket, which spread load unevenly here).
The supervisor restarts a worker that dies and, on SIGTERM or SIGINT, asks every worker to finish its
requests and exit.
"""

from __future__ import annotations

import logging
import logging.config
import multiprocessing
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import uvicorn

from .errors import ConfigError

logger = logging.getLogger("bridge.server")


@dataclass(frozen=True)
class ServeOptions:
    """What ``bridge serve`` runs: the app's folders, the address, and how many processes."""

    pages: Path
    build_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = True
    graceful_timeout: int = 30
    bridge_options: dict[str, Any] = field(default_factory=dict)


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up, with bridge's loggers going to the same handler."""
    config: dict[str, Any] = {**uvicorn.config.LOGGING_CONFIG}
    config["loggers"] = {**config["loggers"], "bridge": {"handlers": ["default"], "level": "INFO"}}
    return config


def _uvicorn_config(options: ServeOptions) -> uvicorn.Config:
    from .adapters.asgi import Bridge

    app = Bridge(pages=options.pages, build_dir=options.build_dir, **options.bridge_options)
    return uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        access_log=options.access_log,
        log_config=log_config(),
        timeout_graceful_shutdown=options.graceful_timeout,
        lifespan="off",
    )


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without it
    # Nagle's algorithm holds the response body back for a delayed ACK: +40 ms on every request.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(options: ServeOptions) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides; SIGTERM stops gracefully
    threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
    sock = _listen(options.host, options.port)
    sock.listen(2048)
    uvicorn.Server(_uvicorn_config(options)).run(sockets=[sock])


def _stop_when_orphaned(parent: int) -> None:
    """Stops this worker gracefully if its supervisor dies (kill -9), instead of serving on forever."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def serve(options: ServeOptions) -> None:
    """Runs the server until SIGTERM or SIGINT."""
    if options.workers <= 1:
        uvicorn.Server(_uvicorn_config(options)).run()
        return
    logging.config.dictConfig(log_config())
    try:
        reserved = _listen(options.host, options.port)  # fails now, clearly, if the port is taken
    except OSError as exc:
        raise ConfigError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None
    options = ServeOptions(**{**options.__dict__, "port": reserved.getsockname()[1]})
    context = multiprocessing.get_context("spawn")
    stopping = False

    def start() -> BaseProcess:
        process = context.Process(target=_worker, args=(options,), name="bridge-worker")
        process.start()
        return process

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers = [start() for _ in range(options.workers)]
    logger.info("bridge serving on http://%s:%d with %d workers", options.host, options.port, len(workers))
    while not stopping:
        time.sleep(0.2)
        for i, process in enumerate(workers):
            if not process.is_alive() and not stopping:
                logger.warning("worker %d exited with %s; starting a new one", process.pid, process.exitcode)
                workers[i] = start()
    for process in workers:
        if process.pid is not None and process.is_alive():
            os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + options.graceful_timeout + 5
    for process in workers:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
    reserved.close()
