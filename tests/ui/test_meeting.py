"""pytest-qt drives a whole sitting in meeting mode on a real vault: record three items, crash
the window mid-item, reopen on the same item with everything there, close, print the list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from casustafel.db import models, thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import EventKind
from casustafel.services import cases, sittings
from casustafel.services.sitting_print import DocumentKind
from casustafel.services.sitting_values import SittingStatus
from casustafel.ui.session import AppSession
from casustafel.ui.views import meeting_ops
from casustafel.ui.views.meeting_window import AUTOSAVE_MS, MeetingWindow
from casustafel.ui.views.print_dialog import EACH_PARTNER, PrintDialog
from tests.services.sitting_fixtures import PERSONAL_STRINGS, SITTING_DAY, TODAY, seed


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def _open(qtbot: QtBot, session: AppSession, sitting_id: int) -> MeetingWindow:
    # The launcher reads this on the worker; this test drives the window alone.
    with thread_guard.allowed():
        opening = meeting_ops.open_meeting(session.vault, sitting_id)
    window = MeetingWindow(session, sitting_id, opening=opening)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _type_agreement(window: MeetingWindow, what: str, partner: str, due: str) -> None:
    row = window.form.add_agreement_row()
    for column, text in enumerate((what, partner, due, "")):
        window.form.agreements.setItem(row, column, QTableWidgetItem(text))


def _check_partner(window: MeetingWindow, code: str) -> None:
    for i in range(window.form.partners.count()):
        item = window.form.partners.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            item.setCheckState(Qt.CheckState.Checked)


def _visible_texts(widget: MeetingWindow) -> str:
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in widget.findChildren(QLineEdit) if w.isVisible()]
    parts += [w.toPlainText() for w in widget.findChildren(QPlainTextEdit) if w.isVisible()]
    model = widget.model
    parts += [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    return "\n".join(parts)


def test_a_whole_sitting(qtbot: QtBot, session: AppSession, tmp_path: Path) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    sittings.add_free_item(session.vault, seeded.sitting_id, "rondvraag", "Rondvraag")
    window = _open(qtbot, session, seeded.sitting_id)
    assert session.presentation_mode  # on by default at the table
    assert [s for s in PERSONAL_STRINGS if s in _visible_texts(window)] == []
    first = window.current_item_id
    assert first == window.model.record(0).id

    # Item 1: decision and an agreement in "N werkdagen", typed by keyboard.
    qtbot.keyClicks(window.form.decision, "Plan van aanpak vastgesteld; regie bij Lefier.")
    _check_partner(window, "lefier")
    _type_agreement(window, "Huisbezoek afleggen", "politie", "10 werkdagen")
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 3):
        pass
    qtbot.keyClick(window.form.decision, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    second = window.current_item_id
    assert second != first

    # Item 2: the escalation proposal: step change to WAARSCHUWING and a return date.
    escalate = next(e for e in window.model.records() if e.case_id == seeded.escalate_case)
    window.go_to(escalate.id)
    qtbot.keyClicks(window.form.decision, "Waarschuwing door de burgemeester.")
    window.form.step.setCurrentIndex(window.form.step.findData("WAARSCHUWING"))
    returns = SITTING_DAY + dt.timedelta(days=28)
    window.form.returns_on.setText(returns.strftime("%d-%m-%Y"))
    _type_agreement(window, "Huurwaarschuwing sturen", "Lefier", "")
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 3):
        pass

    # Item 3: typing, saved, then the window dies mid-item without closeEvent (a crash).
    third = next(e for e in window.model.records() if e.id not in (first, escalate.id))
    window.go_to(third.id)
    qtbot.keyClicks(window.form.decision, "Casus blijft op de agenda.")
    _type_agreement(window, "Zorg aanbieden", "GGZ Drenthe", "31-12-2030")
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 3):
        pass
    window._tick.stop()  # a crash stops everything at once
    window.hide()
    window.deleteLater()
    QApplication.processEvents()

    reopened = _open(qtbot, session, seeded.sitting_id)
    assert reopened.current_item_id == third.id  # back on the same item
    assert reopened.form.decision.toPlainText() == "Casus blijft op de agenda."
    assert reopened.form.agreements.item(0, 0).text() == "Zorg aanbieden"
    records = {e.id: e for e in sittings.agenda(session.vault, seeded.sitting_id)}
    assert records[first].record.decision.startswith("Plan van aanpak")
    assert records[first].record.partners_present == ("lefier",)
    (agreement,) = records[first].agreements
    assert agreement.partner == "politie" and agreement.due is not None
    assert records[escalate.id].record.step_change_to == "WAARSCHUWING"
    assert records[escalate.id].record.returns_on == returns

    # Close the sitting: the record freezes and the decisions flow into the cases.
    with qtbot.waitSignal(reopened.sitting_closed):
        assert reopened.close_sitting(confirm=False)
    assert sittings.get_sitting(session.vault, seeded.sitting_id).status is SittingStatus.GESLOTEN
    assert reopened.form.decision.isReadOnly()
    case_file = cases.get_case_file(session.vault, seeded.escalate_case)
    assert [e.sitting_id for e in case_file.events if e.kind is EventKind.STAP] == [
        seeded.sitting_id
    ]
    with session.vault.unit_of_work() as tx:
        open_agreements = tx.session.scalars(
            select(models.Agreement).where(models.Agreement.status == "open")
        ).all()
        assert len(open_agreements) == 3

    # Print the decisions list (distributed): no personal data, the decisions are in it.
    target = tmp_path / "besluitenlijst.pdf"
    with qtbot.waitSignal(reopened.print_finished):
        reopened.print_decisions(target)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Waarschuwing door de burgemeester." in text and "Zorg aanbieden" in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []


def test_locking_closes_the_window_and_reopening_returns_to_the_item(
    qtbot: QtBot, session: AppSession
) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    window = _open(qtbot, session, seeded.sitting_id)
    window.next_item()
    on = window.current_item_id
    qtbot.keyClicks(window.form.decision, "Besluit")
    with qtbot.waitSignal(window.item_saved, timeout=AUTOSAVE_MS * 3):
        pass
    vault_path = session.vault.paths.folder
    session.lock()
    assert not window.isVisible()
    assert window.model.rowCount() == 0
    from tests.conftest import TEST_PASSPHRASE

    again = AppSession(Vault.unlock(vault_path, TEST_PASSPHRASE))
    try:
        reopened = _open(qtbot, again, seeded.sitting_id)
        assert reopened.current_item_id == on
        assert reopened.form.decision.toPlainText() == "Besluit"
    finally:
        again.lock()


def test_a_lock_right_after_typing_loses_nothing(qtbot: QtBot, session: AppSession) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    window = _open(qtbot, session, seeded.sitting_id)
    window.next_item()
    on = window.current_item_id
    qtbot.keyClicks(window.form.decision, "Net getypt")
    vault_path = session.vault.paths.folder
    session.lock()  # before the autosave timer has fired
    from tests.conftest import TEST_PASSPHRASE

    again = AppSession(Vault.unlock(vault_path, TEST_PASSPHRASE))
    try:
        reopened = _open(qtbot, again, seeded.sitting_id)
        assert reopened.current_item_id == on
        assert reopened.form.decision.toPlainText() == "Net getypt"
    finally:
        again.lock()


def test_ladder_refusal_at_closing_is_shown_and_nothing_closes(
    qtbot: QtBot, session: AppSession
) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    window = _open(qtbot, session, seeded.sitting_id)
    escalate = next(e for e in window.model.records() if e.case_id == seeded.escalate_case)
    window.go_to(escalate.id)
    window.form.step.setCurrentIndex(window.form.step.findData("GEDRAGSAANWIJZING"))
    assert window.form.motivation.isVisibleTo(window)  # steps 7-10 ask for it
    assert not window.close_sitting(confirm=False)
    assert "motivering" in window.banner.text()
    assert sittings.get_sitting(session.vault, seeded.sitting_id).status is SittingStatus.LOPEND


def test_print_button_offers_partner_copies_and_the_action_list(
    qtbot: QtBot, session: AppSession, tmp_path: Path
) -> None:
    seeded = seed(session.vault)
    sittings.compose_agenda(session.vault, seeded.sitting_id, TODAY)
    window = _open(qtbot, session, seeded.sitting_id)
    qtbot.keyClicks(window.form.decision, "Huisbezoek plannen.")
    _check_partner(window, "politie")
    _type_agreement(window, "Huisbezoek afleggen", "politie", "10 werkdagen")
    window.save_now()

    window.print_button.click()
    dialog = window.findChild(PrintDialog)
    assert isinstance(dialog, PrintDialog) and dialog.isVisible()
    assert dialog.kind is DocumentKind.BESLUITENLIJST  # the meeting's own document first
    # The action list for one partner, from meeting mode.
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.ACTIELIJST.value))
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("politie"))
    target = tmp_path / "actielijst-politie.pdf"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(window.print_finished) as blocker:
        dialog.save_button.click()
    assert blocker.args == [str(target)]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Huisbezoek afleggen" in text
    assert [s for s in PERSONAL_STRINGS if s in text] == []

    # The besluitenlijst as one file per invited partner.
    dialog = window.ask_print()
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData(EACH_PARTNER))
    dialog.path_edit.setText(str(tmp_path / "besluitenlijst.pdf"))
    jobs = dialog.jobs()
    assert [job.partner for job in jobs] == ["politie", "lefier", "ggz"]
    with qtbot.waitSignals([window.print_finished] * 3):
        dialog.save_button.click()
    assert all(job.path.exists() for job in jobs)
    assert "Huisbezoek plannen." in "\n".join(
        p.extract_text() for p in pypdf.PdfReader(jobs[0].path).pages
    )
