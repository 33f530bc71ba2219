"""Crawl the site as one user (Django's test client) and report screen text that is not Indonesian style.

Followed: same-site links of GET pages, each URL once, at most three of each kind of page (numbers in
the path ignored), no downloads, no logout, no admin. Checked in the visible text (tags, scripts and styles out):
ISO dates (2026-12, 2026-12-01), months as numbers (12/2026), English numbers (1,431.9 / 20.00 %), internal codes (snake_case words).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

SKIP = re.compile(
    r"^/(admin|akun/keluar|api|static|media|bahasa)/|\.(xlsx|csv|ods|xls)$|/berkas$|format=xlsx"
)
LINK = re.compile(r"""href="([^"#]+)""")
INVISIBLE = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)
RULES = {
    "ISO date": re.compile(r"(?<![\d.])(19|20)\d\d-(0[1-9]|1[0-2])(-\d\d)?(?![\d])"),
    "English number": re.compile(r"(?<![\d.,])\d{1,3}(,\d{3})+(\.\d+)?(?![\d])|(?<![\d.,])\d+\.\d+ ?%"),
    "numeric month": re.compile(r"(?<![\d/])(0[1-9]|1[0-2])/(19|20)\d\d(?![\d])"),
    "code": re.compile(r"\b[a-z]+(_[a-z0-9]+)+\b"),
}


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.text!r}"


def visible_text(page: str) -> str:
    return html.unescape(INVISIBLE.sub(" ", page))


def findings_in(path: str, page: str) -> list[Finding]:
    text = visible_text(page)
    found = []
    for rule, pattern in RULES.items():
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 30), match.end() + 30
            found.append(Finding(path, rule, " ".join(text[start:end].split())))
    return found


def crawl(client, start: str = "/", limit: int = 120) -> tuple[list[str], list[Finding]]:
    seen, queue, per_path = set(), [start], Counter()
    visited, findings = [], []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.streaming:
            # Read to the end: the test client's wrapper then closes it without closing the database
            # connection (response.close() alone would, on PostgreSQL, inside the test's transaction).
            for _chunk in response.streaming_content:
                pass
            continue
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue  # the test client closed it (closing it again would close the database connection)
        visited.append(url)
        page = response.content.decode()
        findings += findings_in(url, page)
        for href in LINK.findall(page):
            href = html.unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(href):
                continue
            kind = re.sub(r"\d+", "N", parts.path)  # /pekerja/17/ and /pekerja/18/ are one kind of page
            per_path[kind] += 1
            if per_path[kind] <= 3:
                queue.append(href)
    return visited, findings
