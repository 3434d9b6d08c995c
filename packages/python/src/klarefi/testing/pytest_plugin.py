"""The pytest plugin (entry point ``pytest11``): the ``klarefi_emulator`` fixture.

One emulator runs per test session (Node.js starts once); each test gets it reset: no faults, no
pending retries, and ``deliveries`` counting from the test's start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ._emulator import KlarefiEmulator


@pytest.fixture(scope="session")
def klarefi_emulator_session(request: pytest.FixtureRequest) -> Iterator[KlarefiEmulator]:
    """The session's emulator, started through the ``klarefi`` CLI (see the package README)."""
    emulator = KlarefiEmulator(root=Path(str(request.config.rootpath)))
    yield emulator
    emulator.close()


@pytest.fixture
def klarefi_emulator(klarefi_emulator_session: KlarefiEmulator) -> KlarefiEmulator:
    """A running Klarefi emulator: ``api_key``, ``base_url``, ``webhook_secret``, ``forward_to(url)``,
    ``claimant(signed_url)``, ``deliveries.wait_for(type, timeout_s=...)``, ``faults``, ``clock``."""
    klarefi_emulator_session.reset()
    return klarefi_emulator_session
