"""An exception escaping a Qt slot is shown as a short apology naming only its type."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from casustafel.ui import app as app_module

shown = []
QMessageBox.warning = staticmethod(lambda parent, title, text: shown.append(text))
qt_app = app_module.create_application()
app_module._install_apologising_excepthook()

def explode() -> None:
    raise ValueError("BSN 111222333 van Xylofoonbrouwer")

QTimer.singleShot(0, explode)
QTimer.singleShot(50, qt_app.quit)
qt_app.exec()
print("SHOWN:" + "|".join(shown))
"""


def test_uncaught_slot_error_names_only_its_type() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CASUSTAFEL_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "SHOWN:Er ging iets onverwachts mis (ValueError)" in result.stdout
    assert "Xylofoonbrouwer" not in output
    assert "111222333" not in output
    assert "Traceback" not in output
