"""``klarefi.testing``: the Klarefi emulator as a test fixture (``pip install "klarefi[testing]"``),
and the dedupe store contract for stores of your own.

With pytest, the ``klarefi_emulator`` fixture is all you need. Outside pytest, ``KlarefiEmulator()``
starts one and ``close()`` stops it. The emulator runs on Node.js through the ``klarefi`` CLI.
"""

from ._claimant import Claimant, ClaimResult, persona_answer
from ._deliveries import Attempt, Deliveries, Delivery, Response
from ._emulator import Clock, Fault, Faults, KlarefiEmulator
from ._errors import KlarefiTestError
from ._store_contract import DedupeStoreContract

__all__ = [
    "Attempt",
    "ClaimResult",
    "Claimant",
    "Clock",
    "DedupeStoreContract",
    "Deliveries",
    "Delivery",
    "Fault",
    "Faults",
    "KlarefiEmulator",
    "KlarefiTestError",
    "Response",
    "persona_answer",
]
