"""'Casus toevoegen': find an open case of the table by number, label or name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import TableCode
from casustafel.services import cases
from casustafel.ui.session import AppSession
from casustafel.ui.views.agenda_case_dialog import CaseSearchDialog
from tests.services.sitting_fixtures import seed


def _search(qtbot: QtBot, dialog: CaseSearchDialog, text: str) -> list[str]:
    dialog.search.setText(text)
    with qtbot.waitSignal(dialog.searched, timeout=10_000):
        dialog.run_search()
    return [dialog.hits.item(i).text() for i in range(dialog.hits.count())]


def test_search_by_number_label_and_name_not_by_name_when_presenting(
    qtbot: QtBot, vault: Vault
) -> None:
    seeded = seed(vault)
    number = cases.get_case_file(vault, seeded.flagged_case).header.number
    session = AppSession(vault)
    dialog = CaseSearchDialog(session, TableCode.WO)
    qtbot.addWidget(dialog)
    # Part of the number, the area of the label, a surname: each finds the case.
    assert any(number in hit for hit in _search(qtbot, dialog, number[-4:]))
    assert any("Bargeres" in hit for hit in _search(qtbot, dialog, "bargeres"))
    by_name = _search(qtbot, dialog, "kloosterveen")
    assert by_name and all("Kloosterveen" not in hit for hit in by_name)  # never shown
    # The closed case is not offered.
    closed = cases.get_case_file(vault, seeded.closed_case).header.number
    assert all(closed not in hit for hit in _search(qtbot, dialog, closed))
    # Presenting: a name finds nothing (a hit would tell the room who it is).
    session.set_presentation_mode(True)
    assert _search(qtbot, dialog, "kloosterveen") == []
    assert _search(qtbot, dialog, number[-4:])
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.case_id is not None
