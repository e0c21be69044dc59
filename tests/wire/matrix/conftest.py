"""Fixtures for the Matrix wire tests: one real Synapse per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wire.synapse import Synapse, start_synapse, synapse_importable


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """A running Synapse homeserver; fails (never skips) when matrix-synapse is missing."""
    if not synapse_importable():
        pytest.fail(
            "matrix-synapse is not importable: the Matrix wire tests need a real homeserver. "
            "Install the test extra: pip install 'steerbot[test]'",
            pytrace=False,
        )
    server = start_synapse(tmp_path_factory.mktemp("synapse"))
    try:
        yield server
    finally:
        server.stop()
