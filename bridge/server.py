"""``bridge serve``: uvicorn in one process, or N worker processes each with its own listening socket.

With several workers every process binds the same port with ``SO_REUSEPORT`` and the kernel spreads
connections among them (uvicorn's own ``--workers`` shares one socket, which spread load unevenly here).
The supervisor restarts a worker that dies and, on SIGTERM or SIGINT, asks every worker to finish its
requests (for ``graceful_timeout`` seconds at most) and exit. Each speaks HTTP through
``LimitedHttpProtocol`` (bridge/http_limits.py): bounded headers, header and body time limits. A worker
that dies before its app loaded (a page that fails to import, a broken build) stops the whole server with
that error instead: restarting it would only fail again, in a loop.
"""

from __future__ import annotations

import gc
import logging
import logging.config
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from .errors import BridgeError, ConfigError
from .http_limits import HttpLimits, LimitedHttpProtocol

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
    graceful_timeout: int = 8
    """Seconds requests in flight get at SIGTERM: under the 10 s ``docker stop`` waits before SIGKILL."""
    http_limits: HttpLimits = field(default_factory=HttpLimits)
    compression: bool = True
    """Brotli or gzip for text responses, as the client accepts (see ``bridge.compression``)."""
    forwarded_allow_ips: str | None = "127.0.0.1"
    """Proxies whose ``X-Forwarded-*`` headers are believed (see ``bridge.proxy``); None: no proxy headers."""
    bridge_options: dict[str, Any] = field(default_factory=dict)


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up, with bridge's loggers going to the same handler."""
    config: dict[str, Any] = {**uvicorn.config.LOGGING_CONFIG}
    config["loggers"] = {**config["loggers"], "bridge": {"handlers": ["default"], "level": "INFO"}}
    return config


def _uvicorn_config(options: ServeOptions) -> uvicorn.Config:
    from .adapters.asgi import Bridge
    from .compression import Compression
    from .proxy import ProxyHeaders

    app: ASGIApp = Bridge(pages=options.pages, build_dir=options.build_dir, **options.bridge_options)
    if options.compression:
        app = Compression(app)
    if options.forwarded_allow_ips is not None:
        app = ProxyHeaders(app, options.forwarded_allow_ips)
    return uvicorn.Config(
        app,
        proxy_headers=False,  # ProxyHeaders does it, with X-Forwarded-Host
        host=options.host,
        port=options.port,
        access_log=options.access_log,
        log_config=log_config(),
        timeout_graceful_shutdown=options.graceful_timeout,
        http=LimitedHttpProtocol.with_limits(options.http_limits),
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


def _worker(options: ServeOptions, loaded: Event) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor decides; SIGTERM stops gracefully
    threading.Thread(target=_stop_when_orphaned, args=(os.getppid(),), daemon=True).start()
    try:
        config = _uvicorn_config(options)
    except BridgeError as exc:  # the message says what to fix; the supervisor stops the server
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    gc.collect()
    gc.freeze()  # what loading made lives as long as the worker: the collector need not go through it again
    loaded.set()
    sock = _listen(options.host, options.port)
    sock.listen(2048)
    uvicorn.Server(config).run(sockets=[sock])


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

    def start() -> tuple[BaseProcess, Event]:
        loaded = context.Event()
        process = context.Process(target=_worker, args=(options, loaded), name="bridge-worker")
        process.start()
        return process, loaded

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers = [start() for _ in range(options.workers)]
    logger.info("bridge serving on http://%s:%d with %d workers", options.host, options.port, len(workers))
    failed: str | None = None
    while not stopping and failed is None:
        time.sleep(0.2)
        for i, (process, loaded) in enumerate(workers):
            if process.is_alive() or stopping:
                continue
            if not loaded.is_set():
                failed = f"a worker could not load the app (exit status {process.exitcode}; its error is above)"
                break
            logger.warning("worker %d exited with %s; starting a new one", process.pid, process.exitcode)
            workers[i] = start()
    for process, _ in workers:
        if process.pid is not None and process.is_alive():
            os.kill(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + options.graceful_timeout + 5
    for process, _ in workers:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
    reserved.close()
    if failed is not None:
        raise ConfigError(failed)
