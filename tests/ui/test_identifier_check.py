"""Free texts for the distributed copies are checked as they are typed, at the field.

The agenda editor and meeting mode run here with a worker and the vault guard raising: the
identities a field is checked against are read with the agenda on the worker, never by the
check on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.identifiers import Identity
from casustafel.ui.session import AppSession
from casustafel.ui.views import meeting_ops
from casustafel.ui.views.meeting_window import MeetingWindow
from casustafel.ui.views.sitting_agenda_editor import AgendaEditor
from casustafel.ui.widgets.identifier_check import attach_identifier_check
from casustafel.ui.worker import Worker
from tests.ui.shell_helpers import seed_canary_case, seed_canary_sitting

JAN = Identity(given_names="Jan", prefix="de", surname="Vries", postcode="7811 AP")


WAIT = 20_000


@pytest.fixture
def session(vault: Vault, op_worker: Worker) -> Iterator[AppSession]:
    yield AppSession(vault, worker=op_worker)


def _seed(vault: Vault) -> tuple[int, int, int]:
    """A canary case on a sitting: (case, sitting, item), written as the test's own setup."""
    with thread_guard.allowed():
        case_id = seed_canary_case(vault)
        sitting_id, item_id = seed_canary_sitting(vault, case_id)
    return case_id, sitting_id, item_id


def test_the_warning_appears_under_the_field_with_the_reason(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QFormLayout(form)
    field = QLineEdit()
    layout.addRow("Vraag", field)
    layout.addRow("Anders", QLineEdit())
    check = attach_identifier_check(field, lambda: (JAN,))
    form.show()
    assert not check.label.isVisible()
    field.setText("Gesprek met Jan?")
    assert check.label.isVisible() and "een naam" in check.label.text()
    assert layout.getWidgetPosition(check.label)[0] == 1  # right under the field's row
    assert "een naam" in field.toolTip()
    field.setText("Overlast bij 7811ap")
    assert "postcode" in check.label.text()
    field.setText("Overlast in de Houtwegbuurt, zie WO-2026-0042")
    assert not check.label.isVisible() and check.problem == ""


def test_the_agenda_question_is_checked_against_the_agenda(
    qtbot: QtBot, session: AppSession, vault_guard: None
) -> None:
    _case, sitting_id, item_id = _seed(session.vault)
    editor = AgendaEditor(session, sitting_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.model.rowCount() > 0, timeout=WAIT)
    editor.view.selectRow(editor.model.row_of(item_id) or 0)
    editor.question.setFocus()
    editor.question.setPlainText("Is Xylofoonia bereid tot een gesprek?")
    assert editor.question_check.label.isVisible()
    assert "naam van een betrokkene" in editor.question_check.label.text()
    editor.question.setPlainText("Huisbezoek door de wijkagent?")
    assert not editor.question_check.label.isVisible()


def test_decision_and_agreements_are_checked_in_meeting_mode(
    qtbot: QtBot, session: AppSession, vault_guard: None
) -> None:
    sitting_id = _seed(session.vault)[1]
    with thread_guard.allowed():  # meeting mode opens the sitting on the worker and passes it
        opening = meeting_ops.open_meeting(session.vault, sitting_id)
    window = MeetingWindow(session, sitting_id, opening=opening)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT)
    decision, returns, agreements = window.identifier_checks
    window.form.decision.setPlainText("Bellen naar 06-87 65 43 21.")
    assert decision.label.isVisible() and "telefoonnummer" in decision.label.text()
    row = window.form.add_agreement_row(("Huisbezoek Zwaluwstaartlaan 77", "politie", "", ""))
    assert agreements.label.isVisible() and "adres" in agreements.label.text()
    assert "adres" in window.form.agreements.item(row, 0).toolTip()
    window.form.agreements.item(row, 0).setText("Huisbezoek")
    assert not agreements.label.isVisible()
    window.form.returns_note.setText("als Quastenbroek weer overlast geeft")
    assert returns.label.isVisible()
