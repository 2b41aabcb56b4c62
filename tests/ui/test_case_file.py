"""The case file on a real vault: steps, interventions, notes, closing, presentation mode, lock."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import CaseStatus, InterventionStatus, Tenure
from casustafel.services.cases import get_case_file
from casustafel.services.interventions import add_note
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.close_dialog import CloseDialog
from casustafel.ui.views.intervention_dialog import InterventionDialog
from casustafel.ui.views.step_dialog import StepDialog
from tests.ui.shell_helpers import CANARY_FRAGMENTS, leaks, seed_canary_case, widget_texts

from .casedata import add_wo_case


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def open_view(qtbot: QtBot, session: AppSession, case_id: int) -> CaseFileView:
    view = CaseFileView(session, case_id)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    return view


def save(qtbot: QtBot, view: CaseFileView, dialog: QDialog) -> None:
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.save_button.click()  # type: ignore[attr-defined]
        assert not dialog.banner.isVisible(), dialog.banner.text()  # type: ignore[attr-defined]


def test_moving_steps_up_and_down_with_reasons(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault, tenure=Tenure.HUUR))
    assert view.ladder.state_of("MELDING") == "current"
    dialog = view.move_step()
    assert isinstance(dialog, StepDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("KEUKENTAFEL"))
    # Without a reason the move is refused; the dialog stays open with the message.
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "reden" in dialog.banner.text().lower()
    dialog.reason.setPlainText("Bemiddeling overgeslagen: buren weigeren")
    save(qtbot, view, dialog)
    assert view.ladder.state_of("KEUKENTAFEL") == "current"
    assert view.ladder.state_of("MELDING") == "reached"
    assert view.events_model.index(0, 1).data() == "Stap 0 Melding → 3 Keukentafelgesprek"

    # Step 7 needs a motivation and the decision's reference, shown only for such steps.
    dialog = view.move_step()
    assert isinstance(dialog, StepDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("GEDRAGSAANWIJZING"))
    assert dialog.motivation.isVisibleTo(dialog)
    dialog.reason.setPlainText("Afspraken niet nagekomen")
    dialog.save_button.click()
    assert "motivering" in dialog.banner.text()
    assert dialog.reason.toPlainText() == "Afspraken niet nagekomen"  # kept after refusal
    dialog.motivation.setPlainText("Geschikt, noodzakelijk en evenwichtig na twee waarschuwingen")
    dialog.decision_reference.setText("Z-2026-1234")
    save(qtbot, view, dialog)
    assert view.ladder.state_of("GEDRAGSAANWIJZING") == "current"

    dialog = view.move_step()
    assert isinstance(dialog, StepDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("BEMIDDELING"))
    assert not dialog.motivation.isVisibleTo(dialog)
    dialog.reason.setPlainText("De-escalatie: gedrag verbeterd")
    save(qtbot, view, dialog)
    assert view.case_file is not None
    assert get_case_file(session.vault, view.case_file.header.id).header.step == "BEMIDDELING"


def test_huur_only_step_is_refused_for_an_owner(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault, tenure=Tenure.KOOP))
    assert view.ladder.state_of("ONTBINDING") == "blocked"
    dialog = view.move_step()
    assert isinstance(dialog, StepDialog)
    index = dialog.target_combo.findData("ONTBINDING")
    assert "alleen huurwoning" in dialog.target_combo.itemText(index)
    dialog.target_combo.setCurrentIndex(index)
    dialog.reason.setPlainText("Huur ontbinden")
    dialog.save_button.click()
    assert "koopwoning" in dialog.banner.text()


def test_adding_and_updating_an_intervention_with_working_days(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = add_wo_case(session.vault, registered_on=dt.date(2026, 4, 1))
    view = open_view(qtbot, session, case_id)
    dialog = view.add_intervention()
    assert isinstance(dialog, InterventionDialog)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("KEUKENTAFELGESPREK"))
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData("gemeente"))
    dialog.start_date.set_date(dt.date(2026, 4, 24))
    dialog.due.setText("2 werkdagen")  # Fri 24 → Tue 28, Wed 29: weekend and King's Day skipped
    assert dialog.due_words.text() == "woensdag 29 april 2026"
    save(qtbot, view, dialog)
    assert view.interventions_model.rowCount() == 1
    assert view.interventions_model.index(0, 4).data() == "29-04-2026"
    item = view.interventions_model.record(0)
    assert view.case_file is not None
    update = InterventionDialog(session, view.case_file.header.table, item.case_id, item, view)
    update.status_combo.setCurrentIndex(update.status_combo.findData(InterventionStatus.AFGEROND))
    update.outcome.setPlainText("Afspraken gemaakt")
    update.accepted.connect(view.reload)
    update.save_button.click()
    assert view.interventions_model.index(0, 5).data() == "Afgerond"


def test_close_and_reopen_a_case(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    dialog = view.close_case()
    assert isinstance(dialog, CloseDialog)
    dialog.reason.setPlainText("Geen overlast meer")
    dialog.save_button.click()
    assert "uitkomst" in dialog.banner.text().lower()  # no outcome chosen yet
    dialog.choice_combo.setCurrentIndex(dialog.choice_combo.findData("verminderd_of_verdwenen"))
    save(qtbot, view, dialog)
    assert view.case_file is not None
    assert view.case_file.header.status is CaseStatus.AFGESLOTEN
    assert not view.step_action.isEnabled()
    assert view.reopen_action.isEnabled()
    dialog = view.reopen()
    assert isinstance(dialog, CloseDialog)
    dialog.reason.setPlainText("Nieuwe meldingen")
    save(qtbot, view, dialog)
    assert view.case_file.header.status is CaseStatus.IN_BEHANDELING


def test_note_and_presentation_mode_hide_personal_data_everywhere(
    qtbot: QtBot, session: AppSession
) -> None:
    case_id = seed_canary_case(session.vault)
    add_note(
        session.vault,
        case_id,
        "Gesproken met Xylofoonia van Quastenbroek, Zwaluwstaartlaan 77, tel 0687654321.",
    )
    view = open_view(qtbot, session, case_id)
    view.tabs.setCurrentIndex(3)
    assert leaks(CANARY_FRAGMENTS, visible_only=True)  # the canary is on screen
    session.set_presentation_mode(True)
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert leaks(CANARY_FRAGMENTS, visible_only=True) == []
    assert "X.v.Q." in view.notes_model.index(0, 2).data()
    session.set_presentation_mode(False)
    assert "Xylofoonia" in view.notes_model.index(0, 2).data()


def test_lock_clears_the_case_file(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, seed_canary_case(session.vault))
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert view.case_file is None
    # Only this view's widgets: other tests' widgets may still be alive (not yet deleted).
    held = [
        text
        for widget in [view, *view.findChildren(QWidget)]
        for text in widget_texts(widget)
        if text and any(f.casefold() in text.casefold() for f in CANARY_FRAGMENTS)
    ]
    assert held == []
    assert view.subjects_model.rowCount() == 0
    assert view.events_model.rowCount() == 0


def test_show_section_selects_the_intervention(qtbot: QtBot, session: AppSession) -> None:
    view = open_view(qtbot, session, add_wo_case(session.vault))
    dialog = view.add_intervention()
    assert isinstance(dialog, InterventionDialog)
    dialog.partner_combo.setCurrentIndex(dialog.partner_combo.findData("gemeente"))
    save(qtbot, view, dialog)
    intervention_id = view.interventions_model.record(0).id
    view.show_section(f"interventies:{intervention_id}")
    assert view.tabs.currentWidget() is view.interventions_view
    assert view.interventions_view.selectionModel().selectedRows()[0].row() == 0
