"""Editing a case and a subject from the case file, on real vaults with the real dialogs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.model import Address, NewSubject, SubjectKind, SubjectRole, Tenure
from casustafel.services import moves
from casustafel.services.cases import add_subject, get_case_file
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_edit_dialog import CaseEditDialog
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.subject_edit_dialog import PRESENTATION_REFUSAL, SubjectEditDialog

from .casedata import BSN, add_wo_case


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def open_view(qtbot: QtBot, session: AppSession, case_id: int) -> CaseFileView:
    view = CaseFileView(session, case_id)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    return view


def save(qtbot: QtBot, view: CaseFileView, dialog: CaseEditDialog | SubjectEditDialog) -> None:
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.save_button.click()
        assert not dialog.banner.isVisible(), dialog.banner.text()


def last_change(vault: Vault) -> models.AuditEntry:
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry)
            .where(models.AuditEntry.action != "read")
            .order_by(models.AuditEntry.id.desc())
        ).first()
        assert entry is not None
        uow.session.expunge(entry)
    return entry


def pick(combo: object, data: object) -> None:
    index = combo.findData(data)  # type: ignore[attr-defined]
    assert index >= 0, data
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


# --- the case ---------------------------------------------------------------------------------


def test_edit_case_changes_fields_and_the_file_shows_them(
    qtbot: QtBot, session: AppSession
) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault, area="Emmerhout"))
    dialog = view.edit_case()
    assert isinstance(dialog, CaseEditDialog)
    assert dialog.lead_combo.currentData() == "gemeente"  # current values are shown
    assert dialog.summary.toPlainText().startswith("Geluidsoverlast")
    pick(dialog.lead_combo, "politie")
    pick(dialog.area_combo, "Angelslo")
    pick(dialog.ground_combo, "apv_2_45")
    dialog.summary.setPlainText("Harde muziek, ook overdag")
    save(qtbot, view, dialog)
    assert view.case_file is not None
    header = view.case_file.header
    assert (header.lead_partner, header.area, header.legal_ground) == (
        "politie",
        "Angelslo",
        "apv_2_45",
    )
    assert header.label.endswith("(Angelslo)")
    assert "voortouw: Politie" in view.facts_label.text()
    entry = last_change(session.vault)
    assert (entry.action, entry.object_kind) == ("update", "case")
    assert entry.detail == "fields=lead_partner,legal_ground,area,summary"  # only changes
    assert "muziek" not in entry.detail


def test_koop_on_a_huur_only_step_is_refused_as_typed_and_input_is_kept(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault, tenure=Tenure.HUUR)
    moves.move_step(session.vault, case_id, "ONTBINDING", on=dt.date.today(), reason="Huurschuld")
    view = open_view(qtbot, session, case_id)
    dialog = view.edit_case()
    assert isinstance(dialog, CaseEditDialog)
    dialog.summary.setPlainText("Eigenaar blijkt de woning gekocht te hebben")
    pick(dialog.lead_combo, "lefier")
    pick(dialog.tenure_combo, Tenure.KOOP)
    # The message is next to the field as soon as the choice is made, before saving.
    message = dialog.findChildren(QLabel)
    assert any("alleen voor huurwoningen" in label.text() for label in message)
    assert not dialog.banner.isVisible()
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "zet de casus eerst op een andere stap" in dialog.banner.text()
    # Everything typed and chosen is still there; nothing was saved.
    assert dialog.summary.toPlainText() == "Eigenaar blijkt de woning gekocht te hebben"
    assert dialog.lead_combo.currentData() == "lefier"
    assert dialog.tenure is Tenure.KOOP
    assert get_case_file(session.vault, case_id).header.lead_partner == "gemeente"
    pick(dialog.tenure_combo, Tenure.HUUR)
    save(qtbot, view, dialog)
    assert view.case_file is not None and view.case_file.header.lead_partner == "lefier"


def test_not_informed_needs_a_reason(qtbot: QtBot, session: AppSession) -> None:
    case_id = add_wo_case(session.vault)
    view = open_view(qtbot, session, case_id)
    first = view.edit_case()
    assert isinstance(first, CaseEditDialog)
    first.informed_check.setChecked(True)
    save(qtbot, view, first)
    dialog = view.edit_case()
    assert isinstance(dialog, CaseEditDialog)
    dialog.informed_check.setChecked(False)
    dialog.save_button.click()
    assert dialog.isVisible() and "niet is geïnformeerd" in dialog.banner.text()
    dialog.not_informed_reason.setPlainText("Lopend strafrechtelijk onderzoek")
    save(qtbot, view, dialog)
    header = get_case_file(session.vault, case_id).header
    assert not header.subject_informed
    assert header.not_informed_reason == "Lopend strafrechtelijk onderzoek"


def test_presentation_mode_hides_free_text_and_leaves_it_unchanged(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault)
    view = open_view(qtbot, session, case_id)
    session.set_presentation_mode(True)
    dialog = view.edit_case()
    assert isinstance(dialog, CaseEditDialog)
    assert not dialog.summary.isVisible() and dialog.hidden_note.isVisible()
    pick(dialog.area_combo, "Bargeres")
    save(qtbot, view, dialog)
    header = get_case_file(session.vault, case_id).header
    assert header.area == "Bargeres" and header.summary.startswith("Geluidsoverlast")


def test_lock_closes_and_empties_the_case_dialog(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    dialog = view.edit_case()
    assert isinstance(dialog, CaseEditDialog)
    dialog.summary.setPlainText("Xylofoonia woont hier")
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert not dialog.isVisible()


# --- subjects ---------------------------------------------------------------------------------


def test_edit_subject_validates_as_typed_and_keeps_input_on_refusal(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault)
    view = open_view(qtbot, session, case_id)
    dialog = view.edit_subject()  # the only subject: no need to select it
    assert isinstance(dialog, SubjectEditDialog)
    assert dialog.bsn.text() == BSN and dialog.surname.text() == "Vries"
    dialog.surname.setText("Vriess")
    qtbot.keyClicks(dialog.postcode.line_edit, "X")  # "7823 PAX": not a postcode
    dialog.postcode.line_edit.editingFinished.emit()
    assert "postcode" in dialog.postcode.message().lower()
    dialog.bsn.line_edit.clear()
    qtbot.keyClicks(dialog.bsn.line_edit, "123456789")
    dialog.bsn.validate_now()
    assert dialog.bsn.message() == "Het BSN voldoet niet aan de elfproef."
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.surname.text() == "Vriess" and dialog.bsn.text() == "123456789"
    assert get_case_file(session.vault, case_id).subjects[0].subject.person.surname == "Vries"
    # Fixed: saved, label recomputed, audited with field names only.
    dialog.bsn.setText(BSN)
    dialog.postcode.setText("7823pa")
    dialog.surname.setText("Graaf")
    save(qtbot, view, dialog)
    assert view.case_file is not None
    subject = view.case_file.subjects[0].subject
    assert subject.person.surname == "Graaf" and subject.address.postcode == "7823 PA"
    assert view.case_file.header.label == "J.d.G. (Emmerhout)"  # was J.d.V.
    entry = last_change(session.vault)
    assert (entry.action, entry.object_kind, entry.case_id) == ("update", "subject", case_id)
    assert entry.detail == "fields=surname" and entry.on_behalf_of == ""


def test_a_service_refusal_lands_next_to_its_field(qtbot: QtBot, session: AppSession) -> None:
    case_id = add_wo_case(session.vault)
    view = open_view(qtbot, session, case_id)
    dialog = view.edit_subject()
    assert isinstance(dialog, SubjectEditDialog)
    dialog.surname.clear()
    dialog.bsn.setText("")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "achternaam" in dialog.banner.text().lower()
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    assert labels.count("Vul de achternaam of het BSN in.") == 2  # banner and under the field


def test_several_subjects_need_a_choice_and_double_click_edits(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault)
    add_subject(
        session.vault,
        case_id,
        NewSubject(
            kind=SubjectKind.ADRES,
            role=SubjectRole.BETROKKENE,
            address=Address(street="Kerkstraat", house_number="3", postcode="7811 AB"),
        ),
    )
    view = open_view(qtbot, session, case_id)
    view.tabs.setCurrentIndex(2)
    assert view.edit_subject() is None  # none chosen: the subjects tab is shown instead
    assert view.tabs.currentIndex() == 0  # the subjects tab
    row = next(
        r
        for r in range(view.subjects_model.rowCount())
        if view.subjects_model.record(r).subject.kind is SubjectKind.ADRES
    )
    index = view.subjects_model.index(row, 2)
    view.subjects_view.doubleClicked.emit(index)
    dialog = view.findChild(SubjectEditDialog)
    assert isinstance(dialog, SubjectEditDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Adres bewerken"
    assert not dialog.bsn.isVisibleTo(dialog)  # an address has no BSN
    dialog.house_number.setText("3-A")
    save(qtbot, view, dialog)


def test_presentation_mode_refuses_the_subject_dialog(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    assert view.edit_subject_action.isEnabled()
    session.set_presentation_mode(True)
    assert not view.edit_subject_action.isEnabled()
    assert view.edit_subject_action.toolTip() == PRESENTATION_REFUSAL
    assert view.edit_subject() is None
    assert view.findChild(SubjectEditDialog) is None
    with pytest.raises(RuntimeError):
        assert view.case_file is not None
        SubjectEditDialog(session, view.case_file.header.id, view.case_file.subjects[0].subject)
    session.set_presentation_mode(False)
    assert view.edit_subject_action.isEnabled()


def test_presentation_mode_during_editing_masks_every_field(
    qtbot: QtBot, session: AppSession
) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    dialog = view.edit_subject()
    assert isinstance(dialog, SubjectEditDialog)
    dialog.given_names.setText("Jan Pieter Karel")
    session.set_presentation_mode(True)
    edits = dialog.findChildren(QLineEdit)
    assert edits and all(e.echoMode() is QLineEdit.EchoMode.Password for e in edits)
    assert not dialog.birth_date.words_label.isVisible()
    assert not dialog.save_button.isEnabled()
    session.set_presentation_mode(False)
    assert dialog.given_names.text() == "Jan Pieter Karel"  # nothing typed was lost
    assert dialog.given_names.echoMode() is QLineEdit.EchoMode.Normal
    assert dialog.save_button.isEnabled()


def test_actions_have_shortcuts_and_open_the_dialogs(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    assert view.edit_case_action.shortcut().toString() == "Ctrl+Shift+E"
    assert view.edit_subject_action.shortcut().toString() == "F2"
    view.edit_subject_action.trigger()
    assert view.findChild(SubjectEditDialog) is not None
    view.edit_case_action.trigger()
    assert view.findChild(CaseEditDialog) is not None
