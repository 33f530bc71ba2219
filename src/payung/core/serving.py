"""The production server: gunicorn for the pages, the background worker beside it, one supervisor.

`payung serve` starts both as child processes and stops both when either ends or a signal arrives,
so systemd (or compose) sees one service that fails as a whole and restarts it (docs/deploy.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from django.core.management import get_commands

PAYUNG = [sys.executable, "-m", "payung"]


def web_worker_count(cpu_count: int | None = None) -> int:
    """One worker per CPU, at least 2 (one restarting never leaves none), at most 9 so a small VM keeps
    memory for PostgreSQL. gunicorn's (2 x CPUs) + 1 is for single-threaded workers; each of ours has 4
    threads that overlap database waits, and one process runs Python on one core at a time, so more
    processes than cores only add switching and memory. On 2 cores under the load test (50 users and a
    200,000-row import) 2 workers did at least as well as 5 with three processes (~125 MB resident
    each) fewer: p95 145-242 ms and the import +20-36 % over eight quiet runs, against 172-264 ms and
    +30-39 % over two (docs/PERFORMANCE.md, "Serving")."""
    cpus = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return min(max(cpus, 2), 9)


def gunicorn_command(*, bind: str, workers: int, threads: int = 4) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "payung.config.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        # Threads let a worker wait on the database for one request while it serves another.
        "--worker-class", "gthread", "--threads", str(threads),
        "--timeout", "120", "--graceful-timeout", "30",
        "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]  # fmt: skip


def background_worker_command() -> list[str]:
    """The background-job worker: the supervised `payung worker` when installed, else django-tasks' own."""
    if "worker" in get_commands():
        return [*PAYUNG, "worker"]
    return [*PAYUNG, "db_worker", "--queue-name", "*"]


def supervise(commands: Sequence[Sequence[str]], *, out=sys.stdout) -> int:
    """Runs the commands side by side until one ends or SIGTERM/SIGINT; then stops the others.

    Returns the exit code of the process that ended first (0 after a signal)."""
    children = [subprocess.Popen(list(command)) for command in commands]  # noqa: S603 - our own argv
    for command, child in zip(commands, children, strict=True):
        out.write(f"started {' '.join(command[2:4])} (pid {child.pid})\n")
    out.flush()
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = 0
        while not stopping:
            ended = [child for child in children if child.poll() is not None]
            if ended:
                code = ended[0].returncode or 1  # a child may not end on its own: that is a failure
                out.write(f"process {ended[0].pid} ended (code {ended[0].returncode}); stopping the others\n")
                break
            time.sleep(0.2)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 35
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return 0 if stopping else code
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
