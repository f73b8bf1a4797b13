"""Wizard fixtures: no background job may outlive its test (they share the service's database)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool


@pytest.fixture(autouse=True)
def _drain_background_jobs(service):
    # Depends on `service`, so this runs after qtbot closed the widgets and before the service closes.
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
