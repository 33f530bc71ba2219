"""403 and 404 answer with a styled page in the user's language and a way back (as in production)."""

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]

PRODUCTION_LIKE = override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])


@PRODUCTION_LIKE
def test_a_missing_page_answers_404_in_indonesian_with_the_site_around_it(client, alice):
    client.force_login(alice)
    response = client.get("/tidak-ada/", headers={"Referer": "http://testserver/pekerja/"})
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page
    assert "payung-screens.css" in page and 'href="/pekerja/"' in page  # the site's navigation and style
    assert 'href="http://testserver/pekerja/" data-testid="way-back"' in page
    assert 'data-testid="home-link"' in page


@PRODUCTION_LIKE
def test_a_404_never_offers_a_way_back_to_another_site(client, alice):
    client.force_login(alice)
    page = client.get("/tidak-ada/", headers={"Referer": "https://evil.example/"}).content.decode()
    assert "evil.example" not in page and 'data-testid="home-link"' in page


@PRODUCTION_LIKE
def test_the_404_page_speaks_english_when_chosen(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    page = client.get("/tidak-ada/").content.decode()
    assert "Page not found" in page and "Halaman tidak ditemukan" not in page


@PRODUCTION_LIKE
def test_a_refused_action_answers_403_with_a_reason_and_a_way_home(client, vera):
    client.force_login(vera)
    response = client.get("/pekerja/baru/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in page and "Tidak ada yang diubah" in page
    assert 'data-testid="home-link"' in page


@PRODUCTION_LIKE
def test_the_500_page_renders_without_a_request(client):
    from django.template import loader

    page = loader.get_template("500.html").render({})
    assert "Terjadi kesalahan di server" in page and "favicon.svg" in page


def test_every_page_links_the_favicon_and_it_is_served(client, alice):
    client.force_login(alice)
    assert (
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        in client.get("/").content.decode()
    )
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
    assert client.get("/favicon.ico").headers["Location"] == "/static/favicon.svg"
