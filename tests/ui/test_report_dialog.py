"""Half-year report from the Monitoring view: written on the worker, identifying text refused."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.ui.session import AppSession
from casustafel.ui.views.report_dialog import ReportDialog
from casustafel.ui.worker import Worker


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


@pytest.mark.slow
def test_report_is_written_with_progress_and_refuses_a_case_number(
    qtbot: QtBot, demo_vault: Vault, worker: Worker, tmp_path: Path
) -> None:
    session = AppSession(demo_vault)
    dialog = ReportDialog(session, worker=worker, today=dt.date(2026, 7, 10))
    qtbot.addWidget(dialog)
    assert dialog.half == "2026-1"
    dialog.path_edit.setText(str(tmp_path / "rapport.pdf"))
    dialog.texts[TableCode.WO].setPlainText("Zaak WO-2026-0001 liep lang.")
    with qtbot.waitSignal(dialog.write_failed, timeout=60000) as failed:
        dialog.write_button.click()
    assert "zaaknummer" in failed.args[0] and "WO-2026-0001" not in failed.args[0]
    assert not (tmp_path / "rapport.pdf").exists()
    dialog.texts[TableCode.WO].setPlainText("Minder meldingen dan vorig jaar.")
    with qtbot.waitSignal(dialog.written, timeout=120000):
        dialog.write_button.click()
    assert (tmp_path / "rapport.pdf").stat().st_size > 10_000
    assert dialog.progress.value() == dialog.progress.maximum()
    if os.environ.get("CASUSTAFEL_SHOTS"):
        dialog.grab().save(os.environ["CASUSTAFEL_SHOTS"])
