"""Finds the ``klarefi`` CLI and runs ``klarefi dev`` as a child process."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any, Dict, List, Optional

from ._errors import KlarefiTestError

#: How long ``klarefi dev`` may take to print its connection details (Node's start-up included).
START_TIMEOUT_S = 30.0

_NO_CLI = (
    "The klarefi CLI was not found. Install it next to your tests with `npm install --save-dev klarefi` "
    "(the plugin looks for node_modules/.bin/klarefi in the test root and its parents, then for `klarefi` "
    "on the PATH), or set KLAREFI_CLI to the CLI's bin.js."
)


def find_cli(root: Optional[Path] = None) -> List[str]:
    """The command that runs the CLI: ``KLAREFI_CLI``, else ``node_modules/.bin/klarefi`` upwards from
    ``root``, else ``klarefi`` on the PATH. A ``.js`` file is run with ``node``, which must be on the PATH."""
    candidates: List[Path] = []
    configured = os.environ.get("KLAREFI_CLI")
    if configured:
        path = Path(configured)
        if not path.exists():
            raise KlarefiTestError("cli_not_found", f"KLAREFI_CLI is {configured}, which does not exist.")
        candidates.append(path)
    else:
        for folder in [root or Path.cwd(), *(root or Path.cwd()).parents]:
            shim = folder / "node_modules" / ".bin" / "klarefi"
            if shim.exists():
                candidates.append(shim)
                break
        on_path = shutil.which("klarefi")
        if on_path:
            candidates.append(Path(on_path))
    if not candidates:
        raise KlarefiTestError("cli_not_found", _NO_CLI)
    cli = candidates[0]
    node = shutil.which("node")
    if node is None:
        raise KlarefiTestError(
            "node_not_found",
            "Node.js is not on the PATH: the Klarefi emulator runs on Node.js 18 or later. Install Node.js "
            "(or put it on the PATH of the test run).",
        )
    if cli.suffix in (".js", ".mjs", ".cjs"):
        return [node, str(cli)]
    return [str(cli)]


class CliProcess:
    """A running ``klarefi dev --json``: its connection details, and a way to stop it."""

    def __init__(self, command: List[str], args: List[str]) -> None:
        self._log = tempfile.TemporaryFile(mode="w+", prefix="klarefi-dev-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - a command the plugin found, with fixed flags
            [*command, "dev", "--port", "0", "--json", *args],
            stdout=subprocess.PIPE,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.info = self._first_line()

    def _first_line(self) -> Dict[str, Any]:
        stdout: IO[str] = self.process.stdout  # type: ignore[assignment]
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            ready = selector.select(START_TIMEOUT_S)
        line = stdout.readline() if ready else ""
        if not line:
            self.stop()
            raise KlarefiTestError(
                "emulator_did_not_start",
                f"`klarefi dev` printed nothing within {START_TIMEOUT_S:.0f} s (exit code {self.process.returncode}). "
                f"Its output:\n{self.output()[-2000:]}",
            )
        info: Dict[str, Any] = json.loads(line)
        return info

    def output(self) -> str:
        """What the emulator wrote to stderr (its delivery log)."""
        self._log.seek(0)
        return self._log.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout:
            self.process.stdout.close()
        self._log.close()
