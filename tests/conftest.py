"""Shared fixtures and the hypothesis profiles (`HYPOTHESIS_PROFILE=ci` in CI)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import positions

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def syria() -> positions.Case:
    """The bundled Syria–Israel case."""
    return positions.bundled("syria-israel-2026")
