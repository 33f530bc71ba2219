import pathlib

import pytest


@pytest.fixture
def fixtures() -> pathlib.Path:
    return pathlib.Path(__file__).parents[2] / "fixtures" / "sheets"
