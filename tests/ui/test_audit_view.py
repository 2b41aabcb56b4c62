"""The audit viewer on a real vault: read-only model, filters, chain state, lock clears it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from casustafel.db import models, thread_guard
from casustafel.db.audit import AuditRecord
from casustafel.db.vault import Vault
from casustafel.domain.model import AuditAction
from casustafel.domain.requesters import Requester
from casustafel.services.audit_log import AuditLine, query_log
from casustafel.ui.models.record_model import RecordTableModel
from casustafel.ui.session import AppSession
from casustafel.ui.views.audit_view import AuditView, audit_columns
from casustafel.ui.worker import Worker


def add_entries(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.audit(AuditRecord(AuditAction.READ, "case", case_id=7))
        uow.audit(AuditRecord(AuditAction.PRINT, "agenda", case_id=8))
        uow.audit(
            AuditRecord(AuditAction.CORRECT, "subject", subject_id=3, on_behalf_of="betrokkene")
        )
        uow.audit(AuditRecord(AuditAction.ERASE, "subject", subject_id=4, on_behalf_of="rechter"))


def column_texts(view: AuditView, column: int) -> list[str]:
    model = view.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_audit_model_passes_the_model_tester(vault: Vault, qtmodeltester: ModelTester) -> None:
    add_entries(vault)
    model: RecordTableModel[AuditLine] = RecordTableModel(audit_columns(), record_id=lambda r: r.id)
    model.set_records(query_log(vault))
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    index = model.index(0, 0)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "x")


def test_viewer_filters_and_shows_the_chain(vault: Vault, qtbot: QtBot) -> None:
    add_entries(vault)
    session = AppSession(vault)
    view = AuditView(session)
    qtbot.addWidget(view)
    assert view.chain_ok and "intact" in view.chain_label.text()
    assert "ingezien" in column_texts(view, 3)  # opening the viewer was itself logged
    view.case_id.setValue(8)
    assert column_texts(view, 5) == ["8"]
    view.case_id.setValue(0)
    view.action.setCurrentIndex(view.action.findData("correct"))
    assert column_texts(view, 6) == ["3"] and column_texts(view, 7) == ["De betrokkene zelf"]
    view.use_dates.setChecked(True)
    view.date_to.setDate(view.date_from.date().addDays(-1))
    assert view.model.rowCount() == 0
    with qtbot.waitSignal(view.export_requested) as blocker:
        view.export_button.click()
    assert blocker.args is not None and blocker.args[0].actions == frozenset({"correct"})
    session.lock()
    assert view.model.rowCount() == 0 and view.chain_label.text() == ""


def test_viewer_filters_on_whose_request_with_the_labels(vault: Vault, qtbot: QtBot) -> None:
    add_entries(vault)
    session = AppSession(vault)
    view = AuditView(session)
    qtbot.addWidget(view)
    combo = view.requester
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Alle verzoekers",
        *(r.label for r in Requester),
    ]
    everything = view.model.rowCount()
    combo.set_requester(Requester.RECHTER)
    assert column_texts(view, 3) == ["gewist"] and column_texts(view, 7) == [
        "Rechterlijke uitspraak"
    ]
    assert view.current_filter().requesters == frozenset({"rechter"})
    combo.set_requester(Requester.TOEZICHTHOUDER)
    assert view.model.rowCount() == 0
    combo.clear_choice()
    assert view.current_filter().requesters == frozenset()
    assert view.model.rowCount() == everything


def test_viewer_warns_about_a_broken_chain(vault: Vault, qtbot: QtBot) -> None:
    add_entries(vault)
    with vault.unit_of_work() as uow:
        uow.session.execute(
            update(models.AuditEntry).where(models.AuditEntry.case_id == 7).values(user="Ander")
        )
    session = AppSession(vault)
    view = AuditView(session)
    qtbot.addWidget(view)
    assert not view.chain_ok and "onderbroken" in view.chain_label.text()


def test_viewer_reads_the_log_on_the_worker(
    vault: Vault, qtbot: QtBot, op_worker: Worker, vault_guard: None
) -> None:
    """With the guard raising, the chain check and the filter run as operations."""
    with thread_guard.allowed():  # the test's own setup
        add_entries(vault)
    session = AppSession(vault, worker=op_worker)
    view = AuditView(session)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.chain_ok is True, timeout=20_000)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=20_000)
    assert "intact" in view.chain_label.text()
    view.case_id.setValue(8)
    qtbot.waitUntil(lambda: column_texts(view, 5) == ["8"], timeout=20_000)
    assert view.count_label.text().startswith("1 van 1")
