"""Intake (weigh a signal, make it a case, attach one) and 'Mijn werk' on real vaults."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.model import (
    FollowUpKind,
    NewSignal,
    SignalStatus,
    TableCode,
)
from casustafel.services.cases import get_case_file
from casustafel.services.interventions import NewIntervention, add_intervention
from casustafel.services.signals import intake_signal, list_signals
from casustafel.ui.session import AppSession
from casustafel.ui.views.intake_view import AttachDialog, IntakeView, ToCaseDialog, WeighDialog
from casustafel.ui.views.mywork_view import MyWorkView

from .casedata import add_wo_case, person_subject


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def new_signal(vault: Vault, days_ago: int = 3, description: str = "Hennepgeur") -> int:
    return intake_signal(
        vault,
        NewSignal(
            table=TableCode.WO,
            received_on=dt.date.today() - dt.timedelta(days=days_ago),
            source="Buurtbewoner",
            description=description,
            area="Bargeres",
            subject=person_subject(),
        ),
    )


def test_weigh_a_signal_and_make_it_a_case(qtbot: QtBot, session: AppSession) -> None:
    signal_id = new_signal(session.vault)
    view = IntakeView(session, TableCode.WO)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 1
    view.table_view.selectRow(0)
    assert view.weigh_button.isEnabled() and not view.to_case_button.isEnabled()
    dialog = view.weigh()
    assert isinstance(dialog, WeighDialog)
    dialog.reason.setPlainText("Past in de procesaanpak")
    dialog.save_button.click()
    assert "uitkomst" in dialog.banner.text().lower()  # no outcome chosen: refused, kept
    assert dialog.reason.toPlainText() == "Past in de procesaanpak"
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("oppakken"))
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert list_signals(session.vault)[0].status is SignalStatus.GEWOGEN
    # Weighed to be taken up: it stays in the default view, still selected, until a case.
    assert view.model.rowCount() == 1
    assert view.selected() is not None and view.selected().id == signal_id  # type: ignore[union-attr]
    assert view.to_case_button.isEnabled()
    to_case = view.to_case()
    assert isinstance(to_case, ToCaseDialog)
    to_case.lead_combo.setCurrentIndex(to_case.lead_combo.findData("gemeente"))
    with qtbot.waitSignal(view.case_open_requested) as opened:
        to_case.save_button.click()
    case_file = get_case_file(session.vault, opened.args[0])
    assert case_file.header.lead_partner == "gemeente"
    assert [s.id for s in case_file.signals] == [signal_id]
    assert view.model.rowCount() == 0  # a case now: off the to-do list


def test_attach_a_signal_to_an_existing_case(qtbot: QtBot, session: AppSession) -> None:
    case_id = add_wo_case(session.vault)
    signal_id = new_signal(session.vault, description="Nieuwe klacht")
    view = IntakeView(session, TableCode.WO)
    qtbot.addWidget(view)
    view.select_signal(signal_id)
    dialog = view.attach()
    assert isinstance(dialog, AttachDialog)
    dialog.case_combo.setCurrentIndex(dialog.case_combo.findData(case_id))
    with qtbot.waitSignal(view.case_open_requested) as opened:
        dialog.save_button.click()
    assert opened.args == [case_id]
    assert [s.id for s in get_case_file(session.vault, case_id).signals] == [signal_id]


def test_intake_hides_descriptions_while_presenting(qtbot: QtBot, session: AppSession) -> None:
    new_signal(session.vault, description="Jan Pieter de Vries kweekt hennep")
    view = IntakeView(session, TableCode.WO)
    qtbot.addWidget(view)
    assert "Vries" in view.model.index(0, 3).data()
    session.set_presentation_mode(True)
    assert view.model.index(0, 3).data() == "•••"
    assert "Vries" not in (view.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) or "")


def test_mywork_opens_an_overdue_intervention_in_its_case(
    qtbot: QtBot, session: AppSession, qtmodeltester: ModelTester
) -> None:
    case_id = add_wo_case(session.vault, registered_on=dt.date.today() - dt.timedelta(days=60))
    intervention_id = add_intervention(
        session.vault,
        case_id,
        NewIntervention(
            type_code="KEUKENTAFELGESPREK",
            partner="gemeente",
            start_date=dt.date.today() - dt.timedelta(days=30),
            due=dt.date.today() - dt.timedelta(days=3),
        ),
    )
    new_signal(session.vault, days_ago=40)
    view = MyWorkView(session)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    kinds = [view.model.record(r).kind for r in range(view.model.rowCount())]
    assert kinds[0] is FollowUpKind.INTERVENTIE_TE_LAAT
    assert FollowUpKind.SIGNAAL_WACHT in kinds
    assert view.model.index(0, 5).data() == "3 dagen te laat"
    assert view.model.index(0, 0).data(view.model.ALERT_ROLE) is True
    assert "Interventie te laat: 1" in view.summary_label.text()
    with qtbot.waitSignal(view.case_open_requested) as opened:
        view.table_view.activated.emit(view.model.index(0, 0))
    assert opened.args == [case_id, f"interventies:{intervention_id}"]
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert view.model.rowCount() == 0
