"""The bundled case loads, and the command line answers."""

from __future__ import annotations

import positions
from positions.cli import main


def test_bundled_default_is_syria_israel() -> None:
    """The default bundled case is the Syria–Israel talks of January 2026."""
    assert "syria-israel-2026" == positions.bundled().id
    assert "syria-israel-2026" == positions.bundled_ids()[0]


def test_cli_version(capsys) -> None:  # type: ignore[no-untyped-def]
    """`positions --version` prints the version and exits 0."""
    assert 0 == main(["--version"])
    assert positions.__version__ in capsys.readouterr().out
