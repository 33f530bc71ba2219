"""Every page answers with the security headers, and no page or template carries inline code that
the Content-Security-Policy would have to allow."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import timezone

from payung.accounts.models import User
from payung.schemes.services.bills import bill_issue
from tests.accounts.test_viewer_crawl import crawl
from tests.conftest import make_worker
from tests.schemes.builders import active_member, make_scheme

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
# A script element that runs code: any without src, except JSON data islands (json_script).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    return [
        kind
        for kind, pattern in (
            ("event handler", INLINE_HANDLER),
            ("style attribute", STYLE_ATTRIBUTE),
            ("style block", STYLE_BLOCK),
            ("inline script", INLINE_SCRIPT),
        )
        if pattern.search(html)
    ]


def check_headers(url: str, response) -> None:
    policy = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives.get("script-src") == "'self'", (url, policy)
    assert directives.get("style-src") == "'self'", (url, policy)
    assert directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'", url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert response.get("X-Content-Type-Options") == "nosniff", url


@pytest.fixture
def people(alice):
    today = timezone.localdate()
    worker = make_worker("13.02.07.2001", name="Rosmiati Koto", phone="081234567890", dtsen_decile=1)
    make_worker("13.02.10.2001", name="Yusuf Tanjung", sex="L", dtsen_decile=2)
    scheme = make_scheme(alice, year=today.year)
    active_member(alice, scheme, worker, today=today)
    bill_issue(actor=alice, scheme=scheme, month=today.replace(day=1), today=today)
    return worker


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["root", "alice", "bob", "vera"])
def test_every_page_answers_with_the_security_headers_and_no_inline_code(client, request, people, persona):
    user = (
        User.objects.create_superuser("root", password="rahasia-uji-123")
        if persona == "root"
        else request.getfixturevalue(persona)
    )
    client.force_login(user)
    answers = []

    def on_response(url, response):
        answers.append(url)
        check_headers(url, response)

    for url, text in crawl(client, on_response=on_response):
        if text.lstrip().startswith("<"):  # pages and htmx fragments, not downloads
            assert not inline_code(text), (url, inline_code(text))
    visited = " ".join(answers)
    for path in ("/pekerja/", "/wilayah/", "/skema/", "/cakupan/", "/akun/keamanan/", "/akun/kata-sandi/"):
        assert path in visited, (path, visited)


@pytest.mark.django_db
def test_pages_before_login_and_errors_carry_the_headers_too(client, bob):
    for url in ("/akun/masuk/", "/", "/pekerja/", "/tidak-ada/"):
        response = client.get(url)
        check_headers(url, response)
    page = client.get("/akun/masuk/").content.decode()
    assert not inline_code(page)
    client.force_login(bob)
    check_headers("/pekerja/999999/", client.get("/pekerja/999999/"))


def test_no_template_holds_inline_code():
    offenders = []
    for path in sorted(settings.SRC_DIR.rglob("*.html")):
        if "static" in path.parts:
            continue
        found = inline_code(path.read_text())
        if found:
            offenders.append((str(path.relative_to(settings.SRC_DIR)), found))
    assert offenders == []
