"""``klarefi.testing``: the Klarefi emulator as a test fixture (``pip install "klarefi[testing]"``).

With pytest, the ``klarefi_emulator`` fixture is all you need. Outside pytest, ``KlarefiEmulator()``
starts one and ``close()`` stops it. The emulator runs on Node.js through the ``klarefi`` CLI.
"""

from ._claimant import Claimant, ClaimResult, persona_answer
from ._emulator import Attempt, Clock, Deliveries, Delivery, Fault, Faults, KlarefiEmulator, Response
from ._errors import KlarefiTestError

__all__ = [
    "Attempt",
    "ClaimResult",
    "Claimant",
    "Clock",
    "Deliveries",
    "Delivery",
    "Fault",
    "Faults",
    "KlarefiEmulator",
    "KlarefiTestError",
    "Response",
    "persona_answer",
]
