"""Page cursors are opaque: decoded as a client would, they hold no name; forged ones answer page 1
(screens) or 400 (API), never 500."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from payung.lib.cursors import cursor_make
from tests.conftest import make_worker

NAMES = [f"Ahmad Sumolang {i:02d}" for i in range(60)]


@pytest.fixture
def many(regions):
    return [
        make_worker("13.02.07.2001", name=name, phone=f"0812000000{i:02d}") for i, name in enumerate(NAMES)
    ]


def decoded_every_way(cursor: str) -> str:
    """Everything a curious client could read out of a cursor: the text, and base64 of each part."""
    cursor = unquote(cursor)
    readings = [cursor]
    for part in re.split(r"[:.]", cursor):
        for padding in ("", "=", "=="):
            try:
                readings.append(base64.urlsafe_b64decode(part + padding).decode(errors="replace"))
            except ValueError:
                pass
    return " ".join(readings)


def next_link(html: str) -> str:
    match = re.search(r'href="\?[^"]*after=([^"&]+)"', html)
    return unquote(match.group(1).replace("&amp;", "&"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["bob", "alice"])
def test_the_list_cursor_reveals_no_name(client, request, many, persona):
    client.force_login(request.getfixturevalue(persona))
    cursor = next_link(client.get("/pekerja/").content.decode())
    text = decoded_every_way(cursor)
    assert "Ahmad" not in text and "Sumolang" not in text
    second = client.get("/pekerja/", {"after": cursor}).content.decode()
    assert "Sebelumnya" in second  # the cursor works: page 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    [
        base64.urlsafe_b64encode(json.dumps(["Ahmad Sumolang 30", 1]).encode()).decode(),
        base64.urlsafe_b64encode(b'["a", 1e400]').decode(),
        "x" * 5000,
        "MQ:forged-signature",
        "%00%ff",
        "",
    ],
)
def test_a_forged_list_cursor_answers_page_one(client, bob, many, forged):
    client.force_login(bob)
    page_one = client.get("/pekerja/")
    for field in ("after", "before"):
        response = client.get("/pekerja/", {field: forged})
        assert response.status_code == 200
        assert "Sebelumnya" not in response.content.decode()
        assert NAMES[0] in response.content.decode() and NAMES[0] in page_one.content.decode()


@pytest.mark.django_db
def test_a_tampered_cursor_is_not_accepted(client, bob, many):
    client.force_login(bob)
    cursor = cursor_make(many[30].pk)
    value, signature = cursor.split(":", 1)
    tampered = base64.urlsafe_b64encode(str(many[40].pk).encode()).decode().rstrip("=") + ":" + signature
    html = client.get("/pekerja/", {"after": tampered}).content.decode()
    assert NAMES[0] in html  # page 1, not the page after row 40


from tests.api.helpers import api_for  # noqa: E402


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["bob", "alice"])
def test_the_api_cursor_reveals_no_name_and_pages_through_everything(request, many, persona):
    api = api_for(request.getfixturevalue(persona))
    body = api.get("/api/v1/workers/", {"page_size": 25}).json()
    seen = [row["id"] for row in body["results"]]
    while body["next"]:
        query = parse_qs(urlsplit(body["next"]).query)
        text = decoded_every_way(query["after"][0])
        assert "Ahmad" not in text and "Sumolang" not in text
        body = api.get(body["next"]).json()
        seen += [row["id"] for row in body["results"]]
    assert sorted(seen) == sorted(w.pk for w in many)
    assert body["previous"] is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    [base64.urlsafe_b64encode(b'["a", 1e400]').decode(), "cj0xJnA9QWhtYWQ=", "MQ:forged", "x" * 5000],
)
def test_a_forged_api_cursor_is_a_400_naming_the_field(bob, many, forged):
    api = api_for(bob)
    for field in ("after", "before"):
        response = api.get("/api/v1/workers/", {field: forged})
        assert response.status_code == 400
        assert field in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_an_out_of_range_page_size_is_a_400(bob, many):
    assert api_for(bob).get("/api/v1/workers/", {"page_size": "99999999999999999999"}).status_code == 400
