"""Screens are Bahasa Indonesia in the source; English is the second language and must be complete."""

from django.test import override_settings
from django.utils import translation

from payung.core.translations import catalogues, compiled, untranslated


def test_every_catalogue_is_complete_and_compiled():
    assert catalogues(), "locale/en/LC_MESSAGES/django.po is missing: run `make messages`"
    for po_path in catalogues():
        assert untranslated(po_path) == [], (
            f"{po_path}: untranslated strings (run `make messages` and translate)"
        )
        assert po_path.with_suffix(".mo").read_bytes() == compiled(po_path), f"{po_path}: run `make messages`"


@override_settings(LANGUAGE_CODE="id")
def test_the_login_page_speaks_indonesian_by_default_and_english_on_request(client, db):
    assert "Masuk ke Payung" in client.get("/akun/masuk/").content.decode()
    with translation.override("en"):
        response = client.get("/akun/masuk/", headers={"Accept-Language": "en"})
    assert "Masuk ke Payung" not in response.content.decode()
