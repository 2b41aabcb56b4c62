"""The chair runs a sitting in meeting mode at 1280x720, as a regisseur would, on a real vault.

Started from the main window a week early (asked first), attendance ticked once, three items
recorded (decision, step change, agreement with the partner picked from the list), a due date
that is no date refused with the typed text kept, one item "niet besproken", closing warned
about the item without a decision, and the decisions list printed and read back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, EventKind
from casustafel.services import cases, sittings
from casustafel.services.sitting_values import SittingStatus
from casustafel.ui.clipboard import SecureClipboard
from casustafel.ui.main_window import MainWindow
from casustafel.ui.presentation import PresentationController
from casustafel.ui.session import AppSession
from casustafel.ui.views.meeting_window import AUTOSAVE_MS, MeetingWindow
from casustafel.ui.worker import Worker
from tests.services.sitting_fixtures import (
    PERSONAL_STRINGS,
    TODAY,
    _person,
    register,
    seed,
    set_status,
)
from tests.ui.test_meeting import _visible_texts
from tests.ui.window_helpers import wait_for_meeting


def answer_next_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next message box with `button` once it is open; its text goes to `seen`."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)  # not open yet: look again (no fixed wait)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)


@pytest.fixture
def main_window(qtbot: QtBot, vault: Vault) -> Iterator[MainWindow]:
    worker = Worker()
    window = MainWindow(vault.name, PresentationController(), SecureClipboard(), worker=worker)
    qtbot.addWidget(window)
    window.attach_session(AppSession(vault), 5)
    window.resize(1280, 720)
    window.show()
    yield window
    if window.session is not None:
        window.session.lock()
    worker.shutdown()


def _saved(qtbot: QtBot, window: MeetingWindow) -> None:
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 5):
        pass


def _tick(window: MeetingWindow, *names: str) -> None:
    for i in range(window.form.partners.count()):
        item = window.form.partners.item(i)
        if item.text() in names:
            item.setCheckState(Qt.CheckState.Checked)


def _ticked(window: MeetingWindow) -> set[str]:
    partners = window.form.partners
    return {
        partners.item(i).text()
        for i in range(partners.count())
        if partners.item(i).checkState() == Qt.CheckState.Checked
    }


def _type_cell(qtbot: QtBot, window: MeetingWindow, row: int, column: int, text: str) -> None:
    """Type into a cell through its editor, as the chair does, and commit with Enter."""
    table = window.form.agreements
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    (editor,) = [
        w for w in table.viewport().children() if isinstance(w, QLineEdit) and w.isVisible()
    ]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits a line editor's Enter on its next turn of the event loop.
    qtbot.waitUntil(lambda: table.item(row, column).text() == text)


def _pick_partner(qtbot: QtBot, window: MeetingWindow, row: int, name: str) -> list[str]:
    """Open the partner picker of `row`, return what it offers, choose `name`."""
    table = window.form.agreements
    table.setCurrentCell(row, 1)
    table.editItem(table.item(row, 1))
    (combo,) = [
        w for w in table.viewport().children() if isinstance(w, QComboBox) and w.isVisible()
    ]
    assert combo.isEditable()  # a one-off guest may be typed
    offered = [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(combo.findText(name))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, 1).text() == name)
    return offered


@pytest.mark.slow
def test_chairing_a_sitting_at_1280x720(
    qtbot: QtBot, main_window: MainWindow, vault: Vault, tmp_path: Path
) -> None:
    seeded = seed(vault)
    extra = register(vault, _person(1), area="Emmerhout")
    set_status(vault, extra, CaseStatus.IN_BEHANDELING)
    sittings.compose_agenda(vault, seeded.sitting_id, TODAY)
    for case_id in (seeded.quiet_case, extra):
        sittings.add_case_item(vault, seeded.sitting_id, case_id)

    # The sitting is a week away: meeting mode asks before starting it.
    asked: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Yes, asked)
    window = main_window.open_meeting(seeded.sitting_id) or wait_for_meeting(
        qtbot, main_window.meetings, confirm=False
    )
    assert isinstance(window, MeetingWindow)
    assert "over 7 dagen" in asked[0]
    window.showNormal()
    window.resize(1280, 720)
    qtbot.waitUntil(window.isVisible)
    assert main_window.autolock is not None and main_window.autolock.minutes == 15
    assert window.mode_label.isVisible() and "PRESENTATIEMODUS" in window.mode_label.text()
    entries = window.model.records()
    assert len(entries) == 5
    assert [s for s in PERSONAL_STRINGS if s in _visible_texts(window)] == []

    # Item 1: attendance ticked once, a decision, an agreement with the partner picked.
    _tick(window, "Politie (wijkagent)", "Lefier")
    qtbot.keyClicks(window.form.decision, "Plan van aanpak vastgesteld.")
    qtbot.mouseClick(window.form.add_agreement_button, Qt.MouseButton.LeftButton)
    _type_cell(qtbot, window, 0, 0, "Huisbezoek afleggen")
    offered = _pick_partner(qtbot, window, 0, "Politie (wijkagent)")
    assert "Lefier" in offered and "Politie (wijkagent)" in offered
    _type_cell(qtbot, window, 0, 2, "10 werkdagen")
    _saved(qtbot, window)
    first = window.current_item_id
    qtbot.keyClick(window.form.decision, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    # Item 2: attendance is already ticked; the escalation: a step change.
    assert window.current_item_id != first
    assert _ticked(window) == {"Politie (wijkagent)", "Lefier"}
    escalate = next(e for e in window.model.records() if e.case_id == seeded.escalate_case)
    window.go_to(escalate.id)
    assert "Stap:" in window.context_panel.body.text()
    assert [s for s in PERSONAL_STRINGS if s in window.context_panel.body.text()] == []
    qtbot.keyClicks(window.form.decision, "Waarschuwing door de burgemeester.")
    window.form.step.setCurrentIndex(window.form.step.findData("WAARSCHUWING"))
    _saved(qtbot, window)

    # Item 3: an agreement whose due date is no date: shown next to the table, kept, and
    # the chair cannot move on until it is fixed.
    third = next(e for e in window.model.records() if e.case_id == seeded.flagged_case)
    window.go_to(third.id)
    qtbot.keyClicks(window.form.decision, "Zorg aanbieden via het wijkteam.")
    qtbot.mouseClick(window.form.add_agreement_button, Qt.MouseButton.LeftButton)
    window.form.agreements.setItem(0, 0, QTableWidgetItem("Zorg aanbieden"))
    _pick_partner(qtbot, window, 0, "Lefier")
    _type_cell(qtbot, window, 0, 2, "31-02-2027")
    problem = window.form.agreements_editor.problem
    assert problem.isVisible() and "31-02-2027" in problem.text()
    qtbot.keyClick(window.form.decision, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_item_id == third.id  # refused
    assert window.banner.isVisible() and "31-02-2027" in window.banner.text()
    assert window.form.agreements.item(0, 2).text() == "31-02-2027"  # the typed text stays
    _type_cell(qtbot, window, 0, 2, "31-03-2027")
    assert not problem.isVisible()
    _saved(qtbot, window)

    # Item 4: not discussed, postponed to the next sitting.
    quiet = next(e for e in window.model.records() if e.case_id == seeded.quiet_case)
    window.go_to(quiet.id)
    assert window.current_item_id == quiet.id
    box = window.form.not_discussed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not window.form.decision.isEnabled()
    _saved(qtbot, window)

    # Closing warns: one case (item 5) has no decision.
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(window.sitting_closed):
        qtbot.mouseClick(window.close_sitting_button, Qt.MouseButton.LeftButton)
    assert "1 van de 5 casussen hebben geen besluit" in seen[0]
    assert "Gesloten" in window.status.text()
    assert sittings.get_sitting(vault, seeded.sitting_id).status is SittingStatus.GESLOTEN
    steps = [
        e
        for e in cases.get_case_file(vault, seeded.escalate_case).events
        if e.kind is EventKind.STAP
    ]
    assert [e.sitting_id for e in steps] == [seeded.sitting_id]

    # The decisions list, printed on the worker and read back.
    target = tmp_path / "besluitenlijst.pdf"
    with qtbot.waitSignal(window.print_finished, timeout=30_000):
        window.print_decisions(target)
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(target).pages
    )
    for expected in (
        "Plan van aanpak vastgesteld.",
        "Waarschuwing door de burgemeester.",
        "Zorg aanbieden",
        "31-03-2027",
        "Niet besproken; doorgeschoven",
    ):
        assert expected in text, expected
    assert [s for s in PERSONAL_STRINGS if s in text] == []
