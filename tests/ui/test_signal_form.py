"""Entering a signal by hand in the intake inbox, on real vaults with the real form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.catalogue import table_definition
from casustafel.domain.model import SignalStatus, SubjectKind, TableCode
from casustafel.services.cases import get_case_file
from casustafel.services.signals import list_signals
from casustafel.ui.session import AppSession
from casustafel.ui.views.intake_view import IntakeView
from casustafel.ui.views.signal_form import SignalForm

from .casedata import BSN, add_wo_case

MH_PARTNER = table_definition(TableCode.MH).partners[0].name


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def open_inbox(qtbot: QtBot, session: AppSession, table: TableCode | None) -> IntakeView:
    view = IntakeView(session, table)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view


def open_form(view: IntakeView) -> SignalForm:
    view.new_button.click()
    form = view.findChild(SignalForm)
    assert isinstance(form, SignalForm) and form.isVisible()
    return form


def test_a_signal_about_a_known_person_is_matched_and_selected(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault)  # Jan Pieter de Vries with BSN, known in the vault
    known = get_case_file(session.vault, case_id).subjects[0].subject.id
    view = open_inbox(qtbot, session, TableCode.WO)
    assert view.model.rowCount() == 0
    form = open_form(view)
    assert not form.table_combo.isEnabled()  # the inbox's table
    form.received_on.setText(dt.date.today().strftime("%d-%m-%Y"))
    form.source_combo.setCurrentText("Lefier")
    form.description.setPlainText("Buren klagen over harde muziek 's nachts")
    form.area_combo.setCurrentIndex(form.area_combo.findData("Emmerhout"))
    editor = form.subject_editor
    qtbot.keyClicks(editor.surname, "Vries")
    qtbot.keyClicks(editor.bsn.line_edit, "111.222.333")  # typed with dots: the same BSN
    with qtbot.waitSignal(form.signal_saved, timeout=2000) as saved:
        form.save_button.click()
    assert not form.banner.isVisible(), form.banner.text()
    signal_id = saved.args[0]
    (signal,) = list_signals(session.vault, TableCode.WO)
    assert signal.id == signal_id and signal.status is SignalStatus.WACHT_OP_WEGING
    assert signal.subject_id == known  # matched, not a duplicate
    assert (signal.source, signal.area) == ("Lefier", "Emmerhout")
    # The inbox shows it, selected, ready for weighing.
    assert view.model.rowCount() == 1
    assert view.selected() is not None and view.selected().id == signal_id  # type: ignore[union-attr]
    assert view.weigh_button.isEnabled()


def test_validation_as_typed_and_input_kept_on_refusal(qtbot: QtBot, session: AppSession) -> None:
    view = open_inbox(qtbot, session, TableCode.OM)
    form = open_form(view)
    form.description.setPlainText("Drugshandel vanuit woning")
    editor = form.subject_editor
    qtbot.keyClicks(editor.surname, "Bakker")
    qtbot.keyClicks(editor.bsn.line_edit, "123456789")
    editor.bsn.validate_now()
    assert editor.bsn.message() == "Het BSN voldoet niet aan de elfproef."
    editor.postcode.setText("7811 SA")
    assert editor.postcode.message()  # never issued by PostNL
    form.received_on.setText("31-02-2026")
    assert "bestaat niet" in form.received_on.message()
    form.save_button.click()
    assert form.isVisible() and form.banner.text() == "Controleer de gemarkeerde velden."
    assert list_signals(session.vault) == []
    # Everything typed is still there.
    assert editor.surname.text() == "Bakker" and editor.bsn.text() == "123456789"
    assert form.description.toPlainText() == "Drugshandel vanuit woning"
    editor.bsn.setText(BSN)
    editor.postcode.setText("7811 AB")
    form.received_on.set_date(dt.date.today() + dt.timedelta(days=3))
    assert "toekomst" in form.received_on.message()
    form.received_on.set_date(dt.date.today())
    with qtbot.waitSignal(form.signal_saved, timeout=2000):
        form.save_button.click()
    (signal,) = list_signals(session.vault, TableCode.OM)
    assert signal.description == "Drugshandel vanuit woning" and signal.subject_id is not None


def test_a_service_refusal_is_shown_next_to_the_field(qtbot: QtBot, session: AppSession) -> None:
    view = open_inbox(qtbot, session, TableCode.WO)
    form = open_form(view)
    form.description.setPlainText("Overlast")
    form.subject_editor.given_names.setText("Piet")  # a person without surname or BSN
    form.save_button.click()
    assert form.isVisible() and form.banner.text() == "Vul de achternaam of het BSN in."
    form.description.clear()
    form.subject_editor.clear()
    form.save_button.click()
    assert form.banner.text() == "Beschrijf wat er is gemeld."
    assert list_signals(session.vault) == []


def test_without_subject_and_on_the_all_tables_inbox(qtbot: QtBot, session: AppSession) -> None:
    view = open_inbox(qtbot, session, None)
    form = open_form(view)
    assert form.table_combo.isEnabled()
    form.source_combo.setCurrentText("Meld Misdaad Anoniem")
    form.table_combo.setCurrentIndex(form.table_combo.findData(TableCode.MH))
    assert form.source_combo.currentText() == "Meld Misdaad Anoniem"  # kept on table change
    assert form.source_combo.findText(MH_PARTNER) >= 0  # the new table's partners
    form.description.setPlainText("Vermoeden van uitbuiting in een nagelstudio")
    with qtbot.waitSignal(form.signal_saved, timeout=2000):
        form.save_button.click()
    (signal,) = list_signals(session.vault)
    assert signal.table is TableCode.MH and signal.subject_id is None
    assert view.model.rowCount() == 1


def test_an_address_signal(qtbot: QtBot, session: AppSession) -> None:
    view = open_inbox(qtbot, session, TableCode.WO)
    form = open_form(view)
    editor = form.subject_editor
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(SubjectKind.ADRES))
    editor.street.setText("Kerkstraat")
    editor.postcode.setText("7811 AB")
    form.description.setPlainText("Afval in de tuin")
    form.save_button.click()
    assert form.isVisible() and "huisnummer" in form.banner.text()
    assert editor.house_number.message() == form.banner.text()  # next to the field too
    editor.house_number.setText("3")
    with qtbot.waitSignal(form.signal_saved, timeout=2000):
        form.save_button.click()
    (signal,) = list_signals(session.vault)
    assert signal.subject_id is not None


def test_presentation_mode_hides_the_subject_and_lock_empties_the_form(
    qtbot: QtBot, session: AppSession
) -> None:
    view = open_inbox(qtbot, session, TableCode.WO)
    form = open_form(view)
    form.subject_editor.surname.setText("Quastenbroek")
    session.set_presentation_mode(True)
    assert form.subject_editor.surname.echoMode() is QLineEdit.EchoMode.Password
    assert form.subject_editor.bsn.line_edit.echoMode() is QLineEdit.EchoMode.Password
    form.description.setPlainText("Xylofoonia van Quastenbroek schreeuwt")
    assert not form.description.isVisible() and form.hidden_note.isVisible()
    session.set_presentation_mode(False)
    assert form.subject_editor.surname.echoMode() is QLineEdit.EchoMode.Normal
    assert form.description.isVisible() and not form.hidden_note.isVisible()
    assert form.description.toPlainText() == "Xylofoonia van Quastenbroek schreeuwt"
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert not form.isVisible()
    assert form.subject_editor.surname.text() == ""
    assert form.description.toPlainText() == ""
