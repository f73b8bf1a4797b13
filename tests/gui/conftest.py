"""GUI fixtures: an AppContext over a service wired to the SAT sandbox (no poller unless asked).

Tests run offscreen (QT_QPA_PLATFORM=offscreen, set here too), find widgets by objectName and wait on
signals or conditions with qtbot — never fixed sleeps.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.conftest import CREDENTIALS, TEST_PASSWORD

RFC = "EKU9003173C9"
FIEL = CREDENTIALS / "eku9003173c9-fiel"


@pytest.fixture
def ready_service(service):
    """A service with the test FIEL's profile activated, uploaded and registered."""
    service.add_profile(RFC, "Escuela Kemper Urgate")
    service.activate(RFC)
    cer = (FIEL / "EKU9003173C9.cer").read_bytes()
    key = (FIEL / "EKU9003173C9.key").read_bytes()
    assert service.upload_fiel(RFC, cer, key, TEST_PASSWORD)["registered"] is True
    return service


@pytest.fixture
def context(qtbot, service):
    from desktop_app.gui.context import AppContext

    return AppContext(service)


@pytest.fixture
def ready_context(qtbot, ready_service):
    from desktop_app.gui.context import AppContext

    return AppContext(ready_service)


@pytest.fixture(autouse=True)
def _drain_background_jobs(service):
    """No background job may outlive its test: they share the service's database, which closes next.

    Depends on ``service`` so it runs after qtbot closed the widgets and before the service closes.
    """
    from PySide6.QtCore import QThreadPool

    yield
    QThreadPool.globalInstance().waitForDone(10_000)
