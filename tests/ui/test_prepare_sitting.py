"""A regisseur prepares a sitting on a 1280x720 laptop, as in the README's user guide.

Plan the next sitting from the table's rhythm, fetch the proposal (about 29 cases), trim it
to 10 with a multi-select and the Delete key (one removal too many, taken back with
Ctrl+Z), drag an item to the top, and print both agenda variants; the status bar says
what was written. Asserts what the user sees: the list, the agenda rows, the budget line,
the status bar, and that nothing lies outside the window.

The drag is a real `QDropEvent` handed straight to the table's `dropEvent`: a real drag
(`QDrag.exec`) needs a window system's event loop, which the offscreen platform lacks, and
Qt routes a drop only to the target a drag-enter with a source (the table itself) chose,
which a synthetic event cannot have.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QMimeData, QPointF, QStandardPaths, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.domain.workdays import is_working_day
from casustafel.reports.sitting_data import Variant
from casustafel.services import cases, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.ui.views.sitting_agenda_editor import AgendaEditor, AgendaTable
from casustafel.ui.views.sitting_list_view import SittingsView

from .casedata import add_many_cases
from .layout_check import LAPTOP, fit_problems, show_at
from .window_helpers import main_window

pytestmark = pytest.mark.slow


def _flag_until(vault: Vault, sitting_id: int, wanted: int) -> None:
    """Mark open woonoverlast cases "bespreken" until the proposal holds `wanted` cases.

    The shared demo vault has too few open woonoverlast cases for a busy table: new ones
    are registered first (a table that meets every two weeks sees that many).
    """
    proposed = {p.case_id for p in sittings.propose(vault, sitting_id)}
    open_cases = [
        c for c in cases.list_case_summaries(vault, TableCode.WO) if not c.status.is_closed
    ]
    add_many_cases(vault, max(0, wanted - len(open_cases)))
    for case in cases.list_case_summaries(vault, TableCode.WO):
        if len(proposed) >= wanted:
            return
        if case.status.is_closed or case.id in proposed:
            continue
        sittings.set_case_proposal(
            vault, case.id, sittings.case_proposal(vault, case.id)[0], flagged=True
        )
        proposed.add(case.id)


def _click_row(qtbot: QtBot, view: AgendaTable, row: int, modifier: Qt.KeyboardModifier) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )


def _drag_to_top(view: AgendaTable, row: int) -> None:
    """Drop `row` (selected) on the upper edge of the first row, as a mouse would."""
    selection = view.selectionModel()
    flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
    selection.select(view.model().index(row, 0), flags)
    mime = view.model().mimeData(view.selectionModel().selectedIndexes()) or QMimeData()
    view.scrollToTop()
    first = view.visualRect(view.model().index(0, 0))
    where = QPointF(first.center().x(), first.top() + 2)
    drop = QDropEvent(
        where,
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)  # straight to the table: see the module docstring


def _print(qtbot: QtBot, page: SittingsView, variant: Variant, folder: Path) -> Path:
    dialog = page.ask_print(DocumentKind.AGENDA)
    assert dialog is not None
    dialog.variant_combo.setCurrentIndex(dialog.variant_combo.findData(variant.value))
    path = folder / f"agenda-{variant.value}.pdf"
    dialog.path_edit.setText(str(path))
    with qtbot.waitSignal(page.print_finished, timeout=30_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return path


def test_prepare_a_ten_item_sitting_from_the_proposal(
    qtbot: QtBot, demo_vault: Vault, tmp_path: Path
) -> None:
    QStandardPaths.setTestModeEnabled(True)  # the remembered print folder: not the user's
    try:
        with main_window(qtbot, demo_vault) as window:
            show_at(window)
            page = window.show_page("sittings")
            assert isinstance(page, SittingsView)
            page.table_choice.setCurrentIndex(page.table_choice.findData(TableCode.WO.value))

            # 1. Plan from the rhythm: the next Tuesday of the series, a working day.
            before = {s.id for s in page.model.records()}
            qtbot.mouseClick(page.rhythm_button, Qt.MouseButton.LeftButton)
            planned = page.selected
            assert planned is not None and planned.id not in before
            assert planned.date.weekday() == 1 and is_working_day(planned.date)
            numbers = [s.number for s in page.model.records() if s.date.year == planned.date.year]
            assert numbers == sorted(numbers)  # numbered in date order

            # 2. The proposal: about 29 cases, each saying why.
            _flag_until(demo_vault, planned.id, 29)
            editor = page.editor
            assert isinstance(editor, AgendaEditor)
            assert editor.isVisible()
            qtbot.mouseClick(editor.propose_button, Qt.MouseButton.LeftButton)
            assert editor.model.rowCount() == 29
            assert all(editor.model.index(r, 7).data() for r in range(29))  # "Waarom"
            assert "te veel" in editor.budget.text()

            # 3. Trim to 10: click row 10, shift-click the last, Delete.
            view = editor.view
            _click_row(qtbot, view, 10, Qt.KeyboardModifier.NoModifier)
            _click_row(qtbot, view, 28, Qt.KeyboardModifier.ShiftModifier)
            assert len(view.selected_rows()) == 19
            qtbot.keyClick(view, Qt.Key.Key_Delete)
            assert editor.model.rowCount() == 10
            assert view.selected_rows() == [9]  # the neighbour, not the first row
            # One too many, and back with Ctrl+Z.
            kept = editor.model.record(9)
            qtbot.keyClick(view, Qt.Key.Key_Delete)
            assert editor.model.rowCount() == 9
            qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            assert editor.model.rowCount() == 10
            assert editor.model.record(9).case_id == kept.case_id
            assert len(sittings.agenda(demo_vault, planned.id)) == 10
            assert page.selected is not None and page.selected.item_count == 10

            # 4. Drag the last item of the first section to the top.
            first_section = editor.model.record(0).section
            last = max(r for r in range(10) if editor.model.record(r).section == first_section)
            moved = editor.model.record(last).case_id
            _drag_to_top(view, last)
            assert editor.model.record(0).case_id == moved
            assert sittings.agenda(demo_vault, planned.id)[0].case_id == moved
            assert "te veel" not in editor.budget.text()

            # 5. Print both agenda variants; the status bar names each file.
            for variant in (Variant.VERSPREID, Variant.VOORZITTER):
                path = _print(qtbot, page, variant, tmp_path)
                assert path.exists()
                text = "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
                assert kept.case_number in text
                assert window.file_notice.isVisible()
                assert path.name in window.file_notice.label.text()
                assert window.file_notice.open_button.isVisible()
                assert window.file_notice.folder_button.isVisible()

            assert window.size() == LAPTOP
            assert fit_problems(window) == []
    finally:
        QStandardPaths.setTestModeEnabled(False)


def test_planned_dates_skip_holidays_and_typed_dates_complete(
    qtbot: QtBot, demo_vault: Vault
) -> None:
    from casustafel.db import thread_guard
    from casustafel.services.sitting_values import SittingStatus
    from casustafel.ui.session import AppSession
    from casustafel.ui.views.sitting_dialog import SittingDialog, read_plan_defaults

    session = AppSession(demo_vault)
    sittings.set_rhythm(demo_vault, TableCode.WO, None)  # without a rhythm: a week ahead
    with thread_guard.allowed():  # the sittings page reads this in a QueryOp
        rhythm, day = read_plan_defaults(demo_vault, TableCode.WO, dt.date(2026, 12, 18))
    dialog = SittingDialog(session, TableCode.WO, day, rhythm=rhythm)
    qtbot.addWidget(dialog)
    # 25 December is a Friday and Christmas: the proposal is Monday the 28th.
    assert dialog.date.date() == dt.date(2026, 12, 28)
    dialog.date.line_edit.setText("2612")
    assert "feestdag" in dialog.day_note.text()  # Tweede Kerstdag, said, not refused
    dialog.date.line_edit.setText("22122027")
    dialog.date.line_edit.editingFinished.emit()
    assert dialog.date.text() == "22-12-2027"
    dialog.chair.setText("Regisseur woonoverlast")
    dialog._on_buttons_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.sitting_id is not None
    listed = sittings.list_sittings(demo_vault, TableCode.WO)
    assert [s.number for s in listed if s.date.year == 2027] == sorted(
        s.number for s in listed if s.date.year == 2027
    )
    assert any(s.status is SittingStatus.GEPLAND for s in listed)


def test_move_cancel_and_delete_from_the_page(qtbot: QtBot, demo_vault: Vault) -> None:
    from casustafel.services.sitting_values import SittingStatus
    from casustafel.ui.session import AppSession

    page = SittingsView(AppSession(demo_vault), table=TableCode.WO)
    qtbot.addWidget(page)
    planned = [s for s in page.model.records() if s.status is SittingStatus.GEPLAND]
    first, second = planned[-2], planned[-1]
    # Move the last planned sitting to before the other: typed as ddmmjjjj; numbers follow.
    page.view.selectRow(page.model.row_of(second.id) or 0)
    dialog = page.move_selected()
    assert dialog is not None
    earlier = first.date - dt.timedelta(days=1)
    dialog.date.line_edit.setText(earlier.strftime("%d%m%Y"))
    dialog.date.line_edit.editingFinished.emit()
    dialog._on_buttons_accepted()
    moved = next(s for s in page.model.records() if s.id == second.id)
    assert moved.date == earlier and moved.number < next(
        s.number for s in page.model.records() if s.id == first.id
    )
    # Cancel it with a reason: it stays in the list, marked, with the reason as tooltip.
    page.view.selectRow(page.model.row_of(second.id) or 0)
    page.cancel_selected("")
    assert not page.banner.isHidden() and "reden" in page.banner.text()
    page.cancel_selected("Voorzitter ziek")
    row = page.model.row_of(second.id)
    assert row is not None
    assert page.model.record(row).status is SittingStatus.GEANNULEERD
    assert page.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole) == "Voorzitter ziek"
    assert not page.move_button.isEnabled() and not page.meeting_button.isEnabled()
    # Delete it after all: gone from the list.
    page.delete_selected()
    assert page.model.row_of(second.id) is None
