"""One SparkSession for the whole test session (starting Spark costs seconds), on local[2]."""

from __future__ import annotations

import logging
import os
import shutil

import pytest


@pytest.fixture(scope="session")
def spark():
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("no java on the CI machine: .ci/run should have installed openjdk-17-jre-headless")
        pytest.skip("Spark needs a Java runtime (.ci/run installs openjdk-17-jre-headless)")
    from payung.national.engines import spark_session

    # py4j logs its connection closing at interpreter exit, after pytest closed the streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)

    session, created = spark_session("local[2]", shuffle_partitions=2)
    yield session
    if created:
        session.stop()
