"""The case list and the new-case form, driven like a user would on a real vault."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import SubjectRole, TableCode
from casustafel.services.cases import get_case_file, list_case_summaries
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_form import CaseForm
from casustafel.ui.views.case_list_view import CaseListView
from casustafel.ui.worker import Worker

from .casedata import add_many_cases, add_wo_case


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


@pytest.fixture
def worker() -> Iterator[Worker]:
    background = Worker()
    yield background
    background.shutdown()


def test_list_loads_in_the_background_and_filters_on_names(
    qtbot: QtBot, session: AppSession, worker: Worker
) -> None:
    add_wo_case(session.vault)
    add_many_cases(session.vault, 5)
    session.worker = worker  # operations run on the worker from here on
    view = CaseListView(session, TableCode.WO)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.cases_loaded, timeout=10_000) as loaded:
        view.reload()
    assert loaded.args == [6]
    assert view.model.rowCount() == 6
    assert view.count_label.text() == "6 casussen"
    # Names and postcodes are not in the list, yet the filter finds them.
    qtbot.keyClicks(view.filter_edit, "de vries 7823")
    assert view.model.rowCount() == 1
    assert view.count_label.text() == "1 van 6 casussen"
    with qtbot.waitSignal(view.case_open_requested) as opened:
        qtbot.keyClick(view.filter_edit, Qt.Key.Key_Return)
    assert opened.args[0] == view.model.case_at(0).id
    qtbot.keyClicks(view.filter_edit, " niemand")
    assert view.model.rowCount() == 0
    assert "Geen casus gevonden" in view.empty_label.text()


def test_lock_clears_rows_search_texts_and_filter(qtbot: QtBot, session: AppSession) -> None:
    add_wo_case(session.vault)
    view = CaseListView(session, None)
    qtbot.addWidget(view)
    view.reload()
    view.filter_edit.setText("vries")
    assert view.model.rowCount() == 1
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert view.model.rowCount() == 0
    assert view.model.total_count == 0
    assert view.filter_edit.text() == ""
    texts = [w.text() for w in view.findChildren(QLineEdit)]
    assert not any("ries" in t for t in texts)


def test_presentation_mode_clears_a_typed_name_from_the_filter(
    qtbot: QtBot, session: AppSession
) -> None:
    add_wo_case(session.vault)
    view = CaseListView(session, None)
    qtbot.addWidget(view)
    view.reload()
    view.filter_edit.setText("Jan Pieter")
    session.set_presentation_mode(True)
    assert view.filter_edit.text() == ""
    assert view.model.index(0, 1).data() == "J.d.V. (Emmerhout)"


def test_new_case_form_validates_as_you_type_and_keeps_input_on_refusal(
    qtbot: QtBot, session: AppSession
) -> None:
    form = CaseForm(session, TableCode.WO)
    qtbot.addWidget(form)
    form.show()
    editor = form.subject_editor
    qtbot.keyClicks(editor.surname, "Vries")
    qtbot.keyClicks(editor.prefix, "de")
    qtbot.keyClicks(editor.given_names, "Anna")
    qtbot.keyClicks(editor.bsn.line_edit, "123456789")  # fails the elfproef
    qtbot.waitUntil(lambda: editor.bsn.message() != "")
    assert "elfproef" in editor.bsn.message()
    assert editor.bsn.message_label.isVisible()
    editor.bsn.line_edit.clear()
    qtbot.keyClicks(editor.bsn.line_edit, "111222333")
    assert editor.bsn.message() == ""  # a correct value clears at once
    qtbot.keyClicks(editor.postcode.line_edit, "7811 SA")  # letters PostNL never issues
    editor.postcode.validate_now()
    assert editor.postcode.message()
    # The save is refused, the message is next to the field and everything typed stays.
    form.save_button.click()
    assert form.banner.isVisible()
    assert editor.surname.text() == "Vries"
    assert editor.bsn.text() == "111222333"
    assert list_case_summaries(session.vault) == []


def test_new_case_is_saved_with_its_subject_and_opened(qtbot: QtBot, session: AppSession) -> None:
    view = CaseListView(session, TableCode.WO)
    qtbot.addWidget(view)
    view.reload()
    form = CaseForm(session, TableCode.WO, parent=view)  # closed with its parent
    form.case_saved.connect(view._on_case_form_case_saved)
    form.area_combo.setCurrentIndex(form.area_combo.findData("Angelslo"))
    form.tenure_combo.setCurrentIndex(1)
    editor = form.subject_editor
    editor.role_combo.setCurrentIndex(editor.role_combo.findData(SubjectRole.VEROORZAKER))
    editor.given_names.setText("Anna")
    editor.prefix.setText("van der")
    editor.surname.setText("Berg")
    editor.birth_date.setText("02-03-1990")
    editor.postcode.setText("7811 AB")
    editor.house_number.setText("4")
    form.add_subject_button.click()
    assert form.subjects_model.rowCount() == 1
    assert editor.surname.text() == ""
    with qtbot.waitSignal(view.case_open_requested) as opened:
        form.save_button.click()
    case_file = get_case_file(session.vault, opened.args[0])
    assert case_file.header.label == "A.v.d.B. (Angelslo)"
    assert case_file.subjects[0].subject.person.surname == "Berg"
    assert view.model.rowCount() == 1
    assert not form.isVisible()
