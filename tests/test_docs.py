"""Docs are part of the product: every command documented, every code and field listed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from custinfo.cli import app
from custinfo.codes import CODES

REPO = Path(__file__).resolve().parents[1]
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_cli_md(command: str) -> None:
    assert f"## custinfo {command}" in (REPO / "docs" / "cli.md").read_text("utf-8")


@pytest.mark.parametrize("slug", sorted(CODES))
def test_every_code_in_codes_md(slug: str) -> None:
    assert f"`{slug}`" in (REPO / "docs" / "codes.md").read_text("utf-8")


def test_generated_docs_are_fresh() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_starts_with_the_two_commands() -> None:
    head = (REPO / "README.md").read_text("utf-8").splitlines()[:12]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)
