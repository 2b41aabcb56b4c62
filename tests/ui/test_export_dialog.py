"""Export dialog: preview of the suppression with reasons, export in the background, refusal."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.ui.models.monitoring_models import MARK_ROLE
from casustafel.ui.session import AppSession
from casustafel.ui.views.export_dialog import ExportDialog
from casustafel.ui.worker import Worker


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


def test_preview_marks_cells_and_export_writes_the_file(
    qtbot: QtBot, demo_vault: Vault, worker: Worker, tmp_path: Path
) -> None:
    session = AppSession(demo_vault)
    dialog = ExportDialog(session, worker=worker, today=dt.date(2026, 8, 1))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        pass
    assert dialog.from_edit.text() == "2026-01" and dialog.to_edit.text() == "2026-06"
    preview = dialog.preview
    assert preview is not None
    marks: set[str] = set()
    for index in range(dialog.block_combo.count()):
        dialog.block_combo.setCurrentIndex(index)
        model = dialog.preview_model
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                cell = model.index(r, c)
                mark = cell.data(MARK_ROLE)
                if mark in ("primary", "secondary"):
                    marks.add(mark)
                    assert cell.data() in ("<5", "x")
                    assert cell.data(Qt.ItemDataRole.ToolTipRole)
                    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert marks == {"primary", "secondary"}
    assert "cellen als '<5'" in dialog.summary_label.text()

    target = tmp_path / "cijfers.json"
    target.write_text("oud", encoding="utf-8")
    dialog.format_combo.setCurrentIndex(1)  # JSON
    dialog.file_edit.setText(str(target))
    with qtbot.waitSignal(dialog.export_failed, timeout=20000) as refused:
        dialog.start_export()
    assert "--force" in refused.args[0] and target.read_text(encoding="utf-8") == "oud"
    dialog.force_check.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=20000) as done:
        dialog.start_export()
    assert done.args[0].path == target
    assert dialog.progress.value() == dialog.progress.maximum()
    assert json.loads(target.read_text(encoding="utf-8"))["manifest"]["k"] == 5
    session.lock()
    assert dialog.preview is None and dialog.preview_model.rowCount() == 0
    assert not dialog.export_button.isEnabled()


def test_bad_month_is_explained(qtbot: QtBot, vault: Vault, worker: Worker) -> None:
    session = AppSession(vault)
    dialog = ExportDialog(session, worker=worker, today=dt.date(2026, 8, 1))
    qtbot.addWidget(dialog)
    dialog.from_edit.setText("2026-13")
    dialog.refresh_preview()
    assert "Geen geldige maand" in dialog.message_label.text()
    session.lock()
