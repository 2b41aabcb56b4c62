"""Every open view stays current: writes are operations on the worker and announce what changed.

With the case list, a case tab, Mijn werk and the signal inbox open (and the vault guard
refusing any vault use on this GUI thread), the user creates a case, changes a step, an
agreement is made and a sitting is closed that moves another case: each open view shows
the new state without a manual refresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from casustafel.db import models, thread_guard
from casustafel.db.repositories.tx import utc_now
from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.model import SubjectRole, TableCode
from casustafel.services import sitting_records, sittings
from casustafel.services.sitting_values import ItemRecord, SittingPlan
from casustafel.ui.ops import CollectionOp
from casustafel.ui.session import AppSession
from casustafel.ui.views.case_file_view import CaseFileView
from casustafel.ui.views.case_form import CaseForm
from casustafel.ui.views.case_list_view import CaseListView
from casustafel.ui.views.intake_view import IntakeView
from casustafel.ui.views.mywork_view import MyWorkView
from casustafel.ui.views.step_dialog import StepDialog
from casustafel.ui.worker import Worker

from .casedata import add_wo_case

WAIT = 20_000


@pytest.fixture
def session(vault: Vault, op_worker: Worker) -> Iterator[AppSession]:
    yield AppSession(vault, worker=op_worker)


def _setup(vault: Vault) -> tuple[int, int]:
    """Case A on today's sitting with a recorded step change; return (case A, sitting)."""
    case_a = add_wo_case(vault)
    sitting_id = sittings.plan_sitting(vault, SittingPlan(TableCode.WO, dt.date.today()))
    item = sittings.add_case_item(vault, sitting_id, case_a)
    sitting_records.save_item_record(
        vault, item, ItemRecord(decision="Naar bemiddeling", step_change_to="BEMIDDELING")
    )
    return case_a, sitting_id


def _write(
    qtbot: QtBot, session: AppSession, op: Callable[[Vault], object], changes: OpChanges
) -> None:
    with qtbot.waitSignal(session.changes.changed, timeout=WAIT):
        CollectionOp(None, session, op, changes).run()


def _agreement(case_id: int) -> Callable[[Vault], None]:
    def op(vault: Vault) -> None:
        with vault.unit_of_work() as tx:
            tx.session.add(
                models.Agreement(
                    case_id=case_id,
                    what="Huisbezoek afleggen",
                    partner="politie",
                    due_date=dt.date.today() - dt.timedelta(days=2),
                    created_at=utc_now(),
                )
            )

    return op


def test_open_views_follow_every_change_without_a_refresh(
    qtbot: QtBot, session: AppSession, vault_guard: None
) -> None:
    with thread_guard.allowed():  # the test's own setup, not a screen
        case_a, sitting_id = _setup(session.vault)
    cases = CaseListView(session, TableCode.WO)
    mywork = MyWorkView(session)
    inbox = IntakeView(session, TableCode.WO)
    for view in (cases, mywork, inbox):
        qtbot.addWidget(view)
    with qtbot.waitSignal(cases.cases_loaded, timeout=WAIT):
        cases.reload()
    tab = CaseFileView(session, case_a)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.case_file is not None, timeout=WAIT)
    assert cases.model.total_count == 1 and tab.case_file is not None
    assert tab.case_file.header.step == "MELDING"

    # 1. A new case through the form: the list counts it and its filter finds it at once.
    form = CaseForm(session, TableCode.WO, parent=cases)
    editor = form.subject_editor
    editor.role_combo.setCurrentIndex(editor.role_combo.findData(SubjectRole.VEROORZAKER))
    editor.given_names.setText("Mirjam")
    editor.surname.setText("Hoekstra")
    with qtbot.waitSignal(form.case_saved, timeout=WAIT) as saved:
        form.save_button.click()
    case_b = saved.args[0]
    qtbot.waitUntil(lambda: cases.model.total_count == 2, timeout=WAIT)
    cases.filter_edit.setText("hoekstra")
    assert cases.model.rowCount() == 1 and cases.model.case_at(0).id == case_b
    cases.filter_edit.clear()

    # 2. A step change in case A's tab: the tab and the list show the new step.
    dialog = tab.move_step()
    assert isinstance(dialog, StepDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("ONDERZOEK"))
    dialog.reason.setPlainText("Buurtonderzoek nodig")
    dialog.save_button.click()
    qtbot.waitUntil(
        lambda: tab.case_file is not None and tab.case_file.header.step == "ONDERZOEK",
        timeout=WAIT,
    )
    row = next(r for r in range(cases.model.rowCount()) if cases.model.case_at(r).id == case_a)
    qtbot.waitUntil(lambda: cases.model.case_at(row).step == "ONDERZOEK", timeout=WAIT)

    # 3. An agreement (made at a sitting) that is already overdue: Mijn werk lists it.
    _write(
        qtbot,
        session,
        _agreement(case_b),
        OpChanges.of(ChangeKind.AGREEMENTS, case_ids=[case_b]),
    )
    qtbot.waitUntil(
        lambda: any("Huisbezoek afleggen" in r.detail for r in mywork.model.records()),
        timeout=WAIT,
    )

    # 4. Closing the sitting moves case A on: its open tab and the list follow.
    _write(
        qtbot,
        session,
        lambda vault: sitting_records.close_sitting(vault, sitting_id),
        OpChanges.of(ChangeKind.SITTINGS, ChangeKind.CASES, sitting_ids=[sitting_id]),
    )
    qtbot.waitUntil(
        lambda: tab.case_file is not None and tab.case_file.header.step == "BEMIDDELING",
        timeout=WAIT,
    )
    assert "Bemiddeling" in tab.facts_label.text()
    qtbot.waitUntil(lambda: cases.model.case_at(row).step == "BEMIDDELING", timeout=WAIT)
    assert inbox.model.rowCount() == 0  # the inbox was read on the worker, too
