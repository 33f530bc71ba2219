"""Production settings: PAYUNG_HTTPS switches on what HTTPS needs, `check --deploy` is clean, and
without PAYUNG_SECRET_KEY a key is made once and kept owner-only in the data folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_payung(args: list[str], **env: str) -> subprocess.CompletedProcess:
    # Only what the test names: nothing of the developer's or the test run's own settings.
    # (DJANGO_ALLOW_ASYNC_UNSAFE is what the browser tests set for their live server in this process.)
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PAYUNG_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "payung", *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=ROOT,
        timeout=120,
    )


STRONG_KEY = "q8#Zk2!vR7@pL4$wN9^mT1&xC6*bH3(jF5)sD0-gY8+eA2=uK7%oI4"


def test_check_deploy_reports_no_issue_over_https(tmp_path):
    result = run_payung(
        ["check", "--deploy", "--fail-level", "WARNING"],
        PAYUNG_HTTPS="1",
        PAYUNG_SECRET_KEY=STRONG_KEY,
        PAYUNG_ALLOWED_HOSTS="payung.example.go.id",
        PAYUNG_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_switches_on_secure_cookies_hsts_and_the_proxy_header(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    on = run_payung(
        ["shell", "--no-imports", "-c", script],
        PAYUNG_HTTPS="1",
        PAYUNG_SECRET_KEY=STRONG_KEY,
        PAYUNG_ALLOWED_HOSTS="x",
        PAYUNG_DATA_DIR=str(tmp_path),
    )
    assert on.stdout.split() == [
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "31536000",
        "True",
    ], on.stderr
    off = run_payung(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE)",
        ],
        PAYUNG_DEBUG="1",
        PAYUNG_DATA_DIR=str(tmp_path),
    )
    assert off.stdout.strip() == "False", off.stderr


def test_without_a_key_one_is_made_once_and_kept_owner_only(tmp_path):
    data = tmp_path / "data"
    print_key = [
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
    ]
    first = run_payung(print_key, PAYUNG_DATA_DIR=str(data))
    assert first.returncode == 0, first.stderr
    key_file = data / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.stdout.strip()
    assert len(key) >= 50 and key == key_file.read_text().strip()
    assert "development" not in key
    second = run_payung(print_key, PAYUNG_DATA_DIR=str(data))
    assert second.stdout.strip() == key  # sessions survive a restart

    other = run_payung(print_key, PAYUNG_DATA_DIR=str(tmp_path / "elsewhere"))
    assert other.stdout.strip() != key  # never one key shared by installations


@pytest.mark.parametrize("content", ["", "short"])
def test_an_unusable_key_file_is_refused_with_a_clear_message(tmp_path, content):
    (tmp_path / "secret_key").write_text(content)
    result = run_payung(["check"], PAYUNG_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "holds no usable secret key" in result.stderr
