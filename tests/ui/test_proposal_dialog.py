"""The case file's "Voorstel voor de tafel…": proposal and "bespreken" mark, on a real vault."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from casustafel.db.vault import Vault
from casustafel.domain.agenda_rules import Proposal, ProposalReason
from casustafel.domain.model import CaseStatus, TableCode
from casustafel.services import sittings
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.proposal_dialog import ProposalDialog
from tests.services.sitting_fixtures import TODAY, seed, set_status
from tests.ui.casedata import add_many_cases


@pytest.fixture
def session(vault: Vault) -> AppSession:
    return AppSession(vault)


def _open(qtbot: QtBot, session: AppSession, case_id: int) -> CaseFileView:
    view = CaseFileView(session, case_id)
    qtbot.addWidget(view)
    view.show()
    return view


def test_proposal_is_read_changed_and_feeds_the_next_agenda(
    qtbot: QtBot, session: AppSession
) -> None:
    seeded = seed(session.vault)
    view = _open(qtbot, session, seeded.escalate_case)
    assert view.proposal_action.isEnabled()
    view.proposal_action.trigger()
    dialog = view.findChild(ProposalDialog)
    assert isinstance(dialog, ProposalDialog)
    # What the vault holds is shown: escalation to step 5, not flagged.
    assert dialog.proposal is Proposal.OPSCHALING
    assert dialog.step == "WAARSCHUWING"
    assert not dialog.flagged_box.isChecked()
    assert dialog.step_combo.isVisibleTo(dialog)
    # De-escalation to mediation, and marked for discussion.
    dialog.proposal_combo.setCurrentIndex(dialog.proposal_combo.findData("afschaling"))
    dialog.step_combo.setCurrentIndex(dialog.step_combo.findData("BEMIDDELING"))
    dialog.flagged_box.setChecked(True)
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.save_button.click()
    assert sittings.case_proposal(session.vault, seeded.escalate_case) == (
        Proposal.AFSCHALING,
        "BEMIDDELING",
        True,
    )
    proposed = {p.case_id: p for p in sittings.propose(session.vault, seeded.sitting_id, TODAY)}
    assert ProposalReason.AFSCHALING in proposed[seeded.escalate_case].reasons

    # Closing needs no step: the row hides and no step is stored.
    again = view.propose_to_table()
    assert isinstance(again, ProposalDialog)
    again.proposal_combo.setCurrentIndex(again.proposal_combo.findData("afsluiting"))
    assert not again.step_combo.isVisibleTo(again) and again.step == ""
    again.flagged_box.setChecked(False)
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        again.save_button.click()
    assert sittings.case_proposal(session.vault, seeded.escalate_case) == (
        Proposal.AFSLUITING,
        "",
        False,
    )

    # "Geen voorstel" without the mark takes the case off the proposal again.
    last = view.propose_to_table()
    assert isinstance(last, ProposalDialog)
    last.proposal_combo.setCurrentIndex(last.proposal_combo.findData(""))
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        last.save_button.click()
    still = {p.case_id for p in sittings.propose(session.vault, seeded.sitting_id, TODAY)}
    assert seeded.escalate_case not in still


def test_no_steps_for_mensenhandel_and_no_proposal_for_a_closed_case(
    qtbot: QtBot, session: AppSession
) -> None:
    (mh_case,) = add_many_cases(session.vault, 1, TableCode.MH)
    view = _open(qtbot, session, mh_case)
    dialog = view.propose_to_table()
    assert isinstance(dialog, ProposalDialog)
    dialog.proposal_combo.setCurrentIndex(dialog.proposal_combo.findData("opschaling"))
    assert not dialog.step_combo.isVisibleTo(dialog) and dialog.step == ""
    dialog.flagged_box.setChecked(True)
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.save_button.click()
    assert sittings.case_proposal(session.vault, mh_case) == (Proposal.OPSCHALING, "", True)

    seeded = seed(session.vault)
    set_status(session.vault, seeded.quiet_case, CaseStatus.AFGESLOTEN)
    closed = _open(qtbot, session, seeded.quiet_case)
    assert not closed.proposal_action.isEnabled()
    # Locking closes an open proposal dialog.
    open_dialog = view.propose_to_table()
    assert open_dialog is not None and open_dialog.isVisible()
    session.lock()
    assert not open_dialog.isVisible()
