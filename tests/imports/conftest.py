import pytest
from django.conf import settings

if "payung.imports" not in settings.INSTALLED_APPS:  # until the app is registered in settings
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
