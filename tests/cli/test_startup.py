"""Starting up: `pingyi --version` imports no pydantic, and every public name is importable on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pingyi_rules


def test_version_does_not_import_pydantic() -> None:
    code = "import sys, pingyi_rules.cli as c, io; c.run(['--version'], io.StringIO(), io.StringIO()); print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(Path(pingyi_rules.__file__).parent.parent)})
    assert out.stdout.splitlines()[-1] == "False"


def test_every_public_name_is_importable() -> None:
    for name in pingyi_rules.__all__:
        assert getattr(pingyi_rules, name) is not None
        assert name in dir(pingyi_rules)
    with pytest.raises(AttributeError):
        pingyi_rules.no_such_name  # noqa: B018
