"""Load test of `payung serve` on loopback: 50 users browse while a 200,000-row import runs.

    .venv/bin/python bench/serve_load_bench.py [--users 50] [--rows 200000] [--duration 120]
                                               [--max-requests 20000] [--workers-per-regency 2500]
                                               [--think 2] [--import-nice 10] [--conn-max-age 60]
                                               [--database-url postgres://.../payung_load_bench]

A throw-away data folder (SQLite, or the scratch PostgreSQL database named, emptied first) gets the
regions and the demo; `payung serve` starts on a free loopback port (gunicorn + the background
worker); each simulated user logs in with its own session (the demo's five roles in turn) and loops
over the worker list, the Enrekang scheme and the coverage dashboard, pausing --think seconds on
average between pages as a person reading them does (--think 0 for back-to-back requests, which
measures the server's saturation instead: latency is then queueing, p = users / throughput).
Meanwhile `payung import_workers` writes 200,000 new workers at the background worker's niceness.
The load stops when the import ends, after --duration seconds or after --max-requests requests,
whichever comes first; everything it started is stopped. It prints requests per second, p50/p95/p99
latency (and p95 by page and by role), errors, and the import's time under load; before the load, an
import of as many other new workers runs alone (the baseline: "the import unaffected"). The server
keeps its database connections for 60 s (PAYUNG_DB_CONN_MAX_AGE, as docs/deploy.md sets it;
--conn-max-age 0 opens one per request, which costs every page a PostgreSQL backend start). It also
reports who used the CPU during the load (/proc, on Linux): this script's 50 threads, the web
server, PostgreSQL, the import, and the whole machine, whose rest is other work on the box.
Results go in docs/PERFORMANCE.md ("Serving").
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import random
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYUNG = [sys.executable, "-m", "payung"]
DEMO_USERS = ("admin", "admin.enrekang", "operator.solok", "bpjs.makassar", "pemantau.banggai")
DEMO_PASSWORD = "payung-demo-2026"
# Roles that must pass a second factor get one-time recovery codes made for the bench (one per login).
BENCH_CODES = [f"bench{i:04d}" for i in range(200)]


def run(args, env, **kwargs):
    return subprocess.run([*PAYUNG, *args], env=env, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_worker_file(path: Path, rows: int, env: dict[str, str], serials: range) -> None:
    """A CSV of `rows` new valid workers in Makassar and Banggai (serials far above the demo's)."""
    script = f"""
import datetime as dt, random
import django; django.setup()
from payung.lib.nik import make_nik
from payung.regions.models import Level, Region
villages = list(Region.objects.filter(level=Level.VILLAGE, code__regex=r'^(73\\.71|72\\.01)\\.').values_list('code', flat=True))
rng = random.Random({serials.start})
seen = set()
with open({str(path)!r}, 'w') as out:
    out.write('NIK;Nama;JK;Tgl Lahir;Kode Desa;Pekerjaan;Desil\\n')
    n = 0
    while n < {rows}:
        village = rng.choice(villages); district = village.rsplit('.', 1)[0]
        sex = rng.choice('LP'); birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        nik = make_nik(district_code=district, birth_date=birth, sex=sex, serial=rng.randrange({serials.start}, {serials.stop}))
        if nik in seen: continue
        seen.add(nik); n += 1
        out.write(f"{{nik}};Pekerja Uji {{n}};{{sex}};{{birth:%d/%m/%Y}};{{village}};Pedagang;{{rng.randint(1, 10)}}\\n")
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


class Client:
    """One simulated user: its own cookies, logged in through the login form (and, for the roles that
    need it, the second-factor page with one of the bench's recovery codes)."""

    codes = list(BENCH_CODES)

    def __init__(self, base: str, username: str):
        self.base = base
        self.username = username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )
        page = self.opener.open(f"{base}/akun/masuk/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = urllib.parse.urlencode(
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{base}/akun/masuk/", data=data, headers={"Referer": f"{base}/akun/masuk/"}
        )
        landed = self.opener.open(request, timeout=30)
        if "/akun/verifikasi/" in landed.url:
            page = landed.read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
            data = urllib.parse.urlencode({"code": Client.codes.pop(), "csrfmiddlewaretoken": token}).encode()
            request = urllib.request.Request(landed.url, data=data, headers={"Referer": landed.url})
            landed = self.opener.open(request, timeout=30)
        if landed.url.rstrip("/") != base:
            raise RuntimeError(f"{username} could not log in")

    def get(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        try:
            with self.opener.open(f"{self.base}{path}", timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception:  # noqa: BLE001 - a refused or broken connection counts as an error, not a crash
            status = 0
        return time.perf_counter() - started, status


class CpuMeter:
    """CPU seconds (user + system) used during the load, by whom: each sample() reads every process in
    /proc (Linux; nothing elsewhere) and keeps, per process, its first and last reading; a process's
    share is the difference up to its last sample, so one that lives less than a sample interval (a
    PostgreSQL backend of a single request without persistent connections) is missed. The machine's
    busy time from /proc/stat covers everything, other work on the box included."""

    def __init__(self, groups: dict[str, object]):
        self.groups = groups  # name: select(pid, process group, command) -> bool
        self.readings: dict[tuple[str, str], list] = {}
        self.machine: list[float] = []
        self.enabled = Path("/proc/self/stat").exists()

    def sample(self) -> None:
        if not self.enabled:
            return
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = entry.joinpath("stat").read_text()
                command = entry.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # it ended meanwhile
                continue
            fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, group, ...
            key = (entry.name, fields[19])  # pid and start time: a reused pid is another process
            # The first group that matches; a process seen in an earlier-listed group stays there (a
            # PostgreSQL backend seen copying the import's rows is the import's, idle or not).
            group = next(
                (
                    i
                    for i, select in enumerate(self.groups.values())
                    if select(int(entry.name), int(fields[2]), command)
                ),
                None,
            )
            if group is None and key not in self.readings:
                continue
            ticks = int(fields[11]) + int(fields[12])
            reading = self.readings.setdefault(key, [group, ticks, ticks])
            reading[0] = min(reading[0], group if group is not None else reading[0])
            reading[2] = ticks
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        self.machine.append(sum(int(v) for i, v in enumerate(cpu) if i not in (3, 4)))  # all but idle, iowait

    def report(self) -> dict[str, float]:
        if not self.enabled:
            return {}
        hz = os.sysconf("SC_CLK_TCK")
        names = list(self.groups)
        used = dict.fromkeys(names, 0.0)
        for group, first, last in self.readings.values():
            used[names[group]] += (last - first) / hz
        used["machine (all processes)"] = (self.machine[-1] - self.machine[0]) / hz
        return {name: round(seconds, 1) for name, seconds in used.items()}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load at most")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers-per-regency", type=int, default=2_500)
    parser.add_argument(
        "--web-workers", type=int, default=0, help="gunicorn workers (default: payung serve's)"
    )
    parser.add_argument(
        "--database-url", default="", help="scratch PostgreSQL database (emptied); default SQLite"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the import alone")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="a user's mean pause between pages in seconds (each pause 0.5-1.5x of it); 0: no pause, "
        "every user requests back to back (a saturation test, not 50 people)",
    )
    parser.add_argument(
        "--import-nice",
        type=int,
        default=10,
        help="niceness of the import, as `payung worker` runs it (PAYUNG_WORKER_NICE); 0: as the server",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="the server's PAYUNG_DB_CONN_MAX_AGE; 60 as docs/deploy.md sets it, 0: a new database "
        "connection for every request (the default without it)",
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="payung-load-") as tmp:
        data = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAYUNG_") and k != "DATABASE_URL"}
        env.update(
            PAYUNG_DATA_DIR=str(data),
            PAYUNG_SECRET_KEY="load-test-key-" + "x" * 40,
            PAYUNG_LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="payung.config.settings",
        )
        if options.database_url:
            env["DATABASE_URL"] = options.database_url
            url = urllib.parse.urlparse(options.database_url)
            exists = subprocess.run(
                ["psql", url._replace(path="/postgres").geturl(), "-tAc",
                 f"SELECT 1 FROM pg_database WHERE datname = '{url.path.lstrip('/')}'"],
                check=True, capture_output=True, text=True,
            ).stdout.strip()  # fmt: skip
            if not exists:
                subprocess.run(["createdb", "-h", url.hostname, "-p", str(url.port or 5432),
                                "-U", url.username or "postgres", url.path.lstrip("/")], check=True)  # fmt: skip
            subprocess.run(
                ["psql", options.database_url, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                check=True,
            )
        print("preparing: migrate, regions, demo, worker file ...", flush=True)
        run(["migrate", "--no-input", "-v0"], env)
        run(["load_regions"], env, stdout=subprocess.DEVNULL)
        run(
            ["load_demo", "--workers-per-regency", str(options.workers_per_regency)],
            env | {"PAYUNG_DEBUG": "1"},
            stdout=subprocess.DEVNULL,
        )
        sheet, alone_sheet = data / "pekerja_beban.csv", data / "pekerja_sendiri.csv"
        write_worker_file(sheet, options.rows, env, range(5000, 7500))
        if not options.no_baseline:
            write_worker_file(alone_sheet, options.rows, env, range(7500, 9999))
        subprocess.run(
            [*PAYUNG, "shell", "-v", "0", "--no-imports", "-c",
             "from django_otp.plugins.otp_static.models import StaticDevice, StaticToken\n"
             "from payung.accounts.models import User\n"
             f"codes = {BENCH_CODES!r}\n"
             f"for user in User.objects.filter(username__in={list(DEMO_USERS)!r}):\n"
             "    device, _ = StaticDevice.objects.get_or_create(user=user, name='bench', defaults={'confirmed': True})\n"
             "    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)\n"],
            env=env, check=True,
        )  # fmt: skip
        scheme_id = subprocess.run(
            [*PAYUNG, "shell", "-v", "0", "--no-imports", "-c",
             "from payung.schemes.models import FundingScheme; "
             "print(FundingScheme.objects.filter(funder_region_id='73.16').order_by('pk').first().pk)"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

        baseline = None
        if not options.no_baseline:
            print("baseline: the same import alone ...", flush=True)
            started = time.perf_counter()
            run(["import_workers", str(alone_sheet), "--json"], env, stdout=subprocess.DEVNULL)
            baseline = time.perf_counter() - started

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve_args = ["serve", "--bind", f"127.0.0.1:{port}"]
        if options.web_workers:
            serve_args += ["--workers", str(options.web_workers)]
        server_log = open(data / "serve.log", "w")  # noqa: SIM115 - closed below
        server_env = env | {"PAYUNG_DB_CONN_MAX_AGE": str(options.conn_max_age)}
        server = subprocess.Popen([*PAYUNG, *serve_args], env=server_env, stdout=server_log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/akun/masuk/", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("payung serve did not answer within 60 s") from None
                    time.sleep(0.5)
            clients = [Client(base, DEMO_USERS[i % len(DEMO_USERS)]) for i in range(options.users)]
            # Each user's first visible scheme (the Enrekang one where the user may see it).
            for client in clients:
                with client.opener.open(f"{base}/skema/", timeout=30) as listing:
                    ids = re.findall(r'href="/skema/(\d+)/"', listing.read().decode())
                client.paths = ["/pekerja/", "/cakupan/"]
                if ids:
                    client.paths.append(f"/skema/{scheme_id if scheme_id in ids else ids[0]}/")
            results: list[tuple[str, float, int]] = []
            lock = threading.Lock()
            stop = threading.Event()

            def browse(client: Client, seed: int) -> None:
                rng = random.Random(seed)
                if options.think:  # people do not all click in the same millisecond: staggered starts
                    stop.wait(options.think * rng.random())
                while not stop.is_set():
                    path = rng.choice(client.paths)
                    elapsed, status = client.get(path)
                    with lock:
                        results.append((path.split("?")[0].split("/")[1], elapsed, status, client.username))
                        if len(results) >= options.max_requests:
                            stop.set()
                    if options.think:
                        stop.wait(options.think * rng.uniform(0.5, 1.5))

            print(f"load: {options.users} users, import of {options.rows:,} rows running ...", flush=True)
            # In production an import runs in `payung worker`, which lowers its own priority.
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            importer = subprocess.Popen([*PAYUNG, "import_workers", str(sheet), "--json"], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        preexec_fn=lambda: os.nice(options.import_nice))  # fmt: skip
            load_started = time.perf_counter()
            database = urllib.parse.urlparse(options.database_url).path.lstrip("/")
            meter = CpuMeter({
                "load generator (this script)": lambda pid, group, command: pid == os.getpid(),
                "web server (gunicorn, background worker)": lambda pid, group, command: group == server.pid,
                "postgresql, the import's backend": lambda pid, group, command: bool(database)
                and command.startswith("postgres:") and database in command.split() and " COPY" in command,
                # The web server's backends, the background worker's and autovacuum's on this database.
                "postgresql, the other backends": lambda pid, group, command: bool(database)
                and command.startswith("postgres:") and database in command.split(),
            })  # fmt: skip
            meter.sample()
            threads = [
                threading.Thread(target=browse, args=(c, i), daemon=True) for i, c in enumerate(clients)
            ]
            for thread in threads:
                thread.start()
            end = time.monotonic() + options.duration
            next_sample = time.monotonic() + 1
            while not stop.is_set() and time.monotonic() < end and importer.poll() is None:
                time.sleep(0.2)
                if time.monotonic() >= next_sample:
                    meter.sample()
                    next_sample += 1
            import_time = time.perf_counter() - load_started if importer.poll() is not None else None
            stop.set()
            for thread in threads:
                thread.join(timeout=35)
            load_time = time.perf_counter() - load_started
            meter.sample()
            if importer.poll() is None:  # the load window ended first: let the import finish, timed
                importer.wait(timeout=900)
                import_time = time.perf_counter() - load_started
            children_after = resource.getrusage(
                resource.RUSAGE_CHILDREN
            )  # the import is the one reaped since
            import_cpu = sum(
                getattr(children_after, f) - getattr(children_before, f) for f in ("ru_utime", "ru_stime")
            )
            summary_text = importer.stdout.read()
            importer.stdout.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            server_log.close()
            problems = [
                line for line in (data / "serve.log").read_text().splitlines()
                if not re.search(r'"GET [^"]*" 200 ', line)
            ]  # fmt: skip
            print("server log, all but the 200 responses (last 40 lines):", *problems[-40:], sep="\n")

    latencies = [elapsed for _, elapsed, _, _ in results]
    errors = sum(1 for _, _, status, _ in results if status != 200)
    try:
        imported = json.loads(summary_text)
    except ValueError:
        imported = {"raw": summary_text[-500:]}
    report = {
        "date": dt.date.today().isoformat(),
        "database": "postgresql" if options.database_url else "sqlite",
        "cpus": os.cpu_count(),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),  # other work on the machine skews all of it
        "users": options.users,
        "think_seconds": options.think,
        "import_nice": options.import_nice,
        "conn_max_age": options.conn_max_age,
        "requests": len(results),
        "seconds": round(load_time, 1),
        "requests_per_second": round(len(results) / load_time, 1),
        "p50_ms": round(1000 * percentile(latencies, 50), 1),
        "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "p99_ms": round(1000 * percentile(latencies, 99), 1),
        "errors": errors,
        "statuses": dict(sorted(Counter(str(status) for _, _, status, _ in results).items())),
        "by_page_p95_ms": {
            page: round(1000 * percentile([e for p, e, _, _ in results if p == page], 95), 1)
            for page in sorted({p for p, _, _, _ in results})
        },
        # Which role's pages are the slow ones (each role's scope is a different amount of data).
        "by_role_p95_ms": {
            role: {
                page: round(1000 * percentile([e for p, e, _, r in results if (p, r) == (page, role)], 95), 1)
                for page in sorted({p for p, _, _, r in results if r == role})
            }
            for role in DEMO_USERS
            if any(r == role for *_, r in results)
        },
        "cpu_seconds_during_load": meter.report(),
        "import_cpu_seconds": round(import_cpu, 1),  # its Python process, the whole import
        "import_rows": options.rows,
        "import_seconds_under_load": round(import_time, 1) if import_time else None,
        "import_seconds_alone": round(baseline, 1) if baseline else None,
        "import_result": {
            k: imported.get(k) for k in ("status", "rows", "created", "invalid") if k in imported
        }
        or imported,
    }
    print(json.dumps(report, indent=2))
    if statistics.median(latencies) <= 0:
        raise SystemExit("no timings")


if __name__ == "__main__":
    main()
