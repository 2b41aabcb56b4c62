"""Operations: reads and writes on the worker, change notices, failures shown one way, guard."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from casustafel.db import thread_guard
from casustafel.db.vault import Vault
from casustafel.domain.changes import Changed, ChangeKind, OpChanges
from casustafel.errors import ValidationError
from casustafel.ui.ops import CollectionOp, OpFailure, QueryOp
from casustafel.ui.session import AppSession
from casustafel.ui.worker import Worker


class _Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str | None]] = []

    def show_error(self, message: str, field: str | None = None) -> None:
        self.shown.append((message, field))


@pytest.fixture
def session(vault: Vault, op_worker: Worker, vault_guard: None) -> AppSession:
    return AppSession(vault, worker=op_worker)


def test_query_runs_on_the_worker_and_answers_on_the_gui_thread(
    qtbot: QtBot, session: AppSession
) -> None:
    seen: list[tuple[str, int]] = []

    def query(vault: Vault) -> tuple[str, int]:
        return vault.settings().__class__.__name__, threading.get_ident()

    widget = QWidget()
    qtbot.addWidget(widget)
    QueryOp(widget, session, query).success(seen.append).run()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0][0] == "Settings"
    assert seen[0][1] != threading.get_ident()


def test_the_guard_refuses_the_vault_on_the_gui_thread(session: AppSession) -> None:
    with pytest.raises(thread_guard.GuiThreadVaultAccess, match=r"tests\.ui\.test_ops"):
        session.vault.settings()
    with thread_guard.allowed():
        session.vault.settings()  # the explicit exception (locking) still works


def test_every_ui_test_refuses_a_screen_calling_the_vault_directly(vault: Vault) -> None:
    # No vault_guard here: the suite-wide guard alone. A casustafel.ui function reading
    # the vault on this thread fails; the same function run as an operation (inline, as
    # in a test without a worker) and the test's own direct reads pass.
    from casustafel.domain.model import TableCode
    from casustafel.ui.views.sitting_dialog import read_plan_defaults

    with pytest.raises(thread_guard.GuiThreadVaultAccess, match=r"ui\.views\.sitting_dialog"):
        read_plan_defaults(vault, TableCode.WO)
    read: list[object] = []
    QueryOp(None, AppSession(vault), lambda v: read_plan_defaults(v, TableCode.WO)).success(
        read.append
    ).run()
    assert len(read) == 1
    vault.settings()  # a test's own read is not a screen's


def test_a_change_announces_what_it_changed_before_its_success_callback(
    qtbot: QtBot, session: AppSession
) -> None:
    order: list[str] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    session.changes.changed.connect(lambda changes, initiator: order.append("notice"))
    with qtbot.waitSignal(session.changes.changed, timeout=10_000) as notice:
        CollectionOp(
            widget,
            session,
            lambda vault: 42,
            changes=lambda n: OpChanges.of(ChangeKind.CASES, case_ids=[n]),
        ).success(lambda n: order.append(f"success {n}")).run()
    changes, initiator = notice.args
    assert changes.cases and not changes.sittings
    assert changes.case_ids == frozenset({42})
    assert initiator is widget
    qtbot.waitUntil(lambda: len(order) == 2, timeout=10_000)
    assert order == ["notice", "success 42"]


def test_a_service_may_return_its_own_changes(qtbot: QtBot, session: AppSession) -> None:
    values: list[object] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    returned = Changed("klaar", OpChanges.of(ChangeKind.SITTINGS, sitting_ids=[3]))
    with qtbot.waitSignal(session.changes.changed, timeout=10_000) as notice:
        CollectionOp(widget, session, lambda vault: returned).success(values.append).run()
    assert notice.args[0].sitting_ids == frozenset({3})
    qtbot.waitUntil(lambda: values == ["klaar"], timeout=10_000)


def test_a_refusal_comes_back_to_the_form_field_and_announces_nothing(
    qtbot: QtBot, session: AppSession
) -> None:
    form = _Form()
    qtbot.addWidget(form)
    notices: list[object] = []
    session.changes.changed.connect(notices.append)

    def refuse(vault: Vault) -> None:
        raise ValidationError("Vul een geldige datum in.", field="start")

    button = QWidget(form)
    CollectionOp(form, session, refuse, OpChanges.of(ChangeKind.CASES)).disabling(button).run()
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: bool(form.shown), timeout=10_000)
    assert form.shown == [("Vul een geldige datum in.", "start")]
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    assert notices == []


def test_a_bug_shows_an_apology_naming_only_its_type(qtbot: QtBot, session: AppSession) -> None:
    failures: list[OpFailure] = []
    widget = QWidget()
    qtbot.addWidget(widget)

    def broken(vault: Vault) -> None:
        raise KeyError("Jan de Vries")

    QueryOp(widget, session, broken).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert "KeyError" in failures[0].message
    assert "Vries" not in failures[0].message
    assert failures[0].error is None


def test_without_a_form_a_failure_is_a_message_box_that_does_not_block(
    qtbot: QtBot, session: AppSession
) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()

    def refuse(vault: Vault) -> None:
        raise ValidationError("Niet toegestaan.")

    QueryOp(widget, session, refuse).run()
    qtbot.waitUntil(lambda: bool(widget.findChildren(QMessageBox)), timeout=10_000)
    box = widget.findChildren(QMessageBox)[0]
    assert box.text() == "Niet toegestaan."
    box.close()


def test_callbacks_are_dropped_when_the_widget_is_gone(qtbot: QtBot, session: AppSession) -> None:
    seen: list[object] = []
    widget = QWidget()
    task = QueryOp(widget, session, lambda vault: 1).success(seen.append).run()
    assert task is not None
    # Deleted now, before the event loop can deliver the result (deleteLater would race
    # with a fast worker: the delivery could come first).
    shiboken6.delete(widget)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert seen == []


def test_without_a_worker_an_operation_runs_inline(qtbot: QtBot, vault: Vault) -> None:
    session = AppSession(vault)
    seen: list[int] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    CollectionOp(widget, session, lambda v: 5, OpChanges.of(ChangeKind.SETTINGS)).success(
        seen.append
    ).run()
    assert seen == [5]
