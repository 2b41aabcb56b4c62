"""The destruction-list dialog on a real vault: nothing goes without confirmation; hold back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from casustafel.db import models
from casustafel.db.vault import Vault
from casustafel.domain.changes import ChangeKind, OpChanges
from casustafel.domain.requesters import Requester
from casustafel.services.retention import RecordKind, destruction_list
from casustafel.ui.session import AppSession
from casustafel.ui.views.retention_view import DestructionListDialog
from casustafel.ui.worker import Worker
from tests.services.retention_data import SECRETS, make_case, make_loose_signal


@pytest.fixture
def worker() -> Iterator[Worker]:
    made = Worker()
    yield made
    made.shutdown()


@pytest.fixture
def dialog(qtbot: QtBot, vault: Vault, worker: Worker) -> DestructionListDialog:
    make_case(vault, number="WO-2023-0001", seq=1)
    make_case(vault, number="WO-2023-0002", seq=2, secrets=tuple(s + "b" for s in SECRETS))
    make_loose_signal(vault, weighed_on=dt.date(2024, 1, 10))
    made = DestructionListDialog(AppSession(vault, worker=worker), destruction_list(vault))
    qtbot.addWidget(made)
    made.show()
    return made


def _cases(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(models.Case)) or 0)


def test_lists_what_why_since_when_and_needs_confirmation(
    qtbot: QtBot, dialog: DestructionListDialog, vault: Vault
) -> None:
    model = dialog.due_model
    assert model.rowCount() == 3
    texts = {model.index(r, c).data() for r in range(3) for c in range(model.columnCount())}
    assert {"WO-2023-0001", "WO-2023-0002", "Casus", "Signaal"} <= texts
    assert any("24 maanden" in str(t) for t in texts)
    # No personal data in the list: numbers and reasons only.
    assert not any(secret in str(t) for t in texts for secret in SECRETS)
    assert len(dialog.selected()) == 3  # all selected, but ...
    assert not dialog.destroy_button.isEnabled()  # ... nothing without confirmation
    dialog.destroy_button.click()
    qtbot.wait(50)
    assert _cases(vault) == 2
    dialog.confirm.setChecked(True)
    assert dialog.destroy_button.isEnabled()


def test_hold_one_case_then_destroy_the_rest(
    qtbot: QtBot, dialog: DestructionListDialog, vault: Vault
) -> None:
    row = next(r for r in range(3) if dialog.due_model.record(r).kind is RecordKind.CASE)
    dialog.due_table.selectRow(row)
    (held,) = dialog.selected()
    assert not dialog.hold_button.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.hold_reason, "Lopende bezwaarprocedure")
    assert dialog.hold_on_behalf.requester() is None  # optional: nobody asked
    dialog.hold_on_behalf.set_requester(Requester.GEMACHTIGDE)
    with qtbot.waitSignal(dialog.held, timeout=10_000) as done:
        dialog.hold_button.click()
    assert done.args == [held.record_id]
    assert dialog.due_model.rowCount() == 2 and dialog.held_model.rowCount() == 1
    assert dialog.held_model.index(0, 6).data() == "Lopende bezwaarprocedure"
    assert "maanden" in dialog.held_model.index(0, 4).data()  # the rule that applied
    assert len(dialog.selected()) == 2 and not dialog.confirm.isChecked()
    assert dialog.hold_on_behalf.requester() is None  # ready for the next hold
    with vault.unit_of_work() as uow:
        entry = uow.session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.object_kind == "retention_hold")
        ).one()
    # The log has the code only; the typed reason stays with the case inside the vault.
    assert (entry.case_id, entry.on_behalf_of, entry.detail) == (
        held.record_id,
        "gemachtigde",
        "hold",
    )
    dialog.confirm.setChecked(True)
    notices: list[OpChanges] = []
    dialog._session.changes.changed.connect(lambda changes, _by: notices.append(changes))
    with qtbot.waitSignal(dialog.destroyed_records, timeout=10_000) as destroyed:
        dialog.destroy_button.click()
    report = destroyed.args[0]
    # Open case lists, case tabs and the inbox hear of it: no destroyed case stays on screen.
    (notice,) = notices
    assert notice.touches(ChangeKind.CASES, ChangeKind.SIGNALS)
    assert set(report.case_ids) <= notice.case_ids
    assert len(report.case_ids) == 1 and len(report.signal_ids) == 1
    assert "2 vernietigd" in dialog.banner.text() and dialog.banner.kind == "done"
    assert dialog.due_model.rowCount() == 0 and dialog.held_model.rowCount() == 1
    assert _cases(vault) == 1  # only the held case is left
    with vault.unit_of_work() as uow:
        numbers = set(uow.session.scalars(select(models.Case.number)))
    assert held.reference in numbers


def test_locking_closes_and_empties_the_dialog(dialog: DestructionListDialog, vault: Vault) -> None:
    dialog.hold_reason.setText("iets")
    dialog.hold_on_behalf.set_requester(Requester.EIGEN_BESLUIT)
    dialog._session.lock()
    assert not dialog.isVisible()
    assert dialog.due_model.rowCount() == 0 and dialog.hold_reason.text() == ""
    assert dialog.hold_on_behalf.requester() is None
