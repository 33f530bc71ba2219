"""`payung serve` runs gunicorn with WhiteNoise and the background worker, and stops both together."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from payung.core.serving import background_worker_command, web_worker_count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(data_dir) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYUNG_") and k != "DATABASE_URL"}
    env.update(
        PAYUNG_SECRET_KEY="a-long-random-key-for-this-test-only-0123456789", PAYUNG_DATA_DIR=str(data_dir)
    )
    return env


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def niceness(pid: int) -> int:
    # /proc/PID/stat: field 19 is the nice value (after the command name in parentheses).
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_the_worker_count_follows_the_cpus_and_stays_small():
    assert [web_worker_count(n) for n in (1, 2, 4, 16)] == [2, 2, 4, 9]


def test_without_the_supervised_worker_it_falls_back_to_the_task_librarys_worker():
    command = background_worker_command()
    assert command[2:4] in (["payung", "worker"], ["payung", "db_worker"])


def test_serve_refuses_debug_mode(tmp_path):
    env = production_env(tmp_path) | {"PAYUNG_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "payung", "serve"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "make run" in result.stderr


def test_serve_answers_pages_and_static_files_and_stops_with_its_worker(tmp_path):
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "payung", "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "payung", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = {}
        while len(started) < 2:
            line = server.stdout.readline()
            assert line, "payung serve ended before starting its processes"
            if match := re.match(r"started (\S+ \S+) \(pid (\d+)\)", line):
                started[match[1]] = int(match[2])
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/akun/masuk/", timeout=5) as login:
                    login_status, login_page = login.status, login.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.5)
        assert login_status == 200 and "Masuk ke Payung" in login_page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/favicon.svg", timeout=5) as icon:
            assert icon.status == 200 and icon.headers["Content-Type"].startswith("image/svg")
        pids = list(started.values())
        assert {name.split()[0] for name in started} == {"gunicorn", "payung"}
        assert all(alive(pid) for pid in pids)
        # The background worker yields the processor to the pages: nicer than gunicorn by the setting.
        worker = next(pid for name, pid in started.items() if name.startswith("payung"))
        web = next(pid for name, pid in started.items() if name.startswith("gunicorn"))
        deadline = time.monotonic() + 30  # the worker lowers its priority once Django has started
        while niceness(worker) == niceness(web) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert niceness(worker) - niceness(web) == 10

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        time.sleep(0.5)
        assert not any(alive(pid) for pid in pids)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()
