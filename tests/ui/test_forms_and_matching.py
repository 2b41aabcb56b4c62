"""Forms that point at the problem, and person matching in the open (typed vs known)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.model import SubjectRole, TableCode
from casustafel.services.cases import get_case_file, list_case_summaries
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_form import CaseForm
from casustafel.ui.views.subject_edit_dialog import SubjectEditDialog
from casustafel.ui.views.subject_match_dialog import SubjectMatchDialog
from casustafel.ui.worker import Worker

from .casedata import BSN, add_wo_case

WAIT = 20_000


@pytest.fixture
def session(vault: Vault, op_worker: Worker, vault_guard: None) -> Iterator[AppSession]:
    yield AppSession(vault, worker=op_worker)


T = TypeVar("T")


def _read(fn: Callable[[], T]) -> T:
    with thread_guard.allowed():  # the test checks the vault itself
        return fn()


def _match_dialog(qtbot: QtBot, parent: object) -> SubjectMatchDialog:
    qtbot.waitUntil(lambda: bool(parent.findChildren(SubjectMatchDialog)), timeout=WAIT)  # type: ignore[attr-defined]
    return parent.findChildren(SubjectMatchDialog)[0]  # type: ignore[attr-defined,no-any-return]


def _type_person(form: CaseForm, given: str, prefix: str, surname: str, bsn: str) -> None:
    editor = form.subject_editor
    editor.role_combo.setCurrentIndex(editor.role_combo.findData(SubjectRole.VEROORZAKER))
    editor.given_names.setText(given)
    editor.prefix.setText(prefix)
    editor.surname.setText(surname)
    editor.bsn.setText(bsn)


def test_a_known_bsn_with_another_name_is_shown_and_never_linked_silently(
    qtbot: QtBot, session: AppSession
) -> None:
    known_case = _read(lambda: add_wo_case(session.vault))
    known = _read(lambda: get_case_file(session.vault, known_case)).subjects[0].subject
    form = CaseForm(session, TableCode.WO)
    qtbot.addWidget(form)
    form.show()
    _type_person(form, "Anna", "", "Jansen", BSN)
    form.save_button.click()
    dialog = _match_dialog(qtbot, form)
    (box,) = dialog.boxes
    assert box.match.is_conflict and box.match.known.id == known.id
    cells = {
        box.table.item(r, 0).text(): (box.table.item(r, 1).text(), box.table.item(r, 2).text())
        for r in range(box.table.rowCount())
    }
    assert cells["achternaam"] == ("Jansen", "Vries")  # side by side
    assert cells["voornamen"] == ("Anna", "Jan Pieter")
    assert box.correct_radio.isChecked()  # a conflict proposes to correct the input
    assert not box.new_radio.isVisible()  # the same BSN cannot be another person
    dialog.go_button.click()
    qtbot.waitUntil(lambda: form.subject_editor.bsn.message() != "", timeout=WAIT)
    assert "achternaam" in form.banner.text()
    assert len(_read(lambda: list_case_summaries(session.vault))) == 1  # nothing saved
    # Now the user chooses the known person: linked as chosen, the known name stays.
    form.save_button.click()
    dialog = _match_dialog(qtbot, form)
    dialog.boxes[0].known_radio.click()
    with qtbot.waitSignal(form.case_saved, timeout=WAIT) as saved:
        dialog.go_button.click()
    subject = _read(lambda: get_case_file(session.vault, saved.args[0])).subjects[0].subject
    assert subject.id == known.id and subject.person.surname == "Vries"


def test_an_exact_match_links_without_asking(qtbot: QtBot, session: AppSession) -> None:
    known_case = _read(lambda: add_wo_case(session.vault))
    known = _read(lambda: get_case_file(session.vault, known_case)).subjects[0].subject
    form = CaseForm(session, TableCode.WO)
    qtbot.addWidget(form)
    _type_person(form, "Jan Pieter", "de", "Vries", BSN)
    with qtbot.waitSignal(form.case_saved, timeout=WAIT) as saved:
        form.save_button.click()
    assert not form.findChildren(SubjectMatchDialog)
    subject = _read(lambda: get_case_file(session.vault, saved.args[0])).subjects[0].subject
    assert subject.id == known.id


def _edit_dialog(qtbot: QtBot, session: AppSession) -> SubjectEditDialog:
    case_id = _read(lambda: add_wo_case(session.vault))
    subject = _read(lambda: get_case_file(session.vault, case_id)).subjects[0].subject
    dialog = SubjectEditDialog(session, case_id, subject)
    qtbot.addWidget(dialog)
    dialog.resize(560, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_f2_marks_the_field_with_its_whole_message_and_clears_it_when_fixed(
    qtbot: QtBot, session: AppSession
) -> None:
    dialog = _edit_dialog(qtbot, session)
    dialog.postcode.setText("78")
    dialog.save_button.click()
    assert dialog.banner.text() == "Controleer de gemarkeerde velden."
    message = dialog.postcode.message()
    assert message.startswith("Een postcode bestaat uit 4 cijfers en 2")
    label = dialog.postcode.message_label
    QApplication.processEvents()
    assert label.isVisible()
    assert label.height() >= label.heightForWidth(label.width())  # not cut off
    assert (
        dialog.postcode.line_edit.height() >= dialog.postcode.line_edit.minimumSizeHint().height()
    )
    dialog.postcode.setText("7823 PA")
    assert dialog.postcode.message() == ""
    dialog.birth_date.setText("12031985")  # typed without dashes
    assert dialog.birth_date.message() == ""
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        dialog.save_button.click()
    assert dialog.banner.text() == ""


def test_escape_with_unsaved_changes_asks_first(qtbot: QtBot, session: AppSession) -> None:
    dialog = _edit_dialog(qtbot, session)
    dialog.phone.setText("0698765432")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.findChild(QMessageBox, "discardQuestion")
    assert box is not None and dialog.isVisible()
    keep = next(b for b in box.findChildren(QPushButton) if "Verder" in b.text())
    keep.click()
    assert dialog.isVisible() and dialog.phone.text() == "0698765432"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.findChildren(QMessageBox, "discardQuestion")[-1]
    throw = next(b for b in box.findChildren(QPushButton) if "Weggooien" in b.text())
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        throw.click()


def test_escape_without_changes_closes_at_once(qtbot: QtBot, session: AppSession) -> None:
    dialog = _edit_dialog(qtbot, session)
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.findChild(QMessageBox, "discardQuestion") is None


def test_intervention_warns_about_an_early_start_and_a_passed_deadline(
    qtbot: QtBot, session: AppSession
) -> None:
    import datetime as dt

    from casustafel.ui.views.intervention_dialog import InterventionDialog

    registered = dt.date.today() - dt.timedelta(days=40)
    dialog = InterventionDialog(session, TableCode.WO, 1, registered_on=registered)
    qtbot.addWidget(dialog)
    assert dialog.warning_label.isHidden()
    early = registered - dt.timedelta(days=3)
    dialog.start_date.setText(early.strftime("%d-%m-%Y"))
    assert "vóór de aanmelding" in dialog.warning_label.text()
    dialog.start_date.setText((dt.date.today() - dt.timedelta(days=10)).strftime("%d-%m-%Y"))
    dialog.due.line_edit.setText((dt.date.today() - dt.timedelta(days=1)).strftime("%d-%m-%Y"))
    assert dialog.warning_label.text() == "Let op: de termijn is al verstreken."
    assert dialog.save_button.isEnabled()  # a warning, not a refusal


def test_mywork_says_today_and_tomorrow_and_hides_agreement_text_while_presenting(
    qtbot: QtBot, vault: Vault
) -> None:
    import datetime as dt

    from casustafel.domain.model import FollowUpItem, FollowUpKind
    from casustafel.ui.views.mywork_view import MyWorkView

    session = AppSession(vault)
    view = MyWorkView(session)
    qtbot.addWidget(view)
    today = dt.date.today()
    soon = FollowUpKind.INTERVENTIE_VOOR_ZITTING
    items = [
        FollowUpItem(soon, TableCode.WO, today, "GGZ", 1, "WO-1", days=0),
        FollowUpItem(soon, TableCode.OM, today, "WMO", 2, "OM-1", days=1),
        FollowUpItem(FollowUpKind.AFSPRAAK_TE_LAAT, TableCode.WO, today, "Afspraak", 1, "WO-1",
                     object_id=9, days=2, detail="Bel mevrouw Jansen"),
    ]  # fmt: skip
    view._on_queue_loaded(items)
    texts = [view.model.index(r, 5).data() for r in range(view.model.rowCount())]
    assert texts == ["vandaag", "morgen", "2 dagen te laat"]
    assert view.model.index(2, 3).data() == "Afspraak: Bel mevrouw Jansen"
    # Presenting the woonoverlast table: only its lines, the agreement's text masked.
    session.set_presented_table(TableCode.WO)
    session.set_presentation_mode(True)
    shown = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert len(shown) == 2 and not any("Jansen" in text for text in shown)
    session.set_presentation_mode(False)
    session.set_presented_table(None)
    view.table_combo.setCurrentIndex(view.table_combo.findData("OM"))
    assert view.model.rowCount() == 1
    assert view.summary_label.text() == "Termijn vóór de zitting: 1"  # counts what is listed
