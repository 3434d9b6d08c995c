"""The pytest block of packages/testing/README.md, run as written with the plugin, in its own pytest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "testing" / "README.md"
CLI = Path(__file__).resolve().parents[2] / "cli" / "dist" / "bin.js"


def test_the_readme_pytest_block_passes(tmp_path: Path) -> None:
    blocks = re.findall(r"^```python\n(# (test_\w+\.py)\n.*?)^```$", README.read_text(), re.MULTILINE | re.DOTALL)
    assert [name for _, name in blocks] == ["test_klarefi_flask.py"]
    code, name = blocks[0]
    (tmp_path / name).write_text(code)
    env = {**os.environ, "KLAREFI_CLI": str(CLI)}
    # -p: this checkout runs the package from src/, where the pytest11 entry point is not installed.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "klarefi.testing.pytest_plugin", "-p", "no:cacheprovider", name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
