"""Paths to the CFDI fixtures (the project's copy under tests/fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CFDI = FIXTURES / "cfdi"
WILD = FIXTURES / "cfdi-wild"
EXTRA = FIXTURES / "cfdi-extra"
METADATA = FIXTURES / "metadata"
PACKAGES = FIXTURES / "packages"


def read(path: Path) -> bytes:
    return path.read_bytes()


@pytest.fixture(scope="session")
def cfdi40_bytes() -> bytes:
    return (CFDI / "cfdv40-ejemplo-signed-tfd.xml").read_bytes()
